"""The journey map's key: its phases by number, and what each shape and line means.

No Django import. Entries flow like words, left to right, wrapping at the picture's edge,
so the key fits a phone as well as a printed page.
"""

from __future__ import annotations

from collections.abc import Callable

from arcwise.svg.bands import outline
from arcwise.svg.callouts import TODAY_DASH, diamond
from arcwise.svg.frame import Ids, phase_fill
from arcwise.svg.journey_picture import MARGIN_X, JourneyPicture, phase_name, planned_in_order
from arcwise.svg.marks import STATUS_WORDS, STATUSES, mark_shape
from arcwise.svg.markup import Attrs, AttrValue, Markup, element, fragment, number
from arcwise.svg.style import FILL_SOLID, HALO, INK, INK_SOFT, WIDTH, text_width
from arcwise.svg.wrap import wrap

LEGEND_SIZE = 17
LEGEND_LINE = 28
SWATCH_WIDTH = 30
SWATCH_HEIGHT = 22


class _Flow:
    """Legend entries laid out like words: left to right, wrapping at the picture's edge."""

    def __init__(self, top: float) -> None:
        self.x = float(MARGIN_X)
        self.y = top
        self.children: list[Markup] = []

    def new_line(self) -> None:
        if self.children:
            self.x, self.y = MARGIN_X, self.y + LEGEND_LINE

    def lead(self, text: str) -> None:
        """Start a new line with a heading such as "Sessions:"."""
        self.new_line()
        attrs: Attrs = {
            "class": "jm-legend-lead",
            "x": self.x,
            "y": self.y + LEGEND_SIZE * 0.36,
            "font-size": LEGEND_SIZE,
            "font-weight": "bold",
            "fill": INK_SOFT,
        }
        self.children.append(element("text", attrs, text))
        self.x += text_width(text, LEGEND_SIZE, bold=True) + 10

    def add(
        self, symbol: float, draw: Callable[[float, float], Markup], text: str, name: str
    ) -> None:
        """One entry: a symbol and its words. An entry too long for any line (a long phase
        name) wraps inside itself, and the next entry starts on a fresh line."""
        limit = WIDTH - 8
        width = symbol + 6 + text_width(text, LEGEND_SIZE)
        fits_a_line = MARGIN_X + width <= limit
        if self.x + width > limit and (fits_a_line or limit - self.x < 160):
            self.new_line()
        text_x = self.x + symbol + 6
        lines = wrap(text, limit - text_x, LEGEND_SIZE)
        labels = [
            element(
                "text",
                {
                    "x": text_x,
                    "y": self.y + index * LEGEND_LINE + LEGEND_SIZE * 0.36,
                    "font-size": LEGEND_SIZE,
                    "fill": INK,
                },
                line,
            )
            for index, line in enumerate(lines)
        ]
        self.children.append(
            element(
                "g",
                {"class": f"jm-legend-entry {name}"},
                [draw(self.x + symbol / 2, self.y), *labels],
            )
        )
        if len(lines) > 1:
            self.y += (len(lines) - 1) * LEGEND_LINE
            self.x = limit
        else:
            self.x += width + 18

    @property
    def bottom(self) -> float:
        return self.y + LEGEND_LINE / 2


def draw_legend(picture: JourneyPicture, ids: Ids, top: float) -> tuple[Markup, float]:
    """The phases by number, and what each shape and line means, wrapping on narrow widths.

    Bars too narrow for their names still have a number, so the key makes the picture
    readable without tooltips (which phones and print do not have).
    """
    flow = _Flow(top)
    phases = _phase_names(picture)
    if phases:
        flow.lead("Phases:")
        for phase_number, name in phases:
            flow.add(SWATCH_WIDTH, _legend_phase(phase_number, ids), name, "jm-legend-phase")
    flow.lead("Sessions:")
    for status in STATUSES:
        flow.add(16, _legend_session(status), STATUS_WORDS[status], "jm-legend-session")
    flow.new_line()
    flow.add(24, lambda x, y: _legend_run(x, y, ids), "run still going", "jm-legend-open")
    flow.add(12, _legend_adaptation, "adaptation", "jm-legend-adaptation")
    if picture.shows_today:
        flow.add(12, _legend_today, "today", "jm-legend-today")
    return element("g", {"class": "jm-legend"}, flow.children), flow.bottom


def _phase_names(picture: JourneyPicture) -> list[tuple[int, str]]:
    names: dict[int, str] = {}
    for phase in planned_in_order(picture):
        names.setdefault(phase.number, phase_name(phase.name, phase.number))
    for bar in picture.runs:
        names.setdefault(bar.number, phase_name(bar.name, bar.number))
    return sorted(names.items())


def _legend_phase(phase_number: int, ids: Ids) -> Callable[[float, float], Markup]:
    def draw(x: float, y: float) -> Markup:
        swatch: Attrs = {
            "x": x - SWATCH_WIDTH / 2,
            "y": y - SWATCH_HEIGHT / 2,
            "width": SWATCH_WIDTH,
            "height": SWATCH_HEIGHT,
            "fill": phase_fill(phase_number, ids),
            "stroke": INK,
            "stroke-width": 1.25,
        }
        digits: dict[str, AttrValue] = {
            "x": x,
            "y": y + LEGEND_SIZE * 0.36,
            "text-anchor": "middle",
            "font-size": LEGEND_SIZE,
            "font-weight": "bold",
            "fill": INK,
            **HALO,
        }
        return fragment(element("rect", swatch), element("text", digits, str(phase_number)))

    return draw


def _legend_session(status: str) -> Callable[[float, float], Markup]:
    def draw(x: float, y: float) -> Markup:
        return element(
            "g",
            {"transform": f"translate({number(x)} {number(y)})"},
            [mark_shape(status, 6)],
        )

    return draw


def _legend_run(x: float, y: float, ids: Ids) -> Markup:
    left, top, width, height = x - 10, y - 8, 20.0, 16.0
    rect: Attrs = {"x": left, "y": top, "width": width, "height": height, "fill": FILL_SOLID}
    veil: Attrs = {**rect, "x": left + 6, "width": 14, "fill": f"url(#{ids('fade')})"}
    return fragment(
        element("rect", rect),
        element("rect", veil),
        element("path", outline(left, width, top, height, True, 1.5)),
    )


def _legend_adaptation(x: float, y: float) -> Markup:
    d = f"M{number(x)} {number(y - 10)}V{number(y + 10)}"
    return fragment(
        element("path", {"d": d, "stroke": INK_SOFT, "stroke-width": 1.25}),
        element("path", {"d": diamond(x, y), "fill": INK}),
    )


def _legend_today(x: float, y: float) -> Markup:
    attrs: Attrs = {
        "d": f"M{number(x)} {number(y - 10)}V{number(y + 10)}",
        "stroke": INK,
        "stroke-width": 2,
        "stroke-dasharray": TODAY_DASH,
    }
    return element("path", attrs)
