"""A practice's momentum thresholds: what the settings page shows of each, and saving them.

The practice stores only the thresholds it changed (`Practice.momentum_thresholds`); the
rest keep momentum's defaults, so a default improved in a later release reaches every
practice that never changed it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields

from django.db import transaction

from arcwise.accounts.models import Practice
from arcwise.errors import DomainError
from arcwise.insights.momentum.thresholds import DEFAULT, Thresholds

Number = int | float

# What the page calls each threshold, in a coach's words; the why is the words
# momentum/thresholds.py keeps with each threshold (see `why_of`), so it is written once.
LABELS: dict[str, str] = {
    "gap_drifting_cadences": "Drifting after a gap of (cadences)",
    "gap_stalled_cadences": "Stalled after a gap of (cadences)",
    "unrecorded_grace_days": "Days to record a session before it counts as unrecorded",
    "reflection_window_days": "Reflections judged over the last (days)",
    "reflection_grace_days": "Days before a reflection counts as unanswered",
    "reflection_min_asked": "Fewest reflections asked before judging",
    "reflection_answered_share": "Share of reflections answered, at least (0 to 1)",
    "pulse_window_weeks": "Pulse trend over the last (weeks)",
    "pulse_min_answers": "Fewest pulse answers for a trend",
    "pulse_fall_points": "A pulse fall that counts (points of 10)",
    "experiment_overdue_days": "Days an experiment may go past its day unchecked",
    "phase_overrun_factor": "A phase overruns at (times its planned weeks)",
    "planned_end_grace_days": "Days after the planned end before closure is at risk",
    "drift_signals_for_stall": "Drifting signals at once that make a stall",
}


def why_of(name: str) -> str:
    """Why a threshold is what it is: the words momentum/thresholds.py keeps with its default."""
    spec = next((spec for spec in fields(Thresholds) if spec.name == name), None)
    return str(spec.metadata["why"]) if spec is not None else ""


@dataclass(frozen=True)
class ThresholdRow:
    """One threshold as the settings page shows it."""

    name: str
    label: str
    why: str
    value: Number
    default: Number
    low: Number
    high: Number
    whole: bool  # a whole number (days, counts), not a fraction

    @property
    def changed(self) -> bool:
        return self.value != self.default

    @property
    def value_shown(self) -> str:
        return shown(self.value)

    @property
    def default_shown(self) -> str:
        return shown(self.default)


def shown(number: Number) -> str:
    """A threshold as people write it: 1.5, 2, 0.5 (not 1.50, 2.0)."""
    return f"{number:g}"


def threshold_rows(practice: Practice) -> list[ThresholdRow]:
    """Every threshold, in momentum's order, with the practice's value and the default."""
    current = Thresholds.from_overrides(stored_overrides(practice))
    rows = []
    for spec in fields(Thresholds):
        whole = spec.type in (int, "int")
        low, high = spec.metadata["low"], spec.metadata["high"]
        rows.append(
            ThresholdRow(
                name=spec.name,
                label=LABELS.get(spec.name, spec.name.replace("_", " ").capitalize()),
                why=why_of(spec.name),
                value=getattr(current, spec.name),
                default=getattr(DEFAULT, spec.name),
                low=int(low) if whole else low,
                high=int(high) if whole else high,
                whole=whole,
            )
        )
    return rows


def stored_overrides(practice: Practice) -> dict[str, object]:
    stored = practice.momentum_thresholds
    return dict(stored) if isinstance(stored, Mapping) else {}


def revision_of(overrides: Mapping[str, object]) -> str:
    """The stored thresholds as one string: the form carries it, so a save knows what the
    page was made from."""
    return json.dumps(dict(overrides), sort_keys=True, separators=(",", ":"))


def overrides_from(values: Mapping[str, Number]) -> dict[str, Number]:
    """Only the values that differ from momentum's defaults, by name."""
    return {
        spec.name: values[spec.name]
        for spec in fields(Thresholds)
        if spec.name in values and values[spec.name] != getattr(DEFAULT, spec.name)
    }


def momentum_thresholds_set(*, practice: Practice, values: Mapping[str, Number], was: str) -> bool:
    """Store the practice's thresholds (only those that differ from the defaults; none
    resets them), made from the page showing `was`. False when they already were these
    (a double click, a retried request): nothing changed.

    Changed meanwhile to something else (another owner, another tab), it is refused: the
    owner sees the current values and decides again.
    """
    wanted = overrides_from(values)
    made = Thresholds.from_overrides(wanted)
    for name, value in wanted.items():
        if getattr(made, name) != value:
            raise DomainError(f"{LABELS.get(name, name)}: {value} is outside its limits.")
    with transaction.atomic():
        # Locked, so two saves at once see each other: the second finds the first's values.
        locked = Practice.objects.select_for_update().get(pk=practice.pk)
        current = stored_overrides(locked)
        if current == wanted:
            return False
        if revision_of(current) != was:
            raise DomainError(
                "The thresholds were changed meanwhile (by another owner, or in another tab), "
                "so nothing was saved. The page now shows the current values: decide again."
            )
        Practice.objects.filter(pk=locked.pk).update(momentum_thresholds=wanted)
    practice.momentum_thresholds = wanted
    return True
