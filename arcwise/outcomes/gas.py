"""Goal Attainment Scaling: the T-score of a set of goals rated at close. No Django import.

Kiresuk and Sherman's formula turns the level each goal reached (-2 much less than expected,
0 as expected, +2 much more) into one number, T, that is 50 when everything landed as
expected and moves ten points for each standard step above or below, assuming the goals'
scores correlate by `rho` (0.3 by convention).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

LEVELS = range(-2, 3)
DEFAULT_RHO = 0.3

T_MEANING = (
    "T is 50 when every goal lands at the level expected for it; each 10 points above or "
    "below is one standard step better or worse than expected. With only a few goals, or "
    "goals whose expected level was set low, the number says little on its own."
)


class GasError(ValueError):
    """Input that has no T-score; the message says what to change, in plain words."""


def t_score(
    levels: Sequence[int],
    weights: Sequence[float] | None = None,
    rho: float = DEFAULT_RHO,
) -> float:
    """The GAS T-score of goals that reached `levels` (each -2..+2), rounded to two places.

    T = 50 + 10·Σwᵢxᵢ / √((1-rho)·Σwᵢ² + rho·(Σwᵢ)²). Every weight is 1 unless `weights` gives
    one per goal. Raises GasError for input with no meaning: no goals, a level outside -2..+2,
    weights that do not match the goals or are not positive, or `rho` outside [0, 1).
    """
    if len(levels) == 0:
        raise GasError("There are no goals to score: rate at least one goal.")
    for number, level in enumerate(levels, start=1):
        # A bool is an int to Python, but True is not a level anyone chose.
        if isinstance(level, bool) or not isinstance(level, int) or level not in LEVELS:
            raise GasError(
                f"Goal {number} has level {level!r}; a level is a whole number from -2 to +2."
            )
    if weights is None:
        weights = [1.0] * len(levels)
    if len(weights) != len(levels):
        raise GasError(
            f"There are {len(levels)} goals but {len(weights)} weights: give one weight per goal."
        )
    for number, weight in enumerate(weights, start=1):
        if (
            isinstance(weight, bool)
            or not isinstance(weight, int | float)
            or not math.isfinite(weight)
            or weight <= 0
        ):
            raise GasError(f"Goal {number} has weight {weight!r}; a weight is a number above 0.")
    if isinstance(rho, bool) or not isinstance(rho, int | float) or not 0 <= rho < 1:
        raise GasError(f"rho is {rho!r}; it must be at least 0 and below 1.")
    weighted = math.fsum(w * x for w, x in zip(weights, levels, strict=True))
    spread = (1 - rho) * math.fsum(w * w for w in weights) + rho * math.fsum(weights) ** 2
    return round(50 + 10 * weighted / math.sqrt(spread), 2)
