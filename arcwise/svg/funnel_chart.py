"""Journeys through a design's phases as a funnel, one SVG picture. No Django import.

A bar per phase, centred, as wide as the share of started journeys that reached it; the
count and share stand beside each bar. A phase reached by more journeys than the one
before it (a skipped phase, or one revisited out of order) simply draws wider: the picture
shows what happened rather than forcing a funnel shape. The page puts a table with the
same counts beside it, and the description says each step in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from arcwise.svg.frame import Ids, accessible_svg
from arcwise.svg.markup import Markup, element, fragment
from arcwise.svg.style import ACCENT, INK, INK_SOFT, PAPER, WIDTH
from arcwise.svg.wrap import fit

LABEL_WIDTH = 170
PLOT_LEFT = LABEL_WIDTH + 10
COUNT_WIDTH = 110
PLOT_WIDTH = WIDTH - PLOT_LEFT - COUNT_WIDTH
ROW_HEIGHT = 36
BAR_HEIGHT = 24
TOP = 10
FONT_SIZE = 14
# The narrowest the chart is drawn (34rem at the page's 17 px rem; narrower screens scroll
# it sideways): 14 units of text at 578/640 is 12.6 px. Page CSS keeps it at least this wide.
SHOWN_WIDTH = 578
# Room kept between the picture's left edge and the longest name.
NAME_PAD = 4
# A phase reached by a journey or two still shows a sliver, not nothing.
MIN_BAR = 3


@dataclass(frozen=True)
class FunnelStep:
    """One phase, and how many journeys reached it."""

    name: str
    journeys: int


def share(journeys: int, started: int) -> int:
    """Whole per cent of `started` that `journeys` is; 0 when nothing has started."""
    return 0 if started <= 0 else round(100 * journeys / started)


def step_words(step: FunnelStep, started: int) -> str:
    """“Orient: 5 of 5 journeys (100%)”."""
    noun = "journey" if started == 1 else "journeys"
    return f"{step.name}: {step.journeys} of {started} {noun} ({share(step.journeys, started)}%)"


def render_funnel_chart(steps: Sequence[FunnelStep], *, started: int, title: str) -> Markup:
    """The funnel of `steps` (in the design's phase order) out of `started` journeys."""
    widest = max([started, *(s.journeys for s in steps), 1])
    height = TOP * 2 + ROW_HEIGHT * max(1, len(steps))
    centre = PLOT_LEFT + PLOT_WIDTH / 2
    body: list[Markup] = []
    for index, step in enumerate(steps):
        top = TOP + index * ROW_HEIGHT
        middle = top + ROW_HEIGHT / 2
        width = PLOT_WIDTH * step.journeys / widest
        if step.journeys > 0:
            width = max(width, MIN_BAR)
        body.append(
            fragment(
                element(
                    "text",
                    {
                        "x": LABEL_WIDTH,
                        "y": middle + 5,
                        "fill": INK,
                        "font-size": FONT_SIZE,
                        "text-anchor": "end",
                        "class": "funnel-name",
                    },
                    _name(step.name),
                ),
                element(
                    "rect",
                    {
                        "x": centre - width / 2,
                        "y": middle - BAR_HEIGHT / 2,
                        "width": width,
                        "height": BAR_HEIGHT,
                        "fill": ACCENT,
                        "class": "funnel-bar",
                    },
                    [element("title", None, step_words(step, started))],
                ),
                element(
                    "text",
                    {
                        "x": PLOT_LEFT + PLOT_WIDTH + 10,
                        "y": middle + 5,
                        "fill": INK,
                        "font-size": FONT_SIZE,
                        "class": "funnel-count",
                    },
                    f"{step.journeys} ({share(step.journeys, started)}%)",
                ),
            )
        )
    if not steps:
        body.append(
            element(
                "text",
                {"x": PLOT_LEFT, "y": TOP + ROW_HEIGHT / 2, "fill": INK_SOFT, "font-size": 14},
                "No phases to show.",
            )
        )
    noun = "journey" if started == 1 else "journeys"
    description = f"{started} {noun} started. " + (
        "; ".join(step_words(step, started) for step in steps) or "No phases to show"
    )
    ids = Ids("funnel", repr((tuple(steps), started, title)))
    return accessible_svg(
        css_class="funnel-chart",
        ids=ids,
        width=WIDTH,
        height=height,
        title=title,
        description=description + ".",
        body=[
            element("rect", {"x": 0, "y": 0, "width": WIDTH, "height": height, "fill": PAPER}),
            *body,
        ],
    )


def _name(name: str) -> list[Markup | str]:
    """The phase's name, cut short to stay inside the label column (it is drawn ending at
    LABEL_WIDTH, so a long one would run off the left edge); a cut name keeps its full
    words in a tooltip, and the description and the table say it in full."""
    shown = fit(name, LABEL_WIDTH - NAME_PAD, FONT_SIZE)
    return [shown] if shown == " ".join(name.split()) else [element("title", None, name), shown]
