"""The card of the portal's next action, rendered with the page's context and its own."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django import template
from django.template.context import Context
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from arcwise.days import MONTH_NAMES
from arcwise.journeys.models import Session
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


_ANY_SESSION = UUID(int=0)
# Whatever the locale, as the rest of the portal writes dates (arcwise/days.py).
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@register.filter
def later_session_items(sessions: Iterable[Session]) -> SafeString:
    """The `<li>`s of the later sessions, each with its calendar file, in the viewer's zone.
    Written here, not by a template loop: a loop with a URL and two date filters per
    session was most of the page's cost at a hundred sessions."""
    ics = reverse("portal:session_ics", args=[_ANY_SESSION])
    items = []
    for session in sessions:
        local = timezone.localtime(session.starts_at)
        day = f"{local.day} {MONTH_NAMES[local.month - 1]}"
        items.append(
            format_html(
                '<li><span>{}, {} · {} minutes</span> <a class="portal-sessions__add" '
                'href="{}" download>Add to calendar<span class="visually-hidden">: {}</span>'
                "</a></li>",
                f"{WEEKDAY_NAMES[local.weekday()]} {day}",
                f"{local:%H:%M}",
                session.minutes,
                ics.replace(str(_ANY_SESSION), str(session.public_id)),
                day,
            )
        )
    return SafeString("\n".join(items))
