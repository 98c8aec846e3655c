"""The weekly pulse chart: a line per scale, its latest value, and the trend in words."""

from __future__ import annotations

from datetime import date

from arcwise.svg.pulse_chart import (
    LABEL_WIDTH,
    NAME_LINES,
    NAME_SIZE,
    PulseSeries,
    render_pulse_chart,
    trend_words,
)
from arcwise.svg.style import text_width
from tests.svg.reading import SVG, of_class, parse, text_of, words_of

ROOM = PulseSeries(
    "room for this work", ((date(2026, 9, 7), 7), (date(2026, 9, 14), 5), (date(2026, 9, 21), 4))
)
NO = PulseSeries(
    "confidence saying no",
    ((date(2026, 9, 7), 3), (date(2026, 9, 14), 3), (date(2026, 9, 21), 3)),
)


def test_the_trend_is_said_in_words_a_coach_would_write() -> None:
    assert trend_words(ROOM) == "“room for this work” fell from 7 to 4 over 3 weekly answers"
    assert trend_words(NO) == "“confidence saying no” stayed at 3 over 3 weekly answers"
    assert trend_words(PulseSeries("energy", ())) == "“energy”: no answers yet"
    one = PulseSeries("energy", ((date(2026, 9, 7), 6),))
    assert trend_words(one) == "“energy”: 6 of 10, one answer so far"


def test_each_scale_gets_a_line_its_points_and_its_latest_value() -> None:
    root = parse(render_pulse_chart([ROOM, NO], title="Weekly pulse"))

    assert root.get("role") == "img"
    assert text_of(next(root.iter(f"{SVG}title"))) == "Weekly pulse"
    assert "fell from 7 to 4" in text_of(next(root.iter(f"{SVG}desc")))
    assert len(of_class(root, "polyline", "pulse-line")) == 2
    assert len(of_class(root, "circle", "pulse-point")) == 6
    texts = [
        words_of(t)
        for t in root.iter(f"{SVG}text")
        if "pulse-scale-label" not in (t.get("class") or "")
    ]
    assert texts == ["room for this work", "4", "confidence saying no", "3"]


def test_each_scale_labels_its_ends_0_and_10() -> None:
    root = parse(render_pulse_chart([ROOM, NO], title="Weekly pulse"))

    labels = [text_of(t) for t in of_class(root, "text", "pulse-scale-label")]
    assert labels == ["0", "10", "0", "10"]
    lines = of_class(root, "line", "pulse-scale-line")
    # 10 is drawn above 0 in each row.
    assert float(lines[1].get("y1") or 0) < float(lines[0].get("y1") or 0)


def test_a_higher_answer_is_drawn_higher() -> None:
    root = parse(render_pulse_chart([ROOM], title="Weekly pulse"))

    heights = [float(c.get("cy") or 0) for c in of_class(root, "circle", "pulse-point")]
    assert heights[0] < heights[1] < heights[2]  # 7, 5, 4: each lower on the page


def test_names_in_the_clients_words_are_escaped() -> None:
    odd = PulseSeries("<script>alert(1)</script> & more", ((date(2026, 9, 7), 5),))

    markup = render_pulse_chart([odd], title="Weekly pulse")

    assert "<script>" not in markup
    parse(markup)


def test_a_long_scale_name_wraps_clear_of_the_line_and_is_cut_only_past_two_lines() -> None:
    two = "room for this work in a week"
    long = "how much room there is for this work in a normal week, counting the evenings too"
    root = parse(render_pulse_chart([PulseSeries(two, ()), PulseSeries(long, ())], title="P"))

    wrapped, cut = [t for t in root.iter(f"{SVG}text") if t.find(f"{SVG}tspan") is not None]
    shown = [[text_of(s) for s in t.iter(f"{SVG}tspan")] for t in (wrapped, cut)]
    assert " ".join(shown[0]) == two, "two lines hold it all"
    assert wrapped.find(f"{SVG}title") is None
    assert len(shown[1]) == NAME_LINES
    assert shown[1][-1].endswith("…")
    assert text_of(cut.find(f"{SVG}title")) == long  # type: ignore[arg-type]
    for line in shown[0] + shown[1]:
        assert text_width(line, NAME_SIZE) <= LABEL_WIDTH - 12 < LABEL_WIDTH
