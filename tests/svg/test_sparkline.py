"""The momentum sparkline: a line of weekly scores that breaks where a journey was paused,
named and described in words, right-aligned so a young journey starts part of the way."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from arcwise.svg.sparkline import WeekPoint, render_sparkline, sparkline_words
from tests.svg.reading import SVG, num, of_class, parse, text_of

ON, DRIFT, STALL = "on track", "drifting", "stalled"


def spark(points: list[WeekPoint], key: str = "journey-1") -> str:
    return render_sparkline(points, key=key, title="Momentum over 12 weeks: Quentin")


def test_it_is_an_image_named_for_the_journey_and_described_in_words() -> None:
    root = parse(spark([WeekPoint(ON, 100)] * 9 + [WeekPoint(DRIFT, 85)] * 3))

    assert root.get("role") == "img"
    title = next(root.iter(f"{SVG}title"))
    desc = next(root.iter(f"{SVG}desc"))
    assert text_of(title) == "Momentum over 12 weeks: Quentin"
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert text_of(desc) == (
        "Over 12 weeks, momentum went from 100 to 85 (of 100); on track for 9 weeks, "
        "drifting for 3 weeks. Now drifting."
    )


def test_a_lower_score_is_drawn_lower_and_the_last_week_is_marked() -> None:
    root = parse(spark([WeekPoint(ON, 100), WeekPoint(DRIFT, 70), WeekPoint(STALL, 30)]))

    (line,) = of_class(root, "polyline", "sparkline__line")
    ys = [float(pair.split(",")[1]) for pair in (line.get("points") or "").split()]
    assert ys[0] < ys[1] < ys[2]
    (now,) = of_class(root, "circle", "sparkline__now")
    assert num(now, "cy") == ys[2]


def test_a_young_journey_starts_part_of_the_way_along() -> None:
    full = parse(spark([WeekPoint(ON, 100)] * 12))
    young = parse(spark([WeekPoint(ON, 100)] * 3))

    def first_x(root: ET.Element) -> float:
        (line,) = of_class(root, "polyline", "sparkline__line")
        return float((line.get("points") or "").split()[0].split(",")[0])

    assert first_x(young) > first_x(full)
    assert "Over 3 weeks" in text_of(next(young.iter(f"{SVG}desc")))


def test_a_paused_week_breaks_the_line_rather_than_dropping_to_zero() -> None:
    points = [WeekPoint(ON, 100)] * 3 + [WeekPoint("paused", None)] * 2 + [WeekPoint(ON, 85)] * 3
    root = parse(spark(points))

    lines = of_class(root, "polyline", "sparkline__line")
    assert len(lines) == 2
    assert "paused for 2 weeks" in sparkline_words(points)


def test_now_paused_is_a_hollow_mark() -> None:
    root = parse(spark([WeekPoint(ON, 100), WeekPoint("paused", None)]))

    assert of_class(root, "circle", "sparkline__now--no-score")
    assert sparkline_words([WeekPoint(ON, 100), WeekPoint("paused", None)]).endswith("Now paused.")


def test_two_sparklines_on_one_page_have_different_ids() -> None:
    one = parse(spark([WeekPoint(ON, 100)], key="a"))
    two = parse(spark([WeekPoint(ON, 100)], key="b"))

    assert one.get("aria-labelledby") != two.get("aria-labelledby")


def test_a_name_with_markup_is_escaped() -> None:
    markup = render_sparkline(
        [WeekPoint(ON, 100)], key="x", title="Momentum over 12 weeks: <b>Bo</b> & Co"
    )

    assert "<b>" not in markup
    assert text_of(next(parse(markup).iter(f"{SVG}title"))).endswith("<b>Bo</b> & Co")


def test_no_weeks_yet_says_so() -> None:
    root = parse(spark([]))

    assert text_of(next(root.iter(f"{SVG}desc"))) == "No weeks to show yet."
    assert not of_class(root, "polyline", "sparkline__line")
