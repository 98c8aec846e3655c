"""The arc of a journey design as one SVG picture. No Django import.

Phases sit side by side along one time axis in weeks, each as wide as its planned weeks,
with its planned sessions as marks inside it. A legend under the axis always lists every
phase in words, so the picture still says everything when segments are too narrow for
their names, when it is printed in greyscale, or when it is read on a phone.

Geometry is in user units of a fixed-width viewBox; the SVG is as wide as its container,
so page CSS should cap it (for example `.arc-chart { max-width: 40rem }`) to keep the
text from growing very large on wide screens.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from arcwise.designs.spec import DesignSpec, PhaseSpec
from arcwise.svg.markup import Markup, element, fragment, number

WIDTH = 640
MARGIN_X = 24
PLOT_LEFT = MARGIN_X
PLOT_WIDTH = WIDTH - 2 * MARGIN_X
FONT_FAMILY = "system-ui, sans-serif"

# The SVG scales down to about half size on a phone, so text is set large in user units:
# 20 units is about 11 px on a 380 px screen and about 21 px at a 40rem cap.
SUMMARY_SIZE = 20
NUMBER_SIZE = 20
NAME_SIZE = 16
TICK_SIZE = 18
CAPTION_SIZE = 16
LEGEND_SIZE = 20
LEGEND_LINE = 26

BAND_HEIGHT = 60
CALLOUT_ROW = 26
NAME_LINE = 19
MARK_RADIUS = 6
# Tick labels are at most three digits at TICK_SIZE (about 36 units wide), so centres this
# far apart leave a clear gap between neighbours.
MIN_TICK_GAP = 44
TICK_STEPS = (1, 2, 4, 8, 13, 26, 52)

INK = "#1f2a2e"
INK_SOFT = "#4b5a60"
ACCENT = "#2f6b5e"
FILL_SOLID = "#d3e6de"
PAPER = "#ffffff"
PLACEHOLDER = "Add a phase to see the arc."


@dataclass(frozen=True)
class _Segment:
    number: int
    phase: PhaseSpec
    name: str
    weeks: int
    sessions: int
    start_week: int
    x: float
    width: float

    @property
    def centre(self) -> float:
        return self.x + self.width / 2

    @property
    def hatched(self) -> bool:
        return self.number % 2 == 0


@dataclass(frozen=True)
class _Callout:
    segment: _Segment
    row: int


def render_design_arc(spec: DesignSpec, *, title: str | None = None) -> str:
    """The design's arc as a single `<svg>` element (no XML declaration).

    `title` names the picture for screen readers and defaults to the design's name. The
    output depends only on the arguments, so it can be cached or compared in tests.
    """
    label = " ".join((title if title is not None else spec.name).split()) or "Design arc"
    ids = _Ids(spec, label)
    if not spec.phases:
        return _render_empty(label, ids)
    segments = _segments(spec)
    total_weeks = sum(segment.weeks for segment in segments)
    total_sessions = sum(segment.sessions for segment in segments)
    summary = (
        f"{_count(len(segments), 'phase')} · {_count(total_weeks, 'week')} · "
        f"{_count(total_sessions, 'session')}"
    )

    callouts = _place_callouts(segments)
    callout_rows = max((callout.row + 1 for callout in callouts), default=0)
    names = {segment.number: _fit_name(segment) for segment in segments}
    name_lines = max((len(lines) for lines in names.values()), default=0)

    y = 44.0
    callout_top = y
    y += callout_rows * CALLOUT_ROW + (4 if callout_rows else 0)
    y += name_lines * NAME_LINE + (8 if name_lines else 0)
    band_top = y
    axis_y = band_top + BAND_HEIGHT
    legend_top = axis_y + 74
    legend, legend_height = _legend(segments, ids, legend_top)
    height = legend_top + legend_height + 8

    body = [
        _defs(ids),
        element(
            "text",
            {
                "class": "arc-summary",
                "x": MARGIN_X,
                "y": 28,
                "font-size": SUMMARY_SIZE,
                "font-weight": "600",
                "fill": INK,
            },
            summary,
        ),
        *(_callout(callout, callout_top, callout_rows, band_top, ids) for callout in callouts),
        *(
            _phase(
                segment,
                band_top,
                total=len(segments),
                name_lines=names[segment.number],
                number_inside=segment.number not in {c.segment.number for c in callouts},
                ids=ids,
            )
            for segment in segments
        ),
        _axis(total_weeks, axis_y),
        legend,
    ]
    return _svg(label, _description(segments, total_weeks, total_sessions), ids, height, body)


class _Ids:
    """Element ids unique to one picture, so several arcs can share a page.

    They come from a hash of the input rather than a counter so that the same design
    always renders to the same string.
    """

    def __init__(self, spec: DesignSpec, label: str) -> None:
        digest = hashlib.sha256(repr((spec, label)).encode()).hexdigest()[:10]
        self.prefix = f"arc-{digest}"

    def __call__(self, name: str) -> str:
        return f"{self.prefix}-{name}"


def _svg(label: str, description: str, ids: _Ids, height: float, body: list[Markup]) -> str:
    return element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "class": "arc-chart",
            "viewBox": f"0 0 {WIDTH} {_n(height)}",
            "width": "100%",
            "role": "img",
            "aria-labelledby": ids("title"),
            "aria-describedby": ids("desc"),
            "font-family": FONT_FAMILY,
        },
        [
            element("title", {"id": ids("title")}, label),
            element("desc", {"id": ids("desc")}, description),
            *body,
        ],
    )


def _render_empty(label: str, ids: _Ids) -> str:
    height = 120
    body = [
        element(
            "rect",
            {
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
            },
        ),
        element(
            "text",
            {
                "class": "arc-placeholder",
                "x": WIDTH / 2,
                "y": height / 2 + 7,
                "text-anchor": "middle",
                "font-size": LEGEND_SIZE,
                "fill": INK,
            },
            PLACEHOLDER,
        ),
    ]
    return _svg(label, "No phases yet. " + PLACEHOLDER, ids, height, body)


def _segments(spec: DesignSpec) -> list[_Segment]:
    # Checked designs have at least one week per phase; a draft may not yet, and the picture
    # should still draw rather than divide by zero, so such phases get an equal share.
    weeks = [max(phase.planned_weeks, 0) for phase in spec.phases]
    weights = weeks if sum(weeks) > 0 else [1] * len(weeks)
    unit = PLOT_WIDTH / sum(weights)
    segments = []
    start = 0
    offset = 0
    for index, phase in enumerate(spec.phases):
        segments.append(
            _Segment(
                number=index + 1,
                phase=phase,
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


def _place_callouts(segments: list[_Segment]) -> list[_Callout]:
    """Numbers too wide for their segment go above it on a leader line, in stacked rows.

    A label takes the lowest row where it overlaps no other label or leader line, and its
    own leader must not cross a label in a row beneath it.
    """
    labels: list[list[tuple[float, float]]] = []
    leaders: list[list[float]] = []
    callouts = []
    for segment in segments:
        width = _text_width(str(segment.number), NUMBER_SIZE, bold=True) + 8
        if width <= segment.width - 4:
            continue
        left = min(max(segment.centre - width / 2, 0), WIDTH - width)
        right = left + width
        row = 0
        while True:
            if row == len(labels):
                labels.append([])
                leaders.append([])
            clear = all(right <= a or left >= b for a, b in labels[row]) and all(
                not left - 2 <= x <= right + 2 for x in leaders[row]
            )
            crosses = any(
                a - 2 <= segment.centre <= b + 2 for lower in labels[:row] for a, b in lower
            )
            if clear and not crosses:
                break
            row += 1
        labels[row].append((left, right))
        for lower in leaders[:row]:
            lower.append(segment.centre)
        callouts.append(_Callout(segment, row))
    return callouts


def _fit_name(segment: _Segment) -> list[str]:
    """The name in one or two lines that fit above the segment, or [] when it cannot fit."""
    room = segment.width - 8
    lines = _wrap([(word, False) for word in segment.name.split()], room, NAME_SIZE, False)
    if len(lines) > 2 or any(_text_width(_join(line), NAME_SIZE) > room for line in lines):
        return []
    return [_join(line) for line in lines]


def _join(line: list[tuple[str, bool]]) -> str:
    return " ".join(word for word, _ in line)


def _defs(ids: _Ids) -> Markup:
    # Alternate phases are hatched as well as paler, so neighbours stay apart in greyscale.
    return element(
        "defs",
        {},
        [
            element(
                "pattern",
                {
                    "id": ids("hatch"),
                    "width": 8,
                    "height": 8,
                    "patternUnits": "userSpaceOnUse",
                    "patternTransform": "rotate(45)",
                },
                [
                    element("rect", {"width": 8, "height": 8, "fill": PAPER}),
                    element(
                        "line",
                        {
                            "x1": 0,
                            "y1": 0,
                            "x2": 0,
                            "y2": 8,
                            "stroke": ACCENT,
                            "stroke-width": 2.5,
                            "stroke-opacity": 0.35,
                        },
                    ),
                ],
            )
        ],
    )


def _fill(segment: _Segment, ids: _Ids) -> str:
    return f"url(#{ids('hatch')})" if segment.hatched else FILL_SOLID


def _phase(
    segment: _Segment,
    band_top: float,
    *,
    total: int,
    name_lines: list[str],
    number_inside: bool,
    ids: _Ids,
) -> Markup:
    children = [
        element("title", {}, _phase_tooltip(segment, total)),
        element(
            "rect",
            {
                "class": "arc-segment",
                "x": segment.x,
                "y": band_top,
                "width": segment.width,
                "height": BAND_HEIGHT,
                "fill": _fill(segment, ids),
                "stroke": INK,
                "stroke-width": 1.5,
            },
        ),
    ]
    if number_inside:
        children.append(
            element(
                "text",
                {
                    "class": "arc-phase-number",
                    "x": segment.centre,
                    "y": band_top + 25,
                    "text-anchor": "middle",
                    "font-size": NUMBER_SIZE,
                    "font-weight": "700",
                    "fill": INK,
                    # A white halo keeps the digits legible over the hatching.
                    "stroke": PAPER,
                    "stroke-width": 4,
                    "stroke-linejoin": "round",
                    "paint-order": "stroke",
                },
                str(segment.number),
            )
        )
    for index, line in enumerate(name_lines):
        children.append(
            element(
                "text",
                {
                    "class": "arc-phase-name",
                    "x": segment.centre,
                    "y": band_top - 8 - (len(name_lines) - 1 - index) * NAME_LINE,
                    "text-anchor": "middle",
                    "font-size": NAME_SIZE,
                    "fill": INK,
                },
                line,
            )
        )
    if segment.sessions:
        # Marks are centred in equal slots, so they stay inside the segment however many
        # there are; the radius shrinks when the slots get narrow.
        slot = segment.width / segment.sessions
        radius = min(MARK_RADIUS, slot * 0.4)
        for index in range(segment.sessions):
            children.append(
                element(
                    "circle",
                    {
                        "class": "arc-session",
                        "cx": segment.x + slot * (index + 0.5),
                        "cy": band_top + 44,
                        "r": radius,
                        "fill": INK,
                        "stroke": PAPER,
                        "stroke-width": 1.5 if radius >= 3 else 0.5,
                    },
                )
            )
    return element("g", {"class": "arc-phase", "data-phase": segment.number}, children)


def _callout(callout: _Callout, top: float, rows: int, band_top: float, ids: _Ids) -> Markup:
    segment = callout.segment
    row_top = top + (rows - 1 - callout.row) * CALLOUT_ROW
    return element(
        "g",
        {"class": "arc-callout", "data-phase": segment.number},
        [
            element(
                "line",
                {
                    "x1": segment.centre,
                    "y1": row_top + CALLOUT_ROW - 4,
                    "x2": segment.centre,
                    "y2": band_top,
                    "stroke": INK_SOFT,
                    "stroke-width": 1,
                },
            ),
            element(
                "text",
                {
                    "class": "arc-phase-number",
                    "x": min(max(segment.centre, MARGIN_X / 2 + 6), WIDTH - MARGIN_X / 2 - 6),
                    "y": row_top + 19,
                    "text-anchor": "middle",
                    "font-size": NUMBER_SIZE - 2,
                    "font-weight": "700",
                    "fill": INK,
                },
                str(segment.number),
            ),
        ],
    )


def _tick_step(total_weeks: int) -> int:
    per_week = PLOT_WIDTH / max(total_weeks, 1)
    for step in TICK_STEPS:
        if step * per_week >= MIN_TICK_GAP:
            return step
    step = TICK_STEPS[-1]
    while step * per_week < MIN_TICK_GAP:
        step *= 2
    return step


def _axis(total_weeks: int, axis_y: float) -> Markup:
    """The week axis under the band: a tick every week, labels every `_tick_step` weeks.

    The end of the axis is always labelled, and a regular label too close to it is dropped,
    so no two labels are ever nearer than MIN_TICK_GAP.
    """
    span = max(total_weeks, 1)
    unit = PLOT_WIDTH / span
    step = _tick_step(span)
    labelled = [week for week in range(0, span, step) if (span - week) * unit >= MIN_TICK_GAP]
    labelled.append(span)
    children = [
        element(
            "line",
            {
                "x1": PLOT_LEFT,
                "y1": axis_y,
                "x2": PLOT_LEFT + PLOT_WIDTH,
                "y2": axis_y,
                "stroke": INK,
                "stroke-width": 2,
            },
        )
    ]
    minor = [
        f"M{_n(PLOT_LEFT + week * unit)} {_n(axis_y)}v4"
        for week in range(span + 1)
        if week not in labelled
    ]
    if minor:
        children.append(
            element(
                "path",
                {"class": "arc-tick-minor", "d": "".join(minor), "stroke": INK_SOFT},
            )
        )
    for week in labelled:
        x = PLOT_LEFT + week * unit
        children.append(
            element(
                "line",
                {
                    "class": "arc-tick",
                    "x1": x,
                    "y1": axis_y,
                    "x2": x,
                    "y2": axis_y + 8,
                    "stroke": INK,
                    "stroke-width": 1.5,
                },
            )
        )
        children.append(
            element(
                "text",
                {
                    "class": "arc-tick-label",
                    "x": x,
                    "y": axis_y + 28,
                    "text-anchor": "middle",
                    "font-size": TICK_SIZE,
                    "fill": INK,
                },
                str(week),
            )
        )
    children.append(
        element(
            "text",
            {
                "class": "arc-axis-caption",
                "x": WIDTH / 2,
                "y": axis_y + 50,
                "text-anchor": "middle",
                "font-size": CAPTION_SIZE,
                "fill": INK_SOFT,
            },
            "weeks from the start",
        )
    )
    return element("g", {"class": "arc-axis"}, children)


def _legend(segments: list[_Segment], ids: _Ids, top: float) -> tuple[Markup, float]:
    """Every phase in words, one entry per phase, long names wrapped onto more lines."""
    swatch = 26
    text_x = MARGIN_X + swatch + 12
    room = WIDTH - MARGIN_X - text_x
    entries = []
    y = top
    for segment in segments:
        words = [(word, True) for word in segment.name.split()]
        words += [
            (f"· {_count(segment.weeks, 'week')}", False),
            (f"· {_count(segment.sessions, 'session')}", False),
        ]
        lines = _wrap(words, room, LEGEND_SIZE, True)
        texts = [
            element(
                "text",
                {"x": text_x, "y": y + 20 + index * LEGEND_LINE, "font-size": LEGEND_SIZE},
                _legend_line(line),
            )
            for index, line in enumerate(lines)
        ]
        entries.append(
            element(
                "g",
                {"class": "arc-legend-entry", "data-phase": segment.number},
                [
                    element(
                        "rect",
                        {
                            "x": MARGIN_X,
                            "y": y,
                            "width": swatch,
                            "height": swatch,
                            "fill": _fill(segment, ids),
                            "stroke": INK,
                            "stroke-width": 1.5,
                        },
                    ),
                    element(
                        "text",
                        {
                            "x": MARGIN_X + swatch / 2,
                            "y": y + 19,
                            "text-anchor": "middle",
                            "font-size": 16,
                            "font-weight": "700",
                            "fill": INK,
                            "stroke": PAPER,
                            "stroke-width": 3,
                            "stroke-linejoin": "round",
                            "paint-order": "stroke",
                        },
                        str(segment.number),
                    ),
                    *texts,
                ],
            )
        )
        y += max(swatch, len(lines) * LEGEND_LINE) + 10
    return element("g", {"class": "arc-legend"}, entries), y - top


def _legend_line(line: list[tuple[str, bool]]) -> Markup:
    # Consecutive words of the same kind share one tspan: the name in ink and semibold,
    # the numbers softer, so the eye finds the names first.
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
                {"font-weight": "600", "fill": INK} if is_name else {"fill": INK_SOFT},
                text,
            )
            for text, is_name in runs
        )
    )


def _wrap(
    words: list[tuple[str, bool]], room: float, size: float, break_long: bool
) -> list[list[tuple[str, bool]]]:
    """Greedy word wrap by estimated width; a word wider than `room` is cut into pieces
    when `break_long`, so a 120-letter name without spaces still stays inside."""
    lines: list[list[tuple[str, bool]]] = []
    current: list[tuple[str, bool]] = []
    for word, flag in words:
        pieces = _cut(word, room, size, bold=flag) if break_long else [word]
        for piece in pieces:
            candidate = _join([*current, (piece, flag)])
            if current and _text_width(candidate, size, bold=break_long) > room:
                lines.append(current)
                current = []
            current.append((piece, flag))
    if current:
        lines.append(current)
    return lines


def _cut(word: str, room: float, size: float, *, bold: bool) -> list[str]:
    pieces = []
    piece = ""
    for char in word:
        if piece and _text_width(piece + char, size, bold=bold) > room:
            pieces.append(piece)
            piece = ""
        piece += char
    pieces.append(piece)
    return pieces


def _text_width(text: str, size: float, *, bold: bool = False) -> float:
    """An upper estimate of rendered width; widths are set for DejaVu Sans, the widest
    common fallback for system-ui, so estimates err towards not fitting."""
    em = 0.0
    for char in text:
        if char in " ,.:;'!|ijlI()[]":
            em += 0.34
        elif char in "ftr":
            em += 0.42
        elif char in "mwMW@%":
            em += 0.95
        elif char.isdigit():
            em += 0.64
        elif char.isupper():
            em += 0.74
        elif ord(char) >= 0x2E80:
            em += 1.0
        else:
            em += 0.62
    return em * size * (1.07 if bold else 1.0)


def _phase_tooltip(segment: _Segment, total: int) -> str:
    first = segment.start_week + 1
    last = segment.start_week + segment.weeks
    if segment.weeks == 0:
        when = ""
    elif first == last:
        when = f" (week {first})"
    else:
        when = f" (weeks {first}\N{EN DASH}{last})"
    return (
        f"Phase {segment.number} of {total}: {segment.name} — "
        f"{_count(segment.weeks, 'week')}{when}, {_count(segment.sessions, 'session')}"
    )


def _description(segments: list[_Segment], weeks: int, sessions: int) -> str:
    phases = "; ".join(
        f"{segment.name}: {_count(segment.weeks, 'week')}, {_count(segment.sessions, 'session')}"
        for segment in segments
    )
    return (
        f"{_count(len(segments), 'phase')} over {_count(weeks, 'week')}, "
        f"{_count(sessions, 'session')}: {phases}."
    )


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _n(value: float) -> str:
    return number(value)
