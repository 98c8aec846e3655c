"""The rules of momentum, written once: one journey's facts prepared for judging at any
moment, and what each signal finds there.

`assess` asks a `Judge` about one moment and words what it finds; `weekly_states` asks
about twelve and only counts. A finding carries the numbers its reason needs, so judging a
week makes no words at all.

Days are held as ordinals (plain ints) and every list is sorted once, so a moment's
judgement is a few bisections and comparisons: windows of reflections and pulses are
sliced out rather than scanned.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import datetime
from operator import itemgetter
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from arcwise.insights.momentum.facts import HELD, PLANNED, JourneyFacts
from arcwise.insights.momentum.states import PENALTY, Kind, State
from arcwise.insights.momentum.thresholds import Thresholds


class Finding(NamedTuple):
    """A signal before it is worded: its kind, the state it pushes towards, and the
    numbers (and names) its reason is made from."""

    kind: Kind
    severity: State
    detail: tuple[Any, ...]


_FIRST = itemgetter(0)


class Judge:
    """A journey's facts prepared once for judging many moments."""

    __slots__ = (
        "cadence",
        "drifting_gap",
        "ended",
        "ended_early",
        "experiments",
        "facts",
        "held_at",
        "pauses",
        "planned_days",
        "planned_end",
        "prepared",
        "pulse_weeks",
        "pulses",
        "reflection_answered",
        "reflection_due",
        "runs",
        "stalled_gap",
        "start",
        "t",
        "zone",
    )

    def __init__(self, facts: JourneyFacts, zone: ZoneInfo, thresholds: Thresholds) -> None:
        self.t = thresholds
        self.zone = zone
        self.start = facts.start_date.toordinal()
        self.planned_end = facts.planned_end.toordinal()
        self.ended = None if facts.ended_on is None else facts.ended_on.toordinal()
        self.ended_early = facts.ended_early
        self.pauses = [
            (p.since.toordinal(), None if p.until is None else p.until.toordinal())
            for p in facts.pauses
        ]
        self.facts = facts
        self.prepared = False

    def prepare(self) -> None:
        """Sort and convert the facts the signals read: once, and only for a journey that
        is neither closed nor paused at the moments judged."""
        facts, zone, t = self.facts, self.zone, self.t
        self.prepared = True
        self.held_at = sorted(s[0] for s in facts.sessions if s[1] == HELD)
        # A planned session counts as unrecorded once its day is more than the grace days
        # past, and a day before today is always a moment before now: the days alone decide.
        self.planned_days = sorted(
            s[0].astimezone(zone).toordinal() for s in facts.sessions if s[1] == PLANNED
        )
        # Only due days before today are ever asked, and a pause that starts after today
        # holds none of them: whether each was paused is the same for every moment.
        reflections = sorted(
            (
                (due.toordinal(), answered_at)
                for due, answered_at in facts.reflections
                if not (facts.pauses and self.paused_on(due.toordinal()))
            ),
            key=_FIRST,
        )
        self.reflection_due = [due for due, _ in reflections]
        self.reflection_answered = [answered_at for _, answered_at in reflections]
        # Stable: answers of one week keep their order. Each keeps its place among the facts
        # too, by which falls on several scales are listed.
        pulses = sorted(
            ((p[0].toordinal(), p[1], p[2], p[3], n) for n, p in enumerate(facts.pulses)),
            key=_FIRST,
        )
        self.pulse_weeks = [p[0] for p in pulses]
        self.pulses = pulses
        self.runs = [
            (
                entered_on.toordinal(),
                None if left_on is None else left_on.toordinal(),
                max(planned_weeks, 1) * 7 * t.phase_overrun_factor,
            )
            for _, entered_on, left_on, planned_weeks in facts.runs
        ]
        self.experiments = [
            (agreed_at, by_when.toordinal(), checked_in_at, closed, closed_at, title)
            for title, agreed_at, by_when, checked_in_at, closed, closed_at in facts.experiments
        ]
        self.cadence = cadence = max(facts.cadence_days, 1)
        self.stalled_gap = cadence * t.gap_stalled_cadences
        self.drifting_gap = cadence * t.gap_drifting_cadences

    def paused_on(self, day: int) -> bool:
        return any(since <= day and (until is None or day < until) for since, until in self.pauses)

    def active_days(self, start: int, end: int) -> int:
        """Days from `start` to `end` not spent paused. A pause starting after `end` adds
        nothing, so every pause may be passed whatever the moment."""
        paused = 0
        for since, until in self.pauses:
            until = end if until is None else min(until, end)
            paused += max(0, until - max(since, start))
        return max(0, end - start - paused)

    def standing(self, today: int) -> State | None:
        """Closed, paused, or on track because not yet started: a state no signal decides.
        None when the signals decide."""
        if self.ended is not None and self.ended <= today:
            return State.ENDED_EARLY if self.ended_early else State.CLOSED
        current = None
        for pause in self.pauses:
            if pause[0] <= today:
                current = pause
        if current is not None and (current[1] is None or current[1] > today):
            return State.PAUSED
        if today < self.start:
            return State.ON_TRACK
        return None

    def findings(self, now: datetime, today: int) -> list[Finding]:
        """What every signal finds as of `now` (aware), `today` being its day in the
        journey's zone, in the order a journey's signals are listed."""
        if not self.prepared:
            self.prepare()
        t = self.t
        found: list[Finding] = []
        past = today - self.planned_end
        if past > t.planned_end_grace_days:
            found.append(Finding(Kind.PLANNED_END_PASSED, State.CLOSURE_AT_RISK, (past,)))
        gap = self.session_gap(now, today)
        if gap is not None:
            found.append(gap)
        unrecorded = bisect_left(self.planned_days, today - t.unrecorded_grace_days)
        if unrecorded:
            found.append(Finding(Kind.UNRECORDED_SESSIONS, State.DRIFTING, (unrecorded,)))
        if self.reflection_due:
            late = self.reflections(now, today)
            if late is not None:
                found.append(late)
        if self.pulses:
            found += self.pulse_falls(now, today)
        if self.experiments:
            overdue = self.experiment_overdue(now, today)
            if overdue is not None:
                found.append(overdue)
        if self.runs:
            overrun = self.phase_overrun(today)
            if overrun is not None:
                found.append(overrun)
        return found

    def session_gap(self, now: datetime, today: int) -> Finding | None:
        """From the last session held by now, or from the start when none was."""
        last = bisect_right(self.held_at, now) - 1
        if last >= 0:
            kind, since = Kind.SESSION_GAP, self.held_at[last].astimezone(self.zone).toordinal()
        else:
            kind, since = Kind.NO_SESSION_YET, self.start
        gap = self.active_days(since, today) if self.pauses else max(0, today - since)
        if gap > self.stalled_gap:
            return Finding(kind, State.STALLED, (gap, since))
        if gap > self.drifting_gap:
            return Finding(kind, State.DRIFTING, (gap, since))
        return None

    def reflections(self, now: datetime, today: int) -> Finding | None:
        """Requests due in the window, past their grace days, and how many were answered."""
        t = self.t
        since = today - t.reflection_window_days
        first = bisect_left(self.reflection_due, since)
        past = bisect_right(self.reflection_due, today - t.reflection_grace_days - 1)
        asked = past - first
        if asked < t.reflection_min_asked:
            return None
        answered = 0
        for answered_at in self.reflection_answered[first:past]:
            if answered_at is not None and answered_at <= now:
                answered += 1
        if answered >= asked * t.reflection_answered_share:
            return None
        return Finding(Kind.REFLECTIONS, State.DRIFTING, (answered, asked, since))

    def pulse_falls(self, now: datetime, today: int) -> list[Finding]:
        """Each scale whose answers in the window fell far enough from first to last."""
        t = self.t
        first_week = bisect_right(self.pulse_weeks, today - 7 * t.pulse_window_weeks)
        past = bisect_right(self.pulse_weeks, today)
        if past - first_week < t.pulse_min_answers:
            return []
        first: dict[str, int] = {}
        last: dict[str, int] = {}
        count: dict[str, int] = {}
        for _, scale, value, answered_at, _ in self.pulses[first_week:past]:
            if answered_at <= now:
                if scale not in first:
                    first[scale] = value
                    count[scale] = 0
                last[scale] = value
                count[scale] += 1
        falls = [
            Finding(Kind.PULSE_FALL, State.DRIFTING, (scale, first[scale], last[scale], answers))
            for scale, answers in count.items()
            if answers >= t.pulse_min_answers and first[scale] - last[scale] >= t.pulse_fall_points
        ]
        if len(falls) > 1:
            # In the order the scales first appear among the answers counted.
            place: dict[str, int] = {}
            for _, scale, _, answered_at, n in self.pulses[first_week:past]:
                if answered_at <= now and n < place.get(scale, n + 1):
                    place[scale] = n
            falls.sort(key=lambda fall: place[fall.detail[0]])
        return falls

    def experiment_overdue(self, now: datetime, today: int) -> Finding | None:
        """The latest of the experiments left without a check-in past their grace days,
        and how many there are."""
        overdue: list[tuple[int, str]] = []
        for agreed_at, by_when, checked_in_at, closed, closed_at, title in self.experiments:
            if agreed_at > now or by_when >= today:
                continue
            if closed and (closed_at is None or closed_at <= now):
                continue
            if checked_in_at is not None and checked_in_at <= now:
                continue
            late = self.active_days(by_when, today)
            if late > self.t.experiment_overdue_days:
                overdue.append((late, title))
        if not overdue:
            return None
        late, title = max(overdue)
        return Finding(Kind.EXPERIMENT_OVERDUE, State.DRIFTING, (late, title, len(overdue)))

    def phase_overrun(self, today: int) -> Finding | None:
        """The current phase run (the last one entered by today), when it has run on past
        its planned weeks by more than the overrun factor."""
        current = None
        for index, run in enumerate(self.runs):
            if run[0] <= today:
                current = index
        if current is None:
            return None
        entered, left, limit = self.runs[current]
        if left is not None and left <= today:
            return None
        days = self.active_days(entered, today)
        if days <= limit:
            return None
        return Finding(Kind.PHASE_OVERRUN, State.DRIFTING, (days, current))


def state_and_score(findings: list[Finding], thresholds: Thresholds) -> tuple[State, int]:
    """The state the findings put a journey in, most urgent first, and its momentum score:
    100 less each finding's penalty."""
    at_risk = stalled = drifting = 0
    for finding in findings:
        severity = finding.severity
        if severity is State.DRIFTING:
            drifting += 1
        elif severity is State.STALLED:
            stalled += 1
        else:
            at_risk += 1
    if at_risk:
        state = State.CLOSURE_AT_RISK
    elif stalled or drifting >= thresholds.drift_signals_for_stall:
        state = State.STALLED
    else:
        state = State.DRIFTING if drifting else State.ON_TRACK
    penalty = (
        at_risk * PENALTY[State.CLOSURE_AT_RISK]
        + stalled * PENALTY[State.STALLED]
        + drifting * PENALTY[State.DRIFTING]
    )
    return state, max(0, 100 - penalty)
