"""The wheel of life areas: parsed as XML and checked for what a reader needs from it."""

from __future__ import annotations

import math

import pytest

from arcwise.svg.wheel import (
    CENTRE_X,
    CENTRE_Y,
    RADIUS,
    SHOWN_WIDTH,
    WheelRing,
    point,
    render_wheel,
    wheel_table,
)
from tests.svg.reading import SVG, named_and_described, num, of_class, parse, text_of, words_of

AREAS = ["Health", "Career & finances", "Relationships", "Personal growth", "Fun", "Home"]
START = WheelRing("Start, 3 March", (3, 5, 6, 2, 4, 7))
CLOSE = WheelRing("Close, 9 June", (7, 6, 6, 5, None, 10))
HOSTILE = "<script>alert('x')</script> & \"more\""
ODD = "Ünïcödé 家族 مرحلة \u0000 \t tab"


def rendered_px(root: object, size: str | None) -> float:
    viewbox_width = float(root.get("viewBox").split()[2])  # type: ignore[attr-defined]
    return float(size or 0) * SHOWN_WIDTH / viewbox_width


def test_the_wheel_is_an_image_named_by_its_title_and_described_in_words() -> None:
    root = parse(render_wheel(AREAS, [START, CLOSE], title="Wheel: Dana"))

    assert root.get("role") == "img"
    assert named_and_described(root)
    assert text_of(root.find(f"{SVG}title")) == "Wheel: Dana"  # type: ignore[arg-type]
    description = text_of(root.find(f"{SVG}desc"))  # type: ignore[arg-type]
    assert "Health: Start, 3 March 3, Close, 9 June 7 (+4)" in description
    assert "Fun: Start, 3 March 4, Close, 9 June not rated (cannot say)" in description


def test_every_area_is_named_around_the_wheel() -> None:
    root = parse(render_wheel(AREAS, [START, CLOSE], title="Wheel"))

    assert [words_of(t) for t in of_class(root, "text", "wheel__area")] == AREAS


def test_every_text_is_at_least_12_px_at_the_width_it_is_shown() -> None:
    ring = WheelRing("Start", (1, 2, 3, 4, 5, 6, 7, None))
    root = parse(render_wheel([*AREAS, HOSTILE, ODD], [ring, ring, ring], title="Wheel"))
    texts = list(root.iter(f"{SVG}text"))

    assert texts
    assert all(rendered_px(root, t.get("font-size")) >= 12 for t in texts)


def test_the_scale_circles_are_labelled_0_5_and_10() -> None:
    root = parse(render_wheel(AREAS, [CLOSE], title="Wheel"))

    labels = [text_of(t) for t in of_class(root, "text", "wheel__scale-label")]
    assert labels == ["0", "5", "10"]
    radii = sorted(num(c, "r") for c in of_class(root, "circle", "wheel__scale"))
    assert radii == [RADIUS / 2, RADIUS]


def test_a_rating_of_10_lies_on_the_outer_circle_and_0_at_the_centre() -> None:
    root = parse(render_wheel(AREAS, [WheelRing("Close", (10, 0, 5, 5, 5, 5))], title="Wheel"))

    points = of_class(root, "circle", "wheel__point")
    outer = max(num(c, "r") for c in of_class(root, "circle", "wheel__scale"))
    ten, zero = points[0], points[1]
    assert math.hypot(num(ten, "cx") - CENTRE_X, num(ten, "cy") - CENTRE_Y) == pytest.approx(
        outer, abs=0.01
    )
    # The first spoke points straight up.
    assert num(ten, "cx") == pytest.approx(CENTRE_X)
    assert num(ten, "cy") == pytest.approx(CENTRE_Y - RADIUS)
    assert (num(zero, "cx"), num(zero, "cy")) == pytest.approx((CENTRE_X, CENTRE_Y))
    assert point(3, 6, 5) == pytest.approx((CENTRE_X, CENTRE_Y + RADIUS / 2))


def test_the_rings_differ_by_line_and_marker_and_the_legend_names_them() -> None:
    root = parse(render_wheel(AREAS, [START, CLOSE], title="Wheel"))

    start, close = (of_class(root, "path", "wheel__line")[i] for i in (0, 1))
    assert start.get("stroke-dasharray")
    assert not close.get("stroke-dasharray")
    fills = [
        {c.get("fill") for c in of_class(ring, "circle", "wheel__point")}
        for ring in of_class(root, "g", "wheel__ring")
    ]
    assert fills[0] != fills[1]
    legend = of_class(root, "g", "wheel__legend")[0]
    assert words_of(legend) == "Start, 3 March Close, 9 June"


def test_an_area_not_rated_has_no_point_and_breaks_the_ring_either_side() -> None:
    root = parse(render_wheel(AREAS, [CLOSE], title="Wheel"))

    assert len(of_class(root, "circle", "wheel__point")) == 5
    line = of_class(root, "path", "wheel__line")[0]
    # Six areas make six joins round the wheel; the two touching "Fun" are left out.
    assert (line.get("d") or "").count("M") == 4


def test_a_ring_with_nothing_rated_draws_no_line_but_still_its_legend() -> None:
    empty = WheelRing("Start", (None,) * 6)
    root = parse(render_wheel(AREAS, [empty], title="Wheel"))

    assert of_class(root, "path", "wheel__line") == []
    assert of_class(root, "circle", "wheel__point") == []
    assert words_of(of_class(root, "g", "wheel__legend")[0]) == "Start"


def test_one_ring_alone_is_drawn_solid() -> None:
    root = parse(render_wheel(AREAS, [START], title="Wheel"))

    (line,) = of_class(root, "path", "wheel__line")
    assert line.get("stroke-dasharray") is None


def test_hostile_and_odd_names_are_text_not_markup() -> None:
    markup = render_wheel([HOSTILE, ODD, "Home"], [WheelRing(HOSTILE, (1, 2, 3))], title=HOSTILE)
    root = parse(markup)

    assert "<script>" not in markup
    assert root.find(f".//{SVG}script") is None
    assert text_of(root.find(f"{SVG}title")) == HOSTILE  # type: ignore[arg-type]
    names = of_class(root, "text", "wheel__area")
    assert "家族" in words_of(names[1])
    assert "\u0000" not in markup


def test_a_long_name_is_wrapped_and_cut_keeping_its_words_in_a_tooltip() -> None:
    long = "Contribution to the community and the wider world around us"
    ring = WheelRing("Start", (1, 2, 3, 4))
    root = parse(render_wheel(["Health", long, "Home", "Fun"], [ring], title="Wheel"))

    label = of_class(root, "text", "wheel__area")[1]
    assert len(label.findall(f"{SVG}tspan")) == 2
    assert text_of(label.find(f"{SVG}title")) == long  # type: ignore[arg-type]


START_3 = WheelRing("Start", (1, 2, 3))


def test_the_table_gives_each_area_its_ratings_and_the_change() -> None:
    table = wheel_table(AREAS, [START, CLOSE])

    assert table.headings == ("Area", "Start, 3 March", "Close, 9 June", "Change")
    rows = {row.area: (row.ratings, row.change) for row in table.rows}
    assert rows["Health"] == (("3", "7"), "+4")
    assert rows["Relationships"] == (("6", "6"), "no change")
    assert rows["Fun"] == (("4", "not rated"), "cannot say")
    assert rows["Home"] == (("7", "10"), "+3")
    fell = wheel_table(["A", "B", "C"], [WheelRing("S", (5, 5, 5)), WheelRing("C", (2, 5, 5))])
    assert fell.rows[0].change == "\N{MINUS SIGN}3"


def test_with_one_ring_the_table_has_no_change_column() -> None:
    table = wheel_table(AREAS, [START])

    assert table.headings == ("Area", "Start, 3 March")
    assert all(row.change == "" for row in table.rows)


@pytest.mark.parametrize(
    ("areas", "rings", "message"),
    [
        (["A", "B"], [WheelRing("S", (1, 2))], "3 to 12 areas, not 2"),
        ([str(n) for n in range(13)], [WheelRing("S", (1,) * 13)], "3 to 12 areas, not 13"),
        (["A", "B", "C"], [], "1 to 3 rings, not 0"),
        (["A", "B", "C"], [START_3] * 4, "1 to 3 rings, not 4"),
        (["A", "B", "C"], [WheelRing("S", (1, 2))], "rates 2 of 3 areas"),
        (["A", "B", "C"], [WheelRing("S", (1, 2, 11))], "rating 11, not 0 to 10"),
        (["A", "B", "C"], [WheelRing("S", (1, 2, True))], "rating True, not 0 to 10"),
    ],
)
def test_a_wheel_that_cannot_be_drawn_is_refused(
    areas: list[str], rings: list[WheelRing], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        render_wheel(areas, rings, title="Wheel")
