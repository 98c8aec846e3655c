"""The GAS T-score: hand-worked cases, its symmetries as properties, and its refusals."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arcwise.outcomes.gas import T_MEANING, GasError, t_score

levels_st = st.lists(st.integers(min_value=-2, max_value=2), min_size=1, max_size=12)
weight_st = st.floats(min_value=0.1, max_value=10, allow_nan=False, allow_infinity=False)
rho_st = st.floats(min_value=0, max_value=0.95)


@st.composite
def goals(draw: st.DrawFn) -> tuple[list[int], list[float]]:
    """Levels and one positive weight per goal."""
    levels = draw(levels_st)
    weights = draw(st.lists(weight_st, min_size=len(levels), max_size=len(levels)))
    return levels, weights


@st.composite
def one_level_raised(draw: st.DrawFn) -> tuple[list[int], list[int], list[float]]:
    """Goals, and the same goals with one of them rated higher (built, never filtered)."""
    levels, weights = draw(goals())
    index = draw(st.integers(min_value=0, max_value=len(levels) - 1))
    low = draw(st.integers(min_value=-2, max_value=1))
    high = draw(st.integers(min_value=low + 1, max_value=2))
    before = [*levels[:index], low, *levels[index + 1 :]]
    after = [*levels[:index], high, *levels[index + 1 :]]
    return before, after, weights


def test_three_goals_one_level_better_than_expected_score_63_69() -> None:
    # 50 + 10·3 / √(0.7·3 + 0.3·9) = 50 + 30/√4.8 = 63.693…
    assert t_score([1, 1, 1]) == 63.69


def test_one_goal_one_level_short_scores_40() -> None:
    # 50 + 10·(-1) / √(0.7·1 + 0.3·1) = 40
    assert t_score([-1]) == 40.0


def test_weights_count_each_goal_by_its_weight() -> None:
    # Σwx = 3·2 + 1·(-1) = 5; Σw² = 10; (Σw)² = 16; 50 + 50/√(7 + 4.8) = 64.555…
    assert t_score([2, -1], [3, 1]) == 64.56
    # Σwx = 2 + 0 - 0.5 = 1.5; Σw² = 5.25; (Σw)² = 12.25; 50 + 15/√7.35 = 55.532…
    assert t_score([2, 0, -1], [1, 2, 0.5]) == 55.53


def test_two_goals_both_much_less_than_expected_score_25_19() -> None:
    # 50 - 40/√(0.7·2 + 0.3·4) = 50 - 40/√2.6 = 25.193…
    assert t_score([-2, -2]) == 25.19


def test_rho_zero_treats_the_goals_as_independent() -> None:
    # 50 + 20/√2 = 64.142…
    assert t_score([1, 1], rho=0) == 64.14


@given(st.integers(min_value=1, max_value=12), st.data())
def test_every_goal_at_its_expected_level_scores_50(goal_count: int, data: st.DataObject) -> None:
    weights = data.draw(st.lists(weight_st, min_size=goal_count, max_size=goal_count))
    assert t_score([0] * goal_count, weights, data.draw(rho_st)) == 50.0


@given(goals(), rho_st)
def test_flipping_every_level_mirrors_t_around_50(
    case: tuple[list[int], list[float]], rho: float
) -> None:
    levels, weights = case
    mirrored = t_score([-x for x in levels], weights, rho)
    assert math.isclose(t_score(levels, weights, rho) + mirrored, 100, abs_tol=0.01 + 1e-9)


@given(one_level_raised(), rho_st)
def test_raising_one_level_never_lowers_t(
    case: tuple[list[int], list[int], list[float]], rho: float
) -> None:
    before, after, weights = case
    assert t_score(after, weights, rho) >= t_score(before, weights, rho)


@given(goals(), weight_st, rho_st)
def test_scaling_every_weight_alike_leaves_t_unchanged(
    case: tuple[list[int], list[float]], factor: float, rho: float
) -> None:
    levels, weights = case
    scaled = [w * factor for w in weights]
    assert math.isclose(
        t_score(levels, scaled, rho), t_score(levels, weights, rho), abs_tol=0.01 + 1e-9
    )


@pytest.mark.parametrize(
    ("levels", "weights", "rho", "message"),
    [
        ([], None, 0.3, "There are no goals to score: rate at least one goal."),
        ([0, 3], None, 0.3, "Goal 2 has level 3; a level is a whole number from -2 to +2."),
        ([-3], None, 0.3, "Goal 1 has level -3; a level is a whole number from -2 to +2."),
        ([1.0], None, 0.3, "Goal 1 has level 1.0; a level is a whole number from -2 to +2."),
        ([True], None, 0.3, "Goal 1 has level True; a level is a whole number from -2 to +2."),
        ([0, 1], [1], 0.3, "There are 2 goals but 1 weights: give one weight per goal."),
        ([0, 1], [1, 0], 0.3, "Goal 2 has weight 0; a weight is a number above 0."),
        ([0], [-1.5], 0.3, "Goal 1 has weight -1.5; a weight is a number above 0."),
        ([0], [math.inf], 0.3, "Goal 1 has weight inf; a weight is a number above 0."),
        ([0], [math.nan], 0.3, "Goal 1 has weight nan; a weight is a number above 0."),
        ([0], None, 1, "rho is 1; it must be at least 0 and below 1."),
        ([0], None, -0.1, "rho is -0.1; it must be at least 0 and below 1."),
        ([0], None, math.nan, "rho is nan; it must be at least 0 and below 1."),
    ],
)
def test_input_without_a_t_score_is_refused_in_plain_words(
    levels: list[int], weights: list[float] | None, rho: float, message: str
) -> None:
    with pytest.raises(GasError) as refused:
        t_score(levels, weights, rho)
    assert str(refused.value) == message
    assert isinstance(refused.value, ValueError)


def test_the_meaning_of_t_says_where_50_is_and_where_it_misleads() -> None:
    assert "50" in T_MEANING
    assert "10 points" in T_MEANING
    assert "few goals" in T_MEANING
