"""One client's journey as an SVG picture: the plan against what happened. No Django import.

A single time axis runs from the journey's start. Above it, two bands: the design's phases
as planned, and the phase runs as they happened (a revisited phase is a second bar with the
same number; the run still going fades out at today). Under the bands, the sessions as
marks that differ by shape, not colour alone; adaptations as numbered markers on thin
lines, listed in words under the picture; a dashed "Today" line while today is inside the
journey's dates. A legend explains the shapes, so the picture still reads printed in
greyscale.

`render_journey_miniature` draws the same facts without text, small enough for a row of a
caseload table.

This module only lays the parts out, top to bottom; each part is a module of its own:
`journey_picture` (the input), `scale` (time scale and date axis), `bands`, `marks`
(session marks and their placement), `callouts` (adaptations and today), `legend` and
`words` (summary, adaptation list, description), all inside `frame`'s accessible `<svg>`.
The palette, font and text measuring come from `style`, shared with the design arc, so
the pictures look like one family; geometry is in user units of a 640-wide viewBox and
the SVG is as wide as its container.
"""

from __future__ import annotations

from arcwise.svg.bands import (
    BAND_HEIGHT,
    TRACK,
    band_defs,
    outline,
    placeholder,
    planned_bar,
    planned_tooltip,
    row_label,
    run_bar,
    run_tooltip,
)
from arcwise.svg.callouts import CALLOUT_ROW, ELBOW, callouts, today_tooltip
from arcwise.svg.frame import Ids, accessible_svg, one_line, phase_fill
from arcwise.svg.journey_picture import (
    PLOT_LEFT,
    PLOT_WIDTH,
    AdaptationMarker,
    JourneyPicture,
    PhaseRunBar,
    PlannedPhase,
    SessionMark,
    numbered_adaptations,
    planned_in_order,
    runs_in_order,
)
from arcwise.svg.legend import draw_legend
from arcwise.svg.marks import Marks, PlacedMark, place_marks, session_mark
from arcwise.svg.markup import Attrs, Markup, element
from arcwise.svg.scale import (
    TimeScale,
    date_axis,
    date_ticks,
    extent,
    gridlines,
    time_scale,
)
from arcwise.svg.style import INK, WIDTH
from arcwise.svg.words import adaptation_list, describe, summary_line

# The input types live in journey_picture; callers (journeys/queries.py) import them from
# here, beside the renderers they feed.
__all__ = [
    "AdaptationMarker",
    "JourneyPicture",
    "PhaseRunBar",
    "PlannedPhase",
    "SessionMark",
    "journey_map_words",
    "render_journey_map",
    "render_journey_miniature",
]

SUMMARY_BOTTOM = 42
ROW_LABEL_LINE = 28

MINI_WIDTH = 240
MINI_HEIGHT = 40
# The narrowest the map is drawn (30rem at the page's 17 px rem; narrower screens scroll it
# sideways): its smallest text, 16 units, at 510/640 is 12.75 px. Page CSS keeps it at
# least this wide. The miniature has no text and is shown on no page yet.
SHOWN_WIDTH = 510
MINI_MARGIN = 4
# Lanes are 6 apart, so marks of these sizes never touch across lanes.
MINI_RADII = (2.4, 2.0, 1.7, 1.4)


def render_journey_map(picture: JourneyPicture) -> str:
    """The journey map as a single `<svg>` element (no XML declaration).

    The output depends only on `picture`, so it can be cached or compared in tests.
    """
    ids = Ids("jm", repr(("jm", picture)))
    scale = _scale(picture, PLOT_LEFT, PLOT_WIDTH)
    runs = runs_in_order(picture)
    adaptations = numbered_adaptations(picture)
    marks = place_marks(picture.sessions, scale)

    callout_top = SUMMARY_BOTTOM
    elbow_y = callout_top + CALLOUT_ROW + ELBOW
    planned_top = elbow_y + ELBOW + ROW_LABEL_LINE
    actual_top = planned_top + BAND_HEIGHT + ROW_LABEL_LINE
    sessions_top = actual_top + BAND_HEIGHT + ROW_LABEL_LINE
    axis_y = sessions_top + marks.height
    labelled, minor = date_ticks(scale)
    legend, legend_bottom = draw_legend(picture, ids, axis_y + 72)
    listing, bottom = adaptation_list(adaptations, scale, legend_bottom + 10)

    track: Attrs = {
        "class": "jm-track",
        "x": scale.left,
        "y": actual_top,
        "width": scale.width,
        "height": BAND_HEIGHT,
        "fill": TRACK,
    }
    body = [
        band_defs(ids, hatch=8),
        summary_line(picture, runs),
        gridlines(labelled, scale, planned_top, axis_y),
        element("rect", track),
        element(
            "g",
            {"class": "jm-planned-band"},
            [planned_bar(phase, scale, planned_top, ids) for phase in planned_in_order(picture)],
        ),
        element(
            "g",
            {"class": "jm-actual-band"},
            [run_bar(run, scale, actual_top, ids, today=picture.today) for run in runs],
        ),
        date_axis(labelled, minor, scale, axis_y),
        *callouts(
            adaptations,
            picture.today if picture.shows_today else None,
            scale,
            callout_top,
            elbow_y,
            axis_y,
        ),
        # Drawn over the lines, so their halos keep them legible where a line crosses.
        row_label("Planned phases", planned_top),
        row_label("Actual phase runs", actual_top),
        row_label("Sessions", sessions_top),
        element(
            "g",
            # The size every mark is drawn at, for tests and scripts reading the picture.
            {"class": "jm-sessions", "data-radius": marks.radius},
            [_mark(placed, sessions_top, marks) for placed in marks.placed],
        ),
        legend,
        listing,
    ]
    if not runs:
        body.append(placeholder("No phase run yet", actual_top + BAND_HEIGHT / 2))
    if not picture.sessions:
        body.append(placeholder("No sessions yet", sessions_top + marks.height / 2))
    return _svg(picture, ids, describe(picture, runs, adaptations), WIDTH, bottom + 8, body)


def journey_map_words(picture: JourneyPicture) -> str:
    """The map in words, the same as its description: for a page to show beside it."""
    return describe(picture, runs_in_order(picture), numbered_adaptations(picture))


def render_journey_miniature(picture: JourneyPicture) -> str:
    """A small journey map for a caseload row: bands, session marks and today; no text.

    It carries the same `<title>` and `<desc>` as the full map, so it is not mute to a
    screen reader even though it shows no words.
    """
    ids = Ids("jmm", repr(("jmm", picture)))
    scale = _scale(picture, MINI_MARGIN, MINI_WIDTH - 2 * MINI_MARGIN)
    runs = runs_in_order(picture)
    planned_top, planned_height = 2.0, 6.0
    actual_top, actual_height = 11.0, 12.0
    lane_y = (29.0, 35.0)

    body: list[Markup] = [band_defs(ids, hatch=4)]
    for phase in planned_in_order(picture):
        x, width = extent(scale, phase.starts, phase.ends)
        rect: Attrs = {
            "x": x,
            "y": planned_top,
            "width": width,
            "height": planned_height,
            "fill": phase_fill(phase.number, ids),
            "stroke": INK,
            "stroke-width": 0.75,
        }
        body.append(
            element(
                "rect",
                {"class": "jm-planned", "data-phase": phase.number, **rect},
                [element("title", {}, planned_tooltip(phase))],
            )
        )
    for run in runs:
        x, width = extent(scale, run.bar.starts, run.ends(picture.today))
        rect = {
            "x": x,
            "y": actual_top,
            "width": width,
            "height": actual_height,
            "fill": phase_fill(run.bar.number, ids),
        }
        classes = "jm-run jm-run--open" if run.is_open else "jm-run"
        children = [
            element("title", {}, run_tooltip(run, picture.today)),
            element("rect", rect),
            element("path", outline(x, width, actual_top, actual_height, run.is_open, 0.75)),
        ]
        body.append(element("g", {"class": classes, "data-phase": run.bar.number}, children))

    marks = place_marks(picture.sessions, scale, MINI_RADII, most=len(lane_y))
    for placed in marks.placed:
        body.append(session_mark(placed.session, placed.x, lane_y[placed.lane], marks.radius))

    if picture.shows_today:
        today_x = scale.x(picture.today)
        line: Attrs = {
            "class": "jm-today",
            "x1": today_x,
            "y1": 0,
            "x2": today_x,
            "y2": MINI_HEIGHT,
            "stroke": INK,
            "stroke-width": 1,
            "stroke-dasharray": "3 2",
        }
        body.append(element("line", line, [element("title", {}, today_tooltip(picture.today))]))
    description = describe(picture, runs, numbered_adaptations(picture))
    return _svg(picture, ids, description, MINI_WIDTH, MINI_HEIGHT, body, miniature=True)


def _scale(picture: JourneyPicture, left: float, width: float) -> TimeScale:
    """From the start to the last thing to show, plus a little room after it."""
    dates = [
        picture.planned_end,
        *([picture.today] if picture.shows_today else []),
        *([picture.ended] if picture.ended else []),
        *(phase.ends for phase in picture.planned),
        *(run.starts for run in picture.runs),
        *(run.ends for run in picture.runs if run.ends is not None),
        *(session.on for session in picture.sessions),
        *(adaptation.on for adaptation in picture.adaptations),
    ]
    return time_scale(picture.starts, dates, left, width)


def _mark(placed: PlacedMark, top: float, marks: Marks) -> Markup:
    return session_mark(placed.session, placed.x, marks.y(top, placed.lane), marks.radius)


def _svg(
    picture: JourneyPicture,
    ids: Ids,
    description: str,
    width: float,
    height: float,
    body: list[Markup],
    *,
    miniature: bool = False,
) -> str:
    return accessible_svg(
        css_class="jm-miniature" if miniature else "jm-chart",
        ids=ids,
        width=width,
        height=height,
        title=one_line(picture.title, "Journey map"),
        description=description,
        body=body,
    )
