"""The portal home's intake card: what the include `portal/_intake_card.html` shows, read
here so that the home page's own code needs no change for it."""

from __future__ import annotations

from django import template

from arcwise.clients.models import Client
from arcwise.intake.queries import IntakeCard, intake_cards_for

register = template.Library()


@register.simple_tag
def intake_cards(client: Client) -> list[IntakeCard]:
    """The intakes waiting for `client`: one query."""
    return intake_cards_for(client)
