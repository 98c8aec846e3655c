"""Element ids when several pictures share a page: no id is repeated across pictures, and
every reference in a picture (aria-labelledby, aria-describedby, url(#…), href="#…")
points at an id inside that same picture, so a screen reader names each picture by its own
title and a hatch never borrows another picture's pattern."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arcwise.svg.dwell_chart import DwellRow, render_dwell_chart
from arcwise.svg.funnel_chart import FunnelStep, render_funnel_chart
from arcwise.svg.journey_map import render_journey_map, render_journey_miniature
from arcwise.svg.portal_arc import render_portal_arc
from arcwise.svg.pulse_chart import PulseSeries, render_pulse_chart
from arcwise.svg.sparkline import WeekPoint, render_sparkline
from arcwise.svg.wheel import WheelRing, render_wheel
from tests.svg.reading import ids_in, named_and_described, parse, references_in
from tests.svg.test_golden import DESIGNS, PICTURES, PULSES, render_arc

ROOM = PulseSeries("room for this work", ((date(2026, 9, 7), 7), (date(2026, 9, 14), 5)))
ENERGY = PulseSeries("energy", ((date(2026, 9, 7), 6),))

# Two pictures of each kind for different inputs, as a page could show them together.
PAIRS: dict[str, tuple[Callable[[], str], Callable[[], str]]] = {
    "pulse": (
        lambda: render_pulse_chart([ROOM], title="Weekly pulse: Dana"),
        lambda: render_pulse_chart([ENERGY], title="Weekly pulse: Quentin"),
    ),
    "pulse, same series, another client": (
        lambda: render_pulse_chart([ROOM], title="Weekly pulse: Dana"),
        lambda: render_pulse_chart([ROOM], title="Weekly pulse: Quentin"),
    ),
    "dwell": (
        lambda: render_dwell_chart([DwellRow("Orient", 2, 0)], title="Weeks in each phase"),
        lambda: render_dwell_chart(
            [DwellRow("Orient", 2, 3, low=1, p25=2, median=2, p75=3, high=4)],
            title="Weeks in each phase",
        ),
    ),
    "funnel": (
        lambda: render_funnel_chart([FunnelStep("Orient", 2)], started=2, title="Funnel"),
        lambda: render_funnel_chart([FunnelStep("Orient", 1)], started=2, title="Funnel"),
    ),
    "portal arc": (
        lambda: render_portal_arc([("Orient", "current"), ("Close", "ahead")]),
        lambda: render_portal_arc([("Orient", "done"), ("Close", "current")]),
    ),
    "sparkline": (
        lambda: render_sparkline([WeekPoint("on track", 90)], key="j1", title="Momentum"),
        lambda: render_sparkline([WeekPoint("on track", 90)], key="j2", title="Momentum"),
    ),
    "journey map": (
        lambda: render_journey_map(PICTURES["revisit"]),
        lambda: render_journey_map(PICTURES["ended-skipped-paused"]),
    ),
    "journey miniature": (
        lambda: render_journey_miniature(PICTURES["revisit"]),
        lambda: render_journey_miniature(PICTURES["ended-skipped-paused"]),
    ),
    "wheel": (
        lambda: render_wheel(["A", "B", "C"], [WheelRing("Start", (1, 2, 3))], title="Wheel"),
        lambda: render_wheel(["A", "B", "C"], [WheelRing("Close", (1, 2, 3))], title="Wheel"),
    ),
    "design arc": (
        lambda: render_arc(*DESIGNS["seven"]),
        lambda: render_arc(*DESIGNS["odd-words"]),
    ),
}


def shared_ids(*markups: str) -> set[str]:
    counts = Counter(i for markup in markups for i in ids_in(parse(markup)))
    return {i for i, count in counts.items() if count > 1}


def dangling(markup: str) -> set[str]:
    root = parse(markup)
    return set(references_in(root)) - ids_in(root)


@pytest.mark.parametrize("kind", sorted(PAIRS))
def test_two_pictures_of_a_kind_on_one_page_share_no_id(kind: str) -> None:
    first, second = (draw() for draw in PAIRS[kind])

    assert first != second, "the case must draw two different pictures"
    assert ids_in(parse(first)), "a picture without ids would pass trivially"
    assert shared_ids(first, second) == set()
    for markup in (first, second):
        root = parse(markup)
        assert named_and_described(root)
        assert references_in(root), "every picture at least names itself by id"
        assert dangling(markup) == set()


@pytest.mark.parametrize("kind", sorted(PAIRS))
def test_the_same_input_draws_the_same_ids(kind: str) -> None:
    draw = PAIRS[kind][0]

    assert ids_in(parse(draw())) == ids_in(parse(draw()))


def test_every_picture_kind_together_on_one_page_shares_no_id() -> None:
    page = [draw() for pair in PAIRS.values() for draw in pair]
    page += [render_pulse_chart(series, title="Weekly pulse") for series in PULSES.values()]

    # The "same series" pair repeats one picture of the "pulse" pair exactly.
    assert shared_ids(*dict.fromkeys(page)) == set()


@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=30), st.integers(0, 10)), min_size=1, max_size=4
    ),
    st.lists(
        st.tuples(st.text(min_size=1, max_size=30), st.integers(0, 10)), min_size=1, max_size=4
    ),
)
def test_any_two_different_pulse_charts_share_no_id(
    one: list[tuple[str, int]], two: list[tuple[str, int]]
) -> None:
    def chart(answers: list[tuple[str, int]]) -> str:
        series = [PulseSeries(scale, ((date(2026, 9, 7), value),)) for scale, value in answers]
        return render_pulse_chart(series, title="Weekly pulse")

    first, second = chart(one), chart(two)
    if one == two:
        assert first == second
        return
    assert shared_ids(first, second) == set()
    assert dangling(first) == dangling(second) == set()
