"""The dwell figures of practice insight are read off journeys counted per number of days
(`practice_figures._dwell`): they must be what ranking every journey gives, the quartiles
interpolated as PERCENTILE_CONT does, like the outcome figures on the same page."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from arcwise.insights.outcome_figures import quantile
from arcwise.insights.practice_figures import _dwell


def counted(days: list[int]) -> list[tuple[int, int]]:
    return sorted(Counter(days).items())


@given(st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=60))
def test_the_figures_are_those_of_every_journey_ranked(days: list[int]) -> None:
    reached, (low, p25, median, p75, high) = _dwell(counted(days))

    assert reached == len(days)
    assert (low, high) == (min(days), max(days))
    for q, figure in ((0.25, p25), (0.5, median), (0.75, p75)):
        assert abs(figure - quantile([float(d) for d in days], q)) < 1e-9


def test_an_even_number_of_journeys_has_the_mean_of_the_middle_two_as_median() -> None:
    # 3, 5, 8, 13: the median is halfway from 5 to 8 (rank 1.5); the lower quartile three
    # quarters of the way from 3 to 5 (rank 0.75), the upper a quarter from 8 to 13 (2.25).
    assert _dwell([(3, 1), (5, 1), (8, 1), (13, 1)]) == (4, (3.0, 4.5, 6.5, 9.25, 13.0))
