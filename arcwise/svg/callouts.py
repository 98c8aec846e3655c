"""Dated markers labelled in one row above a picture: adaptations and the today line.

No Django import. Labels keep the left-to-right order of their dates and are spread apart
where dates are close; a slanted leader joins a moved label to its line.
"""

from __future__ import annotations

from datetime import date

from arcwise.days import day_month_year
from arcwise.svg.journey_picture import NumberedAdaptation
from arcwise.svg.markup import Attrs, Markup, element, number
from arcwise.svg.scale import TimeScale
from arcwise.svg.style import INK, INK_SOFT, PAPER, dodge, text_width

CALLOUT_SIZE = 17
CALLOUT_ROW = 24
ELBOW = 12
DIAMOND = 6
TODAY_DASH = "7 4"


def diamond(x: float, y: float) -> str:
    """The path of the diamond that marks an adaptation, centred on (x, y)."""
    return (
        f"M{number(x)} {number(y - DIAMOND)}l{DIAMOND} {DIAMOND}"
        f"l-{DIAMOND} {DIAMOND}l-{DIAMOND} -{DIAMOND}Z"
    )


def callouts(
    adaptations: list[NumberedAdaptation],
    today: date | None,
    scale: TimeScale,
    callout_top: float,
    elbow_y: float,
    axis_y: float,
) -> list[Markup]:
    """Adaptation markers and the today line (if `today`), each labelled in one row above
    the bands.

    Labels keep the left-to-right order of their dates and are spread apart where dates
    are close; a slanted leader joins a moved label to its line, which stays at its date.
    """
    items: list[tuple[float, int, str]] = [
        (scale.x(adaptation.marker.on), index, adaptation.tag)
        for index, adaptation in enumerate(adaptations)
    ]
    if today is not None:
        items.append((scale.x(today), len(adaptations), "Today"))
    items.sort()
    widths = [text_width(text, CALLOUT_SIZE, bold=True) + 8 for _, _, text in items]
    centres = dodge([x for x, _, _ in items], widths, 2.0)
    label_x = {index: centre for (_, index, _), centre in zip(items, centres, strict=True)}
    label_y = callout_top + CALLOUT_SIZE + 2

    def leader(from_x: float, to_x: float) -> Markup:
        points = [(from_x, label_y + 4), (to_x, elbow_y - DIAMOND)]
        attrs: Attrs = {
            "class": "jm-leader",
            "points": " ".join(f"{number(x)},{number(y)}" for x, y in points),
            "fill": "none",
            "stroke": INK_SOFT,
            "stroke-width": 1,
        }
        return element("polyline", attrs)

    def label(x: float, text: str) -> Markup:
        attrs: Attrs = {
            "class": "jm-callout",
            "x": x,
            "y": label_y,
            "text-anchor": "middle",
            "font-size": CALLOUT_SIZE,
            "font-weight": "bold",
            "fill": INK,
        }
        return element("text", attrs, text)

    drawn = []
    for index, adaptation in enumerate(adaptations):
        x = scale.x(adaptation.marker.on)
        line: Attrs = {
            "x1": x,
            "y1": elbow_y,
            "x2": x,
            "y2": axis_y,
            "stroke": INK_SOFT,
            "stroke-width": 1.25,
        }
        marker: Attrs = {
            "d": diamond(x, elbow_y),
            "fill": INK,
            "stroke": PAPER,
            "stroke-width": 1,
        }
        on = day_month_year(adaptation.marker.on)
        tooltip = f"{adaptation.tag} · {on} · {adaptation.text}"
        drawn.append(
            element(
                "g",
                {"class": "jm-adaptation", "data-adaptation": adaptation.ordinal},
                [
                    element("title", {}, tooltip),
                    element("line", line),
                    leader(label_x[index], x),
                    element("path", marker),
                    label(label_x[index], adaptation.tag),
                ],
            )
        )
    if today is None:
        return drawn
    x = scale.x(today)
    today_line: Attrs = {
        "x1": x,
        "y1": elbow_y - DIAMOND,
        "x2": x,
        "y2": axis_y,
        "stroke": INK,
        "stroke-width": 2,
        "stroke-dasharray": TODAY_DASH,
    }
    drawn.append(
        element(
            "g",
            {"class": "jm-today"},
            [
                element("title", {}, today_tooltip(today)),
                element("line", today_line),
                leader(label_x[len(adaptations)], x),
                label(label_x[len(adaptations)], "Today"),
            ],
        )
    )
    return drawn


def today_tooltip(today: date) -> str:
    """The today line's tooltip: "Today, 20 Aug 2026"."""
    return f"Today, {day_month_year(today)}"
