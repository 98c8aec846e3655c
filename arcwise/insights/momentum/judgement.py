"""A journey's momentum as of a moment (`assess`), for a caseload (`assess_all`), and over
the weeks behind it (`weekly_states`, the sparkline's points): `Judge`'s findings, worded
for the moment a coach reads, counted for the weeks before."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from arcwise.days import count, zone_or_utc
from arcwise.insights.momentum.facts import JourneyFacts
from arcwise.insights.momentum.judge import Finding, Judge, state_and_score
from arcwise.insights.momentum.states import (
    ENDED_STATES,
    Kind,
    Momentum,
    Signal,
    State,
    WeekMomentum,
)
from arcwise.insights.momentum.thresholds import DEFAULT, Thresholds
from arcwise.insights.momentum.words import number_word, quoted, short_day


def assess(facts: JourneyFacts, now: datetime, thresholds: Thresholds = DEFAULT) -> Momentum:
    """The journey's momentum as of `now` (aware), from the facts known by then."""
    zone = zone_or_utc(facts.zone)
    today = now.astimezone(zone).date()
    judge = Judge(facts, zone, thresholds)
    standing = judge.standing(today.toordinal())
    if standing in ENDED_STATES:
        assert facts.ended_on is not None
        how = "ended early" if facts.ended_early else "closed"
        reason = f"{how} on {short_day(facts.ended_on, today)}"
        return Momentum(standing, (Signal(Kind.CLOSED, standing, reason),), None)
    if standing is State.PAUSED:
        current = [p for p in facts.pauses if p.since <= today][-1]
        reason = f"paused since {short_day(current.since, today)}"
        if current.expected_back is not None:
            reason += f"; back by {short_day(current.expected_back, today)} expected"
        return Momentum(State.PAUSED, (Signal(Kind.PAUSED, State.PAUSED, reason),), None)
    if standing is State.ON_TRACK:
        return Momentum(State.ON_TRACK, (), 100)
    findings = judge.findings(now, today.toordinal())
    state, score = state_and_score(findings, thresholds)
    signals = tuple(
        Signal(f.kind, f.severity, _reason(f, facts, today, judge.cadence)) for f in findings
    )
    return Momentum(state, signals, score)


K = TypeVar("K", bound=Hashable)


def assess_all(
    facts: Mapping[K, JourneyFacts], now: datetime, thresholds: Thresholds = DEFAULT
) -> dict[K, Momentum]:
    """`assess` for every journey of a caseload (or a whole practice), keyed as given."""
    return {key: assess(one, now, thresholds) for key, one in facts.items()}


def weekly_states(
    facts: JourneyFacts, now: datetime, weeks: int = 12, thresholds: Thresholds = DEFAULT
) -> tuple[WeekMomentum, ...]:
    """Momentum at `now` and at the same moment 1 … weeks-1 weeks before, oldest first:
    the sparkline's points. Each is judged only from what was known at that moment; weeks
    before the journey started have no point, so a young journey has a shorter line.

    Each point is what `assess` would say at its moment, by the same rules, but the facts
    are prepared once for all the weeks and a point needs no reasons, so none is worded:
    judging twelve weeks this way costs little more than one `assess`.
    """
    zone, start = zone_or_utc(facts.zone), facts.start_date
    points: list[WeekMomentum] = []
    judge: Judge | None = None
    for back in range(weeks - 1, -1, -1):
        moment = now - (_WEEK_SPANS[back] if back < len(_WEEK_SPANS) else timedelta(weeks=back))
        day = moment.astimezone(zone).date()
        if day < start:
            continue
        if judge is None:
            judge = Judge(facts, zone, thresholds)
        today = day.toordinal()
        standing = judge.standing(today)
        if standing in ENDED_STATES or standing is State.PAUSED:
            points.append(WeekMomentum(day, standing, None))
        elif standing is State.ON_TRACK:
            points.append(WeekMomentum(day, standing, 100))
        else:
            points.append(
                WeekMomentum(day, *state_and_score(judge.findings(moment, today), thresholds))
            )
    return tuple(points)


_WEEK_SPANS = tuple(timedelta(weeks=back) for back in range(53))


# --- Reasons ------------------------------------------------------------------------------


def _reason(finding: Finding, facts: JourneyFacts, today: date, cadence: int) -> str:
    """A finding's one line, as a coach would write it."""
    kind, detail = finding.kind, finding.detail
    if kind is Kind.PLANNED_END_PASSED:
        return f"planned end passed {count(detail[0], 'day')} ago, not closed"
    if kind is Kind.NO_SESSION_YET or kind is Kind.SESSION_GAP:
        return _gap_reason(kind, detail, today, cadence)
    if kind is Kind.UNRECORDED_SESSIONS:
        return f"{count(detail[0], 'session')} in the past still marked planned"
    if kind is Kind.REFLECTIONS:
        answered, asked, since = detail
        noun = "reflection" if asked == 1 else "reflections"
        return f"{answered} of {asked} {noun} answered since {_day(since, today)}"
    if kind is Kind.PULSE_FALL:
        scale, first, last, answers = detail
        return (
            f"{quoted(scale)} fell from {first} to {last} over {number_word(answers)} weekly pulses"
        )
    if kind is Kind.EXPERIMENT_OVERDUE:
        late, title, overdue = detail
        reason = f"experiment {quoted(title)} {count(late, 'day')} overdue"
        if overdue > 1:
            reason += f", and {overdue - 1} more"
        return reason
    assert kind is Kind.PHASE_OVERRUN
    return _phase_reason(detail, facts, today)


def _gap_reason(kind: Kind, detail: tuple[Any, ...], today: date, cadence: int) -> str:
    gap, since = detail
    every = "every day" if cadence == 1 else f"every {cadence} days"
    if kind is Kind.NO_SESSION_YET:
        reason = f"no session held yet; {count(gap, 'day')} since the start on {_day(since, today)}"
    else:
        reason = f"{count(gap, 'day')} since the last session"
        paused = today.toordinal() - since - gap
        if paused:
            reason += f" (not counting {paused} paused)"
    return f"{reason}; the agreed cadence is {every}"


def _phase_reason(detail: tuple[Any, ...], facts: JourneyFacts, today: date) -> str:
    days, current = detail
    name, _, _, planned_weeks = facts.runs[current]
    # A run entered again after leaving it: the weeks count from the return.
    earlier = {other[0] for other in facts.runs[:current] if other[1] <= today}
    again = " since returning to it" if name in earlier else ""
    return f"{count(days // 7, 'week')} in {name}{again}; {max(planned_weeks, 1)} planned"


def _day(ordinal: int, today: date) -> str:
    return short_day(date.fromordinal(ordinal), today)
