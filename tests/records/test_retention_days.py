"""The retention's days, worked out from plain dates: months that end short, the notice that
always comes thirty days before, and the filter that finds every journey due a notice."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from arcwise.records.retention_days import (
    MAX_MONTHS,
    MIN_MONTHS,
    NOTICE,
    add_months,
    disposal_day,
    kept_until,
    latest_end_noticed,
    notice_due,
)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))
months = st.integers(min_value=MIN_MONTHS, max_value=MAX_MONTHS)


def test_a_month_on_from_the_31st_is_the_last_day_of_a_shorter_month() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 10, 17), 24) == date(2028, 10, 17)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months(date(2027, 1, 15), -1) == date(2026, 12, 15)


def test_records_are_kept_the_practices_months_after_the_end() -> None:
    assert kept_until(date(2026, 10, 17), 24) == date(2028, 10, 17)


def test_the_coach_is_told_thirty_days_before() -> None:
    ended = date(2026, 10, 17)
    assert not notice_due(ended, 24, date(2028, 9, 16))
    assert notice_due(ended, 24, date(2028, 9, 17))


def test_records_never_go_sooner_than_thirty_days_after_the_coach_was_told() -> None:
    ended = date(2026, 10, 17)
    assert disposal_day(ended, 24, None) == date(2028, 10, 17)
    assert disposal_day(ended, 24, date(2028, 9, 17)) == date(2028, 10, 17)
    assert disposal_day(ended, 24, date(2028, 10, 20)) == date(2028, 11, 19)


@given(ended=days, period=months)
def test_a_later_end_is_never_disposed_of_sooner(ended: date, period: int) -> None:
    assert kept_until(ended + timedelta(days=1), period) >= kept_until(ended, period)
    assert kept_until(ended, period) > ended


@given(ended=days, period=months, told=days)
def test_the_day_is_never_within_the_notice_of_being_told(
    ended: date, period: int, told: date
) -> None:
    day = disposal_day(ended, period, told)
    assert day >= told + NOTICE
    assert day >= kept_until(ended, period)


@given(ended=days, period=months, today=days)
def test_the_filter_finds_every_journey_whose_notice_is_due(
    ended: date, period: int, today: date
) -> None:
    if notice_due(ended, period, today):
        assert ended <= latest_end_noticed(today, period)


@given(today=days, period=months)
def test_the_filter_finds_the_month_ends_that_reach_a_shorter_month(
    today: date, period: int
) -> None:
    # The days of a month's end that all land on the same last day are each found.
    for back in range(4):
        ended = add_months(today + NOTICE, -period) + timedelta(days=back)
        if notice_due(ended, period, today):
            assert ended <= latest_end_noticed(today, period)
