"""Calendar arithmetic and the way days are written, shared by the planner and the pictures."""

from __future__ import annotations

from datetime import date

import pytest

from arcwise.days import (
    add_months,
    count,
    day_month,
    day_month_year,
    duration,
    format_day,
    week_number,
    weeks_covering,
    years_after,
    zone_or_utc,
)


def test_days_are_written_the_british_way_whatever_the_locale() -> None:
    assert format_day(date(2026, 3, 29)) == "29 March 2026"
    assert day_month(date(2026, 9, 4)) == "4 Sep"
    assert day_month_year(date(2027, 1, 1)) == "1 Jan 2027"


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 5, 4), 1, date(2026, 6, 4)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 12, 15), 12, date(2027, 12, 15)),
    ],
)
def test_a_month_later_keeps_the_day_or_takes_the_last_one_there_is(
    day: date, months: int, expected: date
) -> None:
    assert add_months(day, months) == expected


def test_a_leap_day_some_years_later_is_the_last_day_of_february() -> None:
    assert years_after(date(2028, 2, 29), 3) == date(2031, 2, 28)
    assert years_after(date(2028, 2, 29), 4) == date(2032, 2, 29)
    assert years_after(date(2026, 7, 14), 3) == date(2029, 7, 14)


def test_weeks_are_counted_from_the_start() -> None:
    start = date(2026, 5, 4)
    assert week_number(start, start) == 1
    assert week_number(date(2026, 5, 10), start) == 1
    assert week_number(date(2026, 5, 11), start) == 2
    assert [weeks_covering(days) for days in (0, 1, 7, 8, 14)] == [1, 1, 1, 2, 2]


def test_spans_are_said_in_weeks_and_days() -> None:
    assert count(1, "week") == "1 week"
    assert count(0, "session") == "0 sessions"
    assert [duration(days) for days in (1, 5, 7, 10, 21)] == [
        "1 day",
        "5 days",
        "1 week",
        "1 week 3 days",
        "3 weeks",
    ]


@pytest.mark.parametrize("name", [None, "", "Mars/Olympus_Mons", "../../etc/passwd", "UTC\x00"])
def test_a_missing_or_unknown_zone_reads_as_utc(name: str | None) -> None:
    assert zone_or_utc(name).key == "UTC"


def test_a_known_zone_is_that_zone() -> None:
    assert zone_or_utc("Pacific/Auckland").key == "Pacific/Auckland"
