"""The schedule planner: phase windows, proposed sessions, local times and date checks."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arcwise.journeys.schedule import (
    PhaseWindow,
    PlannedSession,
    PlanPhase,
    PlanProblem,
    TimeProblem,
    check_journey_dates,
    check_session_date,
    phase_windows,
    planned_end,
    propose_sessions,
    to_utc,
)

MONDAY = date(2026, 1, 5)
FORTNIGHTLY = [
    PlanPhase("contract", "Contracting", 2, 1),
    PlanPhase("explore", "Exploring", 2, 1),
    PlanPhase("see", "Seeing patterns", 5, 3),
    PlanPhase("try", "Trying new moves", 6, 3),
    PlanPhase("embed", "Embedding", 4, 2),
    PlanPhase("sustain", "Sustaining", 5, 2),
    PlanPhase("close", "Closing", 2, 1),
]


def phase(key: str = "p", weeks: int = 2, sessions: int = 1) -> PlanPhase:
    return PlanPhase(key, key.title(), weeks, sessions)


def days_of(plan: list[PlannedSession]) -> list[date]:
    return [session.on for session in plan]


def gaps(plan: list[PlannedSession]) -> list[int]:
    days = days_of(plan)
    return [(later - earlier).days for earlier, later in pairwise(days)]


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5


# Windows and the planned end


def test_windows_are_consecutive_and_sized_by_weeks() -> None:
    windows = phase_windows(MONDAY, [phase("a", 2), phase("b", 5), phase("c", 1)])

    assert windows == [
        PhaseWindow("a", "A", date(2026, 1, 5), date(2026, 1, 19)),
        PhaseWindow("b", "B", date(2026, 1, 19), date(2026, 2, 23)),
        PhaseWindow("c", "C", date(2026, 2, 23), date(2026, 3, 2)),
    ]


def test_extra_weeks_lengthen_only_their_phase_and_move_the_later_ones() -> None:
    windows = phase_windows(MONDAY, [phase("a", 2), phase("b", 2)], extra_weeks={"a": 3})

    assert [(w.starts, w.ends) for w in windows] == [
        (date(2026, 1, 5), date(2026, 2, 9)),
        (date(2026, 2, 9), date(2026, 2, 23)),
    ]


def test_extra_weeks_for_a_phase_that_does_not_exist_are_refused() -> None:
    with pytest.raises(ValueError, match="typo"):
        phase_windows(MONDAY, [phase("a")], extra_weeks={"typo": 1})


def test_planned_end_is_the_start_plus_the_total_weeks() -> None:
    assert planned_end(MONDAY, FORTNIGHTLY) == MONDAY + timedelta(weeks=26)
    assert planned_end(MONDAY, FORTNIGHTLY) == phase_windows(MONDAY, FORTNIGHTLY)[-1].ends


def test_planned_end_of_no_phases_is_the_start() -> None:
    assert planned_end(MONDAY, []) == MONDAY


# Proposed sessions: the rules on examples


def test_the_first_session_is_on_the_start_date() -> None:
    plan = propose_sessions(date(2026, 5, 13), FORTNIGHTLY, cadence_days=14)

    assert plan[0] == PlannedSession("contract", 1, date(2026, 5, 13))


def test_a_fortnightly_plan_gives_each_phase_its_sessions_mostly_fourteen_days_apart() -> None:
    plan = propose_sessions(MONDAY, FORTNIGHTLY, cadence_days=14)

    assert len(plan) == 13
    assert Counter(s.phase_key for s in plan) == {p.key: p.planned_sessions for p in FORTNIGHTLY}
    assert gaps(plan) == [14, 14, 14, 14, 7, 14, 14, 14, 14, 14, 14, 21]
    assert Counter(gaps(plan)).most_common(1) == [(14, 10)]


def test_sessions_are_numbered_within_their_phase() -> None:
    plan = propose_sessions(MONDAY, FORTNIGHTLY, cadence_days=14)

    assert [(s.phase_key, s.number_in_phase) for s in plan[2:5]] == [
        ("see", 1),
        ("see", 2),
        ("see", 3),
    ]


def test_a_phase_with_fewer_sessions_than_the_cadence_allows_starts_its_cadence_at_its_window() -> (
    None
):
    plan = propose_sessions(
        MONDAY, [phase("a", 3, 1), phase("b", 4, 2)], cadence_days=7, weekdays_only=False
    )

    assert days_of(plan) == [MONDAY, MONDAY + timedelta(21), MONDAY + timedelta(28)]


def test_a_phase_with_more_sessions_than_the_cadence_allows_spreads_them_across_its_window() -> (
    None
):
    plan = propose_sessions(MONDAY, [phase("a", 2, 4)], cadence_days=14, weekdays_only=False)

    assert [(day - MONDAY).days for day in days_of(plan)] == [0, 3, 7, 10]


def test_a_phase_starting_too_soon_after_the_last_session_moves_to_half_a_cadence() -> None:
    # Sessions on days 0 and 10 leave 4 days to the next window; half a cadence is 5.
    plan = propose_sessions(
        MONDAY, [phase("a", 2, 2), phase("b", 2, 1)], cadence_days=10, weekdays_only=False
    )

    assert [(day - MONDAY).days for day in days_of(plan)] == [0, 10, 15]


def test_moving_away_from_the_last_session_never_leaves_the_window() -> None:
    # Two sessions 13 days apart fill a two-week window, so the second phase cannot move.
    plan = propose_sessions(
        MONDAY, [phase("a", 2, 2), phase("b", 2, 2)], cadence_days=13, weekdays_only=False
    )

    assert [(day - MONDAY).days for day in days_of(plan)] == [0, 13, 14, 27]


def test_a_phase_with_more_sessions_than_days_is_refused_with_a_reason() -> None:
    with pytest.raises(PlanProblem, match="Quick plans 8 sessions in 1 week"):
        propose_sessions(MONDAY, [phase("quick", 1, 8)], cadence_days=7)


def test_the_plan_is_the_same_every_time() -> None:
    first = propose_sessions(MONDAY, FORTNIGHTLY, cadence_days=10)

    assert propose_sessions(MONDAY, FORTNIGHTLY, cadence_days=10) == first


# Weekdays


def test_weekdays_only_moves_a_weekend_session_to_the_friday_before() -> None:
    # A Wednesday start and a 10-day cadence land the second session on a Saturday.
    wednesday = date(2026, 1, 7)
    plan = propose_sessions(wednesday, [phase("a", 3, 2)], cadence_days=10)

    assert days_of(plan) == [wednesday, date(2026, 1, 16)]
    assert date(2026, 1, 16).weekday() == 4


def test_weekdays_only_moves_a_weekend_start_to_the_monday_after() -> None:
    saturday = date(2026, 1, 10)
    plan = propose_sessions(saturday, [phase("a", 2, 1)], cadence_days=14)

    assert days_of(plan) == [date(2026, 1, 12)]


def test_weekdays_only_avoids_weekends_when_the_window_has_enough_weekdays() -> None:
    plan = propose_sessions(MONDAY, [phase("a", 1, 5), phase("b", 2, 9)], cadence_days=7)

    assert len(plan) == 14
    assert not any(is_weekend(day) for day in days_of(plan))
    assert len(set(days_of(plan))) == 14


def test_without_weekdays_only_sessions_keep_their_weekend_dates() -> None:
    saturday = date(2026, 1, 10)
    plan = propose_sessions(saturday, [phase("a", 2, 2)], cadence_days=7, weekdays_only=False)

    assert days_of(plan) == [saturday, date(2026, 1, 17)]


def test_weekends_are_used_rather_than_losing_sessions() -> None:
    plan = propose_sessions(MONDAY, [phase("a", 1, 7)], cadence_days=7)

    assert days_of(plan) == [MONDAY + timedelta(days) for days in range(7)]


# Proposed sessions: the rules for any plan

# A phase plans at most one session a day of its window: weeks first, then sessions that fit.
phase_sizes = st.integers(1, 26).flatmap(
    lambda weeks: st.tuples(st.just(weeks), st.integers(1, min(12, weeks * 7)))
)
plan_phases = st.lists(phase_sizes, min_size=1, max_size=12).map(
    lambda sizes: [phase(f"p{n}", weeks, sessions) for n, (weeks, sessions) in enumerate(sizes)]
)
starts = st.dates(date(2020, 1, 1), date(2035, 12, 31))
cadences = st.integers(1, 28)


@given(start=starts, phases=plan_phases, cadence=cadences, weekdays_only=st.booleans())
def test_any_plan_gives_each_phase_exactly_its_sessions_inside_its_window_in_order(
    start: date, phases: list[PlanPhase], cadence: int, weekdays_only: bool
) -> None:
    plan = propose_sessions(start, phases, cadence_days=cadence, weekdays_only=weekdays_only)
    windows = {w.key: w for w in phase_windows(start, phases)}

    assert Counter(s.phase_key for s in plan) == {p.key: p.planned_sessions for p in phases}
    for session in plan:
        window = windows[session.phase_key]
        assert window.starts <= session.on < window.ends
    assert all(earlier < later for earlier, later in pairwise(days_of(plan)))
    assert len(set(days_of(plan))) == len(plan)
    for p in phases:
        numbers = [s.number_in_phase for s in plan if s.phase_key == p.key]
        assert numbers == list(range(1, p.planned_sessions + 1))


@given(start=starts, phases=plan_phases, cadence=cadences, weekdays_only=st.booleans())
def test_any_plan_starts_on_the_start_date_or_the_first_weekday_after_a_weekend_start(
    start: date, phases: list[PlanPhase], cadence: int, weekdays_only: bool
) -> None:
    plan = propose_sessions(start, phases, cadence_days=cadence, weekdays_only=weekdays_only)

    first = phases[0]
    crowded = first.planned_sessions > 5 * first.planned_weeks - 2  # rule 5: keeps weekends
    if weekdays_only and is_weekend(start) and not crowded:
        assert plan[0].on == start + timedelta(days=7 - start.weekday())
    elif weekdays_only and is_weekend(start):
        assert plan[0].on >= start
    else:
        assert plan[0].on == start


@given(start=starts, phases=plan_phases, cadence=cadences)
def test_weekdays_only_uses_weekends_only_in_phases_with_more_sessions_than_weekdays(
    start: date, phases: list[PlanPhase], cadence: int
) -> None:
    plan = propose_sessions(start, phases, cadence_days=cadence)

    for p in phases:
        if p.planned_sessions <= p.planned_weeks * 5:
            assert not any(is_weekend(s.on) for s in plan if s.phase_key == p.key)


@given(start=starts, phases=plan_phases, cadence=cadences)
def test_sessions_in_a_phase_are_a_cadence_apart_or_closer_when_more_than_fit(
    start: date, phases: list[PlanPhase], cadence: int
) -> None:
    plan = propose_sessions(start, phases, cadence_days=cadence, weekdays_only=False)

    for p in phases:
        in_phase = [s for s in plan if s.phase_key == p.key]
        if (p.planned_sessions - 1) * cadence < p.planned_weeks * 7:
            assert set(gaps(in_phase)) <= {cadence}
        else:
            assert all(gap <= cadence for gap in gaps(in_phase))


# Local times


def test_a_time_in_the_spring_gap_in_london_is_refused_with_the_gap_named() -> None:
    with pytest.raises(TimeProblem) as problem:
        to_utc(date(2026, 3, 29), time(1, 30), "Europe/London")

    assert str(problem.value) == (
        "01:30 on 29 March 2026 does not exist in Europe/London: the clocks go forward "
        "from 01:00 to 02:00. Choose 02:00 or later."
    )


def test_a_time_in_the_spring_gap_in_new_york_is_refused_with_the_gap_named() -> None:
    with pytest.raises(TimeProblem) as problem:
        to_utc(date(2026, 3, 8), time(2, 30), "America/New_York")

    assert str(problem.value) == (
        "02:30 on 8 March 2026 does not exist in America/New_York: the clocks go forward "
        "from 02:00 to 03:00. Choose 03:00 or later."
    )


def test_a_half_hour_gap_is_named_to_the_minute() -> None:
    with pytest.raises(TimeProblem, match=r"from 02:00 to 02:30\. Choose 02:30 or later\."):
        to_utc(date(2026, 10, 4), time(2, 15), "Australia/Lord_Howe")


def test_a_day_that_was_skipped_names_the_dates_of_the_gap() -> None:
    with pytest.raises(TimeProblem) as problem:
        to_utc(date(2011, 12, 30), time(12, 0), "Pacific/Apia")

    assert str(problem.value) == (
        "12:00 on 30 December 2011 does not exist in Pacific/Apia: the clocks go forward "
        "from 00:00 to 00:00 on 31 December 2011. Choose 00:00 on 31 December 2011 or later."
    )


def test_the_first_time_after_the_gap_is_accepted() -> None:
    assert to_utc(date(2026, 3, 29), time(2, 0), "Europe/London") == datetime(
        2026, 3, 29, 1, 0, tzinfo=UTC
    )


def test_a_time_that_happens_twice_means_the_first_occurrence() -> None:
    moment = to_utc(date(2026, 10, 25), time(1, 30), "Europe/London")

    assert moment == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert moment.tzinfo is UTC


def test_the_fold_marker_of_the_time_given_does_not_change_the_choice() -> None:
    moment = to_utc(date(2026, 11, 1), time(1, 30, fold=1), "America/New_York")

    assert moment == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)


def test_an_ordinary_local_time_becomes_utc() -> None:
    assert to_utc(date(2026, 7, 1), time(9, 0), "Europe/London") == datetime(
        2026, 7, 1, 8, 0, tzinfo=UTC
    )


@pytest.mark.parametrize("zone", ["Mars/Base", "", "../etc/passwd", "Europe"])
def test_an_unknown_time_zone_is_named_in_the_message(zone: str) -> None:
    with pytest.raises(TimeProblem) as problem:
        to_utc(date(2026, 1, 1), time(9, 0), zone)

    assert str(problem.value) == f"“{zone}” is not a time zone we know."


def test_a_time_problem_is_a_value_error() -> None:
    assert issubclass(TimeProblem, ValueError)


# Date checks


def test_a_sensible_journey_has_no_date_problems() -> None:
    assert check_journey_dates(date(2026, 5, 10), date(2026, 11, 8)) == []


@pytest.mark.parametrize("end", [date(2026, 5, 10), date(2026, 5, 9)])
def test_a_planned_end_not_after_the_start_is_refused(end: date) -> None:
    assert check_journey_dates(date(2026, 5, 10), end) == [
        "The planned end must be after the start date."
    ]


def test_a_journey_of_more_than_three_years_is_questioned() -> None:
    assert check_journey_dates(date(2026, 5, 10), date(2029, 5, 11)) == [
        "A journey of more than three years is unlikely; check the planned end."
    ]
    assert check_journey_dates(date(2026, 5, 10), date(2029, 5, 10)) == []


def test_three_years_from_29_february_end_on_28_february() -> None:
    assert check_journey_dates(date(2028, 2, 29), date(2031, 2, 28)) == []
    assert check_journey_dates(date(2028, 2, 29), date(2031, 3, 1)) != []


def test_a_session_before_the_journey_starts_is_named() -> None:
    assert check_session_date(date(2026, 5, 3), date(2026, 5, 10), date(2026, 11, 8)) == (
        "The session on 3 May 2026 is before the journey starts on 10 May 2026."
    )


def test_a_session_after_the_planned_end_is_named() -> None:
    assert check_session_date(date(2026, 11, 9), date(2026, 5, 10), date(2026, 11, 8)) == (
        "The session on 9 November 2026 is after the journey's planned end on 8 November 2026."
    )


@pytest.mark.parametrize("on", [date(2026, 5, 10), date(2026, 8, 1), date(2026, 11, 8)])
def test_a_session_from_the_start_to_the_planned_end_is_fine(on: date) -> None:
    assert check_session_date(on, date(2026, 5, 10), date(2026, 11, 8)) is None
