"""The facts momentum judges: immutable records, each an event with its moment or day.

Each event is a tuple of plain values, its fields in a fixed order. The named tuples
(`SessionFact` …) name the fields for whoever builds facts by hand; `JourneyFacts` holds
them as plain tuples of those fields (`SessionFields` …), which is what a caseload's
loader makes, so they are read by position. A caseload loads half a million of them (see
bench/momentum.py), and plain tuples of dates, moments, numbers and text are the one kind
of object Python's cyclic garbage collector stops watching: a named tuple, like any other
object that could hold a reference cycle, is walked by every full collection the process
makes while it lives, which more than doubled what loading and judging cost.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

HELD = "held"
PLANNED = "planned"


class SessionFact(NamedTuple):
    starts_at: datetime  # aware
    status: str  # as the journeys app has it: planned, held, cancelled, no_show, suspended


class PhaseRunFact(NamedTuple):
    """One passage through a phase; a revisit is another run with the same name."""

    name: str
    entered_on: date
    left_on: date | None
    planned_weeks: int


class ReflectionFact(NamedTuple):
    due_on: date
    answered_at: datetime | None


class ExperimentFact(NamedTuple):
    title: str
    agreed_at: datetime
    by_when: date
    checked_in_at: datetime | None  # the client's first check-in
    closed: bool = False  # done or dropped
    closed_at: datetime | None = None  # when; None on a closed experiment means "long ago"


class PulseFact(NamedTuple):
    week_of: date  # the week's Monday
    scale: str
    value: int  # 0-10
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class Pause:
    """Days `since` ≤ day < `until` were paused; `until` None: still paused."""

    since: date
    until: date | None = None
    expected_back: date | None = None


# The events' fields, by position, as `JourneyFacts` holds them.
SessionFields = tuple[datetime, str]
PhaseRunFields = tuple[str, date, "date | None", int]
ReflectionFields = tuple[date, "datetime | None"]
ExperimentFields = tuple[str, datetime, date, "datetime | None", bool, "datetime | None"]
PulseFields = tuple[date, str, int, datetime]


@dataclass(frozen=True, slots=True)
class JourneyFacts:
    start_date: date
    planned_end: date
    cadence_days: int
    zone: str = "UTC"
    sessions: tuple[SessionFields, ...] = ()
    runs: tuple[PhaseRunFields, ...] = ()  # in the order they happened
    reflections: tuple[ReflectionFields, ...] = ()
    experiments: tuple[ExperimentFields, ...] = ()
    pulses: tuple[PulseFields, ...] = ()
    pauses: tuple[Pause, ...] = ()  # in time order, not overlapping
    ended_on: date | None = None
    ended_early: bool = False


def pauses_from(
    events: Iterable[tuple[date, bool]], expected_back: date | None
) -> tuple[Pause, ...]:
    """Pause periods from a journey's pause (True) and resume (False) days, in order; the
    last pause, if never resumed, is still going and expects the client back then."""
    periods: list[Pause] = []
    since: date | None = None
    for day, pausing in events:
        if pausing and since is None:
            since = day
        elif not pausing and since is not None:
            if day > since:
                periods.append(Pause(since, day))
            since = None
    if since is not None:
        periods.append(Pause(since, None, expected_back))
    return tuple(periods)
