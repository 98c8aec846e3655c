"""Reads for pages about messages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from arcwise.journeys.hooks import HeaderLink
from arcwise.journeys.models import Journey
from arcwise.nudges.models import Nudge
from arcwise.nudges.weekly_cap import week_count


def messages_of(journey: Journey, *, now: datetime | None = None) -> dict[str, Any]:
    """The journey's messages, in one query: waiting (soonest first), sent and failed (latest
    first); and, in one more, how many of the client's weekly cap are used."""
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
        "week": week_count(journey.client, journey.weekly_message_cap, now or timezone.now()),
    }


def journey_messages_link(journey: Journey) -> HeaderLink:
    """The journey header's way to what was sent to the client, what waits and what failed."""
    return HeaderLink("E-mails sent", reverse("nudges:journey_messages", args=[journey.public_id]))
