"""What every part of the design arc shares: the plot's width and each phase's segment.

No Django import.
"""

from __future__ import annotations

from dataclasses import dataclass

from arcwise.svg.style import WIDTH

MARGIN_X = 24
PLOT_LEFT = MARGIN_X
PLOT_WIDTH = WIDTH - 2 * MARGIN_X


@dataclass(frozen=True)
class Segment:
    """One phase's stretch of the band: its number and name, what it plans, and where it
    sits in user units."""

    number: int
    name: str
    weeks: int
    sessions: int
    start_week: int
    x: float
    width: float

    @property
    def centre(self) -> float:
        return self.x + self.width / 2
