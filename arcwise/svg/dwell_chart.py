"""Weeks spent in each phase against the weeks planned, as one SVG picture. No Django import.

A row per phase: a pale band from nought to the planned weeks; over it a thin line from
the shortest to the longest stay, a box over the middle half of the journeys (25th to 75th
percentile) and a bold tick at the median. A stay that overruns the plan reads at a glance
as a box past the band's end. The page puts a table with the same figures beside it, and
the description says each row in words.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from arcwise.svg.frame import Ids, accessible_svg
from arcwise.svg.markup import Markup, element, fragment
from arcwise.svg.style import ACCENT, FILL_SOLID, INK, INK_SOFT, PAPER, WIDTH
from arcwise.svg.wrap import fit

LABEL_WIDTH = 170
PLOT_LEFT = LABEL_WIDTH + 10
PLOT_WIDTH = WIDTH - PLOT_LEFT - 24
ROW_HEIGHT = 40
TOP = 10
BAND_HEIGHT = 22
BOX_HEIGHT = 14
AXIS_SPACE = 46
FONT_SIZE = 14
# The narrowest the chart is drawn (34rem at the page's 17 px rem; narrower screens scroll
# it sideways): 14 units of text at 578/640 is 12.6 px. Page CSS keeps it at least this wide.
SHOWN_WIDTH = 578
# Room kept between the picture's left edge and the longest name.
NAME_PAD = 4
MAX_TICKS = 8

Scale = Callable[[float], float]


@dataclass(frozen=True)
class DwellRow:
    """One phase: its planned weeks and the weeks journeys spent in it (None: nobody yet)."""

    name: str
    planned_weeks: float
    journeys: int
    low: float | None = None
    p25: float | None = None
    median: float | None = None
    p75: float | None = None
    high: float | None = None


def _weeks(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text} week" if text == "1" else f"{text} weeks"


def row_words(row: DwellRow) -> str:
    """“Orient: planned 2 weeks; median 3 weeks, middle half 2 to 4, all 1 to 6 (5 journeys)”."""
    planned = f"{row.name}: planned {_weeks(row.planned_weeks)}"
    if row.median is None or row.journeys == 0:
        return f"{planned}; no journey has reached it yet"
    journeys = "1 journey" if row.journeys == 1 else f"{row.journeys} journeys"
    return (
        f"{planned}; median {_weeks(row.median)}, middle half {_number(row.p25)} to "
        f"{_number(row.p75)}, all {_number(row.low)} to {_number(row.high)} ({journeys})"
    )


def _number(value: float | None) -> str:
    return "?" if value is None else f"{value:.1f}".rstrip("0").rstrip(".")


def tick_step(longest: float) -> int:
    """Weeks between axis ticks: the smallest of 1, 2, 4, 5, 10, 20 … giving few enough."""
    for step in (1, 2, 4, 5, 10, 20, 25, 50, 100):
        if math.ceil(longest / step) <= MAX_TICKS:
            return step
    return math.ceil(longest / MAX_TICKS)


def render_dwell_chart(rows: Sequence[DwellRow], *, title: str) -> Markup:
    """The dwell chart for `rows`, in the order given (the design's phase order)."""
    longest = max(
        [1.0, *(r.planned_weeks for r in rows), *(r.high for r in rows if r.high is not None)]
    )
    step = tick_step(longest)
    end = step * math.ceil(longest / step)

    def x(weeks: float) -> float:
        return PLOT_LEFT + weeks / end * PLOT_WIDTH

    plot_bottom = TOP + ROW_HEIGHT * max(1, len(rows))
    height = plot_bottom + AXIS_SPACE
    body = [_row(row, TOP + index * ROW_HEIGHT, x) for index, row in enumerate(rows)]
    if not rows:
        body.append(
            element(
                "text",
                {"x": PLOT_LEFT, "y": TOP + ROW_HEIGHT / 2, "fill": INK_SOFT, "font-size": 14},
                "No phases to show.",
            )
        )
    description = "; ".join(row_words(row) for row in rows) or "No phases to show"
    ids = Ids("dwell", repr((tuple(rows), title)))
    return accessible_svg(
        css_class="dwell-chart",
        ids=ids,
        width=WIDTH,
        height=height,
        title=title,
        description=description + ".",
        body=[
            element("rect", {"x": 0, "y": 0, "width": WIDTH, "height": height, "fill": PAPER}),
            *body,
            _axis(end, step, plot_bottom, x),
        ],
    )


def _row(row: DwellRow, top: float, x: Scale) -> Markup:
    middle = top + ROW_HEIGHT / 2
    parts = [
        element(
            "text",
            {
                "x": LABEL_WIDTH,
                "y": middle + 5,
                "fill": INK,
                "font-size": FONT_SIZE,
                "text-anchor": "end",
                "class": "dwell-name",
            },
            _name(row.name),
        ),
        element(
            "rect",
            {
                "x": x(0),
                "y": middle - BAND_HEIGHT / 2,
                "width": x(row.planned_weeks) - x(0),
                "height": BAND_HEIGHT,
                "fill": FILL_SOLID,
                "class": "dwell-planned",
            },
            [element("title", None, f"{row.name}: planned {_weeks(row.planned_weeks)}")],
        ),
    ]
    if row.median is None or row.low is None or row.high is None:
        parts.append(
            element(
                "text",
                {
                    "x": x(row.planned_weeks) + 8,
                    "y": middle + 5,
                    "fill": INK_SOFT,
                    "font-size": FONT_SIZE,
                    "class": "dwell-none",
                },
                "no journeys yet",
            )
        )
        return fragment(*parts)
    p25 = row.p25 if row.p25 is not None else row.median
    p75 = row.p75 if row.p75 is not None else row.median
    parts += [
        element(
            "line",
            {
                "x1": x(row.low),
                "x2": x(row.high),
                "y1": middle,
                "y2": middle,
                "stroke": INK_SOFT,
                "stroke-width": 2,
                "class": "dwell-range",
            },
        ),
        element(
            "rect",
            {
                "x": x(p25),
                "y": middle - BOX_HEIGHT / 2,
                "width": max(x(p75) - x(p25), 1),
                "height": BOX_HEIGHT,
                "fill": PAPER,
                "stroke": ACCENT,
                "stroke-width": 2,
                "class": "dwell-iqr",
            },
        ),
        element(
            "line",
            {
                "x1": x(row.median),
                "x2": x(row.median),
                "y1": middle - BAND_HEIGHT / 2,
                "y2": middle + BAND_HEIGHT / 2,
                "stroke": INK,
                "stroke-width": 4,
                "class": "dwell-median",
            },
            [element("title", None, row_words(row))],
        ),
    ]
    return fragment(*parts)


def _axis(end: int, step: int, y: float, x: Scale) -> Markup:
    parts = [
        element(
            "line",
            {"x1": x(0), "x2": x(end), "y1": y, "y2": y, "stroke": INK_SOFT, "stroke-width": 1},
        )
    ]
    for weeks in range(0, end + 1, step):
        parts.append(
            element(
                "line",
                {"x1": x(weeks), "x2": x(weeks), "y1": y, "y2": y + 5, "stroke": INK_SOFT},
            )
        )
        parts.append(
            element(
                "text",
                {
                    "x": x(weeks),
                    "y": y + 20,
                    "fill": INK,
                    "font-size": FONT_SIZE,
                    "text-anchor": "middle",
                    "class": "dwell-tick",
                },
                str(weeks),
            )
        )
    parts.append(
        element(
            "text",
            {
                "x": x(end / 2),
                "y": y + 40,
                "fill": INK_SOFT,
                "font-size": FONT_SIZE,
                "text-anchor": "middle",
            },
            "weeks in the phase (band: planned; box: middle half; tick: median)",
        )
    )
    return fragment(*parts)


def _name(name: str) -> list[Markup | str]:
    """The phase's name, cut short to stay inside the label column (it is drawn ending at
    LABEL_WIDTH, so a long one would run off the left edge); a cut name keeps its full
    words in a tooltip, and the description and the table say it in full."""
    shown = fit(name, LABEL_WIDTH - NAME_PAD, FONT_SIZE)
    return [shown] if shown == " ".join(name.split()) else [element("title", None, name), shown]
