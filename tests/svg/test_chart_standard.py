"""One standard for every chart (docs/charts.md): a title, text at least 12 px at the width the
page draws it, a scale or labelled ends, and a table or words beside it on every page."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from arcwise.svg import (
    design_arc,
    dwell_chart,
    funnel_chart,
    journey_map,
    portal_arc,
    pulse_chart,
    sparkline,
    wheel,
)
from arcwise.svg.dwell_chart import DwellRow, render_dwell_chart
from arcwise.svg.funnel_chart import FunnelStep, render_funnel_chart
from arcwise.svg.journey_map import render_journey_map
from arcwise.svg.portal_arc import render_portal_arc
from arcwise.svg.pulse_chart import render_pulse_chart
from arcwise.svg.sparkline import WeekPoint, render_sparkline
from arcwise.svg.wheel import WheelRing, render_wheel
from tests.svg.reading import SVG, of_class, parse, text_of
from tests.svg.test_golden import DESIGNS, PICTURES, PULSES, render_arc

ARCWISE = Path(__file__).resolve().parents[2] / "arcwise"
CSS = (ARCWISE / "static" / "arcwise" / "app.css").read_text()
TEMPLATES = ARCWISE / "templates"
# The page's rem: the browser's 16 px times app.css's `font-size: 106.25%` on :root.
REM_PX = 17
SMALLEST_PX = 12


@dataclass(frozen=True)
class Chart:
    """A picture the pages show: how to draw it, the CSS rule that sizes it, the width that
    rule never lets it go below, and the class of the texts that are its scale or ends."""

    cases: tuple[Callable[[], str], ...]
    css: str
    shown_width: float
    scale_class: str


ODD = '<Ünïcödé & "quotes"> مرحلة'
CHARTS: dict[str, Chart] = {
    "journey map": Chart(
        tuple(lambda p=p: render_journey_map(p) for p in PICTURES.values()),  # type: ignore[misc]
        ".journey-map svg",
        journey_map.SHOWN_WIDTH,
        "jm-tick-label",
    ),
    "design arc": Chart(
        tuple(
            lambda case=case: render_arc(*case)  # type: ignore[misc]
            for name, case in DESIGNS.items()
            if name != "empty"
        ),
        ".arc svg",
        design_arc.SHOWN_WIDTH,
        "arc-tick-label",
    ),
    "pulse": Chart(
        tuple(
            lambda s=s: render_pulse_chart(s, title="Weekly pulse")  # type: ignore[misc]
            for name, s in PULSES.items()
            if s
        ),
        ".pulse svg",
        pulse_chart.SHOWN_WIDTH,
        "pulse-scale-label",
    ),
    "dwell": Chart(
        (
            lambda: render_dwell_chart(
                [
                    DwellRow(ODD, 2, 6, low=1, p25=1.2, median=2.5, p75=3, high=8),
                    DwellRow("Close", 2, 0),
                ],
                title="Weeks in each phase",
            ),
        ),
        ".insight-chart svg",
        dwell_chart.SHOWN_WIDTH,
        "dwell-tick",
    ),
    "funnel": Chart(
        (
            lambda: render_funnel_chart(
                [FunnelStep(ODD, 10), FunnelStep("Close", 3)], started=10, title="Funnel"
            ),
        ),
        ".insight-chart svg",
        funnel_chart.SHOWN_WIDTH,
        "funnel-count",
    ),
    "portal arc": Chart(
        (
            lambda: render_portal_arc([("Orient", "done"), (ODD, "current"), ("Close", "ahead")]),
            lambda: render_portal_arc([("Orient", "ahead"), ("Close", "ahead")]),
        ),
        ".portal-arc svg",
        portal_arc.SHOWN_WIDTH,
        "portal-arc__count",
    ),
    "sparkline": Chart(
        (
            lambda: render_sparkline(
                [WeekPoint("on track", 100), WeekPoint("drifting", 55)], key="a", title="M"
            ),
            lambda: render_sparkline([WeekPoint("paused", None)], key="b", title="M"),
        ),
        ".caseload__spark svg",
        sparkline.SHOWN_WIDTH,
        "sparkline__last",
    ),
    "wheel": Chart(
        (
            lambda: render_wheel(
                ["Health", ODD, "Relationships", "Career & finances", "Fun"],
                [WheelRing("Start", (3, 4, 5, None, 6)), WheelRing("Close", (7, 8, 5, 6, 6))],
                title="Wheel",
            ),
        ),
        ".wheel svg",
        wheel.SHOWN_WIDTH,
        "wheel__scale-label",
    ),
}
CASES = [(name, n) for name, chart in CHARTS.items() for n in range(len(chart.cases))]

# Every template that shows a chart, and what beside it carries the same in words or numbers.
TEXT_ALTERNATIVES = {
    "journeys/journey_detail.html": "{{ map_words }}",
    "journeys/prep.html": "{{ map_words }}",
    "insights/mentor_journey.html": "{{ map_words }}",
    "journeys/_pulse.html": '<table class="table pulse-table">',
    "portal/_pulse.html": '<table class="table pulse-table">',
    "insights/practice.html": "<table",
    # The design's phases, listed with their weeks and sessions under the arc.
    "designs/design_detail.html": 'aria-labelledby="phases-heading"',
    "designs/_designer_body.html": 'aria-labelledby="phase-list-heading"',
    "designs/_arc_preview.html": '{% include "designs/_findings.html" %}',
    "designs/design_new.html": "{{ item.spec.phases|length }} phases",
    "portal/home.html": "You are in <strong>{{ item.phase.name }}</strong>",
}
CHART_VARIABLES = re.compile(
    r"\{\{\s*(map|arc|pulse_chart|pulse\.chart|dwell_chart|funnel_chart|item\.arc_picture"
    r"|wheel)\s*\}\}"
)


def draw(name: str, index: int) -> str:
    return CHARTS[name].cases[index]()


@pytest.mark.parametrize(("name", "index"), CASES)
def test_every_chart_is_named_by_a_title(name: str, index: int) -> None:
    root = parse(draw(name, index))

    title = root.find(f"{SVG}title")
    assert title is not None
    assert text_of(title).strip()
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == title.get("id")


@pytest.mark.parametrize(("name", "index"), CASES)
def test_every_text_is_at_least_12_px_at_the_width_the_page_draws_it(name: str, index: int) -> None:
    root = parse(draw(name, index))
    viewbox_width = float((root.get("viewBox") or "").split()[2])
    scale = CHARTS[name].shown_width / viewbox_width

    sizes = {float(t.get("font-size") or 0) for t in root.iter(f"{SVG}text")}
    assert sizes, f"{name} says nothing in words"
    assert min(sizes) * scale >= SMALLEST_PX, f"{name}: {min(sizes)} units is too small"


@pytest.mark.parametrize(("name", "index"), CASES)
def test_every_chart_has_a_scale_or_labelled_ends(name: str, index: int) -> None:
    root = parse(draw(name, index))

    labels = of_class(root, "text", CHARTS[name].scale_class)
    assert labels
    assert all(text_of(label).strip() for label in labels)


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_the_page_css_draws_each_chart_no_narrower_than_its_text_is_sized_for(name: str) -> None:
    chart = CHARTS[name]
    # Every rule for exactly this selector (not ".portal-pulse .pulse svg"), later ones
    # winning, as in the browser.
    rules = re.findall(r"(?:^|[},])\s*" + re.escape(chart.css) + r"\s*\{([^}]*)\}", CSS, re.M)
    assert rules, f"app.css has no rule for {chart.css}"
    # A fixed `width` (the sparkline) or a `min-width` the picture cannot shrink below.
    widths = re.findall(r"(?:^|;)\s*(?:min-)?width:\s*([\d.]+)rem", ";".join(rules))
    assert widths, f"{chart.css} sets no width in rem"
    assert float(widths[-1]) * REM_PX == pytest.approx(chart.shown_width, abs=0.5)


def test_every_picture_renderer_is_held_to_the_standard() -> None:
    modules = (design_arc, dwell_chart, funnel_chart, journey_map, portal_arc, pulse_chart)
    known = {m.__name__ for m in (*modules, sparkline, wheel)}
    renderers = {
        path.stem
        for path in (ARCWISE / "svg").glob("*.py")
        if re.search(r"^def render_", path.read_text(), re.MULTILINE)
    }
    assert {f"arcwise.svg.{stem}" for stem in renderers} == known


def test_the_text_free_miniature_is_shown_on_no_page() -> None:
    # It has no words or scale, so it meets the standard only by not being shown; a page
    # that wants it must first give it both.
    users = [
        path
        for path in ARCWISE.rglob("*.py")
        if "render_journey_miniature" in path.read_text() and path.parent.name != "svg"
    ]
    assert users == []


def test_every_template_that_shows_a_chart_gives_it_a_text_alternative() -> None:
    showing = {
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if CHART_VARIABLES.search(path.read_text())
    }
    assert showing == set(TEXT_ALTERNATIVES)
    for template, alternative in TEXT_ALTERNATIVES.items():
        assert alternative in (TEMPLATES / template).read_text(), template


def test_a_caseload_row_says_the_momentum_beside_its_sparkline() -> None:
    rows = (ARCWISE / "insights" / "caseload_rows.py").read_text()

    assert '<td class="caseload__spark">{self.sparkline}</td>' in rows
    assert "state_label" in rows


def test_the_standard_is_written_down_where_the_architecture_points() -> None:
    docs = ARCWISE.parent / "docs"
    assert "charts.md" in (docs / "architecture.md").read_text()
    assert "12 px" in (docs / "charts.md").read_text()
