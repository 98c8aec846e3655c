"""Outcomes in practice, the pure part: medians and middle halves, the too-few rule, and the
grouping of journeys by design version."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arcwise.insights.outcome_figures import (
    AreaChange,
    Figure,
    JourneyRow,
    Spread,
    Standing,
    figure_of,
    median,
    outcomes_by_version,
    quantile,
    rounded,
    spread_of,
)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([7], Spread(median=7, p25=7, p75=7)),
        ([1, 2], Spread(median=1.5, p25=1.25, p75=1.75)),
        ([3, 1, 2], Spread(median=2, p25=1.5, p75=2.5)),
        # The dwell figures' hand-counted days on the same page: the same method.
        ([7, 7, 14, 21, 21, 56], Spread(median=17.5, p25=8.75, p75=21)),
        ([40, 50, 50, 60, 60], Spread(median=50, p25=50, p75=60)),
        ([-2, -1, 0, 1, 2, 3, 4, 5], Spread(median=1.5, p25=-0.25, p75=3.25)),
    ],
)
def test_median_and_middle_half_interpolate_between_ranked_values(
    values: list[float], expected: Spread
) -> None:
    assert spread_of(values) == expected


def test_a_quantile_of_nothing_or_outside_zero_to_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one value"):
        quantile([], 0.5)
    with pytest.raises(ValueError, match="from 0 to 1"):
        quantile([1], 1.5)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (54.5, 0, 55),  # a person rounds a half up, not to the even 54
        (1.25, 1, 1.3),
        (-0.25, 1, -0.3),
        (-0.04, 1, 0),
        (2.0, 1, 2),
        (61.8, 0, 62),
    ],
)
def test_figures_round_halves_away_from_zero(value: float, places: int, expected: float) -> None:
    assert rounded(value, places) == expected


@pytest.mark.parametrize(
    ("values", "closed", "words"),
    [
        ([50, 60, 70], 3, "too few to say (3 closed)"),
        ([50, 60, 70, 55], 4, "too few to say (4 closed)"),
        ([50, 60, 70, 55], 9, "too few to say (4 rated at close)"),
        ([], 6, "too few to say (0 rated at close)"),
        ([40, 50, 50, 60, 60, 70], 7, "55 (middle half: 50 to 60; 6 journeys)"),
        ([44.2, 47, 52, 58.4, 58.6], 5, "52 (middle half: 47 to 58; 5 journeys)"),
    ],
)
def test_a_t_figure_says_too_few_below_five_and_never_shows_a_bare_number(
    values: list[float], closed: int, words: str
) -> None:
    figure = figure_of(values, closed=closed, counted_as="rated at close")

    assert figure.words == words
    assert (figure.spread is None) == words.startswith("too few")
    assert figure.counted == len(values)


def test_a_change_is_signed_and_shown_to_one_decimal() -> None:
    figure = figure_of([0, 1, 2, 2, 3, 3], closed=6, counted_as="rated", signed=True, places=1)

    assert figure.words == "+2 (middle half: +1.3 to +2.8; 6 journeys)"
    assert figure.shown() == (2, 1.3, 2.8)
    falling = figure_of([-3, -2, -1, 0, 0], closed=5, counted_as="rated", signed=True, places=1)
    assert falling.words == "-1 (middle half: -2 to 0; 5 journeys)"


def row(standing: Standing = Standing.CLOSED, **fields: object) -> JourneyRow:
    values: dict[str, object] = {"design_id": 1, "design_name": "Arc", "version_number": 1}
    values.update(fields)
    return JourneyRow(standing=standing, **values)  # type: ignore[arg-type]


def test_journeys_are_counted_by_how_they_stand_and_only_closed_ones_are_scored() -> None:
    rows = [row(t_coach=50 + n, t_client=60) for n in range(5)]
    rows += [row(Standing.ENDED_EARLY, t_coach=10, t_client=10)]
    rows += [row(Standing.RUNNING, t_coach=90), row(Standing.RUNNING)]

    (version,) = outcomes_by_version(rows)

    assert (version.closed, version.ended_early, version.running) == (5, 1, 2)
    assert version.started == 8
    assert version.t_coach.spread == Spread(median=52, p25=51, p75=53)
    assert version.t_client.spread == Spread(median=60, p25=60, p75=60)


def test_a_journey_without_a_t_from_one_rater_still_counts_in_the_others() -> None:
    rows = [row(t_coach=50, t_client=50) for _ in range(5)] + [row(t_coach=70)]

    (version,) = outcomes_by_version(rows)

    assert version.t_coach.counted == 6
    assert version.t_client.counted == 5


def test_versions_and_designs_are_kept_apart_in_order() -> None:
    rows = [
        row(design_id=2, design_name="Burnout to balance", version_number=1),
        row(design_id=1, design_name="Arc", version_number=2),
        row(design_id=1, design_name="Arc", version_number=1),
        row(design_id=1, design_name="Arc", version_number=2, standing=Standing.RUNNING),
    ]

    versions = outcomes_by_version(rows)

    assert [(v.design_name, v.version_number, v.started) for v in versions] == [
        ("Arc", 1, 1),
        ("Arc", 2, 2),
        ("Burnout to balance", 1, 1),
    ]


def wheel(*areas: tuple[str, int | None], first: int = 0) -> tuple[AreaChange, ...]:
    return tuple(AreaChange(first + n, name, change) for n, (name, change) in enumerate(areas))


def test_wheel_areas_match_by_name_whatever_the_case_and_count_only_rated_changes() -> None:
    rows = [
        row(areas=wheel(("Health", 3), ("Work", 1))),
        row(areas=wheel(("Health", 2), ("Work", None))),
        row(areas=wheel(("health ", 1))),
        row(areas=wheel(("Health", 0), ("Sleep", 4))),
        row(areas=wheel(("Health", 2))),
        row(areas=wheel(("Health", None))),
        row(Standing.RUNNING, areas=wheel(("Health", -9))),
    ]

    (version,) = outcomes_by_version(rows)

    areas = {area.name: area.figure for area in version.areas}
    assert list(areas) == ["Health", "Sleep", "Work"]  # by place, then by name
    assert areas["Health"].spread == Spread(median=2, p25=1, p75=2)
    assert areas["Health"].counted == 5
    assert areas["Work"].words == "too few to say (1 rated at start and close)"


def test_a_version_with_four_closed_journeys_says_too_few_for_every_figure() -> None:
    rows = [row(t_coach=60, t_client=60, areas=wheel(("Health", 2))) for _ in range(4)]
    rows += [row(Standing.RUNNING) for _ in range(3)]

    (version,) = outcomes_by_version(rows)

    figures: list[Figure] = [version.t_coach, version.t_client, version.areas[0].figure]
    assert [f.words for f in figures] == ["too few to say (4 closed)"] * 3
    assert all(f.spread is None for f in figures)


# --- Properties -----------------------------------------------------------------------------

values = st.lists(st.floats(min_value=-100, max_value=100), min_size=1, max_size=40)


@given(values)
def test_the_median_and_middle_half_lie_in_order_between_the_lowest_and_highest(
    found: list[float],
) -> None:
    spread = spread_of(found)

    tolerance = 1e-9
    assert min(found) - tolerance <= spread.p25 <= spread.median + tolerance
    assert spread.median <= spread.p75 + tolerance
    assert spread.p75 <= max(found) + tolerance
    assert median(found) == spread.median


@st.composite
def journey_rows(draw: st.DrawFn) -> list[JourneyRow]:
    names = ["Health", "health", "Work", "Sleep", "Money"]
    t = st.none() | st.floats(min_value=20, max_value=80)
    area = st.builds(
        AreaChange,
        position=st.integers(0, 5),
        name=st.sampled_from(names),
        change=st.none() | st.integers(-10, 10),
    )
    return draw(
        st.lists(
            st.builds(
                JourneyRow,
                design_id=st.integers(1, 3),
                design_name=st.sampled_from(["Arc", "Bridge"]),
                version_number=st.integers(1, 2),
                standing=st.sampled_from(Standing),
                t_coach=t,
                t_client=t,
                areas=st.lists(area, max_size=4).map(tuple),
            ),
            max_size=30,
        )
    )


@given(journey_rows(), st.randoms(use_true_random=False))
def test_the_order_of_the_journeys_never_changes_the_figures(
    rows: list[JourneyRow], shuffler: random.Random
) -> None:
    shuffled = list(rows)
    shuffler.shuffle(shuffled)

    assert outcomes_by_version(shuffled) == outcomes_by_version(rows)
