"""The design arc picture, checked through its parsed SVG; no database needed."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arcwise.designs.arc_input import arc_input
from arcwise.designs.spec import DesignSpec, PhaseSpec
from arcwise.svg.design_arc import ArcInput, ArcPhase, render_design_arc
from arcwise.svg.markup import Markup, element, escape_attr, escape_text, fragment, number
from tests.svg.reading import SVG, num, of_class, parse, text_of, words_of

SEVEN_PHASES = (
    ("Orient", 2, 1),
    ("Resource", 3, 2),
    ("Understand", 4, 2),
    ("Experiment", 6, 3),
    ("Meet resistance", 3, 2),
    ("Integrate", 4, 2),
    ("Recognise and close", 2, 1),
)


def make_design(*phases: tuple[str, int, int], name: str = "Leadership transition") -> DesignSpec:
    return DesignSpec(
        name=name,
        cadence_days=14,
        phases=tuple(
            PhaseSpec(
                key=f"phase-{index + 1}",
                name=phase_name,
                intent="What the phase is for.",
                planned_weeks=weeks,
                planned_sessions=sessions,
            )
            for index, (phase_name, weeks, sessions) in enumerate(phases)
        ),
    )


def render(spec: DesignSpec, title: str | None = None) -> ET.Element:
    return parse(render_design_arc(arc_input(spec), title=title))


def segments(root: ET.Element) -> list[ET.Element]:
    return [of_class(phase, "rect", "arc-segment")[0] for phase in of_class(root, "g", "arc-phase")]


def axis_y(root: ET.Element) -> float:
    axis = of_class(root, "g", "arc-axis")[0]
    line = axis.find(f"{SVG}line")
    assert line is not None
    return num(line, "y1")


def tick_labels(root: ET.Element) -> list[ET.Element]:
    return of_class(root, "text", "arc-tick-label")


def test_it_renders_a_single_scalable_svg_element() -> None:
    markup = render_design_arc(arc_input(make_design(*SEVEN_PHASES)))
    root = parse(markup)

    assert markup.startswith("<svg ")
    assert root.tag == f"{SVG}svg"
    assert root.get("width") == "100%"
    assert root.get("height") is None
    assert root.get("preserveAspectRatio") is None
    assert (root.get("viewBox") or "").startswith("0 0 640 ")
    assert root.get("font-family") == "system-ui, sans-serif"


def test_it_is_labelled_by_its_title_and_described_in_words() -> None:
    root = render(make_design(*SEVEN_PHASES))
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None
    assert desc is not None

    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert title.text == "Leadership transition"
    assert (desc.text or "").startswith("7 phases over 24 weeks, 13 sessions: Orient: 2 weeks")
    assert "Recognise and close: 2 weeks, 1 session." in (desc.text or "")


def test_a_given_title_replaces_the_design_name() -> None:
    root = render(make_design(*SEVEN_PHASES), title="The arc of Leadership transition")
    title = root.find(f"{SVG}title")
    assert title is not None
    assert title.text == "The arc of Leadership transition"


def test_the_summary_states_total_weeks_and_sessions() -> None:
    root = render(make_design(*SEVEN_PHASES))
    (summary,) = of_class(root, "text", "arc-summary")
    assert text_of(summary) == "7 phases · 24 weeks · 13 sessions"


def test_a_single_phase_is_described_in_the_singular() -> None:
    root = render(make_design(("Orient", 1, 1)))
    desc = root.find(f"{SVG}desc")
    assert desc is not None
    assert desc.text == "1 phase over 1 week, 1 session: Orient: 1 week, 1 session."


def test_segment_widths_are_proportional_to_planned_weeks() -> None:
    short, long = segments(render(make_design(("Orient", 2, 1), ("Experiment", 6, 3))))
    assert num(long, "width") / num(short, "width") == pytest.approx(3, abs=0.01)


def test_segments_follow_each_other_along_one_axis() -> None:
    rects = segments(render(make_design(*SEVEN_PHASES)))
    for before, after in pairwise(rects):
        assert num(before, "x") + num(before, "width") == pytest.approx(num(after, "x"), abs=0.02)
        assert num(before, "y") == num(after, "y")


def test_there_is_one_session_mark_per_planned_session() -> None:
    root = render(make_design(*SEVEN_PHASES))
    assert len(of_class(root, "circle", "arc-session")) == 13


def test_session_marks_lie_inside_their_phase_segment() -> None:
    root = render(make_design(*SEVEN_PHASES, ("Crowded", 1, 60)))
    for phase in of_class(root, "g", "arc-phase"):
        (rect,) = of_class(phase, "rect", "arc-segment")
        left, top = num(rect, "x"), num(rect, "y")
        right, bottom = left + num(rect, "width"), top + num(rect, "height")
        for mark in of_class(phase, "circle", "arc-session"):
            r = num(mark, "r")
            assert left <= num(mark, "cx") - r
            assert num(mark, "cx") + r <= right
            assert top <= num(mark, "cy") - r
            assert num(mark, "cy") + r <= bottom


def test_every_phase_segment_has_its_own_tooltip() -> None:
    root = render(make_design(*SEVEN_PHASES))
    tooltips = []
    for phase in of_class(root, "g", "arc-phase"):
        title = phase.find(f"{SVG}title")
        assert title is not None
        tooltips.append(title.text)
    assert len(tooltips) == 7
    assert tooltips[0] == "Phase 1 of 7: Orient — 2 weeks (weeks 1\N{EN DASH}2), 1 session"
    assert (
        tooltips[4] == "Phase 5 of 7: Meet resistance — 3 weeks (weeks 16\N{EN DASH}18), 2 sessions"
    )


def test_the_legend_lists_every_phase_with_its_weeks_and_sessions() -> None:
    root = render(make_design(*SEVEN_PHASES))
    (legend,) = of_class(root, "g", "arc-legend")
    entries = of_class(legend, "g", "arc-legend-entry")

    assert [words_of(entry) for entry in entries] == [
        "1 Orient · 2 weeks · 1 session",
        "2 Resource · 3 weeks · 2 sessions",
        "3 Understand · 4 weeks · 2 sessions",
        "4 Experiment · 6 weeks · 3 sessions",
        "5 Meet resistance · 3 weeks · 2 sessions",
        "6 Integrate · 4 weeks · 2 sessions",
        "7 Recognise and close · 2 weeks · 1 session",
    ]


def test_a_name_too_wide_for_its_segment_is_left_to_the_legend() -> None:
    root = render(make_design(("Recognise and close", 1, 1), ("Experiment", 40, 3)))
    shown = [text_of(name) for name in of_class(root, "text", "arc-phase-name")]

    assert shown == ["Experiment"]
    (legend,) = of_class(root, "g", "arc-legend")
    assert "Recognise and close" in words_of(legend)


def test_phase_names_sit_above_their_own_segment() -> None:
    root = render(make_design(("Take stock", 8, 4), ("Explore and test options", 24, 12)))
    for phase in of_class(root, "g", "arc-phase"):
        (rect,) = of_class(phase, "rect", "arc-segment")
        for name in of_class(phase, "text", "arc-phase-name"):
            assert num(rect, "x") < num(name, "x") < num(rect, "x") + num(rect, "width")
            assert num(name, "y") < num(rect, "y")


def test_every_phase_number_is_shown_once_even_in_narrow_segments() -> None:
    phases = [(f"Phase {n}", 1, 1) for n in range(1, 20)] + [("Long haul", 85, 10)]
    root = render(make_design(*phases))
    numbers = [text_of(node) for node in of_class(root, "text", "arc-phase-number")]

    assert sorted(numbers, key=int) == [str(n) for n in range(1, 21)]


def test_called_out_numbers_do_not_overlap_each_other() -> None:
    phases = [(f"Phase {n}", 1, 1) for n in range(1, 20)] + [("Long haul", 85, 10)]
    root = render(make_design(*phases))
    called_out = [
        (num(text, "x"), text_of(text))
        for callout in of_class(root, "g", "arc-callout")
        for text in callout.iter(f"{SVG}text")
    ]

    assert len(called_out) >= 10
    assert called_out == sorted(called_out)
    for (left, left_text), (right, right_text) in pairwise(called_out):
        # Bold digits are at most 0.7 em wide, so half of each label must fit between centres.
        half_widths = 0.7 * 18 * (len(left_text) + len(right_text)) / 2
        assert right - left > half_widths
    assert all(0 < x < 640 for x, _ in called_out)


@pytest.mark.parametrize(
    "phases",
    [
        pytest.param([("Orient", 1, 1)], id="one phase of one week"),
        pytest.param([("Orient", 3, 2)], id="one short phase"),
        pytest.param(SEVEN_PHASES, id="seven phases"),
        pytest.param([(f"Phase {n}", 5, 3) for n in range(1, 21)], id="twenty phases"),
        pytest.param([(f"Phase {n}", 104, 60) for n in range(1, 21)], id="twenty longest"),
        pytest.param([("Year", 104, 60)], id="two years"),
    ],
)
def test_tick_labels_are_spaced_apart_and_clear_of_the_band(
    phases: list[tuple[str, int, int]],
) -> None:
    spec = make_design(*phases)
    root = render(spec)
    labels = tick_labels(root)
    xs = [num(label, "x") for label in labels]
    axis = axis_y(root)

    assert [text_of(labels[0]), text_of(labels[-1])] == ["0", str(spec.planned_weeks)]
    assert xs == sorted(xs)
    assert all(b - a >= 44 for a, b in pairwise(xs))
    # The label's glyphs (about font-size tall above the baseline) clear the ticks.
    assert all(num(label, "y") - num(label, "font-size") >= axis + 9 for label in labels)
    band_labels = of_class(root, "text", "arc-phase-number") + of_class(
        root, "text", "arc-phase-name"
    )
    assert all(num(label, "y") < axis for label in band_labels)


def test_short_designs_get_a_label_every_week() -> None:
    root = render(make_design(("Orient", 2, 1), ("Experiment", 4, 2)))
    assert [text_of(label) for label in tick_labels(root)] == [str(w) for w in range(7)]


def test_long_designs_get_labels_every_few_weeks() -> None:
    root = render(make_design(("Take stock", 8, 4), ("Explore", 24, 12), ("Commit", 8, 4)))
    weeks = [int(text_of(label)) for label in tick_labels(root)]
    assert weeks == list(range(0, 41, 4))


def test_alternate_phases_differ_by_pattern_and_outline_not_only_colour() -> None:
    root = render(make_design(*SEVEN_PHASES))
    fills = [rect.get("fill") or "" for rect in segments(root)]
    patterns = {pattern.get("id") for pattern in root.iter(f"{SVG}pattern")}

    assert len(set(fills[0::2])) == 1
    assert len(set(fills[1::2])) == 1
    assert fills[1].startswith("url(#")
    assert fills[1][5:-1] in patterns
    assert not fills[0].startswith("url(")
    assert all(rect.get("stroke") for rect in segments(root))


def test_names_with_markup_characters_are_escaped_and_read_back_intact() -> None:
    name = """<b>Tom & "Jerry's"</b>"""
    markup = render_design_arc(
        arc_input(make_design((name, 3, 2), name=name)), title=f"Arc of {name}"
    )
    root = parse(markup)

    assert "<b>" not in markup
    title = root.find(f"{SVG}title")
    assert title is not None
    assert title.text == f"Arc of {name}"
    (phase,) = of_class(root, "g", "arc-phase")
    tooltip = phase.find(f"{SVG}title")
    assert tooltip is not None
    assert name in (tooltip.text or "")
    (legend,) = of_class(root, "g", "arc-legend")
    assert name in words_of(legend)


def test_a_long_name_without_spaces_is_wrapped_inside_the_picture() -> None:
    root = render(make_design(("A" * 120, 3, 2)))
    (legend,) = of_class(root, "g", "arc-legend")
    lines = list(legend.iter(f"{SVG}text"))[1:]

    assert len(lines) >= 3
    assert "".join(text_of(line) for line in lines).startswith("A" * 120)


def test_an_empty_design_shows_the_placeholder() -> None:
    root = render(make_design())
    (placeholder,) = of_class(root, "text", "arc-placeholder")

    assert text_of(placeholder) == "Add a phase to see the arc."
    assert of_class(root, "g", "arc-phase") == []
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title") is not None


def test_the_same_design_always_renders_the_same_string() -> None:
    spec = make_design(*SEVEN_PHASES)
    assert render_design_arc(arc_input(spec)) == render_design_arc(
        arc_input(make_design(*SEVEN_PHASES))
    )


def test_different_designs_use_different_element_ids() -> None:
    first = render(make_design(*SEVEN_PHASES))
    second = render(make_design(("Orient", 2, 1)))
    assert first.get("aria-labelledby") != second.get("aria-labelledby")


def test_it_includes_class_names_for_css_and_attributes_for_standalone_use() -> None:
    root = render(make_design(*SEVEN_PHASES))
    for tag, name in [
        ("g", "arc-phase"),
        ("circle", "arc-session"),
        ("g", "arc-axis"),
        ("g", "arc-legend"),
    ]:
        assert of_class(root, tag, name), name
    assert all(mark.get("fill") for mark in of_class(root, "circle", "arc-session"))
    assert all(text.get("font-size") for text in root.iter(f"{SVG}text"))


phase_names = st.text(max_size=40)


@settings(max_examples=60)
@given(
    st.lists(
        st.tuples(phase_names, st.integers(1, 104), st.integers(1, 60)),
        min_size=1,
        max_size=20,
    )
)
def test_any_valid_design_renders_well_formed_with_a_mark_per_session(
    phases: list[tuple[str, int, int]],
) -> None:
    spec = make_design(*phases)
    root = render(spec)

    assert len(of_class(root, "circle", "arc-session")) == spec.planned_sessions
    assert len(of_class(root, "g", "arc-phase")) == len(phases)
    xs = [num(label, "x") for label in tick_labels(root)]
    assert all(b - a >= 44 for a, b in pairwise(xs))


readable_names = st.text(
    st.characters(exclude_categories=("Cc", "Cs", "Cn", "Zl", "Zp")), min_size=1, max_size=40
)


@settings(max_examples=60)
@given(readable_names)
def test_any_readable_name_reads_back_from_the_tooltip(name: str) -> None:
    root = render(make_design((name, 2, 1), name=name))
    (phase,) = of_class(root, "g", "arc-phase")
    tooltip = phase.find(f"{SVG}title")
    assert tooltip is not None
    shown = " ".join(name.split()) or "Phase 1"
    assert f": {shown} — " in (tooltip.text or "")


# The markup helpers are shared by every chart; their promises are checked here with the
# first chart that uses them.


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (0, "0"),
        (12, "12"),
        (1.5, "1.5"),
        (1.005, "1"),
        (2 / 3, "0.67"),
        (-0.001, "0"),
        (-2.5, "-2.5"),
    ],
)
def test_numbers_are_written_with_at_most_two_decimals(value: float, written: str) -> None:
    assert number(value) == written


def test_numbers_that_svg_cannot_hold_are_refused() -> None:
    with pytest.raises(ValueError, match="SVG number"):
        number(float("nan"))


def test_text_and_attributes_are_escaped_and_xml_invalid_characters_replaced() -> None:
    assert escape_text("a < b & c > d\x00") == "a &lt; b &amp; c &gt; d\ufffd"
    assert escape_attr("say \"hi\" & 'bye'\n") == "say &quot;hi&quot; &amp; &#39;bye&#39;&#10;"


def test_plain_string_children_are_escaped_and_markup_children_are_not() -> None:
    built = element("g", {"class": 'a"b', "hidden": None, "x": 1.25}, ["<i>", element("rect")])
    assert built == '<g class="a&quot;b" x="1.25">&lt;i&gt;<rect/></g>'
    assert isinstance(built, Markup)
    assert fragment("<", Markup("<br/>")) == "&lt;<br/>"


def test_names_that_are_not_xml_names_are_refused() -> None:
    with pytest.raises(ValueError, match="not a valid XML name"):
        element("g", {'onload="x"': "1"})


def test_two_versions_on_one_page_get_ids_of_their_own_even_if_they_draw_alike() -> None:
    # The design diff page can show two versions whose arcs look the same because they
    # differ only in prompts; duplicate ids on one page would break their hatching links.
    before = make_design(*SEVEN_PHASES)
    after = replace(before, phases=(replace(before.phases[0], intent="Arrive, and say why."),))
    after = replace(after, phases=(after.phases[0], *before.phases[1:]))

    def ids(spec: DesignSpec) -> set[str]:
        return {node.get("id") or "" for node in render(spec).iter() if node.get("id")}

    assert ids(before)
    assert not ids(before) & ids(after)


def test_an_arc_drawn_from_its_own_input_needs_no_design() -> None:
    arc = ArcInput("Short", (ArcPhase("Orient", 2, 1), ArcPhase("Close", 1, 1)))
    root = parse(render_design_arc(arc))

    assert words_of(of_class(root, "text", "arc-summary")[0]) == "2 phases · 3 weeks · 2 sessions"
    assert render_design_arc(arc) == render_design_arc(ArcInput("Short", arc.phases))
