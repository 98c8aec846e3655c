"""Comparing two plans session by session, for the coach to see before confirming."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from arcwise.days import format_day
from arcwise.journeys.schedule.plan import SUSPENDED, Plan, PlanSession


@dataclass(frozen=True)
class SessionChange:
    """How one session differs between two plans; `before` or `after` is None if it is new
    or removed."""

    before: PlanSession | None
    after: PlanSession | None

    @property
    def day(self) -> date:
        """The day the session is on after the change, or was on before it was removed."""
        session = self.after or self.before
        assert session is not None
        return session.on

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        if self.after.status == SUSPENDED and self.before.status != SUSPENDED:
            return "suspended"
        if self.after.status == "cancelled" and self.before.status != "cancelled":
            return "cancelled"
        if self.after.on != self.before.on:
            return "moved"
        if self.before.status == SUSPENDED and self.after.status != SUSPENDED:
            return "back"
        return "relabelled"


@dataclass(frozen=True)
class PlanDiff:
    changes: tuple[SessionChange, ...]
    end_before: date
    end_after: date

    def count(self, kind: str) -> int:
        return sum(1 for change in self.changes if change.kind == kind)

    def summary(self) -> str:
        """“2 sessions moved, 1 added. Planned end: 30 November 2026 (was 16 November 2026).”"""
        parts = [
            f"{self.count(kind)} {word}"
            for kind, word in (
                ("moved", "moved"),
                ("added", "added"),
                ("removed", "removed"),
                ("suspended", "suspended"),
                ("back", "back in the plan"),
                ("relabelled", "in another phase"),
                ("cancelled", "cancelled"),
            )
            if self.count(kind)
        ]
        sessions = "No session changes"
        if parts:
            first, *rest = parts
            number, word = first.split(" ", 1)
            noun = "session" if number == "1" else "sessions"
            sessions = ", ".join([f"{number} {noun} {word}", *rest])
        if self.end_after == self.end_before:
            return f"{sessions}. The planned end stays {format_day(self.end_after)}."
        return (
            f"{sessions}. Planned end: {format_day(self.end_after)} "
            f"(was {format_day(self.end_before)})."
        )


def compare(before: Plan, after: Plan) -> PlanDiff:
    """Every session that is added, removed, moved or relabelled, and the two planned ends."""
    old = {s.key: s for s in before.sessions}
    new = {s.key: s for s in after.sessions}
    changes = [
        SessionChange(old.get(key), new.get(key))
        for key in [*old, *(key for key in new if key not in old)]
        if old.get(key) != new.get(key)
    ]
    changes.sort(key=lambda change: change.day)
    return PlanDiff(tuple(changes), before.planned_end, after.planned_end)
