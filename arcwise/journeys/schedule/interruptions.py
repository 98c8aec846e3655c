"""Changes that step out of the phase under way and come back: revisit, pause, resume."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta

from arcwise.journeys.schedule.layout import (
    clear_of,
    current_stage,
    in_stage_holding,
    keeps_its_day,
    laid_out_around,
    last_before,
    lay_out,
    new_keys,
    shift_sessions,
    sorted_sessions,
    usual_time,
)
from arcwise.journeys.schedule.plan import (
    PLANNED,
    SUSPENDED,
    WEEK,
    Pause,
    Plan,
    PlanSession,
    Resume,
    Revisit,
    Stage,
)
from arcwise.journeys.schedule.proposal import PlanProblem


def revisit(plan: Plan, change: Revisit, today: date) -> Plan:
    current = current_stage(plan)
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
    stages = (revisit, resumed, *(s.shifted(later_by) for s in later))
    # A session the coach inserted keeps its day and joins the stage that now holds it;
    # the others move, and are laid out around it should one land on its day.
    kept = [in_stage_holding(s, stages) for s in plan.sessions if keeps_its_day(s, today)]
    kept_days = {s.on for s in kept}
    sessions = [s for s in plan.sessions if not keeps_its_day(s, today)]
    sessions = shift_sessions(sessions, {current.phase_key}, weeks, today)
    sessions = shift_sessions(sessions, {s.phase_key for s in later}, later_by, today)
    sessions = clear_of([*sessions, *kept], stages[1:], kept_days, plan.cadence_days, today)
    days = lay_out(
        revisit.starts,
        revisit.ends,
        phase.planned_sessions,
        plan.cadence_days,
        last_before(sessions, today),
        taken=kept_days,
    )
    at = usual_time(plan)
    keys = new_keys(plan, len(days))
    sessions += [PlanSession(key, phase.key, day, at) for key, day in zip(keys, days, strict=True)]
    return replace(
        plan,
        stages=stages,
        sessions=sorted_sessions(sessions),
        planned_end=plan.planned_end + later_by,
    )


def pause(plan: Plan, change: Pause, today: date) -> Plan:
    if change.until <= today:
        raise PlanProblem("The expected return must be after today.")
    sessions = [
        replace(s, status=SUSPENDED) if s.status == PLANNED and today <= s.on < change.until else s
        for s in plan.sessions
    ]
    return replace(plan, sessions=sorted_sessions(sessions))


def resume(plan: Plan, change: Resume, today: date) -> Plan:
    current = current_stage(plan)
    by = timedelta(weeks=max(0, math.ceil((today - change.paused_on).days / 7)))
    later = plan.stages[1:]
    # Later phases and their sessions move by the pause; suspended sessions come back.
    to_come = [s for s in plan.sessions if s.phase_key == current.phase_key and s.can_move(today)]
    # A session the coach inserted was agreed for its day: it keeps it while that day is
    # still ahead, and the others are laid out around it. One whose day went by during the
    # pause has no day left to keep, so it is laid out again with the rest.
    kept_days = {s.on for s in to_come if keeps_its_day(s, today)}
    movable_now = [s for s in to_come if not keeps_its_day(s, today)]
    sessions = shift_sessions(plan.sessions, {s.phase_key for s in later}, by, today)
    sessions = [replace(s, status=PLANNED) if s.status == SUSPENDED else s for s in sessions]
    ends = current.ends + by
    # The phase under way lays its sessions out again from today; it grows by whole weeks
    # if they would not fit at the cadence.
    needed = today + timedelta(days=(len(movable_now) - 1) * plan.cadence_days + 1)
    if movable_now and ends < needed:
        extra = timedelta(weeks=math.ceil((needed - ends).days / 7))
        ends += extra
        by += extra
        sessions = shift_sessions(sessions, {s.phase_key for s in later}, extra, today)
    sessions = laid_out_around(
        sessions, movable_now, (today, ends), plan.cadence_days, taken=kept_days
    )
    return replace(
        plan,
        stages=(replace(current, ends=ends), *(s.shifted(by) for s in later)),
        sessions=sorted_sessions(sessions),
        planned_end=plan.planned_end + by,
    )
