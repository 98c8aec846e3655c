"""The portal's arc picture, checked through its parsed SVG; no database needed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from arcwise.svg.portal_arc import WIDTH, describe, fitted, render_portal_arc
from arcwise.svg.style import text_width
from tests.svg.reading import SVG, num, of_class, parse, text_of

SEVEN = [
    ("Orient", "done"),
    ("Resource", "done"),
    ("Understand", "current"),
    ("Experiment", "ahead"),
    ("Meet resistance", "ahead"),
    ("Integrate", "ahead"),
    ("Recognise and close", "ahead"),
]


def phases_by_state(markup: str, state: str) -> list[str]:
    root = parse(markup)
    return [
        text_of(group.find(f"{SVG}title"))  # type: ignore[arg-type]
        for group in of_class(root, "g", f"portal-arc__phase--{state}")
    ]


def test_each_phase_is_drawn_as_done_current_or_ahead_in_order() -> None:
    markup = render_portal_arc(SEVEN)

    assert phases_by_state(markup, "done") == ["1. Orient (done)", "2. Resource (done)"]
    assert phases_by_state(markup, "current") == ["3. Understand (now)"]
    assert len(phases_by_state(markup, "ahead")) == 4
    circles = [
        group.find(f"{SVG}circle") for group in of_class(parse(markup), "g", "portal-arc__phase")
    ]
    xs = [num(c, "cx") for c in circles if c is not None]
    assert xs == sorted(xs), "the phases run left to right in the journey's order"


def test_the_current_phase_is_named_under_its_dot_with_its_place() -> None:
    root = parse(render_portal_arc(SEVEN))

    (name,) = of_class(root, "text", "portal-arc__name")
    (count,) = of_class(root, "text", "portal-arc__count")
    assert text_of(name) == "Understand"
    assert text_of(count) == "Phase 3 of 7"
    (current,) = of_class(root, "g", "portal-arc__phase--current")
    dots = current.findall(f"{SVG}circle")
    assert abs(num(name, "x") - num(dots[0], "cx")) < 1
    assert max(num(d, "r") for d in dots) > num(
        of_class(root, "g", "portal-arc__phase--ahead")[0].find(f"{SVG}circle"),  # type: ignore[arg-type]
        "r",
    ), "the current phase stands out by size, not by colour alone"


def test_the_picture_is_an_image_named_and_described_in_words() -> None:
    root = parse(render_portal_arc(SEVEN, title="The arc of your journey"))

    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby"), root.get("aria-describedby")
    titles = {node.get("id"): text_of(node) for node in root.iter() if node.get("id")}
    assert titles[title_id] == "The arc of your journey"
    assert titles[desc_id] == (
        "Phase 3 of 7, now: Understand. Done: Orient, Resource. "
        "Ahead: Experiment, Meet resistance, Integrate, Recognise and close."
    )


def test_the_done_stretch_is_solid_and_the_rest_dashed() -> None:
    root = parse(render_portal_arc(SEVEN))

    (done,) = of_class(root, "polyline", "portal-arc__done")
    (ahead,) = of_class(root, "polyline", "portal-arc__ahead")
    assert done.get("stroke-dasharray") is None
    assert ahead.get("stroke-dasharray")
    done_end = (done.get("points") or "").split()[-1]
    ahead_start = (ahead.get("points") or "").split()[0]
    assert done_end == ahead_start, "the two stretches meet at the current phase"


def test_names_are_escaped_and_cannot_break_the_markup() -> None:
    markup = render_portal_arc([('<script>alert(1)</script> & "you"', "current")])

    assert "<script>" not in markup
    root = parse(markup)
    assert text_of(of_class(root, "text", "portal-arc__name")[0]).startswith("<script>")


def test_a_long_name_is_cut_to_fit_the_phone_width() -> None:
    name = "A very long phase name that goes on and on far past the edge of a phone"
    root = parse(render_portal_arc([(name, "current"), ("Close", "ahead")]))

    (label,) = of_class(root, "text", "portal-arc__name")
    shown = text_of(label)
    assert shown.endswith("…")
    assert name.startswith(shown[:-1])
    half = text_width(shown, float(label.get("font-size") or 0), bold=True) / 2
    assert num(label, "x") - half >= 0
    assert num(label, "x") + half <= WIDTH
    description = root.find(f"{SVG}desc")
    assert description is not None
    assert name in (description.text or ""), "the full name is in the description"


def test_fitted_leaves_a_short_name_alone() -> None:
    assert fitted("Orient", 17, 300) == "Orient"


def test_a_journey_not_yet_started_or_finished_says_so() -> None:
    assert describe([("Orient", "ahead"), ("Close", "ahead")]) == (
        "Not started yet: 2 phases ahead. Ahead: Orient, Close."
    )
    assert describe([("Orient", "done"), ("Close", "done")]) == (
        "All 2 phases done. Done: Orient, Close."
    )
    assert describe([]) == "The journey has no phases yet."
    root = parse(render_portal_arc([]))
    assert of_class(root, "g", "portal-arc__phase") == []
    (count,) = of_class(root, "text", "portal-arc__count")
    assert text_of(count) == "The journey has no phases yet"


def test_one_phase_sits_in_the_middle() -> None:
    root = parse(render_portal_arc([("Only", "current")]))

    (group,) = of_class(root, "g", "portal-arc__phase")
    assert num(group.find(f"{SVG}circle"), "cx") == WIDTH / 2  # type: ignore[arg-type]


def test_several_arcs_on_one_page_have_distinct_ids() -> None:
    first = parse(render_portal_arc(SEVEN))
    second = parse(render_portal_arc([("Orient", "current")]))

    assert first.get("aria-labelledby") != second.get("aria-labelledby")


@given(
    st.lists(
        st.tuples(st.text(max_size=40), st.sampled_from(["done", "current", "ahead", "odd"])),
        max_size=12,
    )
)
def test_any_names_and_states_make_well_formed_svg(phases: list[tuple[str, str]]) -> None:
    root = parse(render_portal_arc(phases))

    assert len(of_class(root, "g", "portal-arc__phase")) == len(phases)
    for circle in root.iter(f"{SVG}circle"):
        assert 0 <= num(circle, "cx") <= WIDTH


def test_the_labels_of_a_phase_at_the_edge_stay_inside_the_picture() -> None:
    root = parse(render_portal_arc([("Recognise and close", "current"), *SEVEN[1:]]))

    for css, bold in (("portal-arc__name", True), ("portal-arc__count", False)):
        (label,) = of_class(root, "text", css)
        half = text_width(text_of(label), float(label.get("font-size") or 0), bold=bold) / 2
        assert num(label, "x") - half >= 0
        assert num(label, "x") + half <= WIDTH
