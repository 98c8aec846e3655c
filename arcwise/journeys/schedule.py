"""Planning a journey in time: phase windows, a proposed session plan, local times.

Plain data in, plain values out; no Django import. Services turn a design version and an
agreement into these dataclasses, and store what comes back.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
SATURDAY = 5
# A journey longer than this is far more likely a mistyped year than a real agreement.
LONGEST_LIKELY_YEARS = 3


@dataclass(frozen=True)
class PlanPhase:
    key: str
    name: str
    planned_weeks: int
    planned_sessions: int


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


class TimeProblem(ValueError):
    """A local date and time that cannot be scheduled, with a message a coach can act on."""


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
                f"{phase.name} plans {_count(phase.planned_sessions, 'session')} in "
                f"{_count(phase.planned_weeks, 'week')}, which has only "
                f"{_count(window.days, 'day')}. Give it more weeks or fewer sessions."
            )
        gap = None if previous is None else (window.starts - previous).days
        offsets = _ideal_offsets(window.days, phase.planned_sessions, cadence_days, gap)
        days = [window.starts + timedelta(days=offset) for offset in offsets]
        if weekdays_only:
            days = _on_weekdays(days, window)
        plan += [PlannedSession(phase.key, number, day) for number, day in enumerate(days, start=1)]
        previous = days[-1]
    return plan


def _ideal_offsets(length: int, sessions: int, cadence: int, gap: int | None) -> list[int]:
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


def _on_weekdays(days: list[date], window: PhaseWindow) -> list[date]:
    """The same number of distinct days, moved off weekends, still inside the window."""
    weekdays = [
        day
        for offset in range(window.days)
        if (day := window.starts + timedelta(days=offset)).weekday() < SATURDAY
    ]
    if len(weekdays) < len(days):
        return days
    position = {day: index for index, day in enumerate(weekdays)}
    wanted = [position[_nearest_weekday(day, window)] for day in days]
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


def to_utc(day: date, at: time, zone: str) -> datetime:
    """The moment, in UTC, when the clocks in `zone` show `at` on `day`.

    Raises `TimeProblem` for a zone we do not know, and for a time that never happens
    because the clocks go forward over it (the message names the gap and the first time
    that does exist). A time that happens twice because the clocks go back is not an
    error: it means the first of the two, before the clocks go back, as a person
    arranging a meeting at that time would most likely expect.
    """
    if at.tzinfo is not None:
        raise ValueError("to_utc expects a time on the wall clock, without a time zone.")
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise TimeProblem(f"“{zone}” is not a time zone we know.") from None
    wall = datetime.combine(day, at.replace(fold=0))
    local = wall.replace(tzinfo=tz)
    moment = local.astimezone(UTC)
    # A wall time in a gap does not survive the round trip: it comes back shifted by the
    # size of the gap. A wall time in a fold does, as its first occurrence (fold=0).
    if moment.astimezone(tz).replace(tzinfo=None) != wall:
        raise TimeProblem(_gap_message(wall, tz, zone))
    return moment


def _gap_message(wall: datetime, tz: ZoneInfo, zone: str) -> str:
    goes_from, goes_to = _gap_around(wall, tz)
    day = wall.date()

    def when(moment: datetime) -> str:
        if moment.date() == day:
            return _clock(moment.time())
        return f"{_clock(moment.time())} on {format_day(moment.date())}"

    return (
        f"{_clock(wall.time())} on {format_day(day)} does not exist in {zone}: the clocks go "
        f"forward from {when(goes_from)} to {when(goes_to)}. Choose {when(goes_to)} or later."
    )


def _gap_around(wall: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The wall times at which the clocks jump forward over `wall`: from, and to."""
    before = wall.replace(tzinfo=tz, fold=0).utcoffset()
    after = wall.replace(tzinfo=tz, fold=1).utcoffset()
    assert before is not None
    assert after is not None
    before, after = min(before, after), max(before, after)
    # The jump happens at some UTC instant t with t + before <= wall < t + after, so
    # wall - after < t <= wall - before. Search that range, to the second, for the first
    # instant that already has the later offset.
    earlier = math.floor((wall - after).replace(tzinfo=UTC).timestamp())
    later = math.ceil((wall - before).replace(tzinfo=UTC).timestamp())
    while later - earlier > 1:
        middle = (earlier + later) // 2
        if datetime.fromtimestamp(middle, tz).utcoffset() == after:
            later = middle
        else:
            earlier = middle
    jump = datetime.fromtimestamp(later, UTC).replace(tzinfo=None)
    return jump + before, jump + after


def check_journey_dates(start: date, planned_end: date) -> list[str]:
    """What is wrong with a journey's start and planned end; empty when they look right."""
    if planned_end <= start:
        return ["The planned end must be after the start date."]
    if planned_end > _years_after(start, LONGEST_LIKELY_YEARS):
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


def format_day(day: date) -> str:
    """A date as people in Britain write it, whatever the locale: “29 March 2026”."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _clock(at: time) -> str:
    return f"{at:%H:%M:%S}" if at.second else f"{at:%H:%M}"


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, in a year that has none
        return day.replace(year=day.year + years, day=28)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
