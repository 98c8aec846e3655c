"""The design arc's legend: every phase in words under the axis, with its weeks and sessions.

No Django import.
"""

from __future__ import annotations

from arcwise.days import count
from arcwise.svg.arc_geometry import MARGIN_X, Segment
from arcwise.svg.frame import Ids, phase_fill
from arcwise.svg.markup import Attrs, Markup, element, fragment
from arcwise.svg.style import HALO, INK, INK_SOFT, WIDTH
from arcwise.svg.wrap import StyledWord, wrap_styled

LEGEND_SIZE = 20
LEGEND_LINE = 26
SWATCH = 26
# Wide enough for a two-digit phase number with room to spare.
SWATCH_WIDTH = 32


def legend_of(segments: list[Segment], ids: Ids, top: float) -> tuple[Markup, float]:
    """Every phase in words, one entry each, long names wrapped; returns the bottom too."""
    text_x = MARGIN_X + SWATCH_WIDTH + 12
    # Legend text may use the right margin too: nothing is drawn beside it.
    room = WIDTH - 8 - text_x
    entries = []
    y = top
    for segment in segments:
        words = [(word, True) for word in segment.name.split()]
        words += [
            (f"· {count(segment.weeks, 'week')}", False),
            (f"· {count(segment.sessions, 'session')}", False),
        ]
        lines = wrap_styled(words, room, LEGEND_SIZE, cut_long=True)
        swatch: Attrs = {
            "x": MARGIN_X,
            "y": y,
            "width": SWATCH_WIDTH,
            "height": SWATCH,
            "fill": phase_fill(segment.number, ids),
            "stroke": INK,
            "stroke-width": 1.5,
        }
        swatch_number: Attrs = {
            "x": MARGIN_X + SWATCH_WIDTH / 2,
            "y": y + 19,
            "text-anchor": "middle",
            "font-size": 16,
            "font-weight": "bold",
            "fill": INK,
            **HALO,
        }
        children = [
            element("rect", swatch),
            element("text", swatch_number, str(segment.number)),
        ]
        for index, line in enumerate(lines):
            text: Attrs = {"x": text_x, "y": y + 20 + index * LEGEND_LINE, "font-size": LEGEND_SIZE}
            children.append(element("text", text, _legend_line(line)))
        entries.append(
            element("g", {"class": "arc-legend-entry", "data-phase": segment.number}, children)
        )
        y += max(SWATCH, len(lines) * LEGEND_LINE) + 10
    return element("g", {"class": "arc-legend"}, entries), y


def _legend_line(line: list[StyledWord]) -> Markup:
    # The name is bold ink and the numbers softer, so the eye finds the names first.
    runs: list[tuple[str, bool]] = []
    for word, is_name in line:
        if runs and runs[-1][1] == is_name:
            runs[-1] = (f"{runs[-1][0]} {word}", is_name)
        else:
            runs.append((f" {word}" if runs else word, is_name))
    return fragment(
        *(
            element(
                "tspan",
                {"font-weight": "bold", "fill": INK} if is_name else {"fill": INK_SOFT},
                text,
            )
            for text, is_name in runs
        )
    )
