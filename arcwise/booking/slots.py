"""Free times in a coach's week: pure calculation, no Django import.

A coach publishes weekly ranges in their own zone ("Mondays 09:00-12:00"). Slots are laid
out on the wall clock of that zone, day by day, and only then turned into instants, so a
09:00 slot is 09:00 where the coach is on both sides of a clock change (08:00 UTC in a
London summer, 09:00 UTC in its winter).

Two wall times need a decision, made on purpose here:

- a time the clocks skip (01:30 on the morning London goes forward) does not exist, so no
  slot is offered there;
- a time that happens twice (01:30 on the morning London goes back) is offered once, as
  its first occurrence, as a person arranging a meeting would most likely mean
  (`journeys.schedule.to_utc` decides the same).

A slot is free when it begins after the notice period and keeps the buffer clear of
everything the coach already has: `gap >= buffer` on both sides.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

STEP = timedelta(minutes=30)  # slots start on the hour and half hour from a range's start


@dataclass(frozen=True)
class WeeklyRange:
    """Available on `weekday` (Monday 0) from `starts` to `ends`, on the coach's wall clock."""

    weekday: int
    starts: time
    ends: time


@dataclass(frozen=True)
class Busy:
    """Time the coach already has taken (UTC instants), before any buffer."""

    starts: datetime
    ends: datetime


@dataclass(frozen=True)
class Week:
    """A coach's published week: the ranges, the zone they are in, the buffer kept around
    each session and how long before a session it can be booked at the latest."""

    zone: ZoneInfo
    ranges: tuple[WeeklyRange, ...]
    buffer: timedelta
    notice: timedelta


def instant_of(day: date, at: time, zone: ZoneInfo) -> datetime | None:
    """The UTC instant the clocks in `zone` show `at` on `day`: None when the clocks skip
    it, the first of the two when they show it twice."""
    wall = datetime.combine(day, at.replace(fold=0))
    moment = wall.replace(tzinfo=zone).astimezone(UTC)
    if moment.astimezone(zone).replace(tzinfo=None) != wall:
        return None  # in a gap: the round trip comes back shifted by the gap
    return moment


def clashes(starts: datetime, ends: datetime, busy: Iterable[Busy], buffer: timedelta) -> bool:
    """Whether [starts, ends) comes nearer than `buffer` to anything in `busy`."""
    return any(starts < b.ends + buffer and b.starts < ends + buffer for b in busy)


def _walls(weekly: WeeklyRange, minutes: timedelta) -> list[time]:
    """The wall times a slot of `minutes` may start at in one range, every STEP."""
    day = date(2000, 1, 3)  # any day: only wall-clock arithmetic happens here
    start = datetime.combine(day, weekly.starts)
    end = datetime.combine(day, weekly.ends)
    found: list[time] = []
    while start + minutes <= end:
        found.append(start.time())
        start += STEP
    return found


def free_slots(
    week: Week,
    *,
    minutes: int,
    first_day: date,
    last_day: date,
    busy: Sequence[Busy],
    now: datetime,
) -> list[datetime]:
    """Every free start (UTC, in order) for a session of `minutes` on the coach's days
    `first_day` to `last_day` (both included, in the coach's zone).

    A start is offered when its wall time lies on a range's grid, exists on that day, is no
    sooner than `now` plus the notice, and the session with its buffer clears `busy`.
    """
    length = timedelta(minutes=minutes)
    earliest = now + week.notice
    by_weekday: dict[int, list[time]] = {}
    for weekly in week.ranges:
        by_weekday.setdefault(weekly.weekday, []).extend(_walls(weekly, length))
    found: set[datetime] = set()
    day = first_day
    while day <= last_day:
        for at in by_weekday.get(day.weekday(), []):
            starts = instant_of(day, at, week.zone)
            if starts is None or starts < earliest:
                continue
            if not clashes(starts, starts + length, busy, week.buffer):
                found.add(starts)
        day += timedelta(days=1)
    return sorted(found)


def is_free(
    week: Week, *, starts: datetime, minutes: int, busy: Sequence[Busy], now: datetime
) -> bool:
    """Whether `starts` is one of the free slots of its own day (in the coach's zone)."""
    day = starts.astimezone(week.zone).date()
    return starts in free_slots(
        week, minutes=minutes, first_day=day, last_day=day, busy=busy, now=now
    )


def overlapping(ranges: Sequence[WeeklyRange]) -> tuple[WeeklyRange, WeeklyRange] | None:
    """Two ranges of one weekday that overlap, if any (a published week has none)."""
    ordered = sorted(ranges, key=lambda r: (r.weekday, r.starts))
    for first, second in itertools.pairwise(ordered):
        if first.weekday == second.weekday and second.starts < first.ends:
            return first, second
    return None
