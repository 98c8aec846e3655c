"""A wheel of named life areas rated 0 to 10, with a ring per rating. No Django import.

Each area is a spoke from the centre (0) to the outer circle (10); a ring joins one rating's
points. Up to three rings (start, an optional mid-way, close) are told apart by line style
and marker shape as well as colour, and a legend names each in words. Faint circles at 5 and
10 are labelled, so the distance from the centre reads as a number. An area not rated has no
point, and the ring is broken on either side of it rather than drawn through a guess.

`wheel_table` gives the same numbers as rows for the table beside the picture.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from arcwise.svg.frame import Ids, accessible_svg, one_line
from arcwise.svg.markup import Attrs, Markup, element, number
from arcwise.svg.style import ACCENT, HALO, INK, INK_SOFT, PAPER
from arcwise.svg.wrap import fit, wrap_lines

WIDTH = 480
# The narrowest the picture is drawn (23rem at the page's 17 px rem), and what its text sizes
# are chosen for: 15 units at 391/480 is 12.2 px. Page CSS keeps it at least this wide.
SHOWN_WIDTH = 391
CENTRE_X = WIDTH / 2
RADIUS = 108
LABEL_GAP = 10
EDGE = 6
NAME_SIZE = 16
NAME_LINE = 19
NAME_LINES = 2
SCALE_SIZE = 15
LEGEND_SIZE = 15
LEGEND_ROW = 24
TOP = 8
CENTRE_Y = TOP + NAME_LINES * NAME_LINE + LABEL_GAP + RADIUS
LEGEND_TOP = CENTRE_Y + RADIUS + LABEL_GAP + NAME_LINES * NAME_LINE + 16
LOWEST, HIGHEST = 0, 10
MIN_AREAS, MAX_AREAS = 3, 12
MAX_RINGS = 3
GRID = "#c9d2d4"
# The scale circles drawn and labelled; 0 is the centre.
SCALE_MARKS = (5, 10)


@dataclass(frozen=True)
class WheelRing:
    """One rating of every area (oldest ring first), named for the legend: "Start, 3 Mar"."""

    label: str
    values: tuple[int | None, ...]


@dataclass(frozen=True)
class _Look:
    colour: str
    dash: str | None
    marker: str


# By age: with one ring it is solid; the oldest is dashed, a mid-way one dotted, the newest
# solid, so the rings differ in greyscale and to anyone who cannot tell the colours apart.
_LOOKS = {
    1: (_Look(ACCENT, None, "dot"),),
    2: (_Look(INK_SOFT, "7 5", "ring"), _Look(ACCENT, None, "dot")),
    3: (
        _Look(INK_SOFT, "7 5", "ring"),
        _Look(INK, "2 4", "square"),
        _Look(ACCENT, None, "dot"),
    ),
}


@dataclass(frozen=True)
class WheelRow:
    """One area of the table: its name, each ring's rating in words, and the change."""

    area: str
    ratings: tuple[str, ...]
    change: str


@dataclass(frozen=True)
class WheelTable:
    """The table beside the wheel: column headings and one row per area."""

    headings: tuple[str, ...]
    rows: tuple[WheelRow, ...]


def render_wheel(areas: Sequence[str], rings: Sequence[WheelRing], *, title: str) -> Markup:
    """The wheel of `areas` with each of `rings` drawn over labelled scale circles.

    Raises ValueError for a wheel that cannot be drawn: fewer than 3 or more than 12 areas,
    no ring or more than 3, a ring whose ratings do not match the areas, or a rating that
    is not a whole number from 0 to 10 (None is "not rated").
    """
    names = _check(areas, rings)
    looks = _LOOKS[len(rings)]
    ids = Ids("wheel", repr((tuple(names), tuple(rings), title)))
    body = [
        element("rect", {"x": 0, "y": 0, "width": WIDTH, "height": _height(rings), "fill": PAPER}),
        _grid(len(names)),
        *(_name(name, index, len(names)) for index, name in enumerate(names)),
        *(
            _ring(ring, look, index)
            for index, (ring, look) in enumerate(zip(rings, looks, strict=True))
        ),
        _scale_labels(len(names)),
        _legend(rings, looks),
    ]
    return accessible_svg(
        css_class="wheel",
        ids=ids,
        width=WIDTH,
        height=_height(rings),
        title=one_line(title, "Wheel"),
        description=describe(names, rings),
        body=body,
    )


def wheel_table(areas: Sequence[str], rings: Sequence[WheelRing]) -> WheelTable:
    """The wheel as a table: area, each ring's rating, and the change from the first ring to
    the last (with two rings or more)."""
    names = _check(areas, rings)
    headings = ("Area", *(one_line(ring.label, f"Rating {n}") for n, ring in enumerate(rings, 1)))
    if len(rings) > 1:
        headings += ("Change",)
    rows = []
    for index, name in enumerate(names):
        values = [ring.values[index] for ring in rings]
        change = _change(values[0], values[-1]) if len(rings) > 1 else ""
        rows.append(WheelRow(name, tuple(_rating(v) for v in values), change))
    return WheelTable(headings, tuple(rows))


def describe(areas: Sequence[str], rings: Sequence[WheelRing]) -> str:
    """The wheel in words: "Ratings from 0 to 10. Health: Start 3, Close 7 (+4); …"."""
    table = wheel_table(areas, rings)
    parts = []
    for row in table.rows:
        ratings = ", ".join(
            f"{heading} {rating}"
            for heading, rating in zip(table.headings[1:], row.ratings, strict=False)
        )
        parts.append(f"{row.area}: {ratings}" + (f" ({row.change})" if row.change else ""))
    return "Ratings from 0 to 10. " + "; ".join(parts) + "."


def point(index: int, count: int, value: float) -> tuple[float, float]:
    """Where `value` on the spoke of area `index` of `count` falls; the first spoke points up
    and the others follow clockwise."""
    angle = _angle(index, count)
    r = RADIUS * (value - LOWEST) / (HIGHEST - LOWEST)
    return CENTRE_X + r * math.cos(angle), CENTRE_Y + r * math.sin(angle)


def _check(areas: Sequence[str], rings: Sequence[WheelRing]) -> list[str]:
    if not MIN_AREAS <= len(areas) <= MAX_AREAS:
        raise ValueError(f"a wheel has {MIN_AREAS} to {MAX_AREAS} areas, not {len(areas)}")
    if not 1 <= len(rings) <= MAX_RINGS:
        raise ValueError(f"a wheel has 1 to {MAX_RINGS} rings, not {len(rings)}")
    for ring in rings:
        if len(ring.values) != len(areas):
            raise ValueError(f"ring {ring.label!r} rates {len(ring.values)} of {len(areas)} areas")
        for value in ring.values:
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10
            ):
                raise ValueError(f"ring {ring.label!r} has rating {value!r}, not 0 to 10")
    return [one_line(name, f"Area {n}") for n, name in enumerate(areas, start=1)]


def _height(rings: Sequence[WheelRing]) -> float:
    return LEGEND_TOP + LEGEND_ROW * len(rings)


def _angle(index: int, count: int) -> float:
    return -math.pi / 2 + 2 * math.pi * index / count


def _rating(value: int | None) -> str:
    return "not rated" if value is None else str(value)


def _change(first: int | None, last: int | None) -> str:
    if first is None or last is None:
        return "cannot say"
    if first == last:
        return "no change"
    # A true minus sign: screen readers say "minus", where a hyphen is often read as "dash".
    return f"+{last - first}" if last > first else f"\N{MINUS SIGN}{first - last}"


def _grid(count: int) -> Markup:
    circles = [
        element(
            "circle",
            {
                "class": "wheel__scale",
                "cx": CENTRE_X,
                "cy": CENTRE_Y,
                "r": RADIUS * mark / HIGHEST,
                "fill": "none",
                "stroke": GRID if mark < HIGHEST else INK_SOFT,
                "stroke-width": 1,
            },
        )
        for mark in SCALE_MARKS
    ]
    spokes = "".join(
        f"M{number(CENTRE_X)} {number(CENTRE_Y)}L{number(x)} {number(y)}"
        for x, y in (point(index, count, HIGHEST) for index in range(count))
    )
    attrs: Attrs = {"class": "wheel__spokes", "d": spokes, "stroke": GRID, "stroke-width": 1}
    return element("g", {"class": "wheel__grid"}, [*circles, element("path", attrs)])


def _scale_labels(count: int) -> Markup:
    """0 at the centre, 5 and 10 where their circles cross the line halfway between the first
    two spokes, where no rating's point can sit; drawn over the rings, with a halo."""
    angle = _angle(0, count) + math.pi / count
    labels = []
    for mark in (LOWEST, *SCALE_MARKS):
        r = RADIUS * (mark - LOWEST) / (HIGHEST - LOWEST)
        attrs: Attrs = {
            "class": "wheel__scale-label",
            "x": CENTRE_X + r * math.cos(angle) + (6 if mark == LOWEST else 0),
            "y": CENTRE_Y + r * math.sin(angle) + SCALE_SIZE * 0.35,
            "text-anchor": "start" if mark == LOWEST else "middle",
            "font-size": SCALE_SIZE,
            "fill": INK_SOFT,
            **HALO,
        }
        labels.append(element("text", attrs, str(mark)))
    return element("g", {"class": "wheel__scale-labels"}, labels)


def _name(name: str, index: int, count: int) -> Markup:
    """The area's name outside the end of its spoke, wrapped to two lines in the room that
    side leaves; a name that had to be cut keeps its full words in a tooltip."""
    angle = _angle(index, count)
    cos, sin = math.cos(angle), math.sin(angle)
    x = CENTRE_X + (RADIUS + LABEL_GAP) * cos
    y = CENTRE_Y + (RADIUS + LABEL_GAP) * sin
    if abs(cos) < 0.3:
        anchor, room = "middle", 2 * min(x, WIDTH - x) - 2 * EDGE
    elif cos > 0:
        anchor, room = "start", WIDTH - EDGE - x
    else:
        anchor, room = "end", x - EDGE
    lines = wrap_lines(name, room, NAME_SIZE, lines=NAME_LINES)
    # Above the centre the lines grow upwards from the spoke's end, below it downwards,
    # and at the sides they sit centred on it.
    if sin < -0.3:
        first = y - NAME_LINE * (len(lines) - 1) - 2
    elif sin > 0.3:
        first = y + NAME_SIZE - 2
    else:
        first = y - NAME_LINE * (len(lines) - 1) / 2 + NAME_SIZE * 0.35
    cut = " ".join(lines) != name
    tip = [element("title", None, name)] if cut else []
    spans = [
        element("tspan", {"x": x, "y": first + NAME_LINE * n}, line) for n, line in enumerate(lines)
    ]
    attrs: Attrs = {
        "class": "wheel__area",
        "text-anchor": anchor,
        "font-size": NAME_SIZE,
        "fill": INK,
    }
    return element("text", attrs, [*tip, *spans])


def _ring(ring: WheelRing, look: _Look, ring_index: int) -> Markup:
    count = len(ring.values)
    points = [
        None if value is None else point(index, count, value)
        for index, value in enumerate(ring.values)
    ]
    # A segment joins two neighbouring areas only when both are rated.
    d = "".join(
        f"M{number(a[0])} {number(a[1])}L{number(b[0])} {number(b[1])}"
        for a, b in ((points[i], points[(i + 1) % count]) for i in range(count))
        if a is not None and b is not None
    )
    line: Attrs = {
        "class": "wheel__line",
        "d": d or None,
        "fill": "none",
        "stroke": look.colour,
        "stroke-width": 2.5,
        "stroke-dasharray": look.dash,
        "stroke-linecap": "round",
    }
    marks = [
        _marker(look, at, f"{one_line(ring.label, 'Rating')}: {value}", "wheel__point")
        for at, value in zip(points, ring.values, strict=True)
        if at is not None
    ]
    group: Attrs = {"class": f"wheel__ring wheel__ring--{ring_index + 1}"}
    return element("g", group, [element("path", line) if d else Markup(""), *marks])


def _marker(look: _Look, at: tuple[float, float], tip: str | None, css: str) -> Markup:
    x, y = at
    tips = [element("title", None, tip)] if tip else []
    if look.marker == "square":
        attrs: Attrs = {"x": x - 4, "y": y - 4, "width": 8, "height": 8, "fill": look.colour}
        return element("rect", {"class": css, **attrs}, tips)
    fill = PAPER if look.marker == "ring" else look.colour
    attrs = {"cx": x, "cy": y, "r": 4.5, "fill": fill, "stroke": look.colour, "stroke-width": 2}
    return element("circle", {"class": css, **attrs}, tips)


def _legend(rings: Sequence[WheelRing], looks: Sequence[_Look]) -> Markup:
    rows = []
    for index, (ring, look) in enumerate(zip(rings, looks, strict=True)):
        y = LEGEND_TOP + LEGEND_ROW * index
        sample: Attrs = {
            "d": f"M{EDGE + 8} {number(y - 5)}h40",
            "stroke": look.colour,
            "stroke-width": 2.5,
            "stroke-dasharray": look.dash,
        }
        label: Attrs = {"x": EDGE + 60, "y": y, "font-size": LEGEND_SIZE, "fill": INK}
        words = fit(one_line(ring.label, f"Rating {index + 1}"), WIDTH - EDGE - 60, LEGEND_SIZE)
        rows.append(
            element(
                "g",
                {"class": "wheel__key"},
                [
                    element("path", sample),
                    _marker(look, (EDGE + 28, y - 5), None, "wheel__key-mark"),
                    element("text", label, words),
                ],
            )
        )
    return element("g", {"class": "wheel__legend"}, rows)
