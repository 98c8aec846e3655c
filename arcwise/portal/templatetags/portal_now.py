"""The card of the portal's next action, rendered with the page's context and its own."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString

from arcwise.portal.next_action import NextAction

register = template.Library()


@register.simple_tag(takes_context=True)
def next_action_card(context: Context, action: NextAction) -> SafeString:
    """`{% next_action_card page.next %}`: the action's template, as `{% include %}` would
    render it, with the action's own context (its form, its journey) on top."""
    card = context.template.engine.get_template(action.template)  # type: ignore[union-attr]
    with context.push(**action.context):
        return card.render(context)


@register.filter
def without(things: Iterable[object], left_out: object) -> list[object]:
    """`{% with rows=rows|without:page.next.subject %}`: a section's things but the one the
    page shows first."""
    return [thing for thing in things if thing != left_out]
