"""The client's weekly pulse as small line charts, one per scale, 0 to 10. No Django import.

A table beside the picture carries the same numbers for screen readers; the picture's own
title and description say the trend in words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from arcwise.svg.frame import Ids, accessible_svg
from arcwise.svg.markup import Attrs, Markup, element, fragment
from arcwise.svg.style import ACCENT, INK, INK_SOFT
from arcwise.svg.wrap import wrap_lines

ROW_HEIGHT = 60
LABEL_WIDTH = 140
# Between a scale's name and its line: the line's ends, 0 and 10, written at their heights.
SCALE_WIDTH = 28
PLOT_LEFT = LABEL_WIDTH + SCALE_WIDTH
PLOT_WIDTH = 170
VALUE_WIDTH = 56
TOP = 10
NAME_SIZE = 15
NAME_LINE = 17
SCALE_SIZE = 15
VALUE_SIZE = 16
# The narrowest the chart is drawn (19rem at the page's 17 px rem, which fits a 360 px
# phone), and what the text sizes are chosen for: 15 units at 323/394 is 12.3 px. Page CSS
# keeps it at least this wide.
SHOWN_WIDTH = 323
# A scale's name wraps onto at most this many lines, leaving a gap before the plot.
NAME_LINES = 2
NAME_ROOM = LABEL_WIDTH - 12
GRID = "#d5dcde"
LOWEST, HIGHEST = 0, 10


@dataclass(frozen=True)
class PulseSeries:
    """One scale, in the client's words, and its answers week by week (oldest first)."""

    scale: str
    points: tuple[tuple[date, int], ...]


def trend_words(series: PulseSeries) -> str:
    """“'room for this work' went from 7 to 4 over 3 weeks” — or the one answer so far."""
    if not series.points:
        return f"“{series.scale}”: no answers yet"
    first, last = series.points[0][1], series.points[-1][1]
    if len(series.points) == 1:
        return f"“{series.scale}”: {last} of 10, one answer so far"
    weeks = len(series.points)
    if first == last:
        return f"“{series.scale}” stayed at {last} over {weeks} weekly answers"
    move = "rose" if last > first else "fell"
    return f"“{series.scale}” {move} from {first} to {last} over {weeks} weekly answers"


def render_pulse_chart(series: Sequence[PulseSeries], *, title: str) -> Markup:
    """Small multiples: a row per scale with its name, its line and its latest value."""
    width = PLOT_LEFT + PLOT_WIDTH + VALUE_WIDTH
    height = TOP * 2 + ROW_HEIGHT * max(1, len(series))
    days = sorted({day for s in series for day, _ in s.points})
    rows = [_row(s, index, days) for index, s in enumerate(series)]
    description = "; ".join(trend_words(s) for s in series) + "."
    # Ids from the input itself: two charts on one page never share one, and the same
    # series always draw the same markup.
    ids = Ids("pulse", repr((tuple(series), title)))
    return accessible_svg(
        css_class="pulse-chart",
        ids=ids,
        width=width,
        height=height,
        title=title,
        description=description,
        body=rows,
    )


def _row(series: PulseSeries, index: int, days: list[date]) -> Markup:
    top = TOP + index * ROW_HEIGHT
    bottom = top + ROW_HEIGHT - 16
    span = max(1, len(days) - 1)

    def x(day: date) -> float:
        return (
            PLOT_LEFT + (days.index(day) / span) * PLOT_WIDTH
            if len(days) > 1
            else (PLOT_LEFT + PLOT_WIDTH / 2)
        )

    def y(value: int) -> float:
        return bottom - (value - LOWEST) / (HIGHEST - LOWEST) * (bottom - top - 4)

    parts = [_name(series.scale, top + ROW_HEIGHT / 2 - 4), *_scale(y)]
    points = [(x(day), y(value)) for day, value in series.points]
    if len(points) > 1:
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        parts.append(
            element(
                "polyline",
                {
                    "points": path,
                    "fill": "none",
                    "stroke": ACCENT,
                    "stroke-width": 2,
                    "class": "pulse-line",
                },
            )
        )
    for (px, py), (day, value) in zip(points, series.points, strict=True):
        parts.append(
            element(
                "circle",
                {"cx": px, "cy": py, "r": 3, "fill": ACCENT, "class": "pulse-point"},
                [element("title", None, f"{series.scale}, week of {day:%d %b}: {value}")],
            )
        )
    latest = str(series.points[-1][1]) if series.points else "none"
    parts.append(
        element(
            "text",
            {
                "x": PLOT_LEFT + PLOT_WIDTH + 10,
                "y": top + ROW_HEIGHT / 2 - 4,
                "fill": INK,
                "font-size": VALUE_SIZE,
                "font-weight": "bold",
            },
            latest,
        )
    )
    return fragment(*parts)


def _scale(y: Callable[[int], float]) -> list[Markup]:
    """The row's scale: a line at 0 and a faint one at 10, each labelled at its left end."""
    parts = []
    for value, colour, stroke in ((LOWEST, INK_SOFT, 0.75), (HIGHEST, GRID, 1)):
        line: Attrs = {
            "class": "pulse-scale-line",
            "x1": PLOT_LEFT,
            "x2": PLOT_LEFT + PLOT_WIDTH,
            "y1": y(value),
            "y2": y(value),
            "stroke": colour,
            "stroke-width": stroke,
        }
        label: Attrs = {
            "class": "pulse-scale-label",
            "x": PLOT_LEFT - 5,
            "y": y(value) + SCALE_SIZE * 0.35,
            "text-anchor": "end",
            "fill": INK_SOFT,
            "font-size": SCALE_SIZE,
        }
        parts += [element("line", line), element("text", label, str(value))]
    return parts


def _name(scale: str, middle: float) -> Markup:
    """The scale's name left of its line, wrapped (and cut short if need be) to stay clear
    of the plot; a name that had to be cut keeps its full words in a tooltip."""
    lines = wrap_lines(scale, NAME_ROOM, NAME_SIZE, lines=NAME_LINES)
    cut = lines[-1].endswith("…") and not " ".join(scale.split()).endswith("…")
    tip = [element("title", None, scale)] if cut else []
    attrs: Attrs = {"x": 0, "y": middle, "fill": INK, "font-size": NAME_SIZE}
    if len(lines) == 1:
        return element("text", attrs, [*tip, lines[0]])
    first_y = middle - NAME_LINE * (len(lines) - 1) / 2
    spans = [
        element("tspan", {"x": 0, "y": first_y + NAME_LINE * index}, line)
        for index, line in enumerate(lines)
    ]
    return element("text", attrs, [*tip, *spans])
