"""Planning a journey in time: phase windows, a proposed session plan, local times.

Plain data in, plain values out; no Django import. Services turn a design version and an
agreement into these dataclasses, and store what comes back.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from arcwise.days import count, format_day, weeks_covering, years_after

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
                f"{phase.name} plans {count(phase.planned_sessions, 'session')} in "
                f"{count(phase.planned_weeks, 'week')}, which has only "
                f"{count(window.days, 'day')}. Give it more weeks or fewer sessions."
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


def _clock(at: time) -> str:
    return f"{at:%H:%M:%S}" if at.second else f"{at:%H:%M}"


# --- The living plan ----------------------------------------------------------------------
#
# A running journey's plan is its stages (the phase run under way, then the phases still
# ahead, each with its window) and its sessions. Every adaptation re-plans through
# `replan`: the plan, the change and today in, the new plan out. Held sessions and anything
# in the past never change; a session suspended by a pause is the one exception, because
# a pause takes it out of the calendar and a resume must put it back.

PLANNED = "planned"
SUSPENDED = "suspended"
WEEK = timedelta(weeks=1)


@dataclass(frozen=True)
class Stage:
    """A stretch of the plan: the phase under way (first), or one still ahead."""

    phase_key: str
    name: str
    starts: date
    ends: date  # the day after the stage's last day
    planned_sessions: int = 0  # the design's count, for sessions a revisit adds

    @property
    def days(self) -> int:
        return (self.ends - self.starts).days

    @property
    def weeks(self) -> int:
        return weeks_covering(self.days)

    def shifted(self, by: timedelta) -> Stage:
        return replace(self, starts=self.starts + by, ends=self.ends + by)


@dataclass(frozen=True)
class PlanSession:
    """A session as the planner sees it: when, in which phase, and whether it can move.

    `key` names the session across plans (a stored session's id; `new-N` for one the
    planner adds), so that two plans can be compared session by session.
    """

    key: str
    phase_key: str
    on: date
    at: time
    status: str = PLANNED
    inserted: bool = False

    def can_move(self, today: date) -> bool:
        return self.status == SUSPENDED or (self.status == PLANNED and self.on >= today)


@dataclass(frozen=True)
class Plan:
    stages: tuple[Stage, ...]
    sessions: tuple[PlanSession, ...]
    cadence_days: int
    planned_end: date

    @property
    def current(self) -> Stage | None:
        return self.stages[0] if self.stages else None


@dataclass(frozen=True)
class Extend:
    """Give the phase under way more weeks; optionally more sessions inside them."""

    weeks: int
    add_sessions: int = 0


@dataclass(frozen=True)
class Skip:
    """Take a phase ahead out of the plan; its sessions join the next phase or are dropped."""

    phase_key: str
    carry_sessions: bool


@dataclass(frozen=True)
class Revisit:
    """Go back to an earlier phase now; the interrupted phase resumes after it."""

    phase: PlanPhase


@dataclass(frozen=True)
class Pause:
    until: date


@dataclass(frozen=True)
class Resume:
    paused_on: date


@dataclass(frozen=True)
class InsertSession:
    on: date
    at: time


@dataclass(frozen=True)
class MoveOn:
    """Leave the phase under way on `on` for the next stage of the plan."""

    on: date


@dataclass(frozen=True)
class Rebase:
    """Move onto another version of the design: its `phases`, continuing at `continue_at`."""

    phases: tuple[PlanPhase, ...]
    continue_at: str


@dataclass(frozen=True)
class Close:
    """The journey ends: sessions still planned are cancelled, no stage is ahead."""


Change = Extend | Skip | Revisit | Pause | Resume | InsertSession | MoveOn | Rebase | Close


def initial_plan(
    start: date,
    phases: Sequence[PlanPhase],
    proposal: Sequence[tuple[str, PlannedSession | PlanSession]],
    *,
    cadence_days: int,
    end: date,
) -> Plan:
    """The plan a journey starts with: every phase ahead, and the accepted sessions."""
    windows = phase_windows(start, phases)
    stages = tuple(
        Stage(w.key, w.name, w.starts, w.ends, p.planned_sessions)
        for w, p in zip(windows, phases, strict=True)
    )
    sessions = tuple(
        item if isinstance(item, PlanSession) else PlanSession(key, item.phase_key, item.on, _TEN)
        for key, item in proposal
    )
    return Plan(stages, sessions, cadence_days, end)


_TEN = time(10, 0)


def replan(plan: Plan, change: Change, today: date) -> Plan:
    """The plan after `change`, made on `today`.

    What each change does:

    - `Extend`: the phase under way ends `weeks` later; every later stage, every session
      that can move in a later stage, and the planned end move by the same weeks.
      `add_sessions` new sessions go into the added weeks at the cadence.
    - `Skip`: the phase leaves the plan. Carried, its sessions keep their days and join
      the next phase, whose window takes over the skipped one's, so nothing else moves.
      Dropped, its sessions go, and every later stage, session and the planned end come
      earlier by the skipped phase's weeks.
    - `Revisit`: the earlier phase starts today for its planned weeks, with its planned
      sessions at the cadence; the interrupted phase resumes after it for the weeks it
      had left; every later session and the planned end move by the revisit's weeks.
    - `Pause`: planned sessions from today until the return date are suspended.
    - `Resume`: the phase under way gains the weeks the pause lasted (whole weeks, so
      weekdays stay weekdays); its suspended and planned sessions are laid out again from
      today at the cadence; later stages and their sessions move by the same weeks.
    - `InsertSession`: one more session, in the phase under way.
    - `MoveOn`: the next stage starts on the day; the phase under way's sessions still to
      come join it. No session moves.
    - `Rebase`: the journey goes on under another version of its design. If it continues
      in the phase under way, that phase keeps its window and its sessions; otherwise the
      chosen phase starts today. The phases after it come from the new version, one after
      another, each with its planned sessions at the cadence: sessions still to come are
      reused for them in time order, missing ones are added and surplus ones dropped.
    - `Close`: nothing is ahead; sessions still to come are cancelled.

    Held sessions and sessions in the past never change. Raises `PlanProblem` for a
    change that cannot be made, with a message a coach can act on.
    """
    if isinstance(change, Extend):
        return _extend(plan, change, today)
    if isinstance(change, Skip):
        return _skip(plan, change, today)
    if isinstance(change, Revisit):
        return _revisit(plan, change, today)
    if isinstance(change, Pause):
        return _pause(plan, change, today)
    if isinstance(change, Resume):
        return _resume(plan, change, today)
    if isinstance(change, InsertSession):
        return _insert(plan, change)
    if isinstance(change, MoveOn):
        return _move_on(plan, change, today)
    if isinstance(change, Rebase):
        return _rebase(plan, change, today)
    return _close(plan, today)


def _current(plan: Plan) -> Stage:
    if plan.current is None:
        raise PlanProblem("The journey has no phase under way, so there is nothing to re-plan.")
    return plan.current


def _shift_sessions(
    sessions: Sequence[PlanSession], keys: set[str], by: timedelta, today: date
) -> list[PlanSession]:
    """Move the sessions of the phases `keys` that can move by `by`; the rest stay."""
    return [
        replace(s, on=s.on + by) if s.phase_key in keys and s.can_move(today) and by else s
        for s in sessions
    ]


def _new_keys(plan: Plan, count: int) -> list[str]:
    taken = {s.key for s in plan.sessions}
    keys: list[str] = []
    number = 1
    while len(keys) < count:
        if (key := f"new-{number}") not in taken:
            keys.append(key)
        number += 1
    return keys


def _usual_time(plan: Plan) -> time:
    """The time of day of the journey's latest session: new sessions keep to it."""
    return max(plan.sessions, key=lambda s: s.on).at if plan.sessions else _TEN


def _lay_out(
    window_starts: date, window_ends: date, sessions: int, cadence: int, previous: date | None
) -> list[date]:
    """`sessions` days inside the window at the cadence, as a proposed plan would have them."""
    length = (window_ends - window_starts).days
    if sessions <= 0:
        return []
    if sessions > length:
        raise PlanProblem(
            f"{count(sessions, 'session')} do not fit in {count(max(length, 0), 'day')}. "
            "Give the phase more weeks or plan fewer sessions."
        )
    gap = None if previous is None else (window_starts - previous).days
    offsets = _ideal_offsets(length, sessions, cadence, gap)
    days = [window_starts + timedelta(days=offset) for offset in offsets]
    return _on_weekdays(days, PhaseWindow("", "", window_starts, window_ends))


def _last_before(sessions: Sequence[PlanSession], day: date) -> date | None:
    earlier = [s.on for s in sessions if s.on < day and s.status != SUSPENDED]
    return max(earlier) if earlier else None


def _sorted(sessions: Sequence[PlanSession]) -> tuple[PlanSession, ...]:
    return tuple(sorted(sessions, key=lambda s: (s.on, s.at, s.key)))


def _extend(plan: Plan, change: Extend, today: date) -> Plan:
    if change.weeks < 1:
        raise PlanProblem("Extend by at least one week.")
    current = _current(plan)
    by = timedelta(weeks=change.weeks)
    stages = (replace(current, ends=current.ends + by), *(s.shifted(by) for s in plan.stages[1:]))
    later = {s.phase_key for s in plan.stages[1:]}
    sessions = _shift_sessions(plan.sessions, later, by, today)
    if change.add_sessions:
        starts = max(current.ends, today)
        days = _lay_out(
            starts,
            stages[0].ends,
            change.add_sessions,
            plan.cadence_days,
            _last_before(sessions, starts),
        )
        at = _usual_time(plan)
        keys = _new_keys(plan, len(days))
        sessions += [
            PlanSession(key, current.phase_key, day, at)
            for key, day in zip(keys, days, strict=True)
        ]
    return replace(
        plan, stages=stages, sessions=_sorted(sessions), planned_end=plan.planned_end + by
    )


def _skip(plan: Plan, change: Skip, today: date) -> Plan:
    ahead = list(plan.stages[1:])
    index = next((i for i, s in enumerate(ahead) if s.phase_key == change.phase_key), None)
    if index is None:
        raise PlanProblem("Only a phase still ahead can be skipped.")
    skipped = ahead[index]
    mine = [s for s in plan.sessions if s.phase_key == skipped.phase_key and s.can_move(today)]
    if change.carry_sessions:
        if index + 1 >= len(ahead):
            raise PlanProblem(
                f"{skipped.name} is the last phase: there is no next phase to take its "
                "sessions. Drop them instead."
            )
        following = ahead[index + 1]
        ahead[index + 1] = replace(following, starts=skipped.starts)
        moved = {s.key for s in mine}
        sessions = [
            replace(s, phase_key=following.phase_key) if s.key in moved else s
            for s in plan.sessions
        ]
        del ahead[index]
        return replace(plan, stages=(plan.stages[0], *ahead), sessions=_sorted(sessions))
    back = -timedelta(weeks=round(skipped.days / 7))
    dropped = {s.key for s in mine}
    later = ahead[index + 1 :]
    sessions = _shift_sessions(
        [s for s in plan.sessions if s.key not in dropped],
        {s.phase_key for s in later},
        back,
        today,
    )
    ahead = [*ahead[:index], *(s.shifted(back) for s in later)]
    return replace(
        plan,
        stages=(plan.stages[0], *ahead),
        sessions=_sorted(sessions),
        planned_end=plan.planned_end + back,
    )


def _revisit(plan: Plan, change: Revisit, today: date) -> Plan:
    current = _current(plan)
    phase = change.phase
    if phase.key in {stage.phase_key for stage in plan.stages}:
        raise PlanProblem("Choose a phase the journey has already been through to revisit.")
    weeks = timedelta(weeks=max(1, phase.planned_weeks))
    revisit = Stage(phase.key, phase.name, today, today + weeks, phase.planned_sessions)
    # The interrupted phase keeps the weeks it had left (at least one), after the revisit.
    rest_ends = max(current.ends, today + WEEK)
    resumed = Stage(
        current.phase_key, current.name, today, rest_ends, current.planned_sessions
    ).shifted(weeks)
    later_by = resumed.ends - current.ends
    later = plan.stages[1:]
    sessions = _shift_sessions(plan.sessions, {current.phase_key}, weeks, today)
    sessions = _shift_sessions(sessions, {s.phase_key for s in later}, later_by, today)
    days = _lay_out(
        revisit.starts,
        revisit.ends,
        phase.planned_sessions,
        plan.cadence_days,
        _last_before(sessions, today),
    )
    at = _usual_time(plan)
    keys = _new_keys(plan, len(days))
    sessions += [PlanSession(key, phase.key, day, at) for key, day in zip(keys, days, strict=True)]
    return replace(
        plan,
        stages=(revisit, resumed, *(s.shifted(later_by) for s in later)),
        sessions=_sorted(sessions),
        planned_end=plan.planned_end + later_by,
    )


def _pause(plan: Plan, change: Pause, today: date) -> Plan:
    if change.until <= today:
        raise PlanProblem("The expected return must be after today.")
    sessions = [
        replace(s, status=SUSPENDED) if s.status == PLANNED and today <= s.on < change.until else s
        for s in plan.sessions
    ]
    return replace(plan, sessions=_sorted(sessions))


def _resume(plan: Plan, change: Resume, today: date) -> Plan:
    current = _current(plan)
    by = timedelta(weeks=max(0, math.ceil((today - change.paused_on).days / 7)))
    later = plan.stages[1:]
    # Later phases and their sessions move by the pause; suspended sessions come back.
    movable_now = [
        s for s in plan.sessions if s.phase_key == current.phase_key and s.can_move(today)
    ]
    sessions = _shift_sessions(plan.sessions, {s.phase_key for s in later}, by, today)
    sessions = [replace(s, status=PLANNED) if s.status == SUSPENDED else s for s in sessions]
    ends = current.ends + by
    # The phase under way lays its sessions out again from today; it grows by whole weeks
    # if they would not fit at the cadence.
    needed = today + timedelta(days=(len(movable_now) - 1) * plan.cadence_days + 1)
    if movable_now and ends < needed:
        extra = timedelta(weeks=math.ceil((needed - ends).days / 7))
        ends += extra
        by += extra
        sessions = _shift_sessions(sessions, {s.phase_key for s in later}, extra, today)
    days = _lay_out(today, ends, len(movable_now), plan.cadence_days, _last_before(sessions, today))
    moving = {s.key: day for s, day in zip(movable_now, days, strict=True)}
    sessions = [replace(s, on=moving[s.key]) if s.key in moving else s for s in sessions]
    return replace(
        plan,
        stages=(replace(current, ends=ends), *(s.shifted(by) for s in later)),
        sessions=_sorted(sessions),
        planned_end=plan.planned_end + by,
    )


def _insert(plan: Plan, change: InsertSession) -> Plan:
    current = _current(plan)
    (key,) = _new_keys(plan, 1)
    added = PlanSession(key, current.phase_key, change.on, change.at, inserted=True)
    return replace(plan, sessions=_sorted([*plan.sessions, added]))


def _move_on(plan: Plan, change: MoveOn, today: date) -> Plan:
    current = _current(plan)
    if len(plan.stages) < 2:
        raise PlanProblem(
            f"{current.name} is the last phase of the plan. Close the journey instead."
        )
    following = plan.stages[1]
    entered = replace(
        following, starts=change.on, ends=max(following.ends, change.on + timedelta(days=1))
    )
    sessions = [
        replace(s, phase_key=following.phase_key)
        if s.phase_key == current.phase_key and s.can_move(today) and s.on >= change.on
        else s
        for s in plan.sessions
    ]
    return replace(plan, stages=(entered, *plan.stages[2:]), sessions=_sorted(sessions))


def _rebase(plan: Plan, change: Rebase, today: date) -> Plan:
    current = _current(plan)
    keys = [phase.key for phase in change.phases]
    if change.continue_at not in keys:
        raise PlanProblem("Choose a phase of the new version to continue in.")
    index = keys.index(change.continue_at)
    chosen = change.phases[index]
    stays = chosen.key == current.phase_key
    if stays:
        first = Stage(
            chosen.key, chosen.name, current.starts, current.ends, chosen.planned_sessions
        )
    else:
        weeks = timedelta(weeks=max(1, chosen.planned_weeks))
        first = Stage(chosen.key, chosen.name, today, today + weeks, chosen.planned_sessions)
    stages = [first]
    for phase in change.phases[index + 1 :]:
        starts = stages[-1].ends
        ends = starts + timedelta(weeks=max(1, phase.planned_weeks))
        stages.append(Stage(phase.key, phase.name, starts, ends, phase.planned_sessions))
    to_lay_out = stages[1:] if stays else stages
    kept = [
        s
        for s in plan.sessions
        if not s.can_move(today) or (stays and s.phase_key == current.phase_key)
    ]
    pool = [s for s in plan.sessions if s not in kept]
    pool.sort(key=lambda s: (s.on, s.at, s.key))
    at = _usual_time(plan)
    fresh = iter(_new_keys(plan, sum(stage.planned_sessions for stage in to_lay_out)))
    laid: list[PlanSession] = []
    for stage in to_lay_out:
        previous = _last_before([*kept, *laid], stage.starts)
        days = _lay_out(
            stage.starts, stage.ends, stage.planned_sessions, plan.cadence_days, previous
        )
        for day in days:
            if pool:
                reused = pool.pop(0)
                laid.append(replace(reused, on=day, phase_key=stage.phase_key, status=PLANNED))
            else:
                laid.append(PlanSession(next(fresh), stage.phase_key, day, at))
    moved_end = stages[-1].ends - plan.stages[-1].ends
    return replace(
        plan,
        stages=tuple(stages),
        sessions=_sorted([*kept, *laid]),
        planned_end=plan.planned_end + moved_end,
    )


def _close(plan: Plan, today: date) -> Plan:
    sessions = [replace(s, status="cancelled") if s.can_move(today) else s for s in plan.sessions]
    return replace(plan, stages=(), sessions=_sorted(sessions))


@dataclass(frozen=True)
class SessionChange:
    """How one session differs between two plans; `before` or `after` is None if it is new
    or removed."""

    before: PlanSession | None
    after: PlanSession | None

    @property
    def day(self) -> date:
        """The day the session is on after the change, or was on before it was removed."""
        session = self.after or self.before
        assert session is not None
        return session.on

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        if self.after.status == SUSPENDED and self.before.status != SUSPENDED:
            return "suspended"
        if self.after.status == "cancelled" and self.before.status != "cancelled":
            return "cancelled"
        if self.after.on != self.before.on:
            return "moved"
        if self.before.status == SUSPENDED and self.after.status != SUSPENDED:
            return "back"
        return "relabelled"


@dataclass(frozen=True)
class PlanDiff:
    changes: tuple[SessionChange, ...]
    end_before: date
    end_after: date

    def count(self, kind: str) -> int:
        return sum(1 for change in self.changes if change.kind == kind)

    def summary(self) -> str:
        """“2 sessions moved, 1 added. Planned end: 30 November 2026 (was 16 November 2026).”"""
        parts = [
            f"{self.count(kind)} {word}"
            for kind, word in (
                ("moved", "moved"),
                ("added", "added"),
                ("removed", "removed"),
                ("suspended", "suspended"),
                ("back", "back in the plan"),
                ("relabelled", "in another phase"),
                ("cancelled", "cancelled"),
            )
            if self.count(kind)
        ]
        sessions = "No session changes"
        if parts:
            first, *rest = parts
            number, word = first.split(" ", 1)
            noun = "session" if number == "1" else "sessions"
            sessions = ", ".join([f"{number} {noun} {word}", *rest])
        if self.end_after == self.end_before:
            return f"{sessions}. The planned end stays {format_day(self.end_after)}."
        return (
            f"{sessions}. Planned end: {format_day(self.end_after)} "
            f"(was {format_day(self.end_before)})."
        )


def compare(before: Plan, after: Plan) -> PlanDiff:
    """Every session that is added, removed, moved or relabelled, and the two planned ends."""
    old = {s.key: s for s in before.sessions}
    new = {s.key: s for s in after.sessions}
    changes = [
        SessionChange(old.get(key), new.get(key))
        for key in [*old, *(key for key in new if key not in old)]
        if old.get(key) != new.get(key)
    ]
    changes.sort(key=lambda change: change.day)
    return PlanDiff(tuple(changes), before.planned_end, after.planned_end)
