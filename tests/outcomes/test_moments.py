"""When each rating moment is open, and the agreement's goals as starting rows."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arcwise.outcomes.moments import (
    BASELINE,
    CLIENT,
    CLOSE,
    COACH,
    MIDWAY,
    JourneyFacts,
    Opening,
    goal_lines,
    midway_day,
    moment_state,
)

FACTS = JourneyFacts(
    is_open=True,
    start_date=date(2026, 9, 7),
    planned_end=date(2026, 11, 30),
    first_phase_left=False,
    review_exists=False,
    client_asked=False,
)
EARLY = date(2026, 9, 10)


def test_the_start_is_open_to_both_in_the_first_phase() -> None:
    assert moment_state(BASELINE, COACH, FACTS, EARLY).opening is Opening.OPEN
    assert moment_state(BASELINE, CLIENT, FACTS, EARLY).opening is Opening.OPEN


def test_after_the_first_phase_the_start_is_late_for_the_coach_and_closed_for_the_client() -> None:
    later = replace(FACTS, first_phase_left=True)

    coach = moment_state(BASELINE, COACH, later, EARLY)
    assert coach.opening is Opening.LATE
    assert coach.takes_ratings
    assert "late" in coach.reason.lower()
    assert not moment_state(BASELINE, CLIENT, later, EARLY).takes_ratings


def test_mid_way_opens_on_the_halfway_day_and_not_before() -> None:
    halfway = midway_day(FACTS.start_date, FACTS.planned_end)

    assert halfway == date(2026, 10, 19)
    before = moment_state(MIDWAY, CLIENT, FACTS, date(2026, 10, 18))
    assert before.opening is Opening.NOT_YET
    assert "19 October 2026" in before.reason
    assert moment_state(MIDWAY, CLIENT, FACTS, halfway).opening is Opening.OPEN
    assert moment_state(MIDWAY, COACH, FACTS, halfway).opening is Opening.OPEN


def test_the_close_opens_for_the_coach_with_a_review_and_for_the_client_when_asked() -> None:
    reviewing = replace(FACTS, review_exists=True)
    asked = replace(reviewing, client_asked=True)

    assert not moment_state(CLOSE, COACH, FACTS, EARLY).takes_ratings
    assert moment_state(CLOSE, COACH, reviewing, EARLY).takes_ratings
    assert not moment_state(CLOSE, CLIENT, reviewing, EARLY).takes_ratings
    assert moment_state(CLOSE, CLIENT, asked, EARLY).takes_ratings
    done = replace(asked, review_complete=True)
    assert not moment_state(CLOSE, CLIENT, done, EARLY).takes_ratings


@given(
    moment=st.sampled_from([BASELINE, MIDWAY, CLOSE]),
    rater=st.sampled_from([COACH, CLIENT]),
    left=st.booleans(),
    review=st.booleans(),
    asked=st.booleans(),
    today=st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
)
def test_an_ended_journey_takes_no_rating_at_any_moment(
    moment: str, rater: str, left: bool, review: bool, asked: bool, today: date
) -> None:
    ended = replace(
        FACTS, is_open=False, first_phase_left=left, review_exists=review, client_asked=asked
    )

    state = moment_state(moment, rater, ended, today)

    assert state.opening is Opening.CLOSED
    assert state.reason


def test_an_unknown_moment_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown moment"):
        moment_state("someday", COACH, FACTS, EARLY)


@pytest.mark.parametrize(
    ("agreement", "lines"),
    [
        ("To lead without rescuing everyone.", ["To lead without rescuing everyone."]),
        (
            "- Say no once a week\n\n* Delegate the budget\n1. Sleep before midnight\n",
            ["Say no once a week", "Delegate the budget", "Sleep before midnight"],
        ),
        (
            "Lead the team without rescuing it. Find time to think! Decide faster?",
            ["Lead the team without rescuing it.", "Find time to think!", "Decide faster?"],
        ),
        ("   \n  \n", []),
    ],
)
def test_the_agreement_gives_one_goal_per_line_or_sentence(
    agreement: str, lines: list[str]
) -> None:
    assert goal_lines(agreement, at_most=6) == lines


def test_at_most_the_allowed_number_of_lines_are_offered() -> None:
    agreement = "\n".join(f"Goal {n}" for n in range(10))

    assert goal_lines(agreement, at_most=6) == [f"Goal {n}" for n in range(6)]
