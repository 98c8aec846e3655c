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
from arcwise.svg.frame import Ids, accessible_svg, hatch_pattern, one_line, phase_fill
from arcwise.svg.markup import Attrs, AttrValue, Markup, element, fragment, number
from arcwise.svg.style import HALO, INK, INK_SOFT, PAPER, WIDTH, dodge, text_width
from arcwise.svg.wrap import StyledWord, styled_width, wrap_styled

MARGIN_X = 24
PLOT_LEFT = MARGIN_X
PLOT_WIDTH = WIDTH - 2 * MARGIN_X
PLACEHOLDER = "Add a phase to see the arc."

# On a 380 px phone the picture is drawn at about 0.55 scale, so sizes are large in user
# units: 20 units is about 11 px there, and about 24 px at the 46rem cap on a desktop.
SUMMARY_SIZE = 20
NUMBER_SIZE = 20
CALLOUT_SIZE = 18
NAME_SIZE = 16
TICK_SIZE = 18
CAPTION_SIZE = 16
LEGEND_SIZE = 20

SUMMARY_BOTTOM = 44
CALLOUT_ROW = 26
ELBOW = 14
NAME_LINE = 19
BAND_HEIGHT = 60
MARK_RADIUS = 6
LEGEND_LINE = 26
SWATCH = 26
# Wide enough for a two-digit phase number with room to spare.
SWATCH_WIDTH = 32
# Tick label centres are at least this far apart, which leaves a clear gap between labels
# of up to three digits (about 35 units wide); longer labels get more room.
MIN_TICK_GAP = 44
# Below this many units per week, weekly ticks would merge into a grey smear.
MIN_MINOR_TICK_GAP = 4
TICK_STEPS = (1, 2, 4, 8, 13, 26, 52)


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


@dataclass(frozen=True)
class _Segment:
    number: int
    name: str
    weeks: int
    sessions: int
    start_week: int
    x: float
    width: float

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class _Callout:
    """A phase number drawn above a segment too narrow to hold it, on a leader line."""

    segment: _Segment
    row: int
    x: float


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

    callouts = _place_callouts(segments)
    rows = max((callout.row + 1 for callout in callouts), default=0)
    names = {segment.number: _fit_name(segment) for segment in segments}
    name_lines = max(len(lines) for lines in names.values())

    y: float = SUMMARY_BOTTOM
    elbow_y = y + rows * CALLOUT_ROW + ELBOW
    if rows:
        y = elbow_y + 4
    if name_lines:
        y += name_lines * NAME_LINE + 8
    band_top = y
    axis_y = band_top + BAND_HEIGHT
    legend, legend_bottom = _legend(segments, ids, axis_y + 74)

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
            _phase(
                segment,
                band_top,
                of=len(segments),
                name_lines=names[segment.number],
                number_inside=segment.number not in numbered_above,
                ids=ids,
            )
            for segment in segments
        ),
        *(_callout(callout, elbow_y, band_top) for callout in callouts),
        _axis(weeks, axis_y),
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


def _segments(phases: tuple[ArcPhase, ...]) -> list[_Segment]:
    # A checked design has at least one week per phase, but a draft may not yet; the
    # picture should still draw rather than divide by zero, so such phases share equally.
    weeks = [max(phase.planned_weeks, 0) for phase in phases]
    weights = weeks if sum(weeks) > 0 else [1] * len(weeks)
    unit = PLOT_WIDTH / sum(weights)
    segments = []
    start = offset = 0
    for index, phase in enumerate(phases):
        segments.append(
            _Segment(
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


def _number_fits(segment: _Segment) -> bool:
    return text_width(str(segment.number), NUMBER_SIZE, bold=True) + 6 <= segment.width


def _place_callouts(segments: list[_Segment]) -> list[_Callout]:
    """Numbers of narrow segments, spread along a row above the band without overlapping.

    Labels keep the left-to-right order of their segments, so the leader lines from the
    labels down to the segments never cross. Up to the 20 phases a design may have, they
    always fit in one row; more rows are only a fallback for oversized drafts.
    """
    narrow = [segment for segment in segments if not _number_fits(segment)]
    widths = [text_width(str(s.number), CALLOUT_SIZE, bold=True) + 6 for s in narrow]
    gap = 2.0
    rows = 1
    while any(
        sum(widths[row::rows]) + gap * len(widths[row::rows]) > WIDTH - 8 for row in range(rows)
    ):
        rows += 1
    callouts = []
    for row in range(rows):
        row_segments = narrow[row::rows]
        centres = dodge([s.centre for s in row_segments], widths[row::rows], gap)
        callouts += [
            _Callout(segment, row, x) for segment, x in zip(row_segments, centres, strict=True)
        ]
    return sorted(callouts, key=lambda callout: callout.segment.number)


def _fit_name(segment: _Segment) -> list[str]:
    """The name in one or two lines that fit above its segment, or none at all.

    Names never run past their own segment, where they could be read as a neighbour's;
    the legend names every phase anyway.
    """
    room = segment.width - 8
    lines = wrap_styled([(word, False) for word in segment.name.split()], room, NAME_SIZE)
    if len(lines) > 2 or any(styled_width(line, NAME_SIZE) > room for line in lines):
        return []
    return [" ".join(word for word, _ in line) for line in lines]


def _phase(
    segment: _Segment,
    band_top: float,
    *,
    of: int,
    name_lines: list[str],
    number_inside: bool,
    ids: Ids,
) -> Markup:
    rect: Attrs = {
        "class": "arc-segment",
        "x": segment.x,
        "y": band_top,
        "width": segment.width,
        "height": BAND_HEIGHT,
        "fill": phase_fill(segment.number, ids),
        "stroke": INK,
        "stroke-width": 1.5,
    }
    children = [element("title", {}, _tooltip(segment, of)), element("rect", rect)]
    if number_inside:
        attrs: dict[str, AttrValue] = {
            "class": "arc-phase-number",
            "x": segment.centre,
            "y": band_top + 25,
            "text-anchor": "middle",
            "font-size": NUMBER_SIZE,
            "font-weight": "bold",
            "fill": INK,
            **HALO,
        }
        children.append(element("text", attrs, str(segment.number)))
    for index, line in enumerate(name_lines):
        attrs = {
            "class": "arc-phase-name",
            "x": segment.centre,
            "y": band_top - 8 - (len(name_lines) - 1 - index) * NAME_LINE,
            "text-anchor": "middle",
            "font-size": NAME_SIZE,
            "fill": INK,
        }
        children.append(element("text", attrs, line))
    if segment.sessions:
        # Each mark is centred in an equal slot of the segment, so marks stay inside it
        # however many there are; the radius shrinks when the slots get narrow.
        slot = segment.width / segment.sessions
        radius = min(MARK_RADIUS, slot * 0.4)
        for index in range(segment.sessions):
            mark: Attrs = {
                "class": "arc-session",
                "cx": segment.x + slot * (index + 0.5),
                "cy": band_top + 44,
                "r": radius,
                "fill": INK,
                "stroke": PAPER,
                "stroke-width": 1.5 if radius >= 3 else 0.5,
            }
            children.append(element("circle", mark))
    return element("g", {"class": "arc-phase", "data-phase": segment.number}, children)


def _callout(callout: _Callout, elbow_y: float, band_top: float) -> Markup:
    segment = callout.segment
    row_top = elbow_y - ELBOW - (callout.row + 1) * CALLOUT_ROW
    # The leader drops straight into the segment below the elbow, so it never passes
    # over a neighbour's name; only the short slanted part above the elbow moves sideways.
    points = [(callout.x, row_top + 23), (segment.centre, elbow_y), (segment.centre, band_top)]
    leader: Attrs = {
        "class": "arc-leader",
        "points": " ".join(f"{number(x)},{number(y)}" for x, y in points),
        "fill": "none",
        "stroke": INK_SOFT,
        "stroke-width": 1,
    }
    text: Attrs = {
        "class": "arc-phase-number",
        "x": callout.x,
        "y": row_top + 18,
        "text-anchor": "middle",
        "font-size": CALLOUT_SIZE,
        "font-weight": "bold",
        "fill": INK,
    }
    return element(
        "g",
        {"class": "arc-callout", "data-phase": segment.number},
        [
            element("title", {}, segment.name),
            element("polyline", leader),
            element("text", text, str(segment.number)),
        ],
    )


def _tick_gap(weeks: int) -> float:
    """How far apart tick label centres must be: the widest label plus a clear gap."""
    return max(MIN_TICK_GAP, text_width(str(weeks), TICK_SIZE) + 10)


def _tick_step(weeks: int) -> int:
    per_week, gap = PLOT_WIDTH / weeks, _tick_gap(weeks)
    step = next((s for s in TICK_STEPS if s * per_week >= gap), TICK_STEPS[-1])
    while step * per_week < gap:
        step *= 2
    return step


def _axis(weeks: int, axis_y: float) -> Markup:
    """The week axis under the band: a small tick every week, labels every few weeks.

    The end of the axis is always labelled and a regular label too close to it is
    dropped, so no two labels are ever nearer than `_tick_gap`.
    """
    span = max(weeks, 1)
    unit = PLOT_WIDTH / span
    step = _tick_step(span)
    gap = _tick_gap(span)
    labelled = [week for week in range(0, span, step) if (span - week) * unit >= gap]
    labelled.append(span)
    axis_line: Attrs = {
        "x1": PLOT_LEFT,
        "y1": axis_y,
        "x2": PLOT_LEFT + PLOT_WIDTH,
        "y2": axis_y,
        "stroke": INK,
        "stroke-width": 2,
    }
    children = [element("line", axis_line)]
    minor = "".join(
        f"M{number(PLOT_LEFT + week * unit)} {number(axis_y)}v5"
        for week in range(span + 1)
        if week not in labelled and unit >= MIN_MINOR_TICK_GAP
    )
    if minor:
        children.append(
            element("path", {"class": "arc-tick-minor", "d": minor, "stroke": INK_SOFT})
        )
    for week in labelled:
        x = PLOT_LEFT + week * unit
        tick: Attrs = {
            "class": "arc-tick",
            "d": f"M{number(x)} {number(axis_y)}v9",
            "stroke": INK,
            "stroke-width": 1.5,
        }
        text: Attrs = {
            "class": "arc-tick-label",
            "x": x,
            "y": axis_y + 28,
            "text-anchor": "middle",
            "font-size": TICK_SIZE,
            "fill": INK,
        }
        children += [element("path", tick), element("text", text, str(week))]
    caption: Attrs = {
        "class": "arc-axis-caption",
        "x": WIDTH / 2,
        "y": axis_y + 50,
        "text-anchor": "middle",
        "font-size": CAPTION_SIZE,
        "fill": INK_SOFT,
    }
    children.append(element("text", caption, "weeks from the start"))
    return element("g", {"class": "arc-axis"}, children)


def _legend(segments: list[_Segment], ids: Ids, top: float) -> tuple[Markup, float]:
    """Every phase in words, one entry each, long names wrapped; returns the bottom too."""
    text_x = MARGIN_X + SWATCH_WIDTH + 12
    # Legend text may use the right margin too: nothing is drawn beside it.
    room = WIDTH - 8 - text_x
    entries = []
    y = top
    for segment in segments:
        words = [(word, True) for word in segment.name.split()]
        words += [
            (f"· {count(segment.weeks, 'week')}", False),
            (f"· {count(segment.sessions, 'session')}", False),
        ]
        lines = wrap_styled(words, room, LEGEND_SIZE, cut_long=True)
        swatch: Attrs = {
            "x": MARGIN_X,
            "y": y,
            "width": SWATCH_WIDTH,
            "height": SWATCH,
            "fill": phase_fill(segment.number, ids),
            "stroke": INK,
            "stroke-width": 1.5,
        }
        swatch_number: Attrs = {
            "x": MARGIN_X + SWATCH_WIDTH / 2,
            "y": y + 19,
            "text-anchor": "middle",
            "font-size": 16,
            "font-weight": "bold",
            "fill": INK,
            **HALO,
        }
        children = [
            element("rect", swatch),
            element("text", swatch_number, str(segment.number)),
        ]
        for index, line in enumerate(lines):
            text: Attrs = {"x": text_x, "y": y + 20 + index * LEGEND_LINE, "font-size": LEGEND_SIZE}
            children.append(element("text", text, _legend_line(line)))
        entries.append(
            element("g", {"class": "arc-legend-entry", "data-phase": segment.number}, children)
        )
        y += max(SWATCH, len(lines) * LEGEND_LINE) + 10
    return element("g", {"class": "arc-legend"}, entries), y


def _legend_line(line: list[StyledWord]) -> Markup:
    # The name is bold ink and the numbers softer, so the eye finds the names first.
    runs: list[tuple[str, bool]] = []
    for word, is_name in line:
        if runs and runs[-1][1] == is_name:
            runs[-1] = (f"{runs[-1][0]} {word}", is_name)
        else:
            runs.append((f" {word}" if runs else word, is_name))
    return fragment(
        *(
            element(
                "tspan",
                {"font-weight": "bold", "fill": INK} if is_name else {"fill": INK_SOFT},
                text,
            )
            for text, is_name in runs
        )
    )


def _tooltip(segment: _Segment, of: int) -> str:
    first, last = segment.start_week + 1, segment.start_week + segment.weeks
    if segment.weeks == 0:
        when = ""
    elif first == last:
        when = f" (week {first})"
    else:
        when = f" (weeks {first}\N{EN DASH}{last})"
    return (
        f"Phase {segment.number} of {of}: {segment.name} \N{EM DASH} "
        f"{count(segment.weeks, 'week')}{when}, {count(segment.sessions, 'session')}"
    )


def _description(segments: list[_Segment], weeks: int, sessions: int) -> str:
    phases = "; ".join(
        f"{segment.name}: {count(segment.weeks, 'week')}, {count(segment.sessions, 'session')}"
        for segment in segments
    )
    return (
        f"{count(len(segments), 'phase')} over {count(weeks, 'week')}, "
        f"{count(sessions, 'session')}: {phases}."
    )
