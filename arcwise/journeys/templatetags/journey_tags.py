"""Template tags for the pages of one journey."""

from __future__ import annotations

from django import template

from arcwise.journeys.hooks import HeaderLink
from arcwise.journeys.hooks import journey_header_links as header_links_of
from arcwise.journeys.models import Journey

register = template.Library()


@register.simple_tag
def journey_header_links(journey: Journey) -> list[HeaderLink]:
    """The buttons higher apps add to the journey's header (arcwise/wiring.py)."""
    return header_links_of(journey)
