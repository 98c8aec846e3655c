"""Changes to the shape of the plan ahead: extend, skip, insert a session, move on, close."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from arcwise.journeys.schedule.layout import (
    current_stage,
    last_before,
    lay_out,
    new_keys,
    shift_sessions,
    sorted_sessions,
    usual_time,
)
from arcwise.journeys.schedule.plan import Extend, InsertSession, MoveOn, Plan, PlanSession, Skip
from arcwise.journeys.schedule.proposal import PlanProblem


def extend(plan: Plan, change: Extend, today: date) -> Plan:
    if change.weeks < 1:
        raise PlanProblem("Extend by at least one week.")
    current = current_stage(plan)
    by = timedelta(weeks=change.weeks)
    stages = (replace(current, ends=current.ends + by), *(s.shifted(by) for s in plan.stages[1:]))
    later = {s.phase_key for s in plan.stages[1:]}
    sessions = shift_sessions(plan.sessions, later, by, today)
    if change.add_sessions:
        starts = max(current.ends, today)
        days = lay_out(
            starts,
            stages[0].ends,
            change.add_sessions,
            plan.cadence_days,
            last_before(sessions, starts),
        )
        at = usual_time(plan)
        keys = new_keys(plan, len(days))
        sessions += [
            PlanSession(key, current.phase_key, day, at)
            for key, day in zip(keys, days, strict=True)
        ]
    return replace(
        plan, stages=stages, sessions=sorted_sessions(sessions), planned_end=plan.planned_end + by
    )


def skip(plan: Plan, change: Skip, today: date) -> Plan:
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
        return replace(plan, stages=(plan.stages[0], *ahead), sessions=sorted_sessions(sessions))
    back = -timedelta(weeks=round(skipped.days / 7))
    dropped = {s.key for s in mine}
    later = ahead[index + 1 :]
    sessions = shift_sessions(
        [s for s in plan.sessions if s.key not in dropped],
        {s.phase_key for s in later},
        back,
        today,
    )
    ahead = [*ahead[:index], *(s.shifted(back) for s in later)]
    return replace(
        plan,
        stages=(plan.stages[0], *ahead),
        sessions=sorted_sessions(sessions),
        planned_end=plan.planned_end + back,
    )


def insert(plan: Plan, change: InsertSession) -> Plan:
    current = current_stage(plan)
    (key,) = new_keys(plan, 1)
    added = PlanSession(key, current.phase_key, change.on, change.at, inserted=True)
    return replace(plan, sessions=sorted_sessions([*plan.sessions, added]))


def move_on(plan: Plan, change: MoveOn, today: date) -> Plan:
    current = current_stage(plan)
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
    return replace(plan, stages=(entered, *plan.stages[2:]), sessions=sorted_sessions(sessions))


def close(plan: Plan, today: date) -> Plan:
    sessions = [replace(s, status="cancelled") if s.can_move(today) else s for s in plan.sessions]
    return replace(plan, stages=(), sessions=sorted_sessions(sessions))
