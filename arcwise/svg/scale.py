"""A time scale from dates to x, and the date axis drawn under a picture. No Django import.

Ticks keep to whole days, weeks or calendar months and are spread so that their labels
never touch; the year is said under the first tick and wherever a new year begins.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from arcwise.days import MONTH_ABBREVIATIONS, add_months, day_month
from arcwise.svg.markup import Attrs, Markup, element, number
from arcwise.svg.style import INK, INK_SOFT, text_width

TICK_SIZE = 18
YEAR_SIZE = 16
GRID = "#d5dcde"
# Tick label centres are at least the widest label plus this apart.
TICK_PAD = 14
MIN_MINOR_TICK_GAP = 5
MIN_SPAN_DAYS = 14
MIN_END_MARGIN_DAYS = 3
END_MARGIN = 0.03

# A step between date ticks: a number of days, or of calendar months so that ticks keep
# the start's day of the month ("4 May", "4 Jun") instead of drifting.
_TickStep = tuple[str, int]
TICK_STEPS: tuple[_TickStep, ...] = (
    ("days", 1),
    ("days", 2),
    ("days", 7),
    ("days", 14),
    ("months", 1),
    ("months", 2),
    ("months", 3),
    ("months", 6),
    ("months", 12),
)


@dataclass(frozen=True)
class TimeScale:
    """Days from `start` to `end` spread evenly over `width` user units from `left`."""

    start: date
    end: date
    left: float
    width: float

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def per_day(self) -> float:
        return self.width / self.days

    def x(self, on: date) -> float:
        """Where `on` falls; dates outside the axis sit at its nearer end."""
        days = min(max((on - self.start).days, 0), self.days)
        return self.left + days * self.per_day


def time_scale(starts: date, dates: Sequence[date], left: float, width: float) -> TimeScale:
    """A scale from `starts` to the latest of `dates` (at least MIN_SPAN_DAYS on), plus a
    little room after it, drawn from x = `left` across `width`."""
    days = max((max(dates) - starts).days, MIN_SPAN_DAYS)
    margin = max(MIN_END_MARGIN_DAYS, math.ceil(days * END_MARGIN))
    return TimeScale(starts, starts + timedelta(days=days + margin), left, width)


def extent(scale: TimeScale, starts: date, ends: date) -> tuple[float, float]:
    """The x and width of a bar from `starts` to `ends` (exclusive); never negative."""
    x = scale.x(starts)
    return x, max(scale.x(ends) - x, 0.0)


def _step_dates(scale: TimeScale, step: _TickStep) -> list[date]:
    unit, size = step
    dates: list[date] = []
    k = 0
    while True:
        if unit == "days":
            on = scale.start + timedelta(days=k * size)
        else:
            on = add_months(scale.start, k * size)
        if on > scale.end:
            return dates
        dates.append(on)
        k += 1


def _tick_gap() -> float:
    widest = max(text_width(f"28 {month}", TICK_SIZE) for month in MONTH_ABBREVIATIONS)
    return widest + TICK_PAD


def _tick_steps() -> Iterator[_TickStep]:
    """The steps in TICK_STEPS, then ever longer ones, so some step always fits."""
    yield from TICK_STEPS
    months = TICK_STEPS[-1][1]
    while True:
        months *= 2
        yield ("months", months)


def date_ticks(scale: TimeScale) -> tuple[list[date], list[date]]:
    """Labelled tick dates, the first at the start and never closer than `_tick_gap`, and
    unlabelled minor ticks (weekly, or monthly on long journeys) between them."""
    gap = _tick_gap()
    for step in _tick_steps():
        labelled = _step_dates(scale, step)
        if all(scale.x(b) - scale.x(a) >= gap for a, b in pairwise(labelled)):
            break
    if 7 * scale.per_day >= MIN_MINOR_TICK_GAP:
        minor = _step_dates(scale, ("days", 7))
    elif 30 * scale.per_day >= MIN_MINOR_TICK_GAP:
        minor = _step_dates(scale, ("months", 1))
    else:
        minor = []
    return labelled, [on for on in minor if on not in labelled]


def date_axis(labelled: list[date], minor: list[date], scale: TimeScale, axis_y: float) -> Markup:
    """The axis line with labelled ticks (and the year where it changes) and minor ticks."""
    line: Attrs = {
        "x1": scale.left,
        "y1": axis_y,
        "x2": scale.left + scale.width,
        "y2": axis_y,
        "stroke": INK,
        "stroke-width": 2,
    }
    children = [element("line", line)]
    if minor:
        d = "".join(f"M{number(scale.x(on))} {number(axis_y)}v5" for on in minor)
        children.append(element("path", {"class": "jm-tick-minor", "d": d, "stroke": INK_SOFT}))
    year = None
    for on in labelled:
        x = scale.x(on)
        tick: Attrs = {
            "class": "jm-tick",
            "d": f"M{number(x)} {number(axis_y)}v9",
            "stroke": INK,
            "stroke-width": 1.5,
        }
        label: Attrs = {
            "class": "jm-tick-label",
            "x": x,
            "y": axis_y + 27,
            "text-anchor": "middle",
            "font-size": TICK_SIZE,
            "fill": INK,
        }
        children += [element("path", tick), element("text", label, day_month(on))]
        # The year is said once under the first tick and again where a new year begins.
        if on.year != year:
            year = on.year
            year_label: Attrs = {
                "class": "jm-tick-year",
                "x": x,
                "y": axis_y + 44,
                "text-anchor": "middle",
                "font-size": YEAR_SIZE,
                "fill": INK_SOFT,
            }
            children.append(element("text", year_label, str(on.year)))
    return element("g", {"class": "jm-axis"}, children)


def gridlines(labelled: list[date], scale: TimeScale, top: float, bottom: float) -> Markup:
    """Faint lines at the labelled ticks from `top` to `bottom`."""
    # Faint, and behind the bands: they help read a session's date without a tooltip.
    d = "".join(f"M{number(scale.x(on))} {number(top)}V{number(bottom)}" for on in labelled)
    attrs: Attrs = {"class": "jm-grid", "d": d, "stroke": GRID, "stroke-width": 1}
    return element("path", attrs)
