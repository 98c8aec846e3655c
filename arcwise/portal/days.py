"""The client's days: their time zone, and when the portal asks the questions before a
session (from CHECK_IN_OPENS_DAYS days before it, in the client's days, until it starts)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from arcwise.portal.models import CHECK_IN_OPENS_DAYS


def day_words(day: date) -> str:
    """“Thursday 24 September”, the same on every platform (no %-d)."""
    return f"{day:%A} {day.day} {day:%B}"


def check_in_opens_on(starts_at: datetime, zone: ZoneInfo) -> date:
    """The first day (in the client's time zone) the portal asks its pre-session questions."""
    return timezone.localdate(starts_at, zone) - timedelta(days=CHECK_IN_OPENS_DAYS)


def check_in_is_open(starts_at: datetime, zone: ZoneInfo, now: datetime) -> bool:
    """From CHECK_IN_OPENS_DAYS days before the session (client's days) until it starts."""
    return check_in_opens_on(starts_at, zone) <= timezone.localdate(now, zone) and now < starts_at
