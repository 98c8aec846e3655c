"""The days the plan gives a session's phase: where the client may book it themselves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from arcwise.days import format_day
from arcwise.journeys.models import Journey, PlanStage, Session


@dataclass(frozen=True)
class Window:
    """From `first` to `last` (both included): the phase's stretch of the living plan."""

    first: date
    last: date
    phase_name: str

    def holds(self, day: date) -> bool:
        return self.first <= day <= self.last

    def words(self) -> str:
        return f"{format_day(self.first)} to {format_day(self.last)}"


def window_of(session: Session, journey: Journey, stages: list[PlanStage]) -> Window:
    """The stage of the plan for the session's phase, inside the journey; a phase the plan no
    longer holds (a session the coach inserted after it) has the whole journey."""
    for stage in stages:
        if stage.phase_id == session.phase_id:
            first = max(stage.starts, journey.start_date)
            last = min(stage.ends - timedelta(days=1), journey.planned_end)
            return Window(first, max(first, last), session.phase.name)
    return Window(journey.start_date, journey.planned_end, session.phase.name)


def stages_of(journey: Journey) -> list[PlanStage]:
    return list(PlanStage.objects.filter(journey=journey).order_by("position"))
