"""A coach's published week and a journey to book in, for booking tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from arcwise.accounts.models import Practice, User
from arcwise.booking.models import Availability
from arcwise.booking.week import availability_save
from arcwise.clients.models import Client
from arcwise.journeys.models import Journey, Session
from tests.journeys.factories import make_journey

LONDON = ZoneInfo("Europe/London")
# A Monday in 2027: the Experiment phase's window (15-28 March) ends on the day London's
# clocks go forward, and the Close phase's (29 March - 11 April) starts after it.
BOOKING_START = date(2027, 3, 1)
WEEKDAYS_NINE_TO_FIVE = [(weekday, time(9), time(17)) for weekday in range(5)]


def publish_week(
    practice: Practice,
    coach: User,
    ranges: Sequence[tuple[int, time, time]] = WEEKDAYS_NINE_TO_FIVE,
    *,
    buffer_minutes: int = 15,
    notice_hours: int = 24,
) -> Availability:
    current = Availability.objects.filter(practice=practice, coach=coach).first()
    return availability_save(
        practice=practice,
        coach=coach,
        expected_version=current.version if current else 0,
        buffer_minutes=buffer_minutes,
        notice_hours=notice_hours,
        ranges=ranges,
    )


def bookable_journey(coach: User, client: Client) -> Journey:
    """Three phases of two weeks from 1 March 2027, one session each, at 10:00 London."""
    return make_journey(coach, client, start=BOOKING_START)


def session_in(journey: Journey, phase_name: str) -> Session:
    return journey.sessions.select_related("phase").get(phase__name=phase_name)


def london(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), LONDON)
