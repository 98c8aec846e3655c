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

The palette, font and text measuring come from `style`, shared with the design arc, so
the pictures look like one family; geometry is in user units of a 640-wide viewBox and
the SVG is as wide as its container.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

from arcwise.days import count, day_month, day_month_year, week_number, weeks_covering
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
from arcwise.svg.callouts import CALLOUT_ROW, ELBOW, TODAY_DASH, callouts, diamond, today_tooltip
from arcwise.svg.frame import Ids, accessible_svg, one_line, phase_fill
from arcwise.svg.journey_picture import (
    MARGIN_X,
    PLOT_LEFT,
    PLOT_WIDTH,
    AdaptationMarker,
    JourneyPicture,
    NumberedAdaptation,
    PhaseRunBar,
    PlannedPhase,
    Run,
    SessionMark,
    current_run,
    numbered_adaptations,
    phase_name,
    planned_in_order,
    runs_in_order,
)
from arcwise.svg.marks import (
    STATUS_WORDS,
    STATUSES,
    Marks,
    PlacedMark,
    mark_shape,
    place_marks,
    session_mark,
)
from arcwise.svg.markup import Attrs, AttrValue, Markup, element, fragment, number
from arcwise.svg.scale import TimeScale, date_axis, date_ticks, extent, gridlines, time_scale
from arcwise.svg.style import FILL_SOLID, HALO, INK, INK_SOFT, WIDTH, text_width
from arcwise.svg.wrap import shorten, wrap

LEGEND_SIZE = 17
LEGEND_LINE = 28
SWATCH_WIDTH = 30
SWATCH_HEIGHT = 22


class _Flow:
    """Legend entries laid out like words: left to right, wrapping at the picture's edge."""

    def __init__(self, top: float) -> None:
        self.x = float(MARGIN_X)
        self.y = top
        self.children: list[Markup] = []

    def new_line(self) -> None:
        if self.children:
            self.x, self.y = MARGIN_X, self.y + LEGEND_LINE

    def lead(self, text: str) -> None:
        """Start a new line with a heading such as "Sessions:"."""
        self.new_line()
        attrs: Attrs = {
            "class": "jm-legend-lead",
            "x": self.x,
            "y": self.y + LEGEND_SIZE * 0.36,
            "font-size": LEGEND_SIZE,
            "font-weight": "bold",
            "fill": INK_SOFT,
        }
        self.children.append(element("text", attrs, text))
        self.x += text_width(text, LEGEND_SIZE, bold=True) + 10

    def add(
        self, symbol: float, draw: Callable[[float, float], Markup], text: str, name: str
    ) -> None:
        """One entry: a symbol and its words. An entry too long for any line (a long phase
        name) wraps inside itself, and the next entry starts on a fresh line."""
        limit = WIDTH - 8
        width = symbol + 6 + text_width(text, LEGEND_SIZE)
        fits_a_line = MARGIN_X + width <= limit
        if self.x + width > limit and (fits_a_line or limit - self.x < 160):
            self.new_line()
        text_x = self.x + symbol + 6
        lines = wrap(text, limit - text_x, LEGEND_SIZE)
        labels = [
            element(
                "text",
                {
                    "x": text_x,
                    "y": self.y + index * LEGEND_LINE + LEGEND_SIZE * 0.36,
                    "font-size": LEGEND_SIZE,
                    "fill": INK,
                },
                line,
            )
            for index, line in enumerate(lines)
        ]
        self.children.append(
            element(
                "g",
                {"class": f"jm-legend-entry {name}"},
                [draw(self.x + symbol / 2, self.y), *labels],
            )
        )
        if len(lines) > 1:
            self.y += (len(lines) - 1) * LEGEND_LINE
            self.x = limit
        else:
            self.x += width + 18

    @property
    def bottom(self) -> float:
        return self.y + LEGEND_LINE / 2


def draw_legend(picture: JourneyPicture, ids: Ids, top: float) -> tuple[Markup, float]:
    """The phases by number, and what each shape and line means, wrapping on narrow widths.

    Bars too narrow for their names still have a number, so the key makes the picture
    readable without tooltips (which phones and print do not have).
    """
    flow = _Flow(top)
    phases = _phase_names(picture)
    if phases:
        flow.lead("Phases:")
        for phase_number, name in phases:
            flow.add(SWATCH_WIDTH, _legend_phase(phase_number, ids), name, "jm-legend-phase")
    flow.lead("Sessions:")
    for status in STATUSES:
        flow.add(16, _legend_session(status), STATUS_WORDS[status], "jm-legend-session")
    flow.new_line()
    flow.add(24, lambda x, y: _legend_run(x, y, ids), "run still going", "jm-legend-open")
    flow.add(12, _legend_adaptation, "adaptation", "jm-legend-adaptation")
    if picture.shows_today:
        flow.add(12, _legend_today, "today", "jm-legend-today")
    return element("g", {"class": "jm-legend"}, flow.children), flow.bottom


def _phase_names(picture: JourneyPicture) -> list[tuple[int, str]]:
    names: dict[int, str] = {}
    for phase in planned_in_order(picture):
        names.setdefault(phase.number, phase_name(phase.name, phase.number))
    for bar in picture.runs:
        names.setdefault(bar.number, phase_name(bar.name, bar.number))
    return sorted(names.items())


def _legend_phase(phase_number: int, ids: Ids) -> Callable[[float, float], Markup]:
    def draw(x: float, y: float) -> Markup:
        swatch: Attrs = {
            "x": x - SWATCH_WIDTH / 2,
            "y": y - SWATCH_HEIGHT / 2,
            "width": SWATCH_WIDTH,
            "height": SWATCH_HEIGHT,
            "fill": phase_fill(phase_number, ids),
            "stroke": INK,
            "stroke-width": 1.25,
        }
        digits: dict[str, AttrValue] = {
            "x": x,
            "y": y + LEGEND_SIZE * 0.36,
            "text-anchor": "middle",
            "font-size": LEGEND_SIZE,
            "font-weight": "bold",
            "fill": INK,
            **HALO,
        }
        return fragment(element("rect", swatch), element("text", digits, str(phase_number)))

    return draw


def _legend_session(status: str) -> Callable[[float, float], Markup]:
    def draw(x: float, y: float) -> Markup:
        return element(
            "g",
            {"transform": f"translate({number(x)} {number(y)})"},
            [mark_shape(status, 6)],
        )

    return draw


def _legend_run(x: float, y: float, ids: Ids) -> Markup:
    left, top, width, height = x - 10, y - 8, 20.0, 16.0
    rect: Attrs = {"x": left, "y": top, "width": width, "height": height, "fill": FILL_SOLID}
    veil: Attrs = {**rect, "x": left + 6, "width": 14, "fill": f"url(#{ids('fade')})"}
    return fragment(
        element("rect", rect),
        element("rect", veil),
        element("path", outline(left, width, top, height, True, 1.5)),
    )


def _legend_adaptation(x: float, y: float) -> Markup:
    d = f"M{number(x)} {number(y - 10)}V{number(y + 10)}"
    return fragment(
        element("path", {"d": d, "stroke": INK_SOFT, "stroke-width": 1.25}),
        element("path", {"d": diamond(x, y), "fill": INK}),
    )


def _legend_today(x: float, y: float) -> Markup:
    attrs: Attrs = {
        "d": f"M{number(x)} {number(y - 10)}V{number(y + 10)}",
        "stroke": INK,
        "stroke-width": 2,
        "stroke-dasharray": TODAY_DASH,
    }
    return element("path", attrs)


# Sizes follow design_arc: on a 380 px phone the picture is drawn at about 0.6 scale, so
# 17 units is about 10 px there.
SUMMARY_SIZE = 20
LIST_SIZE = 17
LIST_LINE = 23


def summary_line(picture: JourneyPicture, runs: list[Run]) -> Markup:
    """One line a coach reads first: the week, the phase, the sessions held.

    What does not fit is said more briefly, then left out; a phase name too long even
    alone is cut short (the tooltip, the key and the description have it whole).
    """
    if picture.today < picture.starts:
        when = f"Starts {day_month_year(picture.starts)}"
    elif not picture.shows_today and picture.ended is not None:
        when = f"Ended {day_month_year(picture.ended)}"
    else:
        week = week_number(picture.today, picture.starts)
        planned_weeks = weeks_covering((picture.planned_end - picture.starts).days)
        when = f"Week {week} of {planned_weeks}"
    current = current_run(runs)
    phase = [f"in {current.name}"] if current is not None else []
    held = sum(1 for session in picture.sessions if session.status == "held")
    total = len(picture.sessions)
    options = [[when, *phase]]
    if total:
        options[:0] = [
            [when, *phase, f"{held} of {count(total, 'session')} held"],
            [when, *phase, f"{held} of {total} held"],
        ]
    room = WIDTH - 2 * MARGIN_X

    def width(parts: list[str]) -> float:
        return text_width(" · ".join(parts), SUMMARY_SIZE, bold=True)

    parts = next((option for option in options if width(option) <= room), None)
    if parts is None:
        parts = [when, *(shorten(p, room - width([when, ""]), SUMMARY_SIZE) for p in phase)]
    attrs: Attrs = {
        "class": "jm-summary",
        "x": MARGIN_X,
        "y": 26,
        "font-size": SUMMARY_SIZE,
        "font-weight": "bold",
        "fill": INK,
    }
    return element("text", attrs, " · ".join(parts))


def adaptation_list(
    adaptations: list[NumberedAdaptation], scale: TimeScale, top: float
) -> tuple[Markup, float]:
    """Every adaptation in words: "A1 · 12 May · Extended Experiment by 2 weeks: …"."""
    if not adaptations:
        return Markup(""), top
    with_year = scale.start.year != scale.end.year
    heading: Attrs = {
        "x": MARGIN_X,
        "y": top + LIST_SIZE,
        "font-size": LIST_SIZE,
        "font-weight": "bold",
        "fill": INK_SOFT,
    }
    children = [element("text", heading, "Adaptations")]
    y = top + LIST_SIZE + LIST_LINE
    tag_width = max(text_width(a.tag, LIST_SIZE, bold=True) for a in adaptations)
    tag_width += text_width(" ", LIST_SIZE)
    text_x = MARGIN_X + tag_width
    room = WIDTH - 8 - text_x
    for adaptation in adaptations:
        on = (day_month_year if with_year else day_month)(adaptation.marker.on)
        lines = wrap(f"· {on} · {adaptation.text}", room, LIST_SIZE)
        tag: Attrs = {"x": MARGIN_X, "y": y, "font-size": LIST_SIZE, "font-weight": "bold"}
        entry = [element("text", {**tag, "fill": INK}, adaptation.tag)]
        for index, line in enumerate(lines):
            attrs: Attrs = {
                "x": text_x,
                "y": y + index * LIST_LINE,
                "font-size": LIST_SIZE,
                "fill": INK,
            }
            entry.append(element("text", attrs, line))
        children.append(
            element(
                "g",
                {"class": "jm-adaptation-entry", "data-adaptation": adaptation.ordinal},
                entry,
            )
        )
        y += len(lines) * LIST_LINE + 4
    return element("g", {"class": "jm-adaptation-list"}, children), y - LIST_LINE + 6


def describe(
    picture: JourneyPicture, runs: list[Run], adaptations: list[NumberedAdaptation]
) -> str:
    """The picture in words, for screen readers and for anyone who cannot see it."""
    started = "Started" if picture.today >= picture.starts else "Starts"
    passed = ", now past" if picture.today > picture.planned_end else ""
    if picture.ended is not None:
        passed = f", ended {day_month_year(picture.ended)}"
    sentences = [
        f"{started} {day_month_year(picture.starts)}, "
        f"planned to end {day_month_year(picture.planned_end)}{passed}."
    ]

    def since(on: date) -> str:
        return day_month(on) if on.year == picture.today.year else day_month_year(on)

    current = current_run(runs)
    if current is not None:
        again = " again" if current.revisit else ""
        sentences.append(
            f"Now in {current.name}{again} "
            f"(run {current.ordinal}, since {since(current.bar.starts)})."
        )
    elif runs:
        last = max(runs, key=lambda run: (run.ends(picture.today), run.ordinal))
        sentences.append(
            f"No phase running; the last was {last.name} "
            f"(run {last.ordinal}, ended {since(last.ends(picture.today))})."
        )
    else:
        sentences.append("No phase has started yet.")

    counts = Counter(
        session.status if session.status in STATUSES else "other" for session in picture.sessions
    )
    total = len(picture.sessions)
    if total:
        parts = [f"{counts['held']} of {count(total, 'session')} held"]
        parts += [
            f"{counts[status]} {STATUS_WORDS.get(status, 'other')}"
            for status in ("cancelled", "no_show", "planned", "other")
            if counts[status]
        ]
        sentences.append(", ".join(parts) + ".")
    else:
        sentences.append("No sessions yet.")

    if adaptations:
        listed = "; ".join(f"{a.tag} {since(a.marker.on)}, {a.text}" for a in adaptations)
        sentences.append(f"{count(len(adaptations), 'adaptation')}: {listed}.")
    else:
        sentences.append("No adaptations.")
    return " ".join(sentences)


__all__ = [
    "AdaptationMarker",
    "JourneyPicture",
    "PhaseRunBar",
    "PlannedPhase",
    "SessionMark",
    "render_journey_map",
    "render_journey_miniature",
]

SUMMARY_BOTTOM = 42
ROW_LABEL_LINE = 28

MINI_WIDTH = 240
MINI_HEIGHT = 40
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
