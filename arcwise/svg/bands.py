"""The journey map's two bands: the phases as planned and the phase runs as they happened.

No Django import. A phase is drawn alike in both bands (its fill, its number and name
inside the bar when they fit); a run still going has no right edge and fades out at today.
"""

from __future__ import annotations

from datetime import date, timedelta

from arcwise.days import day_month_year, duration
from arcwise.svg.frame import Ids, hatch_pattern, phase_fill
from arcwise.svg.journey_picture import PLOT_LEFT, PLOT_WIDTH, PlannedPhase, Run, phase_name
from arcwise.svg.markup import Attrs, AttrValue, Markup, element, number
from arcwise.svg.scale import TimeScale, extent
from arcwise.svg.style import HALO, INK, INK_SOFT, PAPER, text_width

BAND_HEIGHT = 36
BAND_TEXT_SIZE = 18
ROW_LABEL_SIZE = 17
PLACEHOLDER_SIZE = 16
# A faint track behind the actual band shows where runs will go before there are any.
TRACK = "#f1f4f4"
# How much of an open run's right end fades out, so "still running" reads at a glance.
FADE = 24


def band_defs(ids: Ids, *, hatch: float) -> Markup:
    """The hatching (`hatch` units square) and the fade of an open run, as `<defs>`."""
    # Even phases are hatched, as in the design arc, so neighbours part in greyscale and a
    # phase looks the same in the planned and the actual band.
    fade: Attrs = {"id": ids("fade"), "x1": 0, "y1": 0, "x2": 1, "y2": 0}
    stops = [
        element("stop", {"offset": 0, "stop-color": PAPER, "stop-opacity": 0}),
        element("stop", {"offset": 1, "stop-color": PAPER, "stop-opacity": 0.9}),
    ]
    return element(
        "defs",
        {},
        [
            hatch_pattern(ids, size=hatch, stroke_width=hatch * 0.31),
            element("linearGradient", fade, stops),
        ],
    )


def row_label(text: str, band_top: float) -> Markup:
    """A band's name, just above its left end."""
    attrs: Attrs = {
        "class": "jm-row-label",
        "x": PLOT_LEFT,
        "y": band_top - 7,
        "font-size": ROW_LABEL_SIZE,
        "font-weight": "bold",
        "fill": INK_SOFT,
        **HALO,
    }
    return element("text", attrs, text)


def placeholder(text: str, middle: float) -> Markup:
    """Words in italics across the plot, where a band or row has nothing yet."""
    attrs: dict[str, AttrValue] = {
        "class": "jm-placeholder",
        "x": PLOT_LEFT + PLOT_WIDTH / 2,
        "y": middle + PLACEHOLDER_SIZE * 0.36,
        "text-anchor": "middle",
        "font-size": PLACEHOLDER_SIZE,
        "font-style": "italic",
        "fill": INK_SOFT,
        **HALO,
    }
    return element("text", attrs, text)


def _band_text(phase_number: int, name: str, x: float, width: float, top: float) -> Markup | None:
    """The phase number and name inside the bar ("4 Experiment") if they fit, else the
    number alone, else nothing: the key under the picture names every phase anyway."""
    room = width - 8
    digits = str(phase_number)
    digits_width = text_width(digits, BAND_TEXT_SIZE, bold=True)
    name_width = text_width(f" {name}", BAND_TEXT_SIZE)
    attrs: dict[str, AttrValue] = {
        "class": "jm-band-text",
        "x": x + width / 2,
        "y": top + BAND_HEIGHT / 2 + BAND_TEXT_SIZE * 0.36,
        "text-anchor": "middle",
        "font-size": BAND_TEXT_SIZE,
        "fill": INK,
        **HALO,
    }
    number_span = element("tspan", {"font-weight": "bold"}, digits)
    if digits_width + name_width <= room:
        return element("text", attrs, [number_span, f" {name}"])
    if digits_width <= room:
        return element("text", attrs, [number_span])
    return None


def planned_bar(phase: PlannedPhase, scale: TimeScale, top: float, ids: Ids) -> Markup:
    """A planned phase as a bar with its number and name, and its dates as a tooltip."""
    x, width = extent(scale, phase.starts, phase.ends)
    rect: Attrs = {
        "x": x,
        "y": top,
        "width": width,
        "height": BAND_HEIGHT,
        "fill": phase_fill(phase.number, ids),
        "stroke": INK,
        "stroke-width": 1.5,
    }
    children = [element("title", {}, planned_tooltip(phase)), element("rect", rect)]
    text = _band_text(phase.number, phase_name(phase.name, phase.number), x, width, top)
    if text:
        children.append(text)
    return element("g", {"class": "jm-planned", "data-phase": phase.number}, children)


def outline(
    x: float, width: float, top: float, height: float, is_open: bool, stroke_width: float
) -> Attrs:
    """The outline of a bar; an open run's has no right edge, for it has not ended."""
    # An open run has no right edge: it has not ended.
    right, bottom = x + width, top + height
    if is_open:
        d = f"M{number(right)} {number(top)}H{number(x)}V{number(bottom)}H{number(right)}"
    else:
        d = f"M{number(x)} {number(top)}H{number(right)}V{number(bottom)}H{number(x)}Z"
    return {
        "d": d,
        "fill": "none",
        "stroke": INK,
        "stroke-width": stroke_width,
        "stroke-linejoin": "round",
    }


def run_bar(run: Run, scale: TimeScale, top: float, ids: Ids, *, today: date) -> Markup:
    """A phase run as a bar; one still going fades out at its right end (today)."""
    x, width = extent(scale, run.bar.starts, run.ends(today))
    rect: Attrs = {
        "x": x,
        "y": top,
        "width": width,
        "height": BAND_HEIGHT,
        "fill": phase_fill(run.bar.number, ids),
    }
    children = [
        element("title", {}, run_tooltip(run, today)),
        element("rect", rect),
    ]
    if run.is_open and width > 0:
        fade = min(FADE, width / 2)
        veil: Attrs = {
            "class": "jm-run-fade",
            "x": x + width - fade,
            "y": top,
            "width": fade,
            "height": BAND_HEIGHT,
            "fill": f"url(#{ids('fade')})",
        }
        children.append(element("rect", veil))
    children.append(element("path", outline(x, width, top, BAND_HEIGHT, run.is_open, 1.5)))
    text = _band_text(run.bar.number, run.name, x, width - (FADE if run.is_open else 0), top)
    if text:
        children.append(text)
    classes = "jm-run jm-run--open" if run.is_open else "jm-run"
    if run.revisit:
        classes += " jm-run--revisit"
    return element(
        "g",
        {"class": classes, "data-phase": run.bar.number, "data-run": run.ordinal},
        children,
    )


def planned_tooltip(phase: PlannedPhase) -> str:
    """The planned phase's number, name, first and last day, and length in weeks."""
    last = max(phase.ends - timedelta(days=1), phase.starts)
    days = max((phase.ends - phase.starts).days, 0)
    return (
        f"Planned phase {phase.number}: {phase_name(phase.name, phase.number)} \N{EM DASH} "
        f"{day_month_year(phase.starts)} \N{EN DASH} {day_month_year(last)} "
        f"({duration(days)})"
    )


def run_tooltip(run: Run, today: date) -> str:
    """A run's phase, number, dates and length, and what said the client was ready."""
    days = max((run.ends(today) - run.bar.starts).days, 0)
    head = f"Phase {run.bar.number}: {run.name} \N{EM DASH} run {run.ordinal}"
    if run.revisit:
        head += " (a revisit)"
    if run.bar.ends is None:
        return (
            f"{head}, since {day_month_year(run.bar.starts)}, still going ({duration(days)} so far)"
        )
    starts, ends = day_month_year(run.bar.starts), day_month_year(run.bar.ends)
    span = f"{starts} \N{EN DASH} {ends} ({duration(days)})"
    note = " ".join(run.bar.readiness_note.split())
    if note:
        return f"{head}, {span}. Ready to move on: {note}"
    return f"{head}, {span}"
