"""Planning a journey in time: phase windows, a proposed session plan, local times, and the
living plan that every adaptation re-plans.

Plain data in, plain values out; no Django import. The submodules split the planner by what
it does; this package exposes the names the rest of Arcwise uses, so callers write
`schedule.replan(...)` or `from arcwise.journeys.schedule import Plan` without knowing which
submodule holds what.
"""

from arcwise.days import format_day
from arcwise.journeys.schedule.diff import PlanDiff, SessionChange, compare
from arcwise.journeys.schedule.moments import TimeProblem, to_utc
from arcwise.journeys.schedule.plan import (
    PLANNED,
    SUSPENDED,
    WEEK,
    Change,
    Close,
    Extend,
    InsertSession,
    MoveOn,
    Pause,
    Plan,
    PlanSession,
    Rebase,
    Resume,
    Revisit,
    Skip,
    Stage,
    initial_plan,
)
from arcwise.journeys.schedule.proposal import (
    LONGEST_LIKELY_YEARS,
    SATURDAY,
    PhaseLike,
    PhaseWindow,
    PlannedSession,
    PlanPhase,
    PlanProblem,
    check_journey_dates,
    check_session_date,
    phase_windows,
    plan_phase,
    planned_end,
    propose_sessions,
)
from arcwise.journeys.schedule.replanning import replan

__all__ = [
    "LONGEST_LIKELY_YEARS",
    "PLANNED",
    "SATURDAY",
    "SUSPENDED",
    "WEEK",
    "Change",
    "Close",
    "Extend",
    "InsertSession",
    "MoveOn",
    "Pause",
    "PhaseLike",
    "PhaseWindow",
    "Plan",
    "PlanDiff",
    "PlanPhase",
    "PlanProblem",
    "PlanSession",
    "PlannedSession",
    "Rebase",
    "Resume",
    "Revisit",
    "SessionChange",
    "Skip",
    "Stage",
    "TimeProblem",
    "check_journey_dates",
    "check_session_date",
    "compare",
    "format_day",
    "initial_plan",
    "phase_windows",
    "plan_phase",
    "planned_end",
    "propose_sessions",
    "replan",
    "to_utc",
]
