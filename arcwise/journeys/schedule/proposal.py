"""Proposing a plan: phase windows, the sessions a new journey starts with, date checks.

Plain data in, plain values out; no Django import. Services turn a design version and an
agreement into these dataclasses, and store what comes back.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from arcwise.days import count, format_day, years_after

SATURDAY = 5
# A journey longer than this is far more likely a mistyped year than a real agreement.
LONGEST_LIKELY_YEARS = 3


@dataclass(frozen=True)
class PlanPhase:
    key: str
    name: str
    planned_weeks: int
    planned_sessions: int


class PhaseLike(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def planned_weeks(self) -> int: ...
    @property
    def planned_sessions(self) -> int: ...


def plan_phase(phase: PhaseLike) -> PlanPhase:
    """The planner's view of a design phase (a model row, or anything shaped like one)."""
    return PlanPhase(phase.key, phase.name, phase.planned_weeks, phase.planned_sessions)


@dataclass(frozen=True)
class PlannedSession:
    phase_key: str
    number_in_phase: int
    on: date


@dataclass(frozen=True)
class PhaseWindow:
    """The days a phase is planned to run: from `starts` up to, not including, `ends`."""

    key: str
    name: str
    starts: date
    ends: date

    @property
    def days(self) -> int:
        return (self.ends - self.starts).days


class PlanProblem(ValueError):
    """A session plan that cannot be made, with a message a coach can act on."""


def phase_windows(
    start: date, phases: Sequence[PlanPhase], *, extra_weeks: Mapping[str, int] | None = None
) -> list[PhaseWindow]:
    """The phases' windows, one after another from `start`, each `planned_weeks` long.

    `extra_weeks` lengthens (or, with a negative number, shortens) the phases with those
    keys, as an adaptation does. A key that names no phase is an error rather than ignored,
    so that a mistyped key cannot silently leave the plan unchanged.
    """
    extra = dict(extra_weeks or {})
    unknown = sorted(set(extra) - {phase.key for phase in phases})
    if unknown:
        raise ValueError(f"No phase has the key {', '.join(unknown)}.")
    windows: list[PhaseWindow] = []
    starts = start
    for phase in phases:
        weeks = phase.planned_weeks + extra.get(phase.key, 0)
        if weeks < 0:
            raise ValueError(f"{phase.name} cannot last fewer than 0 weeks.")
        ends = starts + timedelta(weeks=weeks)
        windows.append(PhaseWindow(phase.key, phase.name, starts, ends))
        starts = ends
    return windows


def planned_end(
    start: date, phases: Sequence[PlanPhase], *, extra_weeks: Mapping[str, int] | None = None
) -> date:
    """The day after the last phase's window: `start` plus the total planned weeks."""
    windows = phase_windows(start, phases, extra_weeks=extra_weeks)
    return windows[-1].ends if windows else start


def propose_sessions(
    start: date, phases: Sequence[PlanPhase], *, cadence_days: int, weekdays_only: bool = True
) -> list[PlannedSession]:
    """A session plan for the journey: every phase gets exactly its planned sessions.

    The rules, in order of priority:

    1. Each phase has exactly `planned_sessions` sessions, all inside its window, on
       different days; so dates strictly increase across the whole plan. A phase that
       plans more sessions than its window has days raises `PlanProblem`.
    2. A phase whose sessions fit at the cadence (`(sessions - 1) * cadence_days` is less
       than the window's length) has them `cadence_days` apart from its window's start.
       The cadence starts again at each phase's window, because a phase is where a new
       piece of work begins.
    3. A phase that plans more sessions than fit at the cadence has them spread evenly
       across its window instead, the first on the window's first day.
    4. If a phase's first session would come less than half a cadence after the previous
       session, the phase's sessions all move later by just enough to leave half a
       cadence (in a phase spread evenly: the smaller of half a cadence and its own
       spacing), but never so far that a session leaves the window.
    5. With `weekdays_only`, a session on a Saturday or Sunday moves to the Friday before,
       or to the Monday after when that Friday is outside the phase's window. A session
       that would land on a day already taken moves to the next free weekday (or, at the
       end of the window, the ones before it move earlier). A phase that plans more
       sessions than its window has weekdays keeps its evenly spread dates, weekends
       included, rather than losing sessions.

    So the first session is on `start` unless `start` is a weekend day and
    `weekdays_only` is set, when it is the Monday after. The plan depends only on the
    arguments.
    """
    if cadence_days < 1:
        raise ValueError("The cadence must be at least one day.")
    plan: list[PlannedSession] = []
    previous: date | None = None
    for window, phase in zip(phase_windows(start, phases), phases, strict=True):
        if phase.planned_sessions < 0:
            raise ValueError(f"{phase.name} cannot plan fewer than 0 sessions.")
        if phase.planned_sessions == 0:
            continue
        if phase.planned_sessions > window.days:
            raise PlanProblem(
                f"{phase.name} plans {count(phase.planned_sessions, 'session')} in "
                f"{count(phase.planned_weeks, 'week')}, which has only "
                f"{count(window.days, 'day')}. Give it more weeks or fewer sessions."
            )
        gap = None if previous is None else (window.starts - previous).days
        offsets = ideal_offsets(window.days, phase.planned_sessions, cadence_days, gap)
        days = [window.starts + timedelta(days=offset) for offset in offsets]
        if weekdays_only:
            days = on_weekdays(days, window)
        plan += [PlannedSession(phase.key, number, day) for number, day in enumerate(days, start=1)]
        previous = days[-1]
    return plan


def ideal_offsets(length: int, sessions: int, cadence: int, gap: int | None) -> list[int]:
    """Days from the window's start of each session, before weekends are considered.

    `gap` is the number of days from the previous session to the window's start.
    """
    half_cadence = math.ceil(cadence / 2)
    if (sessions - 1) * cadence < length:
        room = length - 1 - (sessions - 1) * cadence
        shift = 0 if gap is None else min(max(0, half_cadence - gap), room)
        return [shift + number * cadence for number in range(sessions)]
    wanted = min(half_cadence, length // sessions)
    shift = 0 if gap is None else min(max(0, wanted - gap), length - sessions)
    # floor(k * span / n) keeps the days distinct because span >= n.
    span = length - shift
    return [shift + number * span // sessions for number in range(sessions)]


def on_weekdays(
    days: list[date], window: PhaseWindow, *, taken: Collection[date] = ()
) -> list[date]:
    """The same number of distinct days, moved off weekends and off the `taken` days, still
    inside the window."""
    weekdays = [
        day
        for offset in range(window.days)
        if (day := window.starts + timedelta(days=offset)).weekday() < SATURDAY and day not in taken
    ]
    if len(weekdays) < len(days):
        return days
    # A day's place is that of the first free weekday on or after its nearest weekday.
    wanted = [bisect_left(weekdays, _nearest_weekday(day, window)) for day in days]
    # Wanted positions never decrease (the move to a weekday keeps order), but two can be
    # the same day: push each collision to the next weekday, then pull back from the end
    # of the window so that every session still fits.
    chosen: list[int] = []
    for index in wanted:
        chosen.append(max(index, chosen[-1] + 1) if chosen else index)
    last = len(weekdays)
    for place in range(len(chosen) - 1, -1, -1):
        last = min(chosen[place], last - 1)
        chosen[place] = last
    return [weekdays[index] for index in chosen]


def _nearest_weekday(day: date, window: PhaseWindow) -> date:
    if day.weekday() < SATURDAY:
        return day
    friday = day - timedelta(days=day.weekday() - 4)
    if friday >= window.starts:
        return friday
    return day + timedelta(days=7 - day.weekday())


def check_journey_dates(start: date, planned_end: date) -> list[str]:
    """What is wrong with a journey's start and planned end; empty when they look right."""
    if planned_end <= start:
        return ["The planned end must be after the start date."]
    if planned_end > years_after(start, LONGEST_LIKELY_YEARS):
        return ["A journey of more than three years is unlikely; check the planned end."]
    return []


def check_session_date(on: date, start: date, end: date) -> str | None:
    """Why a session on `on` falls outside the journey from `start` to its planned `end`.

    A session on the start date or on the planned end date itself is inside the journey.
    """
    if on < start:
        return (
            f"The session on {format_day(on)} is before the journey starts on {format_day(start)}."
        )
    if on > end:
        return (
            f"The session on {format_day(on)} is after the journey's planned end on "
            f"{format_day(end)}."
        )
    return None
