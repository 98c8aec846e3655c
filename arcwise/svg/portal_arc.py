"""The client's journey as a simple arc of phases, for the portal. No Django import.

One dot per phase along a gentle curve: phases done are filled, the current one is larger,
ringed and named under the curve, phases ahead are hollow on a dashed stretch. The title
and description say the same in words (every phase, in order, with where it stands), so
the picture needs no separate list for screen readers.

The viewBox is about as wide as a phone (360 units), so at 390 px the text is drawn near
its nominal size; page CSS caps the width on wider screens.
"""

from __future__ import annotations

from collections.abc import Sequence

from arcwise.svg.frame import Ids, accessible_svg, one_line
from arcwise.svg.markup import AttrValue, Markup, element, number
from arcwise.svg.style import ACCENT, HALO, INK, INK_SOFT, PAPER, text_width
from arcwise.svg.wrap import fit

WIDTH = 360
HEIGHT = 130
MARGIN_X = 24
# The curve: a quadratic Bézier from the left end to the right end, pulled up by CONTROL.
LEFT = (MARGIN_X, 74.0)
RIGHT = (WIDTH - MARGIN_X, 74.0)
CONTROL = (WIDTH / 2, -22.0)
SAMPLES = 48
DOT = 7
CURRENT_DOT = 11
NAME_SIZE = 17
COUNT_SIZE = 14
# The narrowest the picture is drawn (19rem at the page's 17 px rem, which fits a 360 px
# phone): 14 units of text at 323/360 is 12.6 px. Page CSS keeps it at least this wide.
SHOWN_WIDTH = 323
NAME_Y = 102
COUNT_Y = 122
STATES = ("done", "current", "ahead")


def _point(t: float) -> tuple[float, float]:
    a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t**2
    return (
        a * LEFT[0] + b * CONTROL[0] + c * RIGHT[0],
        a * LEFT[1] + b * CONTROL[1] + c * RIGHT[1],
    )


def _places(count: int) -> list[float]:
    """Where along the curve (0 to 1) each of `count` phases sits, evenly apart."""
    if count == 1:
        return [0.5]
    return [index / (count - 1) for index in range(count)]


def _stretch(start: float, end: float, css: str, dashed: bool) -> Markup:
    steps = max(2, round(SAMPLES * (end - start)))
    points = [_point(start + (end - start) * i / steps) for i in range(steps + 1)]
    return element(
        "polyline",
        {
            "class": css,
            "points": " ".join(f"{number(x)},{number(y)}" for x, y in points),
            "fill": "none",
            "stroke": INK_SOFT if dashed else ACCENT,
            "stroke-width": 2 if dashed else 4,
            "stroke-dasharray": "4 5" if dashed else None,
            "stroke-linecap": "round",
        },
    )


def fitted(name: str, size: float, room: float) -> str:
    """`name` as it is, or cut with an ellipsis so that it fits in `room` units."""
    return fit(name, room, size, bold=True)


def _phases(count: int) -> str:
    return "1 phase" if count == 1 else f"{count} phases"


def describe(phases: Sequence[tuple[str, str]]) -> str:
    """The arc in words: “Phase 2 of 4, now: Experiment. Done: Orient. Ahead: …”."""
    if not phases:
        return "The journey has no phases yet."
    names = {state: [" ".join(n.split()) for n, s in phases if s == state] for state in STATES}
    parts = []
    current = [i for i, (_, state) in enumerate(phases) if state == "current"]
    if current:
        parts.append(f"Phase {current[0] + 1} of {len(phases)}, now: {names['current'][0]}.")
    elif names["done"] and not names["ahead"]:
        parts.append(f"All {len(phases)} phases done.")
    elif not names["done"]:
        parts.append(f"Not started yet: {_phases(len(phases))} ahead.")
    else:
        parts.append(f"{_phases(len(phases))}, none under way now.")
    if names["done"]:
        parts.append(f"Done: {', '.join(names['done'])}.")
    if names["ahead"]:
        parts.append(f"Ahead: {', '.join(names['ahead'])}.")
    return " ".join(parts)


def render_portal_arc(phases: Sequence[tuple[str, str]], *, title: str = "Your journey") -> Markup:
    """The arc of `phases`, each a (name, state) pair in order; state is done, current or
    ahead (anything else is drawn as ahead)."""
    phases = [(name, state if state in STATES else "ahead") for name, state in phases]
    ids = Ids("portal-arc", repr((phases, title)))
    places = _places(len(phases)) if phases else []
    current = next((i for i, (_, state) in enumerate(phases) if state == "current"), None)
    reached = [i for i, (_, state) in enumerate(phases) if state != "ahead"]
    # The solid stretch runs to the current phase, or to the last phase done.
    end = places[current] if current is not None else places[reached[-1]] if reached else 0.0
    if len(phases) == 1:
        end = 1.0 if reached else 0.0
    body: list[Markup] = []
    if end > 0:
        body.append(_stretch(0.0, end, "portal-arc__done", dashed=False))
    if end < 1:
        body.append(_stretch(end, 1.0, "portal-arc__ahead", dashed=True))
    for index, ((name, state), t) in enumerate(zip(phases, places, strict=True)):
        x, y = _point(t)
        body.append(_dot(index, name, state, x, y))
    # The current phase is named under its dot, with where it is in the count below.
    x = _point(places[current])[0] if current is not None else WIDTH / 2
    label = fitted(phases[current][0], NAME_SIZE, WIDTH - 16) if current is not None else ""
    count = (
        f"Phase {current + 1} of {len(phases)}"
        if current is not None
        else describe(phases).split(":")[0].split(",")[0].rstrip(".")
    )
    # Both lines stay inside the picture, centred under the dot as far as the edges allow.
    half = max(text_width(label, NAME_SIZE, bold=True), text_width(count, COUNT_SIZE)) / 2
    x = min(max(x, 8 + half), WIDTH - 8 - half)
    if label:
        body.append(
            element(
                "text",
                {
                    "class": "portal-arc__name",
                    "x": x,
                    "y": NAME_Y,
                    "text-anchor": "middle",
                    "font-size": NAME_SIZE,
                    "font-weight": "bold",
                    "fill": INK,
                    **HALO,
                },
                label,
            )
        )
    body.append(
        element(
            "text",
            {
                "class": "portal-arc__count",
                "x": x,
                "y": COUNT_Y if label else NAME_Y,
                "text-anchor": "middle",
                "font-size": COUNT_SIZE,
                "fill": INK_SOFT,
            },
            count,
        )
    )
    return accessible_svg(
        css_class="portal-arc-chart",
        ids=ids,
        width=WIDTH,
        height=HEIGHT,
        title=one_line(title, "Your journey"),
        description=describe(phases),
        body=body,
    )


def _dot(index: int, name: str, state: str, x: float, y: float) -> Markup:
    tip = element("title", None, f"{index + 1}. {' '.join(name.split())} ({_WORDS[state]})")
    if state == "current":
        return element(
            "g",
            {"class": "portal-arc__phase portal-arc__phase--current"},
            [
                tip,
                element(
                    "circle",
                    {
                        "cx": x,
                        "cy": y,
                        "r": CURRENT_DOT + 5,
                        "fill": PAPER,
                        "stroke": ACCENT,
                        "stroke-width": 2,
                    },
                ),
                element("circle", {"cx": x, "cy": y, "r": CURRENT_DOT, "fill": ACCENT}),
            ],
        )
    attrs: dict[str, AttrValue] = (
        {"fill": ACCENT, "stroke": ACCENT, "stroke-width": 2}
        if state == "done"
        else {"fill": PAPER, "stroke": INK_SOFT, "stroke-width": 2}
    )
    return element(
        "g",
        {"class": f"portal-arc__phase portal-arc__phase--{state}"},
        [tip, element("circle", {"cx": x, "cy": y, "r": DOT, **attrs})],
    )


_WORDS = {"done": "done", "current": "now", "ahead": "ahead"}
