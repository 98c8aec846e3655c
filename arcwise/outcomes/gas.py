"""Goal Attainment Scaling (Kiresuk and Sherman): the T-score of a set of rated goals.

Pure: no Django import, so it is fast and tested directly."""

from __future__ import annotations

import math
from collections.abc import Sequence


class GasError(ValueError):
    """A set of levels or weights that has no T-score, with the reason in words."""


def t_score(
    levels: Sequence[int], weights: Sequence[float] | None = None, rho: float = 0.3
) -> float:
    """T = 50 + 10*sum(w*x) / sqrt((1 - rho)*sum(w**2) + rho*sum(w)**2), rounded to two places."""
    if not levels:
        raise GasError("A T-score needs at least one rated goal.")
    if weights is None:
        weights = [1.0] * len(levels)
    if len(weights) != len(levels):
        raise GasError("Each goal needs one weight.")
    for level in levels:
        if isinstance(level, bool) or not isinstance(level, int) or not -2 <= level <= 2:
            raise GasError(f"A level is a whole number from -2 to +2, not {level!r}.")
    for weight in weights:
        if isinstance(weight, bool) or not math.isfinite(weight) or weight <= 0:
            raise GasError(f"A weight is a number above 0, not {weight!r}.")
    if not 0 <= rho < 1:
        raise GasError("rho is at least 0 and below 1.")
    total = sum(w * x for w, x in zip(weights, levels, strict=True))
    spread = math.sqrt((1 - rho) * sum(w * w for w in weights) + rho * sum(weights) ** 2)
    return round(50 + 10 * total / spread, 2)
