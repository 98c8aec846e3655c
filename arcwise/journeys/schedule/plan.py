"""The living plan: its stages, its sessions, and the changes an adaptation makes to it.

A running journey's plan is its stages (the phase run under way, then the phases still
ahead, each with its window) and its sessions. Every adaptation re-plans through
`replan`: the plan, the change and today in, the new plan out. Held sessions and anything
in the past never change; a session suspended by a pause is the one exception, because
a pause takes it out of the calendar and a resume must put it back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, time, timedelta

from arcwise.days import weeks_covering
from arcwise.journeys.schedule.proposal import PlannedSession, PlanPhase, phase_windows

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
        item if isinstance(item, PlanSession) else PlanSession(key, item.phase_key, item.on, TEN)
        for key, item in proposal
    )
    return Plan(stages, sessions, cadence_days, end)


# The time of day a session takes when the plan has no session to copy its time from.
TEN = time(10, 0)
