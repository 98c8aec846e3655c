"""What changed between two versions of a design, phase by phase, in words a coach reads.

Plain data in, plain data out; no Django import. Phases are matched by key, the identity
that journeys use to carry their history from one version to the next.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from arcwise.days import count, every_days
from arcwise.designs.spec import DesignSpec, PhaseSpec

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
SAME = "unchanged"


@dataclass(frozen=True)
class PhaseDiff:
    key: str
    kind: str  # added, removed, changed or unchanged
    name: str  # the new name, or the old one for a removed phase
    changes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DesignDiff:
    phases: tuple[PhaseDiff, ...]
    changes: tuple[str, ...]  # about the design as a whole: cadence, name

    @property
    def is_empty(self) -> bool:
        return not self.changes and all(phase.kind == SAME for phase in self.phases)

    def of(self, kind: str) -> list[PhaseDiff]:
        return [phase for phase in self.phases if phase.kind == kind]


def compare_designs(old: DesignSpec, new: DesignSpec) -> DesignDiff:
    """Phases added, removed, renamed, re-timed or moved; prompts and signals changed."""
    before = {phase.key: (number, phase) for number, phase in enumerate(old.phases, start=1)}
    after = {phase.key: (number, phase) for number, phase in enumerate(new.phases, start=1)}
    phases: list[PhaseDiff] = []
    for number, phase in enumerate(new.phases, start=1):
        if phase.key not in before:
            phases.append(PhaseDiff(phase.key, ADDED, phase.name, (f"{_timing(phase)}, new",)))
            continue
        old_number, old_phase = before[phase.key]
        changes = _phase_changes(old_phase, phase, old_number, number)
        phases.append(PhaseDiff(phase.key, CHANGED if changes else SAME, phase.name, changes))
    for key, (_, phase) in before.items():
        if key not in after:
            phases.append(PhaseDiff(key, REMOVED, phase.name, ("no longer in the design",)))
    whole = []
    if old.name != new.name:
        whole.append(f"renamed from “{old.name}” to “{new.name}”")
    if old.cadence_days != new.cadence_days:
        whole.append(f"cadence {every_days(new.cadence_days)} (was {every_days(old.cadence_days)})")
    if old.intake != new.intake:
        # Questions by what they ask: a question reworded counts as one removed, one added.
        was = [f"{q.kind}: {q.prompt}" for q in old.intake]
        now = [f"{q.kind}: {q.prompt}" for q in new.intake]
        if was != now:
            whole.append(f"intake questions: {_list_change(was, now)}")
        else:
            whole.append("intake questions: what they require, offer or fill in changed")
    return DesignDiff(tuple(phases), tuple(whole))


def _timing(phase: PhaseSpec) -> str:
    return f"{count(phase.planned_weeks, 'week')}, {count(phase.planned_sessions, 'session')}"


def _phase_changes(old: PhaseSpec, new: PhaseSpec, old_number: int, number: int) -> tuple[str, ...]:
    changes = []
    if old.name != new.name:
        changes.append(f"renamed from “{old.name}”")
    if number != old_number:
        changes.append(f"now phase {number} (was {old_number})")
    if (old.planned_weeks, old.planned_sessions) != (new.planned_weeks, new.planned_sessions):
        changes.append(f"re-timed: {_timing(new)} (was {_timing(old)})")
    if old.intent != new.intent:
        changes.append("intent reworded")
    if old.client_intent != new.client_intent:
        changes.append(_client_wording_change(old.client_intent, new.client_intent))
    for label, was, now in (
        ("readiness signals", old.readiness_signals, new.readiness_signals),
        ("session prompts", old.session_prompts, new.session_prompts),
        ("practices", [p.title for p in old.practices], [p.title for p in new.practices]),
        (
            "reflection prompts",
            [f"{p.step}: {p.text}" for p in old.reflection_prompts],
            [f"{p.step}: {p.text}" for p in new.reflection_prompts],
        ),
    ):
        if list(was) != list(now):
            changes.append(f"{label}: {_list_change(was, now)}")
    return tuple(changes)


def _client_wording_change(was: str, now: str) -> str:
    if not was:
        return "wording for the client added"
    if not now:
        return "wording for the client removed"
    return "wording for the client reworded"


def _list_change(was: Sequence[str], now: Sequence[str]) -> str:
    added = [item for item in now if item not in was]
    removed = [item for item in was if item not in now]
    parts = []
    if added:
        parts.append(f"{len(added)} added")
    if removed:
        parts.append(f"{len(removed)} removed")
    return ", ".join(parts) if parts else "reordered"
