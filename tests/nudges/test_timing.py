"""Quiet hours: nothing reaches a client between 21:00 and 08:00 in their own time zone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from arcwise.nudges.timing import outside_quiet_hours


@pytest.mark.parametrize(
    ("due_utc", "zone", "expected_utc"),
    [
        # 14:00 in London is fine.
        (
            datetime(2026, 9, 8, 13, 0, tzinfo=UTC),
            "Europe/London",
            datetime(2026, 9, 8, 13, 0, tzinfo=UTC),
        ),
        # 22:30 in London waits for 08:00 the next morning (07:00 UTC in summer time).
        (
            datetime(2026, 9, 8, 21, 30, tzinfo=UTC),
            "Europe/London",
            datetime(2026, 9, 9, 7, 0, tzinfo=UTC),
        ),
        # 05:00 in Tokyo waits for 08:00 the same morning.
        (
            datetime(2026, 9, 7, 20, 0, tzinfo=UTC),
            "Asia/Tokyo",
            datetime(2026, 9, 7, 23, 0, tzinfo=UTC),
        ),
        # The night the clocks go back in London: 08:00 GMT is 08:00 UTC.
        (
            datetime(2026, 10, 24, 23, 0, tzinfo=UTC),
            "Europe/London",
            datetime(2026, 10, 25, 8, 0, tzinfo=UTC),
        ),
        # An unknown zone is treated as UTC rather than failing.
        (
            datetime(2026, 9, 8, 23, 0, tzinfo=UTC),
            "Mars/Olympus",
            datetime(2026, 9, 9, 8, 0, tzinfo=UTC),
        ),
    ],
)
def test_a_message_due_in_quiet_hours_waits_for_the_morning(
    due_utc: datetime, zone: str, expected_utc: datetime
) -> None:
    assert outside_quiet_hours(due_utc, zone) == expected_utc
