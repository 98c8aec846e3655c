"""A coach's published week: reading it as the pure `slots.Week`, saving it once, and the
time the coach already has taken (their planned sessions and held bookings)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from arcwise.accounts.models import Practice, User
from arcwise.booking.models import (
    MAX_BUFFER_MINUTES,
    MAX_NOTICE_HOURS,
    Availability,
    AvailableRange,
    Booking,
)
from arcwise.booking.slots import Busy, Week, WeeklyRange, overlapping
from arcwise.days import zone_or_utc
from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyChanged
from arcwise.journeys.models import OPEN_STATUSES, Session, SessionStatus

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def availability_of(practice_id: int, coach_id: int) -> Availability | None:
    """The coach's published week in the practice, with its ranges (two queries)."""
    return (
        Availability.objects.filter(practice_id=practice_id, coach_id=coach_id)
        .prefetch_related("ranges")
        .first()
    )


def week_of(availability: Availability) -> Week:
    return Week(
        zone=zone_or_utc(availability.time_zone),
        ranges=tuple(WeeklyRange(r.weekday, r.starts, r.ends) for r in availability.ranges.all()),
        buffer=timedelta(minutes=availability.buffer_minutes),
        notice=timedelta(hours=availability.notice_hours),
    )


def busy_of(
    *, practice_id: int, coach_id: int, first: datetime, last: datetime, leaving_out: int | None
) -> list[Busy]:
    """What the coach already has between `first` and `last`: planned sessions of their open
    journeys and the time bookings hold (a booking's buffer is added by the slot maths).
    `leaving_out` is a session being moved, whose own time does not count. Two queries."""
    sessions = Session.objects.filter(
        journey__practice_id=practice_id,
        journey__coach_id=coach_id,
        journey__status__in=OPEN_STATUSES,
        status=SessionStatus.PLANNED,
        starts_at__lt=last,
        starts_at__gt=first - timedelta(hours=9),  # the longest session starts before `first`
    ).only("pk", "starts_at", "minutes")
    bookings = Booking.objects.filter(
        practice_id=practice_id,
        coach_id=coach_id,
        released_at=None,
        starts_at__lt=last,
        held_until__gt=first,
        # A booking whose session was cancelled or moved by hand holds nothing any more (the
        # next booking write releases it); a session moved by hand is counted as a session.
        session__status=SessionStatus.PLANNED,
        session__starts_at=F("starts_at"),
    ).select_related("session")
    busy = [
        Busy(s.starts_at, s.starts_at + timedelta(minutes=s.minutes))
        for s in sessions
        if s.pk != leaving_out
    ]
    busy += [
        Busy(b.starts_at, b.starts_at + timedelta(minutes=b.session.minutes))
        for b in bookings
        if b.session_id != leaving_out
    ]
    return busy


def availability_save(
    *,
    practice: Practice,
    coach: User,
    expected_version: int,
    buffer_minutes: int,
    notice_hours: int,
    ranges: Sequence[tuple[int, time, time]],
) -> Availability:
    """Publish the coach's week in their own zone: the ranges replace the old ones whole.

    `expected_version` is the version the form showed (0 when there was none): a repeat or a
    second tab changes nothing and is told so. Ranges of one day may not overlap.
    """
    if not 0 <= buffer_minutes <= MAX_BUFFER_MINUTES:
        raise DomainError(
            f"Choose a buffer from 0 to {MAX_BUFFER_MINUTES} minutes.", field="buffer_minutes"
        )
    if not 0 <= notice_hours <= MAX_NOTICE_HOURS:
        raise DomainError(
            f"Choose a notice period from 0 to {MAX_NOTICE_HOURS} hours.", field="notice_hours"
        )
    for weekday, starts, ends in ranges:
        if ends <= starts:
            raise DomainError(
                f"On {WEEKDAY_NAMES[weekday]} the range ends ({ends:%H:%M}) before it starts "
                f"({starts:%H:%M}).",
                field=f"day{weekday}",
            )
    clash = overlapping([WeeklyRange(*r) for r in ranges])
    if clash is not None:
        first, second = clash
        raise DomainError(
            f"On {WEEKDAY_NAMES[first.weekday]} {first.starts:%H:%M}-{first.ends:%H:%M} and "
            f"{second.starts:%H:%M}-{second.ends:%H:%M} overlap: make them one range.",
            field=f"day{first.weekday}",
        )
    with transaction.atomic():
        availability, _ = Availability.objects.select_for_update().get_or_create(
            practice=practice,
            coach=coach,
            defaults={"time_zone": coach.time_zone, "version": 0},
        )
        if availability.version != expected_version:
            raise AlreadyChanged(
                "Your week was saved meanwhile, from another tab or a second click; this save "
                "changed nothing. The page now shows the week as saved."
            )
        availability.ranges.all().delete()
        AvailableRange.objects.bulk_create(
            AvailableRange(availability=availability, weekday=w, starts=s, ends=e)
            for w, s, e in ranges
        )
        Availability.objects.filter(pk=availability.pk).update(
            time_zone=coach.time_zone,
            buffer_minutes=buffer_minutes,
            notice_hours=notice_hours,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
    availability.refresh_from_db()
    return availability


def coach_day(moment: datetime, availability: Availability) -> date:
    """The day `moment` falls on where the coach is."""
    return moment.astimezone(zone_or_utc(availability.time_zone)).date()
