"""VTIMEZONE components written as yearly rules, the form Outlook and Google write.

icalendar's own `add_missing_timezones` lists every change as an RDATE from 1970 to 2037.
Readers disagree on such a list: vobject reads a December session in London an hour off.
Every calendar reads a rule ("the last Sunday of October at 02:00") the same way, so each
zone's current rules are found in the tz database and written as one STANDARD and one
DAYLIGHT observance with `RRULE:FREQ=YEARLY;BYMONTH=…;BYDAY=…`, or a single STANDARD for a
zone without daylight saving.

How: the instants where the zone's offset changes in the year are found by a day-by-day walk
and a bisection to the second; each is written as the nth (or last) weekday of its month at
the local time it happens, in the offset before it (RFC 5545 3.6.5). The rule is kept only
if it predicts every change of the following years. A zone whose changes follow no weekday
rule (Israel's "Friday before the last Sunday", Morocco's lunar months) gets the changes
listed by date (RDATE), from a few years back to twenty ahead, each written in the offset
before it as the RFC says (icalendar's own list writes the spring change in the offset
after it, which vobject reads an hour off at the change).
"""

from __future__ import annotations

import calendar as monthdays
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard, vRecur

# How many years after the rule's own a rule must predict before it is trusted.
YEARS_CHECKED = 12
# The years a dated list covers, around the year it is made in.
DATED_BEFORE, DATED_AFTER = 5, 20
RULES_SINCE = 1970  # where Google's VTIMEZONEs begin their observances
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Change:
    """One change of a zone's offset: the UTC instant, and the offsets around it."""

    at: datetime
    before: timedelta
    after: timedelta


@dataclass(frozen=True)
class YearlyRule:
    """A change that happens every year on the nth (-1: last) weekday of a month, at a
    local wall time (in the offset before the change)."""

    month: int
    weekday: int  # Monday 0
    nth: int
    seconds: int  # into the local day
    before: timedelta
    after: timedelta

    def local_onset(self, year: int) -> datetime:
        """The wall time (naive, in the offset before) this rule changes the clock in `year`."""
        days = monthdays.monthrange(year, self.month)[1]
        if self.nth > 0:
            first = date(year, self.month, 1)
            day = 1 + (self.weekday - first.weekday()) % 7 + 7 * (self.nth - 1)
        else:
            last = date(year, self.month, days)
            day = days - (last.weekday() - self.weekday) % 7
        return datetime(year, self.month, day) + timedelta(seconds=self.seconds)

    def instant(self, year: int) -> datetime:
        return (self.local_onset(year) - self.before).replace(tzinfo=UTC)


def _offset(zone: ZoneInfo, instant: datetime) -> timedelta:
    return instant.astimezone(zone).utcoffset() or timedelta(0)


def changes_in(zone: ZoneInfo, year: int) -> list[Change]:
    """Every change of `zone`'s offset during `year` (UTC), in order."""
    found: list[Change] = []
    day = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    while day < end:
        low, high = day, day + timedelta(days=1)
        before, after = _offset(zone, low), _offset(zone, high)
        if before != after:
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _offset(zone, middle) == before:
                    low = middle
                else:
                    high = middle
            found.append(Change(at=high.replace(microsecond=0), before=before, after=after))
        day += timedelta(days=1)
    return found


def _rules_for(change: Change) -> list[YearlyRule]:
    """The weekday rules a change could follow: its nth weekday, and "last" if it is last."""
    local = (change.at + change.before).replace(tzinfo=None)
    days = monthdays.monthrange(local.year, local.month)[1]
    seconds = local.hour * 3600 + local.minute * 60 + local.second
    # Outlook and Google say "last" where it is; a fifth weekday is always the last.
    nths = [-1] if local.day + 7 > days else []
    if local.day <= 28:
        nths.append((local.day - 1) // 7 + 1)
    return [
        YearlyRule(local.month, local.weekday(), nth, seconds, change.before, change.after)
        for nth in nths
    ]


@functools.lru_cache(maxsize=256)  # a feed is read often; a zone's rules for a year never change
def yearly_rules(zone: ZoneInfo, year: int) -> list[YearlyRule] | None:
    """The zone's rules as of `year`: [] for a zone without changes, two rules for a zone with
    daylight saving, or None when its changes follow no weekday rule across the next years."""
    changes = changes_in(zone, year)
    if not changes:
        return [] if not changes_in(zone, year + 1) else None
    if len(changes) != 2:
        return None
    later = {y: changes_in(zone, y) for y in range(year + 1, year + 1 + YEARS_CHECKED)}
    chosen: list[YearlyRule] = []
    for index, change in enumerate(changes):
        fits = [
            rule
            for rule in _rules_for(change)
            if all(len(c) == 2 and c[index].at == rule.instant(y) for y, c in later.items())
        ]
        if not fits:
            return None
        chosen.append(fits[0])
    return chosen


def _zone_name(zone: ZoneInfo, offset: timedelta, instant: datetime) -> str:
    return instant.astimezone(zone).tzname() or _offset_words(offset)


def _offset_words(offset: timedelta) -> str:
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}{minutes % 60:02d}"


def vtimezone(zone: ZoneInfo, *, year: int) -> Timezone:
    """The VTIMEZONE of `zone` from its rules in `year`, as yearly RRULEs where it can be."""
    rules = yearly_rules(zone, year)
    component = Timezone()
    component.add("tzid", zone.key)
    if rules is None:
        _add_dated(component, zone, year)
        return component
    if not rules:
        noon = datetime(year, 7, 1, 12, tzinfo=UTC)
        offset = _offset(zone, noon)
        standard = TimezoneStandard()
        standard.add("dtstart", datetime(RULES_SINCE, 1, 1))
        standard.add("tzoffsetfrom", offset)
        standard.add("tzoffsetto", offset)
        standard.add("tzname", _zone_name(zone, offset, noon))
        component.add_component(standard)
        return component
    for rule in rules:
        instant = rule.instant(year)
        daylight = bool(instant.astimezone(zone).dst())
        observance = TimezoneDaylight() if daylight else TimezoneStandard()
        observance.add("dtstart", rule.local_onset(RULES_SINCE))
        observance.add("tzoffsetfrom", rule.before)
        observance.add("tzoffsetto", rule.after)
        observance.add("tzname", _zone_name(zone, rule.after, instant))
        observance.add(
            "rrule",
            vRecur(freq="YEARLY", bymonth=rule.month, byday=f"{rule.nth}{WEEKDAYS[rule.weekday]}"),
        )
        component.add_component(observance)
    return component


@functools.lru_cache(maxsize=64)
def dated_changes(zone: ZoneInfo, year: int) -> tuple[Change, ...]:
    """Every change of the zone's offset from DATED_BEFORE years before `year` to
    DATED_AFTER after it."""
    return tuple(
        change
        for each in range(year - DATED_BEFORE, year + DATED_AFTER + 1)
        for change in changes_in(zone, each)
    )


def _add_dated(component: Timezone, zone: ZoneInfo, year: int) -> None:
    """The zone's changes listed by date: one observance per kind of change (its offsets and
    name), its first onset as DTSTART and the rest as RDATEs, each in the offset before."""
    changes = dated_changes(zone, year)
    first_offset = changes[0].before if changes else _offset(zone, datetime(year, 1, 1, tzinfo=UTC))
    start = TimezoneStandard()
    start.add("dtstart", datetime(RULES_SINCE, 1, 1))
    start.add("tzoffsetfrom", first_offset)
    start.add("tzoffsetto", first_offset)
    start.add("tzname", _offset_words(first_offset))
    component.add_component(start)
    kinds: dict[tuple[timedelta, timedelta, str, bool], list[datetime]] = {}
    for change in changes:
        after = change.at.astimezone(zone)
        kind = (
            change.before,
            change.after,
            _zone_name(zone, change.after, change.at),
            bool(after.dst()),
        )
        kinds.setdefault(kind, []).append((change.at + change.before).replace(tzinfo=None))
    for (before, after_offset, name, daylight), onsets in kinds.items():
        observance = TimezoneDaylight() if daylight else TimezoneStandard()
        observance.add("dtstart", onsets[0])
        for onset in onsets[1:]:
            observance.add("rdate", onset)
        observance.add("tzoffsetfrom", before)
        observance.add("tzoffsetto", after_offset)
        observance.add("tzname", name)
        component.add_component(observance)


def add_zones(calendar: Calendar, zones: Iterable[ZoneInfo], *, year: int) -> None:
    """Put the VTIMEZONE of each zone the calendar's times name before its events.

    UTC needs none: its times are written with "Z"."""
    seen: list[str] = []
    for zone in zones:
        if zone.key in seen or zone.key == "UTC":
            continue
        seen.append(zone.key)
        calendar.subcomponents.insert(len(seen) - 1, vtimezone(zone, year=year))
