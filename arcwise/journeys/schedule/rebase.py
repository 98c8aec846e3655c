"""Moving a running journey onto another version of its design."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from arcwise.journeys.schedule.layout import (
    current_stage,
    in_stage_holding,
    keeps_its_day,
    last_before,
    lay_out,
    new_keys,
    sorted_sessions,
    usual_time,
)
from arcwise.journeys.schedule.plan import PLANNED, Plan, PlanSession, Rebase, Stage
from arcwise.journeys.schedule.proposal import PlanProblem


def rebase(plan: Plan, change: Rebase, today: date) -> Plan:
    current = current_stage(plan)
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
    # A session the coach inserted keeps its day and joins the stage that now holds it;
    # the sessions laid out again go around it.
    inserted = [in_stage_holding(s, stages) for s in plan.sessions if keeps_its_day(s, today)]
    taken = {s.on for s in inserted}
    kept = [
        s
        for s in plan.sessions
        if not s.can_move(today)
        or (stays and s.phase_key == current.phase_key and not keeps_its_day(s, today))
    ]
    kept += inserted
    staying = {s.key for s in kept}
    pool = [s for s in plan.sessions if s.key not in staying]
    pool.sort(key=lambda s: (s.on, s.at, s.key))
    at = usual_time(plan)
    fresh = iter(new_keys(plan, sum(stage.planned_sessions for stage in to_lay_out)))
    laid: list[PlanSession] = []
    for stage in to_lay_out:
        previous = last_before([*kept, *laid], stage.starts)
        days = lay_out(
            stage.starts,
            stage.ends,
            stage.planned_sessions,
            plan.cadence_days,
            previous,
            taken=taken,
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
        sessions=sorted_sessions([*kept, *laid]),
        planned_end=plan.planned_end + moved_end,
    )
