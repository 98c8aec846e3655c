"""What every re-planning step shares: laying sessions out, shifting them, naming new ones."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import date, time, timedelta

from arcwise.days import count
from arcwise.journeys.schedule.plan import SUSPENDED, TEN, Plan, PlanSession, Stage
from arcwise.journeys.schedule.proposal import PhaseWindow, PlanProblem, ideal_offsets, on_weekdays


def current_stage(plan: Plan) -> Stage:
    if plan.current is None:
        raise PlanProblem("The journey has no phase under way, so there is nothing to re-plan.")
    return plan.current


def shift_sessions(
    sessions: Sequence[PlanSession], keys: set[str], by: timedelta, today: date
) -> list[PlanSession]:
    """Move the sessions of the phases `keys` that can move by `by`; the rest stay."""
    return [
        replace(s, on=s.on + by) if s.phase_key in keys and s.can_move(today) and by else s
        for s in sessions
    ]


def new_keys(plan: Plan, count: int) -> list[str]:
    taken = {s.key for s in plan.sessions}
    keys: list[str] = []
    number = 1
    while len(keys) < count:
        if (key := f"new-{number}") not in taken:
            keys.append(key)
        number += 1
    return keys


def usual_time(plan: Plan) -> time:
    """The time of day of the journey's latest session: new sessions keep to it."""
    return max(plan.sessions, key=lambda s: s.on).at if plan.sessions else TEN


def lay_out(
    window_starts: date,
    window_ends: date,
    sessions: int,
    cadence: int,
    previous: date | None,
    *,
    taken: Collection[date] = (),
) -> list[date]:
    """`sessions` days inside the window at the cadence, as a proposed plan would have them,
    none of them on a `taken` day."""
    length = (window_ends - window_starts).days
    if sessions <= 0:
        return []
    if sessions > length:
        raise PlanProblem(
            f"{count(sessions, 'session')} do not fit in {count(max(length, 0), 'day')}. "
            "Give the phase more weeks or plan fewer sessions."
        )
    gap = None if previous is None else (window_starts - previous).days
    offsets = ideal_offsets(length, sessions, cadence, gap)
    days = [window_starts + timedelta(days=offset) for offset in offsets]
    return on_weekdays(days, PhaseWindow("", "", window_starts, window_ends), taken=taken)


def last_before(sessions: Sequence[PlanSession], day: date) -> date | None:
    earlier = [s.on for s in sessions if s.on < day and s.status != SUSPENDED]
    return max(earlier) if earlier else None


def sorted_sessions(sessions: Sequence[PlanSession]) -> tuple[PlanSession, ...]:
    return tuple(sorted(sessions, key=lambda s: (s.on, s.at, s.key)))


def keeps_its_day(session: PlanSession, today: date) -> bool:
    """A session the coach inserted by hand was agreed for its day: it keeps its day and
    time while that day is still ahead, whatever else the plan does."""
    return session.inserted and session.can_move(today) and session.on >= today


def in_stage_holding(session: PlanSession, stages: Sequence[Stage]) -> PlanSession:
    """The session in the stage whose window holds its day (the last stage for a day after
    them all, the first for a day before them)."""
    started = [stage for stage in stages if stage.starts <= session.on]
    stage = started[-1] if started else stages[0]
    return replace(session, phase_key=stage.phase_key)


def laid_out_around(
    sessions: Sequence[PlanSession],
    moving: Sequence[PlanSession],
    window: tuple[date, date],
    cadence: int,
    *,
    taken: Collection[date],
) -> list[PlanSession]:
    """`sessions` with the `moving` ones (in time order) laid out again inside the window
    at the cadence, none of them on a `taken` day; the others stay as they are."""
    starts, ends = window
    days = lay_out(starts, ends, len(moving), cadence, last_before(sessions, starts), taken=taken)
    moved = {s.key: day for s, day in zip(moving, days, strict=True)}
    return [replace(s, on=moved[s.key]) if s.key in moved else s for s in sessions]


def clear_of(
    sessions: Sequence[PlanSession],
    stages: Sequence[Stage],
    kept: Collection[date],
    cadence: int,
    today: date,
) -> list[PlanSession]:
    """`sessions`, where a stage has a session to come on one of the `kept` days, with that
    stage's sessions to come laid out again in its window around those days."""
    result = list(sessions)
    for stage in stages:
        to_come = [
            s
            for s in sorted_sessions(result)
            if s.phase_key == stage.phase_key and s.can_move(today) and not keeps_its_day(s, today)
        ]
        if any(s.on in kept for s in to_come):
            window = (max(stage.starts, today), stage.ends)
            result = laid_out_around(result, to_come, window, cadence, taken=kept)
    return result
