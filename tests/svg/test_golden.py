"""Golden pictures: each renderer's output for a few varied inputs, byte for byte.

The files under tests/svg/golden/ were written before the svg package was split into its
parts, so a refactor that changes a single byte of any picture fails here. A deliberate
change to a picture regenerates them:

    ARCWISE_WRITE_GOLDEN=1 pytest tests/svg/test_golden.py

and the diff of the .svg files is then part of the review.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path

import pytest

from arcwise.designs.arc_input import arc_input
from arcwise.designs.spec import DesignSpec, PhaseSpec
from arcwise.svg.design_arc import render_design_arc
from arcwise.svg.journey_map import (
    AdaptationMarker,
    JourneyPicture,
    PhaseRunBar,
    PlannedPhase,
    SessionMark,
    render_journey_map,
    render_journey_miniature,
)
from arcwise.svg.pulse_chart import PulseSeries, render_pulse_chart

GOLDEN = Path(__file__).parent / "golden"
START = date(2026, 5, 4)
ODD = "<Ünïcödé & \"quotes\" 'apostrophes'> \t tab"
ARABIC = "مرحلة التجربة"
HEBREW = "שלב הניסוי"


def day(n: int) -> date:
    return START + timedelta(days=n)


def plan(*phases: tuple[str, int], starts: date = START) -> tuple[PlannedPhase, ...]:
    planned, at = [], starts
    for number, (name, weeks) in enumerate(phases, start=1):
        planned.append(PlannedPhase(number, name, at, at + timedelta(weeks=weeks)))
        at += timedelta(weeks=weeks)
    return tuple(planned)


SEVEN = plan(
    ("Orient", 2),
    ("Resource", 4),
    ("Understand", 7),
    ("Experiment", 4),
    ("Meet resistance", 3),
    ("Integrate", 2),
    ("Recognise and close", 2),
)


def picture(**fields: object) -> JourneyPicture:
    defaults: dict[str, object] = {
        "title": "Journey map: Dana Whitfield",
        "starts": START,
        "planned_end": SEVEN[-1].ends,
        "today": day(0),
        "planned": SEVEN,
        "runs": (),
        "sessions": (),
        "adaptations": (),
    }
    return JourneyPicture(**{**defaults, **fields})  # type: ignore[arg-type]


PICTURES: dict[str, JourneyPicture] = {
    # Revisits, an open run, a cancelled session, adaptations out of order, today inside.
    "revisit": picture(
        today=date(2026, 8, 20),
        runs=(
            PhaseRunBar(1, "Orient", day(0), day(14), "Named what they want from the work"),
            PhaseRunBar(2, "Resource", day(14), day(42)),
            PhaseRunBar(3, "Understand", day(42), day(63)),
            PhaseRunBar(2, "Resource", day(63), day(77), "Support back in\nplace"),
            PhaseRunBar(3, "Understand", day(77), date(2026, 8, 3)),
            PhaseRunBar(4, "Experiment", date(2026, 8, 3), None),
        ),
        sessions=tuple(
            SessionMark(day(14 * n), status)
            for n, status in enumerate(["held"] * 6 + ["cancelled", "no_show"] + ["planned"] * 5)
        ),
        adaptations=(
            AdaptationMarker(date(2026, 7, 20), "revisit", "Revisited Resource: new manager"),
            AdaptationMarker(day(8), "extend", "Extended Orient by 2 weeks: client travelling"),
            AdaptationMarker(day(9), "insert_session", "Inserted a session"),
        ),
    ),
    # Not started yet: no today line, "Starts …".
    "not-started": picture(today=day(-10)),
    # Ended early, a skipped phase, a pause and its resume; today after the end.
    "ended-skipped-paused": picture(
        today=day(200),
        ended=day(120),
        runs=(
            PhaseRunBar(1, "Orient", day(0), day(14)),
            PhaseRunBar(2, "Resource", day(14), day(42)),
            PhaseRunBar(4, "Experiment", day(42), day(120)),
        ),
        sessions=(
            SessionMark(day(1), "held"),
            SessionMark(day(15), "held"),
            SessionMark(day(43), "no_show"),
            SessionMark(day(70), "cancelled"),
            SessionMark(day(100), "held"),
            SessionMark(day(119), "weird   status"),
        ),
        adaptations=(
            AdaptationMarker(day(42), "skip", "Skipped Understand: already done"),
            AdaptationMarker(day(60), "pause", "Paused: illness"),
            AdaptationMarker(day(81), "resume", "Resumed"),
            AdaptationMarker(day(81), "extend", "   "),
        ),
    ),
    # Long names, markup characters and right-to-left text everywhere words go.
    "odd-words": picture(
        title=f"Journey map: {ODD} {ARABIC}",
        today=day(30),
        planned=plan(
            (ODD, 2),
            (ARABIC, 3),
            ("Averyveryverylongphasenamewithoutanyspacesatallthatcannotfit", 1),
            (HEBREW + " " + "and a long tail of words that wraps in the legend", 6),
            ("", 2),
        ),
        planned_end=day(14 * 7),
        runs=(
            PhaseRunBar(1, ODD, day(0), day(14), f"{ODD}\n{HEBREW}"),
            PhaseRunBar(2, ARABIC, day(14), None),
        ),
        sessions=(SessionMark(day(3), "held"), SessionMark(day(17), "planned")),
        adaptations=(
            AdaptationMarker(day(20), "extend", f"Extended {ARABIC} by 1 week: {ODD}"),
            AdaptationMarker(day(21), "revisit", HEBREW * 6),
        ),
    ),
    # Nothing has happened: placeholders.
    "empty": picture(planned=(), planned_end=day(70), today=day(3)),
    # Running past its planned end, crossing a new year, crowded sessions on the same days.
    "crowded-over-new-year": picture(
        starts=date(2026, 11, 2),
        planned=plan(("Orient", 3), ("Resource", 5), starts=date(2026, 11, 2)),
        planned_end=date(2027, 1, 4),
        today=date(2027, 2, 10),
        runs=(PhaseRunBar(1, "Orient", date(2026, 11, 2), date(2026, 11, 23)),),
        sessions=tuple(
            SessionMark(date(2026, 11, 2) + timedelta(days=n // 3), status)
            for n, status in enumerate(["held", "planned", "cancelled", "no_show"] * 5)
        ),
    ),
    # Two and a half years: monthly ticks, several year labels.
    "long": picture(
        planned=plan(("Orient", 40), ("Resource", 50), ("Understand", 40)),
        planned_end=day(130 * 7),
        today=day(500),
        runs=(
            PhaseRunBar(1, "Orient", day(0), day(280)),
            PhaseRunBar(2, "Resource", day(280), None),
        ),
        sessions=tuple(SessionMark(day(n * 30), "held") for n in range(17)),
    ),
}


def phase(name: str, weeks: int, sessions: int, key: str = "") -> PhaseSpec:
    return PhaseSpec(
        key=key or name.lower()[:20] or "blank",
        name=name,
        intent="What the phase is for.",
        planned_weeks=weeks,
        planned_sessions=sessions,
        readiness_signals=("Says so",),
    )


def design(*phases: PhaseSpec, name: str = "Leadership transition") -> DesignSpec:
    return DesignSpec(name=name, purpose="Purpose", cadence_days=14, phases=phases)


DESIGNS: dict[str, tuple[DesignSpec, str | None]] = {
    "seven": (
        design(
            phase("Orient", 2, 1),
            phase("Resource", 3, 2),
            phase("Understand", 4, 2),
            phase("Experiment", 6, 3),
            phase("Meet resistance", 3, 2),
            phase("Integrate", 4, 2),
            phase("Recognise and close", 2, 1),
        ),
        None,
    ),
    "empty": (design(), None),
    "narrow": (
        design(
            phase("Big", 40, 12),
            *(phase(f"Step {n}", 1, 1, key=f"s{n}") for n in range(1, 19)),
            phase("Averyveryverylongphasenamewithoutanyspacesatallthatcannotfit", 1, 30),
        ),
        "Arc with a title of its own",
    ),
    "odd-words": (
        design(
            phase(ODD, 3, 2, key="odd"),
            phase(ARABIC, 2, 1, key="ar"),
            phase(HEBREW, 5, 0, key="he"),
            name=f"{ODD} {ARABIC}",
        ),
        None,
    ),
    "draft-without-weeks": (design(phase("One", 0, 0), phase("  ", 0, 2, key="two")), "  "),
}

PULSES: dict[str, list[PulseSeries]] = {
    "none": [],
    "one-answer": [PulseSeries("energy", ((date(2026, 9, 7), 6),))],
    "several": [
        PulseSeries(
            "room for this work",
            ((date(2026, 9, 7), 7), (date(2026, 9, 14), 5), (date(2026, 9, 21), 4)),
        ),
        PulseSeries(f"{ODD} {ARABIC}", ((date(2026, 9, 14), 3), (date(2026, 9, 21), 9))),
        PulseSeries("no answers", ()),
    ],
}


def render_arc(spec: DesignSpec, title: str | None) -> str:
    return render_design_arc(arc_input(spec), title=title)


def render_pulse(series: list[PulseSeries]) -> str:
    return render_pulse_chart(series, title=f"Weekly pulse: {ODD}")


CASES: dict[str, Callable[[], str]] = {
    **{f"map-{name}": partial(render_journey_map, p) for name, p in PICTURES.items()},
    **{f"mini-{name}": partial(render_journey_miniature, p) for name, p in PICTURES.items()},
    **{f"arc-{name}": partial(render_arc, *case) for name, case in DESIGNS.items()},
    **{f"pulse-{name}": partial(render_pulse, s) for name, s in PULSES.items()},
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_picture_is_byte_for_byte_what_it_was(name: str) -> None:
    path = GOLDEN / f"{name}.svg"
    drawn = CASES[name]()
    if os.environ.get("ARCWISE_WRITE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(drawn.encode())
    assert drawn == path.read_bytes().decode()


def test_every_golden_file_has_its_case() -> None:
    assert {path.stem for path in GOLDEN.glob("*.svg")} == set(CASES)
