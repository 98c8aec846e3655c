"""When momentum's signals fire: thresholds a practice may adjust within limits."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any


def _limit(default: float, low: float, high: float, *, why: str) -> Any:
    """A threshold's default, the limits a practice may set it within, and why it is what
    it is, in words an owner reads on the thresholds page."""
    return field(default=default, metadata={"low": low, "high": high, "why": why})


@dataclass(frozen=True)
class Thresholds:
    """When a signal fires. The defaults suit fortnightly coaching; a practice may adjust
    any of them (`from_overrides`), within limits that keep the signals meaningful."""

    gap_drifting_cadences: float = _limit(
        1.5,
        1.0,
        10.0,
        why=(
            "Drifting once the gap since the last held session passes 1.5 cadences: one "
            "session moved by a few days is life, a whole missed cycle is drift."
        ),
    )
    gap_stalled_cadences: float = _limit(
        2.5,
        1.0,
        20.0,
        why=(
            "Stalled past 2.5 cadences: two sessions have not happened and none has replaced them."
        ),
    )
    unrecorded_grace_days: int = _limit(
        2,
        0,
        30,
        why=(
            "A past session may wait this many days to be recorded before it counts as "
            "still 'planned': coaches often write up a session the next day or two."
        ),
    )
    reflection_window_days: int = _limit(
        28,
        7,
        120,
        why=(
            "Reflections are judged over the requests due in this many recent days: about "
            "two cycles at a fortnightly cadence, so one busy week does not decide it."
        ),
    )
    reflection_grace_days: int = _limit(
        2,
        0,
        14,
        why=("A reflection due this recently is not yet late: the client may answer it tonight."),
    )
    reflection_min_asked: int = _limit(
        3,
        1,
        50,
        why=("Fewer requests than this say too little about a client to judge them."),
    )
    reflection_answered_share: float = _limit(
        0.5,
        0.0,
        1.0,
        why=("Below this share answered, the client has stopped reflecting between sessions."),
    )
    pulse_window_weeks: int = _limit(
        4,
        2,
        26,
        why=("Pulse answers are compared over this many recent weeks: a trend, not one bad week."),
    )
    pulse_min_answers: int = _limit(
        3,
        2,
        26,
        why=(
            "At least this many answers on a scale in the window before a fall counts as a trend."
        ),
    )
    pulse_fall_points: int = _limit(
        3,
        1,
        10,
        why=(
            "A fall of this many points (of 10) from the first answer in the window to the "
            "last is more than the week-to-week noise clients report."
        ),
    )
    experiment_overdue_days: int = _limit(
        7,
        0,
        90,
        why=(
            "An experiment left without a check-in this many days past its 'by when' has "
            "been dropped in all but name; a few days' slack lets the client bring it to "
            "the session."
        ),
    )
    phase_overrun_factor: float = _limit(
        1.5,
        1.0,
        10.0,
        why=("A phase run longer than 1.5 times its planned weeks is no longer a slow patch."),
    )
    planned_end_grace_days: int = _limit(
        7,
        0,
        90,
        why=(
            "The closing review usually follows the planned end within a week; after that "
            "the ending itself is at risk of fading out."
        ),
    )
    drift_signals_for_stall: int = _limit(
        3,
        2,
        10,
        why=("This many drifting signals at once are a stall, whatever the session gap says."),
    )

    @classmethod
    def from_overrides(cls, overrides: Mapping[str, object]) -> Thresholds:
        """The defaults with a practice's adjustments: unknown names and values that are
        not numbers are ignored, numbers are clamped to each threshold's limits, and the
        stall gap is never shorter than the drift gap."""
        values: dict[str, Any] = {}
        for spec in fields(cls):
            raw = overrides.get(spec.name)
            if isinstance(raw, bool) or not isinstance(raw, int | float | str):
                continue
            try:
                number = float(raw)
            except ValueError:
                continue
            if not math.isfinite(number):
                continue
            number = min(max(number, spec.metadata["low"]), spec.metadata["high"])
            values[spec.name] = round(number) if spec.type in (int, "int") else number
        made = cls(**values)
        if made.gap_stalled_cadences < made.gap_drifting_cadences:
            values["gap_stalled_cadences"] = made.gap_drifting_cadences
            made = cls(**values)
        return made


DEFAULT = Thresholds()
