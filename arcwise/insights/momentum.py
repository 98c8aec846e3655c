"""Momentum: where a journey stands, from its own facts, each signal with a one-line why.

Pure: immutable records in (named tuples and frozen dataclasses), plain values out; no
Django import. `momentum_facts` loads the facts for many journeys at once; this module
judges them.

Every fact is an event with its moment or day, so a journey can be judged *as of* any
moment from the same facts: facts after that moment are simply not yet known. That is what
the caseload's 12-week sparkline (`weekly_states`) needs. Two things are known only as they
are now, and are used as they are now for the past too: a session's status (a session held
last week was, for a judgement of a month ago, already "held" on its day) and the agreement
itself (cadence and planned end, which the planner moves on a pause or an extension).

Days are counted on the calendar of `JourneyFacts.zone` (the coach's time zone: the coach
reads the caseload, and plans sessions on the same calendar), and days spent paused are not
counted by any signal.

States, most urgent first (`ATTENTION`, the order the caseload sorts by):
closure at risk → stalled → drifting → on track → paused → closed.
"""

from __future__ import annotations

import gc
import math
from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from arcwise.days import day_month, day_month_year

# --- The facts ----------------------------------------------------------------------------
#
# The events are named tuples: as immutable as frozen dataclasses, and made in half the
# time, which matters when a caseload loads half a million of them (see bench/momentum.py).

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


@dataclass(frozen=True, slots=True)
class JourneyFacts:
    start_date: date
    planned_end: date
    cadence_days: int
    zone: str = "UTC"
    sessions: tuple[SessionFact, ...] = ()
    runs: tuple[PhaseRunFact, ...] = ()  # in the order they happened
    reflections: tuple[ReflectionFact, ...] = ()
    experiments: tuple[ExperimentFact, ...] = ()
    pulses: tuple[PulseFact, ...] = ()
    pauses: tuple[Pause, ...] = ()  # in time order, not overlapping
    ended_on: date | None = None
    ended_early: bool = False


# --- Thresholds ---------------------------------------------------------------------------


def _limit(default: float, low: float, high: float, *, why: str) -> Any:
    """A threshold's default, the limits a practice may set it within, and why it is what
    it is, in words an owner reads on the thresholds page."""
    return field(default=default, metadata={"low": low, "high": high, "why": why})


@dataclass(frozen=True)
class Thresholds:
    """When a signal fires. The defaults suit fortnightly coaching; a practice may adjust
    any of them (`from_overrides`), within limits that keep the signals meaningful."""

    gap_drifting_cadences: float = _limit(
        1.5,
        1.0,
        10.0,
        why=(
            "Drifting once the gap since the last held session passes 1.5 cadences: one "
            "session moved by a few days is life, a whole missed cycle is drift."
        ),
    )
    gap_stalled_cadences: float = _limit(
        2.5,
        1.0,
        20.0,
        why=(
            "Stalled past 2.5 cadences: two sessions have not happened and none has replaced them."
        ),
    )
    unrecorded_grace_days: int = _limit(
        2,
        0,
        30,
        why=(
            "A past session may wait this many days to be recorded before it counts as "
            "still 'planned': coaches often write up a session the next day or two."
        ),
    )
    reflection_window_days: int = _limit(
        28,
        7,
        120,
        why=(
            "Reflections are judged over the requests due in this many recent days: about "
            "two cycles at a fortnightly cadence, so one busy week does not decide it."
        ),
    )
    reflection_grace_days: int = _limit(
        2,
        0,
        14,
        why=("A reflection due this recently is not yet late: the client may answer it tonight."),
    )
    reflection_min_asked: int = _limit(
        3,
        1,
        50,
        why=("Fewer requests than this say too little about a client to judge them."),
    )
    reflection_answered_share: float = _limit(
        0.5,
        0.0,
        1.0,
        why=("Below this share answered, the client has stopped reflecting between sessions."),
    )
    pulse_window_weeks: int = _limit(
        4,
        2,
        26,
        why=("Pulse answers are compared over this many recent weeks: a trend, not one bad week."),
    )
    pulse_min_answers: int = _limit(
        3,
        2,
        26,
        why=(
            "At least this many answers on a scale in the window before a fall counts as a trend."
        ),
    )
    pulse_fall_points: int = _limit(
        3,
        1,
        10,
        why=(
            "A fall of this many points (of 10) from the first answer in the window to the "
            "last is more than the week-to-week noise clients report."
        ),
    )
    experiment_overdue_days: int = _limit(
        7,
        0,
        90,
        why=(
            "An experiment left without a check-in this many days past its 'by when' has "
            "been dropped in all but name; a few days' slack lets the client bring it to "
            "the session."
        ),
    )
    phase_overrun_factor: float = _limit(
        1.5,
        1.0,
        10.0,
        why=("A phase run longer than 1.5 times its planned weeks is no longer a slow patch."),
    )
    planned_end_grace_days: int = _limit(
        7,
        0,
        90,
        why=(
            "The closing review usually follows the planned end within a week; after that "
            "the ending itself is at risk of fading out."
        ),
    )
    drift_signals_for_stall: int = _limit(
        3,
        2,
        10,
        why=("This many drifting signals at once are a stall, whatever the session gap says."),
    )

    @classmethod
    def from_overrides(cls, overrides: Mapping[str, object]) -> Thresholds:
        """The defaults with a practice's adjustments: unknown names and values that are
        not numbers are ignored, numbers are clamped to each threshold's limits, and the
        stall gap is never shorter than the drift gap."""
        values: dict[str, Any] = {}
        for spec in fields(cls):
            raw = overrides.get(spec.name)
            if isinstance(raw, bool) or not isinstance(raw, int | float | str):
                continue
            try:
                number = float(raw)
            except ValueError:
                continue
            if not math.isfinite(number):
                continue
            number = min(max(number, spec.metadata["low"]), spec.metadata["high"])
            values[spec.name] = round(number) if spec.type in (int, "int") else number
        made = cls(**values)
        if made.gap_stalled_cadences < made.gap_drifting_cadences:
            values["gap_stalled_cadences"] = made.gap_drifting_cadences
            made = cls(**values)
        return made


DEFAULT = Thresholds()


# --- The judgement ------------------------------------------------------------------------


class State(StrEnum):
    ON_TRACK = "on_track"
    DRIFTING = "drifting"
    STALLED = "stalled"
    PAUSED = "paused"
    CLOSURE_AT_RISK = "closure_at_risk"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


# Most urgent first: the caseload puts "needs attention" on top in this order. Closure at
# risk leads because it outranks a stall (a journey past its end that has stopped is one
# whose ending is being lost); paused and closed journeys need nothing today.
ATTENTION: tuple[State, ...] = (
    State.CLOSURE_AT_RISK,
    State.STALLED,
    State.DRIFTING,
    State.ON_TRACK,
    State.PAUSED,
    State.CLOSED,
)
SEVERITY: dict[State, int] = {state: rank for rank, state in enumerate(ATTENTION)}
NEEDS_ATTENTION = frozenset({State.CLOSURE_AT_RISK, State.STALLED, State.DRIFTING})


class Kind(StrEnum):
    SESSION_GAP = "session_gap"
    NO_SESSION_YET = "no_session_yet"
    UNRECORDED_SESSIONS = "unrecorded_sessions"
    REFLECTIONS = "reflections"
    PULSE_FALL = "pulse_fall"
    EXPERIMENT_OVERDUE = "experiment_overdue"
    PHASE_OVERRUN = "phase_overrun"
    PLANNED_END_PASSED = "planned_end_passed"
    PAUSED = "paused"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class Signal:
    kind: Kind
    severity: State  # the state this signal pushes the journey towards
    reason: str  # one line, as a coach would write it


# Momentum points lost per signal, by severity: the score orders journeys within a state and
# draws the sparkline. 100 is a journey with nothing to say against it.
PENALTY = {State.DRIFTING: 15, State.STALLED: 40, State.CLOSURE_AT_RISK: 40}


@dataclass(frozen=True, slots=True)
class Momentum:
    state: State
    signals: tuple[Signal, ...]
    score: int | None  # 0-100; None while paused or once closed

    @property
    def sort_key(self) -> tuple[int, int]:
        """Caseload order: most urgent state first, then the lowest momentum."""
        return SEVERITY[self.state], 100 if self.score is None else self.score


def assess(facts: JourneyFacts, now: datetime, thresholds: Thresholds = DEFAULT) -> Momentum:
    """The journey's momentum as of `now` (aware), from the facts known by then."""
    zone = _zone(facts.zone)
    today = now.astimezone(zone).date()
    if facts.ended_on is not None and facts.ended_on <= today:
        how = "ended early" if facts.ended_early else "closed"
        return Momentum(
            State.CLOSED,
            (Signal(Kind.CLOSED, State.CLOSED, f"{how} on {short_day(facts.ended_on, today)}"),),
            None,
        )
    pauses = [p for p in facts.pauses if p.since <= today]
    current = pauses[-1] if pauses else None
    if current is not None and (current.until is None or current.until > today):
        reason = f"paused since {short_day(current.since, today)}"
        if current.expected_back is not None:
            reason += f"; back by {short_day(current.expected_back, today)} expected"
        return Momentum(State.PAUSED, (Signal(Kind.PAUSED, State.PAUSED, reason),), None)
    if today < facts.start_date:
        return Momentum(State.ON_TRACK, (), 100)

    judge = _Judge(facts, now, today, zone, thresholds, pauses)
    signals = tuple(
        signal
        for signal in (
            judge.planned_end(),
            judge.session_gap(),
            judge.unrecorded_sessions(),
            judge.reflections(),
            *judge.pulse_falls(),
            judge.experiments(),
            judge.phase(),
        )
        if signal is not None
    )
    return Momentum(
        _state_of(signals, thresholds),
        signals,
        max(0, 100 - sum(PENALTY.get(s.severity, 0) for s in signals)),
    )


K = TypeVar("K", bound=Hashable)


def assess_all(
    facts: Mapping[K, JourneyFacts], now: datetime, thresholds: Thresholds = DEFAULT
) -> dict[K, Momentum]:
    """`assess` for every journey of a caseload (or a whole practice), keyed as given."""
    with collector_paused():
        return {key: assess(one, now, thresholds) for key, one in facts.items()}


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while momentum works in bulk.

    Facts are half a million small named tuples for 10,000 journeys, and tuple subclasses
    stay tracked by the collector: every full pass it makes while facts are made or judged
    walks all of them, which measured more than doubled the time of both. Facts, signals
    and judgements hold no reference cycles, so there is nothing for it to find meanwhile;
    reference counting frees them as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _state_of(signals: tuple[Signal, ...], thresholds: Thresholds) -> State:
    severities = {s.severity for s in signals}
    for state in (State.CLOSURE_AT_RISK, State.STALLED):
        if state in severities:
            return state
    drifting = sum(1 for s in signals if s.severity == State.DRIFTING)
    if drifting >= thresholds.drift_signals_for_stall:
        return State.STALLED
    return State.DRIFTING if drifting else State.ON_TRACK


class WeekMomentum(NamedTuple):
    on: date  # the day judged (its end, in the journey's zone)
    state: State
    score: int | None


def weekly_states(
    facts: JourneyFacts, now: datetime, weeks: int = 12, thresholds: Thresholds = DEFAULT
) -> tuple[WeekMomentum, ...]:
    """Momentum at `now` and at the same moment 1 … weeks-1 weeks before, oldest first:
    the sparkline's points. Each is judged only from what was known at that moment; weeks
    before the journey started have no point, so a young journey has a shorter line.

    Each point is what `assess` would say at its moment (a property test holds them to it),
    but the facts are read once for all the weeks: sorted and converted to the journey's
    days up front, then each week only counts. A point needs no reasons, so none is
    worded; judging twelve weeks this way costs little more than one `assess`.
    """
    zone, start = _zone(facts.zone), facts.start_date
    points: list[WeekMomentum] = []
    weekly: _Weekly | None = None
    for back in range(weeks - 1, -1, -1):
        moment = now - (_WEEK_SPANS[back] if back < len(_WEEK_SPANS) else timedelta(weeks=back))
        day = moment.astimezone(zone).date()
        if day < start:
            continue
        if weekly is None:
            weekly = _Weekly(facts, zone, thresholds)
        points.append(WeekMomentum(day, *weekly.judge(moment, day)))
    return tuple(points)


_WEEK_SPANS = tuple(timedelta(weeks=back) for back in range(53))


class _Weekly:
    """A journey's facts prepared once for judging many moments: `judge` gives the state
    and score `assess` would, without the reasons.

    Days are held as ordinals (plain ints) and every list is sorted once, so a week's
    judgement is a few bisections and comparisons: windows of reflections and pulses are
    sliced out rather than scanned.
    """

    __slots__ = (
        "drifting_gap",
        "ended",
        "experiments",
        "facts",
        "held_at",
        "held_on",
        "pauses",
        "planned_days",
        "planned_end",
        "pulse_weeks",
        "pulses",
        "reflection_answered",
        "reflection_due",
        "runs",
        "stalled_gap",
        "start",
        "t",
    )

    def __init__(self, facts: JourneyFacts, zone: ZoneInfo, thresholds: Thresholds) -> None:
        t = self.t = thresholds
        self.facts = facts
        self.start = facts.start_date.toordinal()
        self.planned_end = facts.planned_end.toordinal()
        self.ended = None if facts.ended_on is None else facts.ended_on.toordinal()
        self.pauses = [
            (p.since.toordinal(), None if p.until is None else p.until.toordinal())
            for p in facts.pauses
        ]
        held = sorted(s[0] for s in facts.sessions if s[1] == HELD)
        self.held_at = held
        self.held_on = [at.astimezone(zone).toordinal() for at in held]
        # A planned session counts as unrecorded once its day is more than the grace days
        # past, and a day before today is always a moment before now: the days alone decide.
        self.planned_days = sorted(
            s[0].astimezone(zone).toordinal() for s in facts.sessions if s[1] == PLANNED
        )
        # Only due days before today are ever asked, and a pause that starts after today
        # holds none of them: whether each was paused is the same for every week.
        reflections = sorted(
            (
                (due.toordinal(), answered_at)
                for due, answered_at in facts.reflections
                if not (facts.pauses and self._paused_on(due.toordinal()))
            ),
            key=_FIRST,
        )
        self.reflection_due = [due for due, _ in reflections]
        self.reflection_answered = [answered_at for _, answered_at in reflections]
        # Stable: answers of one week keep their order, as `assess` sorts them.
        pulses = sorted(((p[0].toordinal(), p[1], p[2], p[3]) for p in facts.pulses), key=_FIRST)
        self.pulse_weeks = [p[0] for p in pulses]
        self.pulses = pulses
        self.runs = [
            (
                run.entered_on.toordinal(),
                None if run.left_on is None else run.left_on.toordinal(),
                max(run.planned_weeks, 1) * 7 * t.phase_overrun_factor,
            )
            for run in facts.runs
        ]
        self.experiments = [
            (e.agreed_at, e.by_when.toordinal(), e.checked_in_at, e.closed, e.closed_at)
            for e in facts.experiments
        ]
        cadence = max(facts.cadence_days, 1)
        self.stalled_gap = cadence * t.gap_stalled_cadences
        self.drifting_gap = cadence * t.gap_drifting_cadences

    def _paused_on(self, day: int) -> bool:
        return any(since <= day and (until is None or day < until) for since, until in self.pauses)

    def active_days(self, start: int, end: int) -> int:
        # As `_Judge.active_days`; a pause starting after `end` adds nothing, so every
        # pause may be passed whatever the moment.
        paused = 0
        for since, until in self.pauses:
            until = end if until is None else min(until, end)
            paused += max(0, until - max(since, start))
        return max(0, end - start - paused)

    def judge(self, now: datetime, on: date) -> tuple[State, int | None]:
        t, today = self.t, on.toordinal()
        if self.ended is not None and self.ended <= today:
            return State.CLOSED, None
        current = None
        for pause in self.pauses:
            if pause[0] <= today:
                current = pause
        if current is not None and (current[1] is None or current[1] > today):
            return State.PAUSED, None
        if today < self.start:
            return State.ON_TRACK, 100
        at_risk = stalled = drifting = 0
        if today - self.planned_end > t.planned_end_grace_days:
            at_risk = 1
        # The session gap: from the last session held by now, or from the start.
        last = bisect_right(self.held_at, now) - 1
        start = self.held_on[last] if last >= 0 else self.start
        gap = self.active_days(start, today) if self.pauses else max(0, today - start)
        if gap > self.stalled_gap:
            stalled = 1
        elif gap > self.drifting_gap:
            drifting = 1
        if self.planned_days and bisect_left(self.planned_days, today - t.unrecorded_grace_days):
            drifting += 1
        if self.reflection_due:
            drifting += self.reflections_late(now, today)
        if self.pulses:
            drifting += self.pulse_falls(now, today)
        if self.experiments:
            drifting += self.experiment_overdue(now, today)
        if self.runs:
            drifting += self.phase_overrun(today)
        if at_risk:
            state = State.CLOSURE_AT_RISK
        elif stalled or drifting >= t.drift_signals_for_stall:
            state = State.STALLED
        else:
            state = State.DRIFTING if drifting else State.ON_TRACK
        penalty = (
            at_risk * PENALTY[State.CLOSURE_AT_RISK]
            + stalled * PENALTY[State.STALLED]
            + drifting * PENALTY[State.DRIFTING]
        )
        return state, max(0, 100 - penalty)

    def reflections_late(self, now: datetime, today: int) -> int:
        t = self.t
        first = bisect_left(self.reflection_due, today - t.reflection_window_days)
        past = bisect_right(self.reflection_due, today - t.reflection_grace_days - 1)
        asked = past - first
        if asked < t.reflection_min_asked:
            return 0
        answered = 0
        for answered_at in self.reflection_answered[first:past]:
            if answered_at is not None and answered_at <= now:
                answered += 1
        return 1 if answered < asked * t.reflection_answered_share else 0

    def pulse_falls(self, now: datetime, today: int) -> int:
        t = self.t
        first_week = bisect_right(self.pulse_weeks, today - 7 * t.pulse_window_weeks)
        past = bisect_right(self.pulse_weeks, today)
        if past - first_week < t.pulse_min_answers:
            return 0
        first: dict[str, int] = {}
        last: dict[str, int] = {}
        count: dict[str, int] = {}
        for _, scale, value, answered_at in self.pulses[first_week:past]:
            if answered_at <= now:
                if scale not in first:
                    first[scale] = value
                    count[scale] = 0
                last[scale] = value
                count[scale] += 1
        return sum(
            1
            for scale, answers in count.items()
            if answers >= t.pulse_min_answers and first[scale] - last[scale] >= t.pulse_fall_points
        )

    def experiment_overdue(self, now: datetime, today: int) -> int:
        for agreed_at, by_when, checked_in_at, closed, closed_at in self.experiments:
            if agreed_at > now or by_when >= today:
                continue
            if closed and (closed_at is None or closed_at <= now):
                continue
            if checked_in_at is not None and checked_in_at <= now:
                continue
            if self.active_days(by_when, today) > self.t.experiment_overdue_days:
                return 1
        return 0

    def phase_overrun(self, today: int) -> int:
        run = None
        for candidate in self.runs:
            if candidate[0] <= today:
                run = candidate
        if run is None or (run[1] is not None and run[1] <= today):
            return 0
        return 1 if self.active_days(run[0], today) > run[2] else 0


_FIRST = itemgetter(0)


def needs_alert(previous: State | None, current: State) -> bool:
    """Whether a change of state is worth telling the coach about: only a change, and only
    into a state that needs attention. With a dedupe key of (journey, state, day of the
    change), a coach hears once per change, however often momentum is recomputed."""
    return current != previous and current in NEEDS_ATTENTION


# --- The signals --------------------------------------------------------------------------


class _Judge:
    """The signals of one journey as of one moment. Each method is one pass over one list
    of facts, so judging a journey costs time in proportion to its facts."""

    def __init__(
        self,
        facts: JourneyFacts,
        now: datetime,
        today: date,
        zone: ZoneInfo,
        thresholds: Thresholds,
        pauses: list[Pause],
    ) -> None:
        self.facts = facts
        self.now = now
        self.today = today
        self.zone = zone
        self.t = thresholds
        self.pauses = pauses
        self.last_held: datetime | None = None
        self.unrecorded = 0
        self.sessions()

    def active_days(self, start: date, end: date) -> int:
        """Days from `start` to `end` not spent paused."""
        paused = 0
        for pause in self.pauses:
            until = end if pause.until is None else min(pause.until, end)
            paused += max(0, (until - max(pause.since, start)).days)
        return max(0, (end - start).days - paused)

    def paused_on(self, day: date) -> bool:
        return any(p.since <= day and (p.until is None or day < p.until) for p in self.pauses)

    def sessions(self) -> None:
        """One pass over the sessions: the last one held, and past ones still planned."""
        now, last, unrecorded = self.now, None, 0
        for starts_at, status in self.facts.sessions:
            if starts_at > now:
                continue
            if status == HELD:
                if last is None or starts_at > last:
                    last = starts_at
            elif status == PLANNED:
                day = starts_at.astimezone(self.zone).date()
                if (self.today - day).days > self.t.unrecorded_grace_days:
                    unrecorded += 1
        self.last_held, self.unrecorded = last, unrecorded

    def session_gap(self) -> Signal | None:
        last = self.last_held
        cadence = max(self.facts.cadence_days, 1)
        every = "every day" if cadence == 1 else f"every {cadence} days"
        if last is None:
            start = self.facts.start_date
            gap = self.active_days(start, self.today)
            reason = (
                f"no session held yet; {_count(gap, 'day')} since the start on "
                f"{short_day(start, self.today)}"
            )
            kind = Kind.NO_SESSION_YET
        else:
            held_on = last.astimezone(self.zone).date()
            gap = self.active_days(held_on, self.today)
            paused = (self.today - held_on).days - gap
            reason = f"{_count(gap, 'day')} since the last session"
            if paused:
                reason += f" (not counting {paused} paused)"
            kind = Kind.SESSION_GAP
        reason += f"; the agreed cadence is {every}"
        if gap > cadence * self.t.gap_stalled_cadences:
            return Signal(kind, State.STALLED, reason)
        if gap > cadence * self.t.gap_drifting_cadences:
            return Signal(kind, State.DRIFTING, reason)
        return None

    def unrecorded_sessions(self) -> Signal | None:
        count = self.unrecorded
        if not count:
            return None
        return Signal(
            Kind.UNRECORDED_SESSIONS,
            State.DRIFTING,
            f"{_count(count, 'session')} in the past still marked planned",
        )

    def reflections(self) -> Signal | None:
        since = self.today - timedelta(days=self.t.reflection_window_days)
        # Due more than the grace days ago: late enough to count as asked and not answered.
        latest_due = self.today - timedelta(days=self.t.reflection_grace_days + 1)
        asked = answered = 0
        now, pauses = self.now, self.pauses
        for due, answered_at in self.facts.reflections:
            if since <= due <= latest_due and not (pauses and self.paused_on(due)):
                asked += 1
                if answered_at is not None and answered_at <= now:
                    answered += 1
        if asked < self.t.reflection_min_asked or answered >= asked * (
            self.t.reflection_answered_share
        ):
            return None
        noun = "reflection" if asked == 1 else "reflections"
        return Signal(
            Kind.REFLECTIONS,
            State.DRIFTING,
            f"{answered} of {asked} {noun} answered since {short_day(since, self.today)}",
        )

    def pulse_falls(self) -> list[Signal]:
        since = self.today - timedelta(weeks=self.t.pulse_window_weeks)
        today, now = self.today, self.now
        by_scale: dict[str, list[PulseFact]] = {}
        for answer in self.facts.pulses:
            if since < answer[0] <= today and answer[3] <= now:  # week_of, answered_at
                by_scale.setdefault(answer.scale, []).append(answer)
        signals = []
        for scale, answers in by_scale.items():
            if len(answers) < self.t.pulse_min_answers:
                continue
            answers.sort(key=lambda a: a.week_of)
            first, last = answers[0].value, answers[-1].value
            if first - last >= self.t.pulse_fall_points:
                signals.append(
                    Signal(
                        Kind.PULSE_FALL,
                        State.DRIFTING,
                        f"{quoted(scale)} fell from {first} to {last} over "
                        f"{_number_word(len(answers))} weekly pulses",
                    )
                )
        return signals

    def experiments(self) -> Signal | None:
        overdue: list[tuple[int, str]] = []
        for experiment in self.facts.experiments:
            if experiment.agreed_at > self.now or experiment.by_when >= self.today:
                continue
            if experiment.closed and (
                experiment.closed_at is None or experiment.closed_at <= self.now
            ):
                continue
            if experiment.checked_in_at is not None and experiment.checked_in_at <= self.now:
                continue
            late = self.active_days(experiment.by_when, self.today)
            if late > self.t.experiment_overdue_days:
                overdue.append((late, experiment.title))
        if not overdue:
            return None
        late, title = max(overdue)
        reason = f"experiment {quoted(title)} {_count(late, 'day')} overdue"
        if len(overdue) > 1:
            reason += f", and {len(overdue) - 1} more"
        return Signal(Kind.EXPERIMENT_OVERDUE, State.DRIFTING, reason)

    def phase(self) -> Signal | None:
        run: PhaseRunFact | None = None
        earlier: set[str] = set()
        for candidate in self.facts.runs:
            if candidate.entered_on > self.today:
                continue
            if run is not None:
                earlier.add(run.name)
            run = candidate
        if run is None or (run.left_on is not None and run.left_on <= self.today):
            return None
        planned = max(run.planned_weeks, 1)
        days = self.active_days(run.entered_on, self.today)
        if days <= planned * 7 * self.t.phase_overrun_factor:
            return None
        again = " since returning to it" if run.name in earlier else ""
        return Signal(
            Kind.PHASE_OVERRUN,
            State.DRIFTING,
            f"{_count(days // 7, 'week')} in {run.name}{again}; {planned} planned",
        )

    def planned_end(self) -> Signal | None:
        past = (self.today - self.facts.planned_end).days
        if past <= self.t.planned_end_grace_days:
            return None
        return Signal(
            Kind.PLANNED_END_PASSED,
            State.CLOSURE_AT_RISK,
            f"planned end passed {_count(past, 'day')} ago, not closed",
        )


# --- Words --------------------------------------------------------------------------------

NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def short_day(day: date, today: date) -> str:
    """“3 Nov”; with the year when it is not this year: “28 Dec 2025”."""
    return day_month(day) if day.year == today.year else day_month_year(day)


def quoted(name: str) -> str:
    """A name the client or coach chose, in single curly quotes (U+2018, U+2019)."""
    return f"\u2018{name}\u2019"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _number_word(number: int) -> str:
    return NUMBER_WORDS[number] if 0 <= number < len(NUMBER_WORDS) else str(number)


@lru_cache(maxsize=256)
def _zone(name: str) -> ZoneInfo:
    """The zone by name; an unknown one counts days in UTC rather than failing a caseload."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return ZoneInfo("UTC")


def _local_day(moment: datetime, zone: str) -> date:
    return moment.astimezone(_zone(zone)).date()


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
