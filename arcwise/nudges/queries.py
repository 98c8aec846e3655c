"""Reads for pages about messages."""

from __future__ import annotations

from arcwise.journeys.models import Journey
from arcwise.nudges.models import Nudge


def messages_of(journey: Journey) -> dict[str, list[Nudge]]:
    """The journey's messages, in one query: waiting (soonest first), sent and failed (latest
    first)."""
    rows = list(Nudge.objects.filter(journey=journey).order_by("due_at", "pk"))
    return {
        "waiting": [n for n in rows if n.state() == "waiting"],
        "sent": sorted(
            (n for n in rows if n.state() == "sent"),
            key=lambda n: n.sent_at or n.due_at,
            reverse=True,
        ),
        "failed": sorted(
            (n for n in rows if n.state() == "failed"),
            key=lambda n: n.failed_at or n.due_at,
            reverse=True,
        ),
    }
