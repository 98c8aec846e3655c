"""The design arc's time axis: weeks from the start, ticked and labelled without crowding.

No Django import.
"""

from __future__ import annotations

from arcwise.svg.arc_geometry import PLOT_LEFT, PLOT_WIDTH
from arcwise.svg.markup import Attrs, Markup, element, number
from arcwise.svg.style import INK, INK_SOFT, WIDTH, text_width

TICK_SIZE = 18
CAPTION_SIZE = 16
# Tick label centres are at least this far apart, which leaves a clear gap between labels
# of up to three digits (about 35 units wide); longer labels get more room.
MIN_TICK_GAP = 44
# Below this many units per week, weekly ticks would merge into a grey smear.
MIN_MINOR_TICK_GAP = 4
TICK_STEPS = (1, 2, 4, 8, 13, 26, 52)


def _tick_gap(weeks: int) -> float:
    """How far apart tick label centres must be: the widest label plus a clear gap."""
    return max(MIN_TICK_GAP, text_width(str(weeks), TICK_SIZE) + 10)


def _tick_step(weeks: int) -> int:
    per_week, gap = PLOT_WIDTH / weeks, _tick_gap(weeks)
    step = next((s for s in TICK_STEPS if s * per_week >= gap), TICK_STEPS[-1])
    while step * per_week < gap:
        step *= 2
    return step


def axis(weeks: int, axis_y: float) -> Markup:
    """The week axis under the band: a small tick every week, labels every few weeks.

    The end of the axis is always labelled and a regular label too close to it is
    dropped, so no two labels are ever nearer than `_tick_gap`.
    """
    span = max(weeks, 1)
    unit = PLOT_WIDTH / span
    step = _tick_step(span)
    gap = _tick_gap(span)
    labelled = [week for week in range(0, span, step) if (span - week) * unit >= gap]
    labelled.append(span)
    axis_line: Attrs = {
        "x1": PLOT_LEFT,
        "y1": axis_y,
        "x2": PLOT_LEFT + PLOT_WIDTH,
        "y2": axis_y,
        "stroke": INK,
        "stroke-width": 2,
    }
    children = [element("line", axis_line)]
    minor = "".join(
        f"M{number(PLOT_LEFT + week * unit)} {number(axis_y)}v5"
        for week in range(span + 1)
        if week not in labelled and unit >= MIN_MINOR_TICK_GAP
    )
    if minor:
        children.append(
            element("path", {"class": "arc-tick-minor", "d": minor, "stroke": INK_SOFT})
        )
    for week in labelled:
        x = PLOT_LEFT + week * unit
        tick: Attrs = {
            "class": "arc-tick",
            "d": f"M{number(x)} {number(axis_y)}v9",
            "stroke": INK,
            "stroke-width": 1.5,
        }
        text: Attrs = {
            "class": "arc-tick-label",
            "x": x,
            "y": axis_y + 28,
            "text-anchor": "middle",
            "font-size": TICK_SIZE,
            "fill": INK,
        }
        children += [element("path", tick), element("text", text, str(week))]
    caption: Attrs = {
        "class": "arc-axis-caption",
        "x": WIDTH / 2,
        "y": axis_y + 50,
        "text-anchor": "middle",
        "font-size": CAPTION_SIZE,
        "fill": INK_SOFT,
    }
    children.append(element("text", caption, "weeks from the start"))
    return element("g", {"class": "arc-axis"}, children)
