"""The journey map and its miniature, checked through the parsed SVG; no database needed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date, timedelta
from itertools import combinations, pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arcwise.svg.journey_map import (
    AdaptationMarker,
    JourneyPicture,
    PhaseRunBar,
    PlannedPhase,
    SessionMark,
    render_journey_map,
    render_journey_miniature,
)
from tests.svg.reading import SVG, num, of_class, parse, text_of, words_of

START = date(2026, 5, 4)
SEVEN_PHASES = (
    ("Orient", 2),
    ("Resource", 4),
    ("Understand", 7),
    ("Experiment", 4),
    ("Meet resistance", 3),
    ("Integrate", 2),
    ("Recognise and close", 2),
)


def day(n: int) -> date:
    return START + timedelta(days=n)


def make_plan(
    *phases: tuple[str, int], starts: date = START
) -> tuple[tuple[PlannedPhase, ...], date]:
    planned, at = [], starts
    for index, (name, weeks) in enumerate(phases, start=1):
        planned.append(PlannedPhase(index, name, at, at + timedelta(weeks=weeks)))
        at += timedelta(weeks=weeks)
    return tuple(planned), at


def make_picture(
    *,
    title: str = "Journey map for Dana Whitfield",
    phases: tuple[tuple[str, int], ...] = SEVEN_PHASES,
    today: date | None = None,
    planned_end: date | None = None,
    runs: tuple[PhaseRunBar, ...] = (),
    sessions: tuple[SessionMark, ...] = (),
    adaptations: tuple[AdaptationMarker, ...] = (),
) -> JourneyPicture:
    planned, end = make_plan(*phases)
    return JourneyPicture(
        title=title,
        starts=START,
        planned_end=planned_end or end,
        today=today or START,
        planned=planned,
        runs=runs,
        sessions=sessions,
        adaptations=adaptations,
    )


def week_five_picture() -> JourneyPicture:
    """Fifteen weeks into a seven-phase journey, now in its fourth run."""
    statuses = ["held"] * 6 + ["cancelled"] + ["planned"] * 6
    return make_picture(
        today=date(2026, 8, 20),
        runs=(
            PhaseRunBar(1, "Orient", day(0), day(14)),
            PhaseRunBar(2, "Resource", day(14), day(42)),
            PhaseRunBar(3, "Understand", day(42), date(2026, 8, 3)),
            PhaseRunBar(4, "Experiment", date(2026, 8, 3), None),
        ),
        sessions=tuple(SessionMark(day(14 * n), status) for n, status in enumerate(statuses)),
        adaptations=(
            AdaptationMarker(
                date(2026, 7, 20), "revisit", "Revisited Understand: a new manager arrived"
            ),
            AdaptationMarker(
                date(2026, 5, 12), "extend", "Extended Experiment by 2 weeks: client travelling"
            ),
        ),
    )


def render(picture: JourneyPicture) -> ET.Element:
    return parse(render_journey_map(picture))


def tooltip(node: ET.Element) -> str:
    title = node.find(f"{SVG}title")
    assert title is not None, f"{node.get('class')} has no tooltip"
    return title.text or ""


def description(root: ET.Element) -> str:
    desc = root.find(f"{SVG}desc")
    assert desc is not None
    return desc.text or ""


def centre(mark: ET.Element) -> tuple[float, float]:
    found = re.fullmatch(r"translate\((\S+) (\S+)\)", mark.get("transform") or "")
    assert found, mark.get("transform")
    return float(found[1]), float(found[2])


def session_marks(root: ET.Element) -> list[ET.Element]:
    return of_class(root, "g", "jm-session")


def planned_rects(root: ET.Element) -> list[ET.Element]:
    rects = []
    for group in of_class(root, "g", "jm-planned"):
        rect = group.find(f"{SVG}rect")
        assert rect is not None
        rects.append(rect)
    return rects


def run_rect(run: ET.Element) -> ET.Element:
    rect = run.find(f"{SVG}rect")
    assert rect is not None
    return rect


def today_x(root: ET.Element) -> float:
    (today,) = of_class(root, "g", "jm-today")
    line = today.find(f"{SVG}line")
    assert line is not None
    assert num(line, "x1") == num(line, "x2")
    return num(line, "x1")


def test_it_renders_a_single_scalable_svg_element() -> None:
    markup = render_journey_map(week_five_picture())
    root = parse(markup)

    assert markup.startswith("<svg ")
    assert root.tag == f"{SVG}svg"
    assert root.get("width") == "100%"
    assert root.get("height") is None
    assert (root.get("viewBox") or "").startswith("0 0 640 ")
    assert root.get("font-family") == "system-ui, sans-serif"
    # Its own class, so page CSS for the figure around it does not apply to it as well.
    assert root.get("class") == "jm-chart"


def test_it_is_labelled_by_its_title_and_described_in_words() -> None:
    root = render(week_five_picture())
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None
    assert desc is not None

    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert title.text == "Journey map for Dana Whitfield"
    assert description(root) == (
        "Started 4 May 2026, planned to end 19 Oct 2026. "
        "Now in Experiment (run 4, since 3 Aug). "
        "6 of 13 sessions held, 1 cancelled, 6 planned. "
        "2 adaptations: A1 12 May, Extended Experiment by 2 weeks: client travelling; "
        "A2 20 Jul, Revisited Understand: a new manager arrived."
    )


def test_the_description_counts_no_shows_and_says_when_a_phase_is_revisited() -> None:
    picture = make_picture(
        today=day(60),
        runs=(
            PhaseRunBar(1, "Orient", day(0), day(14)),
            PhaseRunBar(2, "Resource", day(14), day(40)),
            PhaseRunBar(1, "Orient", day(40), None),
        ),
        sessions=(SessionMark(day(1), "held"), SessionMark(day(20), "no_show")),
        adaptations=(AdaptationMarker(day(40), "revisit", "Went back to Orient: new team"),),
    )
    assert description(render(picture)).split(". ", 1)[1] == (
        "Now in Orient again (run 3, since 13 Jun). "
        "1 of 2 sessions held, 1 no-show. "
        "1 adaptation: A1 13 Jun, Went back to Orient: new team."
    )


def test_the_map_words_no_adaptation_itself() -> None:
    # Adaptations are worded in one place (arcwise.journeys.wording); the map only shows the
    # label it is given, so it can never say "Skipped a phase" where the log names it.
    picture = make_picture(today=day(30), adaptations=(AdaptationMarker(day(14), "skip", "  "),))
    root = render(picture)
    (marker,) = of_class(root, "g", "jm-adaptation")
    assert tooltip(marker) == "A1 · 18 May 2026 · Adaptation"
    assert "Skipped" not in render_journey_map(picture)


def test_a_journey_not_yet_started_is_described_as_such() -> None:
    picture = make_picture(today=day(-3))
    assert description(render(picture)) == (
        "Starts 4 May 2026, planned to end 19 Oct 2026. "
        "No phase has started yet. No sessions yet. No adaptations."
    )


def summary_of(picture: JourneyPicture) -> str:
    (summary,) = of_class(render(picture), "text", "jm-summary")
    return text_of(summary)


def test_the_summary_line_gives_the_week_the_phase_and_sessions_held() -> None:
    picture = week_five_picture()
    assert summary_of(picture) == "Week 16 of 24 · in Experiment · 6 of 13 held"
    shorter = replace(picture, runs=(PhaseRunBar(1, "Orient", START, None),))
    assert summary_of(shorter) == "Week 16 of 24 · in Orient · 6 of 13 sessions held"


def test_the_summary_line_cuts_a_phase_name_too_long_for_it() -> None:
    picture = make_picture(today=day(3), runs=(PhaseRunBar(1, "Long " * 40, START, None),))
    summary = summary_of(picture)
    assert summary.startswith("Week 1 of 24 · in Long Long")
    assert summary.endswith("…")
    assert len(summary) < 60


def test_the_summary_line_says_when_a_journey_starts() -> None:
    assert summary_of(make_picture(today=day(-1))) == "Starts 4 May 2026"


def test_planned_segments_are_as_wide_as_their_days_and_follow_each_other() -> None:
    rects = planned_rects(render(make_picture()))
    widths = [num(rect, "width") for rect in rects]

    assert len(rects) == 7
    for (_, weeks), width in zip(SEVEN_PHASES, widths, strict=True):
        assert width / widths[0] == pytest.approx(weeks / SEVEN_PHASES[0][1], abs=0.01)
    for before, after in pairwise(rects):
        assert num(before, "x") + num(before, "width") == pytest.approx(num(after, "x"), abs=0.02)


def test_planned_phases_are_numbered_and_named_when_the_name_fits() -> None:
    root = render(make_picture(phases=(("Orient", 2), ("Explore and experiment", 30))))
    narrow, wide = (words_of(group) for group in of_class(root, "g", "jm-planned"))
    assert narrow == "Planned phase 1: Orient — 4 May 2026 \N{EN DASH} 17 May 2026 (2 weeks) 1"
    assert wide.endswith("(30 weeks) 2 Explore and experiment")


def test_every_phase_is_named_in_the_key() -> None:
    root = render(make_picture())
    key = [words_of(entry) for entry in of_class(root, "g", "jm-legend-phase")]
    assert key == [f"{n} {name}" for n, (name, _) in enumerate(SEVEN_PHASES, start=1)]


def test_there_is_one_mark_per_session_told_apart_by_shape() -> None:
    statuses = ["held", "planned", "cancelled", "no_show"] * 3
    picture = make_picture(
        sessions=tuple(SessionMark(day(7 * n), s) for n, s in enumerate(statuses))
    )
    marks = session_marks(render(picture))
    assert len(marks) == 12

    by_status = {
        status: [
            m for m in marks if f"jm-session--{status.replace('_', '-')}" in m.get("class", "")
        ]
        for status in statuses
    }
    assert all(len(group) == 3 for group in by_status.values())

    def shape(mark: ET.Element) -> ET.Element:
        (drawn,) = [child for child in mark if child.tag != f"{SVG}title"]
        return drawn

    held, planned, cancelled, no_show = (shape(by_status[s][0]) for s in statuses[:4])
    assert held.tag == f"{SVG}circle"
    assert held.get("fill") == "#1f2a2e"
    assert planned.tag == f"{SVG}circle"
    assert planned.get("fill") == "#ffffff"
    assert planned.get("stroke") == "#1f2a2e"
    # A cross is two strokes and nothing filled; a triangle is one closed, hollow outline.
    assert cancelled.tag == f"{SVG}path"
    assert cancelled.get("fill") == "none"
    assert (cancelled.get("d") or "").count("M") == 2
    assert no_show.tag == f"{SVG}path"
    assert (no_show.get("d") or "").endswith("Z")
    assert no_show.get("fill") == "#ffffff"


def test_every_session_mark_has_a_tooltip_with_its_date_and_status() -> None:
    picture = make_picture(sessions=(SessionMark(day(3), "no_show"), SessionMark(day(10), "held")))
    tooltips = [tooltip(mark) for mark in session_marks(render(picture))]
    assert tooltips == ["Session on 7 May 2026: no-show", "Session on 14 May 2026: held"]


def test_marks_sit_at_their_dates_in_order() -> None:
    picture = make_picture(sessions=(SessionMark(day(14), "held"), SessionMark(day(0), "held")))
    root = render(picture)
    first, second = (centre(mark)[0] for mark in session_marks(root))
    rects = planned_rects(root)
    assert first == pytest.approx(num(rects[0], "x"), abs=0.01)
    assert second == pytest.approx(num(rects[1], "x"), abs=0.01)


def test_a_revisited_phase_gets_a_second_run_bar_with_the_same_number() -> None:
    picture = make_picture(
        today=day(70),
        runs=(
            PhaseRunBar(1, "Orient", day(0), day(14)),
            PhaseRunBar(2, "Resource", day(14), day(42)),
            PhaseRunBar(1, "Orient", day(42), day(56)),
            PhaseRunBar(2, "Resource", day(56), None),
        ),
    )
    runs = of_class(render(picture), "g", "jm-run")
    assert [run.get("data-phase") for run in runs] == ["1", "2", "1", "2"]
    assert [("jm-run--revisit" in (run.get("class") or "")) for run in runs] == [
        False,
        False,
        True,
        True,
    ]
    assert tooltip(runs[2]) == (
        "Phase 1: Orient — run 3 (a revisit), 15 Jun 2026 \N{EN DASH} 29 Jun 2026 (2 weeks)"
    )


def test_a_left_runs_tooltip_gives_its_readiness_note() -> None:
    picture = make_picture(
        today=day(20),
        runs=(
            PhaseRunBar(
                1, "Orient", day(0), day(14), readiness_note="Names the goal\n as  her own."
            ),
            PhaseRunBar(2, "Resource", day(14), None),
        ),
    )
    left, current = of_class(render(picture), "g", "jm-run")
    mini_left, _ = of_class(parse(render_journey_miniature(picture)), "g", "jm-run")

    expected = (
        "Phase 1: Orient — run 1, 4 May 2026 \N{EN DASH} 18 May 2026 (2 weeks). "
        "Ready to move on: Names the goal as her own."
    )
    assert tooltip(left) == expected
    assert tooltip(mini_left) == expected
    assert "Ready to move on" not in tooltip(current)


def test_the_open_run_ends_at_the_today_line_and_is_marked_as_still_going() -> None:
    root = render(week_five_picture())
    *closed, current = of_class(root, "g", "jm-run")
    rect = run_rect(current)

    assert num(rect, "x") + num(rect, "width") == pytest.approx(today_x(root), abs=0.02)
    assert "jm-run--open" in (current.get("class") or "")
    assert of_class(current, "rect", "jm-run-fade")
    assert all("jm-run--open" not in (run.get("class") or "") for run in closed)
    assert tooltip(current) == (
        "Phase 4: Experiment — run 4, since 3 Aug 2026, still going (2 weeks 3 days so far)"
    )
    # The outline has no right edge: it is drawn from the right along the top, down the
    # left and back along the bottom, and left open.
    outline = current.find(f"{SVG}path")
    assert outline is not None
    assert not (outline.get("d") or "").endswith("Z")


def test_the_today_line_is_at_todays_date_labelled_and_dashed() -> None:
    middle_of_resource = make_picture(today=day(14 + 14))
    root = render(middle_of_resource)
    resource = planned_rects(root)[1]

    assert today_x(root) == pytest.approx(num(resource, "x") + num(resource, "width") / 2)
    (today,) = of_class(root, "g", "jm-today")
    assert tooltip(today) == "Today, 1 Jun 2026"
    assert "Today" in words_of(today)
    line = today.find(f"{SVG}line")
    assert line is not None
    dashes = {node.get("stroke-dasharray") for node in root.iter() if node.get("stroke-dasharray")}
    assert line.get("stroke-dasharray") in dashes


def legend_words(root: ET.Element) -> str:
    (legend,) = of_class(root, "g", "jm-legend")
    return words_of(legend)


def last_tick(root: ET.Element) -> str:
    return text_of(of_class(root, "text", "jm-tick-label")[-1])


def test_no_today_line_before_the_journey_starts() -> None:
    picture = make_picture(today=day(-4))
    root = render(picture)
    mini = parse(render_journey_miniature(picture))

    assert of_class(root, "g", "jm-today") == []
    assert of_class(mini, "line", "jm-today") == []
    assert [text_of(label) for label in of_class(root, "text", "jm-callout")] == []
    assert "today" not in legend_words(root)
    assert summary_of(picture) == "Starts 4 May 2026"


def test_no_today_line_after_an_ended_journey_and_the_axis_stops_at_its_end() -> None:
    closed_on = day(70)
    picture = replace(
        make_picture(
            today=day(400),
            runs=(
                PhaseRunBar(1, "Orient", day(0), day(14)),
                PhaseRunBar(2, "Resource", day(14), closed_on),
            ),
            sessions=(SessionMark(day(0), "held"), SessionMark(day(14), "held")),
        ),
        ended=closed_on,
    )
    root = render(picture)
    mini = parse(render_journey_miniature(picture))

    assert of_class(root, "g", "jm-today") == []
    assert of_class(mini, "line", "jm-today") == []
    assert "today" not in legend_words(root)
    assert summary_of(picture) == "Ended 13 Jul 2026 · 2 of 2 sessions held"
    # The axis ends a little after the planned end (19 Oct 2026), not at today a year on.
    assert last_tick(root) in {"19 Oct", "4 Oct", "4 Nov"}
    assert "ended 13 Jul 2026" in description(root)


def test_the_today_line_stays_while_a_journey_runs_past_its_planned_end() -> None:
    picture = make_picture(
        today=day(200), runs=(PhaseRunBar(7, "Recognise and close", day(150), None),)
    )
    root = render(picture)
    (run,) = of_class(root, "g", "jm-run")
    rect = run_rect(run)

    assert num(rect, "x") + num(rect, "width") == pytest.approx(today_x(root), abs=0.02)
    assert today_x(root) > num(planned_rects(root)[-1], "x") + num(planned_rects(root)[-1], "width")
    assert "today" in legend_words(root)


def test_the_today_line_is_drawn_on_the_last_day_of_an_ended_journey() -> None:
    picture = replace(make_picture(today=day(70)), ended=day(70))
    assert of_class(render(picture), "g", "jm-today")


def test_dates_before_the_start_are_clamped_to_it() -> None:
    picture = make_picture(
        today=day(20),
        runs=(PhaseRunBar(1, "Orient", day(-10), None),),
        sessions=(SessionMark(day(-30), "held"),),
        adaptations=(AdaptationMarker(day(-5), "extend", "Early"),),
    )
    root = render(picture)
    left = num(planned_rects(root)[0], "x")
    (mark,) = session_marks(root)
    (run,) = of_class(root, "g", "jm-run")
    (adaptation,) = of_class(root, "g", "jm-adaptation")
    line = adaptation.find(f"{SVG}line")
    assert line is not None

    assert centre(mark)[0] == pytest.approx(left)
    assert num(run_rect(run), "x") == pytest.approx(left)
    assert num(line, "x1") == pytest.approx(left)


def test_the_axis_reaches_past_the_last_thing_shown() -> None:
    late = day(400)
    root = render(make_picture(today=day(30), sessions=(SessionMark(late, "planned"),)))
    (mark,) = session_marks(root)
    axis = of_class(root, "g", "jm-axis")[0].find(f"{SVG}line")
    assert axis is not None
    assert centre(mark)[0] < num(axis, "x2")


def test_adaptations_have_a_marker_a_tooltip_and_a_line_in_the_list() -> None:
    root = render(week_five_picture())
    markers = of_class(root, "g", "jm-adaptation")
    entries = of_class(root, "g", "jm-adaptation-entry")

    assert [tooltip(marker) for marker in markers] == [
        "A1 · 12 May 2026 · Extended Experiment by 2 weeks: client travelling",
        "A2 · 20 Jul 2026 · Revisited Understand: a new manager arrived",
    ]
    for marker in markers:
        assert marker.find(f"{SVG}path") is not None
        assert marker.find(f"{SVG}line") is not None
    assert [words_of(marker).split()[-1] for marker in markers] == ["A1", "A2"]
    assert [words_of(entry) for entry in entries] == [
        "A1 · 12 May · Extended Experiment by 2 weeks: client travelling",
        "A2 · 20 Jul · Revisited Understand: a new manager arrived",
    ]


def test_adaptation_markers_stand_at_their_dates() -> None:
    picture = make_picture(
        adaptations=(
            AdaptationMarker(day(14), "extend", "One"),
            AdaptationMarker(day(14), "skip", "Two, the same day"),
        )
    )
    root = render(picture)
    resource = planned_rects(root)[1]
    lines = [marker.find(f"{SVG}line") for marker in of_class(root, "g", "jm-adaptation")]
    assert all(line is not None and num(line, "x1") == num(resource, "x") for line in lines)
    labels = of_class(root, "text", "jm-callout")
    # Callouts on the same date are spread apart so both can be read.
    xs = sorted(num(label, "x") for label in labels)
    assert all(b - a >= 20 for a, b in pairwise(xs))


def test_a_journey_over_a_new_year_lists_adaptations_with_the_year() -> None:
    picture = make_picture(
        today=day(250), adaptations=(AdaptationMarker(date(2027, 1, 2), "pause", "Holidays"),)
    )
    (entry,) = of_class(render(picture), "g", "jm-adaptation-entry")
    assert words_of(entry) == "A1 · 2 Jan 2027 · Holidays"


def test_the_legend_explains_the_session_shapes_and_the_lines() -> None:
    root = render(make_picture())
    (legend,) = of_class(root, "g", "jm-legend")
    text = words_of(legend)
    for words in ("held", "planned", "cancelled", "no-show", "run still going", "adaptation"):
        assert words in text
    shapes = of_class(legend, "g", "jm-legend-session")
    assert len(shapes) == 4
    row_labels = [text_of(label) for label in of_class(root, "text", "jm-row-label")]
    assert row_labels == ["Planned phases", "Actual phase runs", "Sessions"]


def sessions_over(days: int, count: int) -> tuple[SessionMark, ...]:
    return tuple(
        SessionMark(day(round(n * days / max(count - 1, 1))), "held" if n % 3 else "planned")
        for n in range(count)
    )


@pytest.mark.parametrize("count", [10, 40])
@pytest.mark.parametrize("days", [183, 730, 14, 60])
def test_tick_labels_are_spaced_apart_and_start_at_the_journey_start(count: int, days: int) -> None:
    picture = make_picture(
        phases=(("Whole", max(days // 7, 1)),),
        today=day(days // 2),
        sessions=sessions_over(days, count),
    )
    root = render(picture)
    labels = of_class(root, "text", "jm-tick-label")
    xs = [num(label, "x") for label in labels]

    assert len(labels) >= 3
    assert text_of(labels[0]) == "4 May"
    assert xs[0] == pytest.approx(num(planned_rects(root)[0], "x"))
    # "28 May" at 18 units is about 67 wide: 72 between centres keeps labels apart.
    assert all(b - a >= 72 for a, b in pairwise(xs))
    assert all(36 <= x <= 640 - 36 for x in xs)


def test_the_year_is_shown_under_the_first_tick_and_where_it_changes() -> None:
    root = render(make_picture(today=day(500)))
    years = [text_of(label) for label in of_class(root, "text", "jm-tick-year")]
    assert years == ["2026", "2027"]


def assert_no_marks_overlap(root: ET.Element) -> None:
    marks = session_marks(root)
    (row,) = of_class(root, "g", "jm-sessions")
    radius = num(row, "data-radius")
    assert all(num(circle, "r") <= radius for circle in row.iter(f"{SVG}circle"))
    for first, second in combinations(marks, 2):
        (x1, y1), (x2, y2) = centre(first), centre(second)
        assert abs(x1 - x2) >= 2 * radius or abs(y1 - y2) >= 2 * radius, (x1, y1, x2, y2)


def test_forty_sessions_crowded_into_eight_weeks_never_overlap() -> None:
    # Three sessions share one day: however small, they must step down into lanes.
    days = [(n * 56) // 40 for n in range(37)] + [20, 20, 20]
    statuses = ["held", "planned", "cancelled", "no_show"]
    picture = make_picture(
        phases=(("Sprint", 8),),
        today=day(28),
        sessions=tuple(SessionMark(day(d), statuses[n % 4]) for n, d in enumerate(days)),
    )
    root = render(picture)
    assert len(session_marks(root)) == 40
    assert_no_marks_overlap(root)
    ys = {centre(mark)[1] for mark in session_marks(root)}
    assert len(ys) >= 3


def test_forty_sessions_over_two_years_stay_on_one_line() -> None:
    picture = make_picture(
        phases=(("Long haul", 104),), today=day(300), sessions=sessions_over(700, 40)
    )
    root = render(picture)
    assert_no_marks_overlap(root)
    assert len({centre(mark)[1] for mark in session_marks(root)}) == 1


def test_marks_shrink_when_sessions_are_close() -> None:
    def radius(picture: JourneyPicture) -> float:
        held = of_class(render(picture), "g", "jm-session--held")[0]
        circle = held.find(f"{SVG}circle")
        assert circle is not None
        return num(circle, "r")

    sparse = make_picture(phases=(("Long haul", 26),), sessions=sessions_over(180, 10))
    dense = make_picture(phases=(("Long haul", 104),), sessions=sessions_over(700, 80))
    assert radius(dense) < radius(sparse)


def test_session_marks_stay_between_their_row_label_and_the_axis() -> None:
    picture = make_picture(sessions=tuple(SessionMark(day(10), "held") for _ in range(6)))
    root = render(picture)
    axis = of_class(root, "g", "jm-axis")[0].find(f"{SVG}line")
    assert axis is not None
    (label,) = [
        node for node in of_class(root, "text", "jm-row-label") if text_of(node) == "Sessions"
    ]
    for mark in session_marks(root):
        assert num(label, "y") < centre(mark)[1] < num(axis, "y1")


def test_names_with_markup_characters_are_escaped_and_read_back_intact() -> None:
    name = """<b>Tom & "Jerry's"</b>"""
    picture = make_picture(
        title=f"Map of {name}",
        phases=((name, 10),),
        today=day(20),
        runs=(PhaseRunBar(1, name, day(0), None),),
        adaptations=(AdaptationMarker(day(3), "extend", name),),
    )
    markup = render_journey_map(picture)
    root = parse(markup)

    assert "<b>" not in markup
    title = root.find(f"{SVG}title")
    assert title is not None
    assert title.text == f"Map of {name}"
    (planned,) = of_class(root, "g", "jm-planned")
    assert name in tooltip(planned)
    (run,) = of_class(root, "g", "jm-run")
    assert name in tooltip(run)
    (adaptation,) = of_class(root, "g", "jm-adaptation")
    assert name in tooltip(adaptation)
    (entry,) = of_class(root, "g", "jm-adaptation-entry")
    assert name in words_of(entry)
    assert name in words_of(of_class(root, "g", "jm-legend")[0])
    assert name in description(root)


def test_a_long_phase_name_wraps_inside_the_key() -> None:
    root = render(make_picture(phases=(("A" * 120, 4), ("Close", 2))))
    first, _ = of_class(root, "g", "jm-legend-phase")
    lines = list(first.iter(f"{SVG}text"))[1:]

    assert len(lines) >= 3
    assert "".join(text_of(line) for line in lines) == "A" * 120
    assert len({num(line, "x") for line in lines}) == 1


def test_an_empty_new_journey_still_shows_the_plan_and_today() -> None:
    root = render(make_picture())

    assert len(planned_rects(root)) == 7
    assert of_class(root, "g", "jm-run") == []
    assert session_marks(root) == []
    assert of_class(root, "g", "jm-today")
    placeholders = [text_of(node) for node in of_class(root, "text", "jm-placeholder")]
    assert placeholders == ["No phase run yet", "No sessions yet"]


def test_the_same_picture_always_renders_the_same_string() -> None:
    assert render_journey_map(week_five_picture()) == render_journey_map(week_five_picture())
    assert render_journey_miniature(week_five_picture()) == render_journey_miniature(
        week_five_picture()
    )


def test_the_order_sessions_are_given_in_does_not_change_the_picture() -> None:
    picture = week_five_picture()
    shuffled = replace(picture, sessions=tuple(reversed(picture.sessions)))

    # Ids hash the input, so compare with them taken out.
    def without_ids(markup: str) -> str:
        return re.sub(r"jm-[0-9a-f]{10}", "ID", markup)

    assert without_ids(render_journey_map(shuffled)) == without_ids(render_journey_map(picture))


def test_different_pictures_and_the_miniature_use_different_element_ids() -> None:
    first = render(week_five_picture())
    second = render(make_picture())
    mini = parse(render_journey_miniature(week_five_picture()))
    ids = {node.get("aria-labelledby") for node in (first, second, mini)}
    assert len(ids) == 3


def test_it_uses_class_names_and_presentation_attributes_never_inline_styles() -> None:
    picture = week_five_picture()
    for markup in (render_journey_map(picture), render_journey_miniature(picture)):
        root = parse(markup)
        assert all(node.get("style") is None for node in root.iter())
    root = render(picture)
    for tag, name in [
        ("g", "jm-planned"),
        ("g", "jm-run"),
        ("g", "jm-session"),
        ("g", "jm-session--held"),
        ("g", "jm-session--cancelled"),
        ("g", "jm-adaptation"),
        ("g", "jm-today"),
    ]:
        assert of_class(root, tag, name), name
    assert all(text.get("font-size") for text in root.iter(f"{SVG}text"))


def test_the_miniature_is_small_wordless_and_has_a_mark_per_session() -> None:
    picture = week_five_picture()
    root = parse(render_journey_miniature(picture))

    assert root.get("role") == "img"
    assert root.get("viewBox") == "0 0 240 40"
    assert root.get("class") == "jm-miniature"
    assert root.get("width") == "100%"
    title = root.find(f"{SVG}title")
    assert title is not None
    assert title.text == picture.title
    assert description(root) == description(render(picture))
    assert list(root.iter(f"{SVG}text")) == []
    assert len(session_marks(root)) == len(picture.sessions)
    assert len(of_class(root, "g", "jm-session--cancelled")) == 1
    assert len(of_class(root, "rect", "jm-planned")) == 7
    assert len(of_class(root, "g", "jm-run")) == 4
    assert len(of_class(root, "line", "jm-today")) == 1
    for mark in session_marks(root):
        x, y = centre(mark)
        assert 0 <= x <= 240
        assert 0 <= y <= 40


def test_the_miniature_keeps_crowded_marks_inside_its_height() -> None:
    picture = make_picture(sessions=tuple(SessionMark(day(5), "held") for _ in range(9)))
    root = parse(render_journey_miniature(picture))
    assert len(session_marks(root)) == 9
    assert all(centre(mark)[1] + 2.4 <= 40 for mark in session_marks(root))


# Random pictures: any mix the database could hand over must still draw.

texts = st.text(max_size=30)
offsets = st.integers(-30, 3 * 365)


@st.composite
def pictures(draw: st.DrawFn) -> JourneyPicture:
    def on() -> date:
        return day(draw(offsets))

    planned = tuple(
        PlannedPhase(
            number, draw(texts), starts, starts + timedelta(days=draw(st.integers(0, 200)))
        )
        for number, starts in enumerate(
            sorted(on() for _ in range(draw(st.integers(1, 10)))), start=1
        )
    )
    runs = tuple(
        PhaseRunBar(
            draw(st.integers(1, 10)),
            draw(texts),
            on(),
            on() if draw(st.booleans()) else None,
        )
        for _ in range(draw(st.integers(0, 12)))
    )
    statuses = st.sampled_from(["planned", "held", "cancelled", "no_show"])
    sessions = tuple(SessionMark(on(), draw(statuses)) for _ in range(draw(st.integers(0, 60))))
    kinds = st.sampled_from(["extend", "revisit", "skip", "insert_session", "pause", "resume"])
    adaptations = tuple(
        AdaptationMarker(on(), draw(kinds), draw(texts)) for _ in range(draw(st.integers(0, 8)))
    )
    return JourneyPicture(
        title=draw(texts),
        starts=START,
        planned_end=on(),
        today=on(),
        planned=planned,
        runs=runs,
        sessions=sessions,
        adaptations=adaptations,
        ended=on() if draw(st.booleans()) else None,
    )


@settings(max_examples=80)
@given(pictures())
def test_any_picture_renders_well_formed_with_a_mark_per_session(picture: JourneyPicture) -> None:
    root = render(picture)

    assert len(session_marks(root)) == len(picture.sessions)
    assert len(of_class(root, "g", "jm-run")) == len(picture.runs)
    assert len(of_class(root, "g", "jm-adaptation")) == len(picture.adaptations)
    xs = [num(label, "x") for label in of_class(root, "text", "jm-tick-label")]
    assert all(b - a >= 72 for a, b in pairwise(xs))
    if picture.sessions:
        assert_no_marks_overlap(root)
    assert all(0 <= num(text, "x") <= 640 for text in root.iter(f"{SVG}text"))

    inside = picture.starts <= picture.today and (
        picture.ended is None or picture.today <= picture.ended
    )
    assert len(of_class(root, "g", "jm-today")) == (1 if inside else 0)

    mini = parse(render_journey_miniature(picture))
    assert len(session_marks(mini)) == len(picture.sessions)
    assert len(of_class(mini, "line", "jm-today")) == (1 if inside else 0)


def test_a_journey_past_its_planned_end_says_how_far_past_in_the_summary() -> None:
    late = make_picture(today=day(26 * 7))

    assert summary_of(late).startswith("Week 27, 3 weeks past the planned 24")
