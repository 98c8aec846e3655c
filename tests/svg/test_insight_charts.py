"""The practice insight charts: phase dwell against the planned band, and the funnel."""

from __future__ import annotations

from arcwise.svg.dwell_chart import DwellRow, render_dwell_chart, row_words, tick_step
from arcwise.svg.funnel_chart import FunnelStep, render_funnel_chart, share, step_words
from arcwise.svg.style import text_width
from tests.svg.reading import SVG, named_and_described, num, of_class, parse, text_of, words_of

ORIENT = DwellRow("Orient", 2, 6, low=1, p25=1.2, median=2.5, p75=3, high=8)
EXPERIMENT = DwellRow("Experiment", 4, 5, low=3, p25=3, median=3, p75=5, high=7)
CLOSE = DwellRow("Close", 2, 0)


def test_each_row_is_said_in_words() -> None:
    assert row_words(ORIENT) == (
        "Orient: planned 2 weeks; median 2.5 weeks, middle half 1.2 to 3, all 1 to 8 (6 journeys)"
    )
    assert row_words(CLOSE) == "Close: planned 2 weeks; no journey has reached it yet"
    one = DwellRow("Close", 1, 1, low=1, p25=1, median=1, p75=1, high=1)
    assert row_words(one).startswith("Close: planned 1 week; median 1 week")


def test_the_dwell_chart_is_an_image_with_a_title_and_a_description() -> None:
    root = parse(render_dwell_chart([ORIENT, EXPERIMENT, CLOSE], title="Weeks in each phase"))

    assert root.get("role") == "img"
    assert named_and_described(root)
    assert text_of(next(root.iter(f"{SVG}title"))) == "Weeks in each phase"
    description = text_of(next(root.iter(f"{SVG}desc")))
    assert "Experiment: planned 4 weeks; median 3 weeks" in description
    assert "Close: planned 2 weeks; no journey has reached it yet" in description


def test_a_phase_overrun_draws_its_median_past_the_planned_band() -> None:
    root = parse(render_dwell_chart([ORIENT, EXPERIMENT, CLOSE], title="Dwell"))

    bands = of_class(root, "rect", "dwell-planned")
    medians = of_class(root, "line", "dwell-median")
    assert len(bands) == 3
    assert len(medians) == 2
    band_end = [num(b, "x") + num(b, "width") for b in bands]
    assert num(medians[0], "x1") > band_end[0]  # Orient: 2.5 weeks against 2 planned
    assert num(medians[1], "x1") < band_end[1]  # Experiment: 3 weeks against 4
    # The box spans the middle half, the line the whole range.
    box, whisker = of_class(root, "rect", "dwell-iqr")[0], of_class(root, "line", "dwell-range")[0]
    assert num(whisker, "x1") < num(box, "x") < num(medians[0], "x1")
    assert num(medians[0], "x1") < num(box, "x") + num(box, "width") < num(whisker, "x2")
    assert [text_of(t) for t in of_class(root, "text", "dwell-none")] == ["no journeys yet"]


def test_the_axis_reaches_past_the_longest_stay_in_few_ticks() -> None:
    assert tick_step(8) == 1
    assert tick_step(9) == 2
    assert tick_step(30) == 4
    assert tick_step(104) == 20
    root = parse(render_dwell_chart([ORIENT], title="Dwell"))
    ticks = [text_of(t) for t in of_class(root, "text", "dwell-tick")]
    assert ticks == [str(n) for n in range(9)]


def test_the_funnel_draws_each_phase_as_wide_as_its_share() -> None:
    steps = [FunnelStep("Orient", 6), FunnelStep("Experiment", 3), FunnelStep("Close", 0)]

    root = parse(render_funnel_chart(steps, started=6, title="Journeys through the phases"))

    assert root.get("role") == "img"
    assert named_and_described(root)
    bars = of_class(root, "rect", "funnel-bar")
    assert num(bars[1], "width") == num(bars[0], "width") / 2
    assert num(bars[2], "width") == 0
    # Centred: each bar's middle is the same.
    middles = {num(b, "x") + num(b, "width") / 2 for b in bars}
    assert len(middles) == 1
    counts = [text_of(t) for t in of_class(root, "text", "funnel-count")]
    assert counts == ["6 (100%)", "3 (50%)", "0 (0%)"]
    assert words_of(next(root.iter(f"{SVG}desc"))).startswith(
        "6 journeys started. Orient: 6 of 6 journeys (100%); Experiment: 3 of 6"
    )


def test_share_and_words_hold_with_nothing_started() -> None:
    assert share(0, 0) == 0
    assert share(1, 3) == 33
    assert step_words(FunnelStep("Orient", 1), 1) == "Orient: 1 of 1 journey (100%)"


def test_names_typed_by_coaches_are_escaped() -> None:
    odd = "<script>alert(1)</script> & more"

    dwell = render_dwell_chart([DwellRow(odd, 2, 0)], title=odd)
    funnel = render_funnel_chart([FunnelStep(odd, 1)], started=1, title=odd)

    for markup in (dwell, funnel):
        assert "<script>" not in markup
        parse(markup)


def test_empty_charts_say_so() -> None:
    for markup in (
        render_dwell_chart([], title="Dwell"),
        render_funnel_chart([], started=0, title="Funnel"),
    ):
        assert "No phases to show." in words_of(parse(markup))


def test_a_long_name_is_cut_to_stay_inside_the_picture_and_kept_whole_in_words() -> None:
    name = "Recognise what has changed and close the work together with the sponsor"
    dwell = parse(render_dwell_chart([DwellRow(name, 2, 0)], title="Dwell"))
    funnel = parse(render_funnel_chart([FunnelStep(name, 1)], started=1, title="Funnel"))

    for root, css in ((dwell, "dwell-name"), (funnel, "funnel-name")):
        (label,) = of_class(root, "text", css)
        tip = label.find(f"{SVG}title")
        assert tip is not None
        assert text_of(tip) == name
        shown = tip.tail or ""
        assert shown.endswith("…")
        # Drawn ending at x, so it must be no wider than x to stay right of the left edge.
        assert text_width(shown, num(label, "font-size")) <= num(label, "x")
        assert name in text_of(next(root.iter(f"{SVG}desc")))


def test_a_short_name_is_drawn_whole_without_a_tooltip() -> None:
    root = parse(render_funnel_chart([FunnelStep("Orient", 1)], started=1, title="Funnel"))

    (label,) = of_class(root, "text", "funnel-name")
    assert text_of(label) == "Orient"
    assert label.find(f"{SVG}title") is None
