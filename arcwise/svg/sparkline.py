"""A journey's momentum over recent weeks as a small line, one point a week. No Django import.

The caseload draws one per row, so the drawing is cached by what it depends on (the weekly
scores and states); only the frame, which names the journey, is made per row. The picture
is `role="img"` with a title naming the journey and a description saying the weeks in
words, so nothing it shows is carried by the line alone; its ends are labelled with the
first and latest score, and the faint line is 50 of 100.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from arcwise.svg.frame import Ids, accessible_svg
from arcwise.svg.markup import Attrs, Markup, element, fragment, number
from arcwise.svg.style import ACCENT, INK, INK_SOFT

WEEKS = 12
# The line runs from LEFT to LEFT + PLOT_WIDTH; the first score is written left of it and the
# latest right of it, so the line's ends are labelled with the numbers they stand for.
LEFT = 28
PLOT_WIDTH = 120
WIDTH = LEFT + PLOT_WIDTH + 28
HEIGHT = 32
PAD = 4
END_SIZE = 12
# The caseload draws it exactly this wide (10.5rem at the page's 17 px rem), so 12 units of
# text are 12.2 px.
SHOWN_WIDTH = 178.5
# A faint line at 50: below it a journey has lost half its momentum.
GRID = "#d5dcde"


class WeekPoint(NamedTuple):
    """One week's judgement: the state's words (“on track”) and its score (None: paused)."""

    state: str
    score: int | None


def render_sparkline(
    points: Sequence[WeekPoint], *, key: str, title: str, weeks: int = WEEKS
) -> Markup:
    """The line of `points` (oldest first, the last one now) over `weeks` slots, right-aligned:
    a journey younger than `weeks` starts part of the way along. `key` makes the picture's
    element ids unique on a page (a journey's public id)."""
    return _sparkline(tuple(points)[-weeks:] if weeks > 0 else (), key, title, weeks)


@lru_cache(maxsize=4096)
def _sparkline(shown: tuple[WeekPoint, ...], key: str, title: str, weeks: int) -> Markup:
    # A caseload draws the same journeys' lines again and again until a week changes.
    ids = Ids("spark", key)
    return accessible_svg(
        css_class="sparkline",
        ids=ids,
        width=WIDTH,
        height=HEIGHT,
        title=title,
        description=sparkline_words(shown, weeks),
        body=(_body(shown, weeks),),
    )


def sparkline_words(points: Sequence[WeekPoint], weeks: int = WEEKS) -> str:
    """The weeks in words: “Over 12 weeks, momentum went from 100 to 55; on track for 9
    weeks, drifting for 3. Now drifting.”"""
    return _words(tuple(points), weeks)


@lru_cache(maxsize=4096)
def _words(points: tuple[WeekPoint, ...], weeks: int) -> str:
    if not points:
        return "No weeks to show yet."
    span = f"Over {_weeks(len(points))}"
    scores = [p.score for p in points if p.score is not None]
    if len(scores) >= 2:
        first, last = scores[0], scores[-1]
        if first == last:
            trend = f"momentum stayed at {last}"
        else:
            trend = f"momentum went from {first} to {last}"
    elif scores:
        trend = f"momentum was {scores[0]}"
    else:
        trend = "no momentum score"
    counts: dict[str, int] = {}
    for point in points:
        counts[point.state] = counts.get(point.state, 0) + 1
    spent = ", ".join(f"{state} for {_weeks(n)}" for state, n in counts.items())
    return f"{span}, {trend} (of 100); {spent}. Now {points[-1].state}."


def _weeks(count: int) -> str:
    return "1 week" if count == 1 else f"{count} weeks"


@lru_cache(maxsize=4096)
def _body(points: tuple[WeekPoint, ...], weeks: int) -> Markup:
    """The drawing, the same for every journey with the same weeks: cached."""
    step = (PLOT_WIDTH - 2 * PAD) / max(weeks - 1, 1)
    first_slot = weeks - len(points)

    def x(index: int) -> float:
        return LEFT + PAD + (first_slot + index) * step

    def y(score: int) -> float:
        return PAD + (100 - min(max(score, 0), 100)) / 100 * (HEIGHT - 2 * PAD)

    parts = [
        element(
            "path",
            {
                "class": "sparkline__grid",
                "d": f"M{number(LEFT + PAD)} {number(y(50))}H{number(LEFT + PLOT_WIDTH - PAD)}",
                "stroke": GRID,
                "stroke-width": 1,
            },
        )
    ]
    # A paused week breaks the line: a gap says "no judgement", not "zero".
    runs: list[list[tuple[float, float]]] = [[]]
    for index, point in enumerate(points):
        if point.score is None:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append((x(index), y(point.score)))
    for run in runs:
        if len(run) > 1:
            parts.append(
                element(
                    "polyline",
                    {
                        "class": "sparkline__line",
                        "points": " ".join(f"{number(px)},{number(py)}" for px, py in run),
                        "fill": "none",
                        "stroke": ACCENT,
                        "stroke-width": 2,
                        "stroke-linejoin": "round",
                    },
                )
            )
    if points:
        last = points[-1]
        if last.score is None:
            # Now paused (or closed): a hollow mark on the midline where the line would go on.
            parts.append(
                element(
                    "circle",
                    {
                        "class": "sparkline__now sparkline__now--no-score",
                        "cx": x(len(points) - 1),
                        "cy": y(50),
                        "r": 3,
                        "fill": "#ffffff",
                        "stroke": INK_SOFT,
                        "stroke-width": 1.5,
                    },
                )
            )
        else:
            parts.append(
                element(
                    "circle",
                    {
                        "class": "sparkline__now",
                        "cx": x(len(points) - 1),
                        "cy": y(last.score),
                        "r": 3,
                        "fill": ACCENT,
                    },
                )
            )
    parts += _ends(points)
    return fragment(*parts)


def _ends(points: tuple[WeekPoint, ...]) -> list[Markup]:
    """The first score left of the line and the latest right of it (an en dash while paused)."""
    if not points:
        return []
    scores = [p.score for p in points if p.score is not None]
    first = str(scores[0]) if scores else "\N{EN DASH}"
    last = "\N{EN DASH}" if points[-1].score is None else str(points[-1].score)
    middle = HEIGHT / 2 + END_SIZE * 0.35
    common: Attrs = {"y": middle, "font-size": END_SIZE}
    return [
        element(
            "text",
            {
                "class": "sparkline__first",
                "x": LEFT - 3,
                "text-anchor": "end",
                **common,
                "fill": INK_SOFT,
            },
            first,
        ),
        element(
            "text",
            {"class": "sparkline__last", "x": LEFT + PLOT_WIDTH + 3, **common, "fill": INK},
            last,
        ),
    ]
