"""The arc of a journey design as one SVG picture. No Django import.

Phases sit side by side along one time axis in weeks, each as wide as its planned weeks,
with its planned sessions as marks inside it. A legend under the axis always lists every
phase in words, so the picture still says everything when segments are too narrow for
their names, when it is printed in greyscale, or when it is read on a phone.

Geometry is in user units of a fixed-width viewBox and the SVG is as wide as its
container, so text grows with the container: page CSS caps it (`.arc svg` at 46rem in
app.css) to keep text near body size on wide screens.
"""

from __future__ import annotations

from dataclasses import dataclass

from arcwise.days import count
from arcwise.svg.arc_axis import axis
from arcwise.svg.arc_band import (
    BAND_HEIGHT,
    CALLOUT_ROW,
    ELBOW,
    NAME_LINE,
    callout_mark,
    fit_name,
    phase_mark,
    place_callouts,
)
from arcwise.svg.arc_geometry import MARGIN_X, PLOT_LEFT, PLOT_WIDTH, Segment
from arcwise.svg.arc_legend import LEGEND_SIZE, legend_of
from arcwise.svg.frame import Ids, accessible_svg, hatch_pattern, one_line
from arcwise.svg.markup import Attrs, Markup, element
from arcwise.svg.style import INK, INK_SOFT, PAPER, WIDTH

PLACEHOLDER = "Add a phase to see the arc."

# On a 380 px phone the picture is drawn at about 0.55 scale, so sizes are large in user
# units: 20 units is about 11 px there, and about 24 px at the 46rem cap on a desktop.
SUMMARY_SIZE = 20
# The narrowest the arc is drawn (30rem at the page's 17 px rem; narrower screens scroll it
# sideways): its smallest text, 16 units, at 510/640 is 12.75 px. Page CSS keeps it at
# least this wide.
SHOWN_WIDTH = 510
SUMMARY_BOTTOM = 44


@dataclass(frozen=True)
class ArcPhase:
    """One phase of a design, as far as its arc shows it."""

    name: str
    planned_weeks: int
    planned_sessions: int


@dataclass(frozen=True)
class ArcInput:
    """What the arc is drawn from: the design's name and its phases in order."""

    name: str
    phases: tuple[ArcPhase, ...] = ()
    # Hashed into the picture's element ids, which must differ between two arcs on one
    # page. The designs app passes the repr of the whole design, so two versions that
    # differ only in what the arc does not draw (prompts, intents) still get ids of their
    # own. Left empty, the arc's own repr serves.
    fingerprint: str = ""


def render_design_arc(arc: ArcInput, *, title: str | None = None) -> str:
    """The design's arc as a single `<svg>` element (no XML declaration).

    `title` names the picture for screen readers and defaults to the design's name. The
    output depends only on the arguments, so it can be cached or compared in tests.
    """
    label = one_line(title if title is not None else arc.name, "Design arc")
    # Spelled as the repr of a (design, label) pair, which is what the ids were hashed from
    # before the arc had an input type of its own, so no picture's ids changed with it.
    ids = Ids("arc", f"({arc.fingerprint or repr(arc)}, {label!r})")
    if not arc.phases:
        return _render_empty(label, ids)
    segments = _segments(arc.phases)
    weeks = sum(segment.weeks for segment in segments)
    sessions = sum(segment.sessions for segment in segments)

    callouts = place_callouts(segments)
    rows = max((callout.row + 1 for callout in callouts), default=0)
    names = {segment.number: fit_name(segment) for segment in segments}
    name_lines = max(len(lines) for lines in names.values())

    y: float = SUMMARY_BOTTOM
    elbow_y = y + rows * CALLOUT_ROW + ELBOW
    if rows:
        y = elbow_y + 4
    if name_lines:
        y += name_lines * NAME_LINE + 8
    band_top = y
    axis_y = band_top + BAND_HEIGHT
    legend, legend_bottom = legend_of(segments, ids, axis_y + 74)

    summary = " · ".join(
        [count(len(segments), "phase"), count(weeks, "week"), count(sessions, "session")]
    )
    numbered_above = {callout.segment.number for callout in callouts}
    body = [
        element("defs", {}, [hatch_pattern(ids, size=8, stroke_width=2.5)]),
        element(
            "text",
            {
                "class": "arc-summary",
                "x": MARGIN_X,
                "y": 28,
                "font-size": SUMMARY_SIZE,
                "font-weight": "bold",
                "fill": INK,
            },
            summary,
        ),
        *(
            phase_mark(
                segment,
                band_top,
                of=len(segments),
                name_lines=names[segment.number],
                number_inside=segment.number not in numbered_above,
                ids=ids,
            )
            for segment in segments
        ),
        *(callout_mark(callout, elbow_y, band_top) for callout in callouts),
        axis(weeks, axis_y),
        legend,
    ]
    return _svg(label, _description(segments, weeks, sessions), ids, legend_bottom + 8, body)


def _svg(label: str, description: str, ids: Ids, height: float, body: list[Markup]) -> str:
    return accessible_svg(
        css_class="arc-chart",
        ids=ids,
        width=WIDTH,
        height=height,
        title=label,
        description=description,
        body=body,
    )


def _render_empty(label: str, ids: Ids) -> str:
    height = 120
    frame: Attrs = {
        "class": "arc-placeholder-frame",
        "x": MARGIN_X,
        "y": 12,
        "width": PLOT_WIDTH,
        "height": height - 24,
        "rx": 8,
        "fill": PAPER,
        "stroke": INK_SOFT,
        "stroke-width": 1.5,
        "stroke-dasharray": "6 5",
    }
    text: Attrs = {
        "class": "arc-placeholder",
        "x": WIDTH / 2,
        "y": height / 2 + 7,
        "text-anchor": "middle",
        "font-size": LEGEND_SIZE,
        "fill": INK,
    }
    body = [element("rect", frame), element("text", text, PLACEHOLDER)]
    return _svg(label, f"No phases yet. {PLACEHOLDER}", ids, height, body)


def _segments(phases: tuple[ArcPhase, ...]) -> list[Segment]:
    # A checked design has at least one week per phase, but a draft may not yet; the
    # picture should still draw rather than divide by zero, so such phases share equally.
    weeks = [max(phase.planned_weeks, 0) for phase in phases]
    weights = weeks if sum(weeks) > 0 else [1] * len(weeks)
    unit = PLOT_WIDTH / sum(weights)
    segments = []
    start = offset = 0
    for index, phase in enumerate(phases):
        segments.append(
            Segment(
                number=index + 1,
                name=" ".join(phase.name.split()) or f"Phase {index + 1}",
                weeks=weeks[index],
                sessions=max(phase.planned_sessions, 0),
                start_week=start,
                x=PLOT_LEFT + offset * unit,
                width=weights[index] * unit,
            )
        )
        start += weeks[index]
        offset += weights[index]
    return segments


def _description(segments: list[Segment], weeks: int, sessions: int) -> str:
    phases = "; ".join(
        f"{segment.name}: {count(segment.weeks, 'week')}, {count(segment.sessions, 'session')}"
        for segment in segments
    )
    return (
        f"{count(len(segments), 'phase')} over {count(weeks, 'week')}, "
        f"{count(sessions, 'session')}: {phases}."
    )
