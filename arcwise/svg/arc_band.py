"""The design arc's band: a segment per phase with its number, its name and its session
marks, and numbers on leader lines above segments too narrow to hold them.

No Django import.
"""

from __future__ import annotations

from dataclasses import dataclass

from arcwise.days import count
from arcwise.svg.arc_geometry import Segment
from arcwise.svg.frame import Ids, phase_fill
from arcwise.svg.markup import Attrs, AttrValue, Markup, element, number
from arcwise.svg.style import HALO, INK, INK_SOFT, PAPER, WIDTH, dodge, text_width
from arcwise.svg.wrap import styled_width, wrap_styled

# Sizes in user units; see design_arc for how they read on a phone and a desktop.
NUMBER_SIZE = 20
CALLOUT_SIZE = 18
NAME_SIZE = 16
CALLOUT_ROW = 26
ELBOW = 14
NAME_LINE = 19
BAND_HEIGHT = 60
MARK_RADIUS = 6


@dataclass(frozen=True)
class Callout:
    """A phase number drawn above a segment too narrow to hold it, on a leader line."""

    segment: Segment
    row: int
    x: float


def _number_fits(segment: Segment) -> bool:
    return text_width(str(segment.number), NUMBER_SIZE, bold=True) + 6 <= segment.width


def place_callouts(segments: list[Segment]) -> list[Callout]:
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
            Callout(segment, row, x) for segment, x in zip(row_segments, centres, strict=True)
        ]
    return sorted(callouts, key=lambda callout: callout.segment.number)


def fit_name(segment: Segment) -> list[str]:
    """The name in one or two lines that fit above its segment, or none at all.

    Names never run past their own segment, where they could be read as a neighbour's;
    the legend names every phase anyway.
    """
    room = segment.width - 8
    lines = wrap_styled([(word, False) for word in segment.name.split()], room, NAME_SIZE)
    if len(lines) > 2 or any(styled_width(line, NAME_SIZE) > room for line in lines):
        return []
    return [" ".join(word for word, _ in line) for line in lines]


def phase_mark(
    segment: Segment,
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


def callout_mark(callout: Callout, elbow_y: float, band_top: float) -> Markup:
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


def _tooltip(segment: Segment, of: int) -> str:
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
