"""The closing review is prompted when the last planned session is held, and from two
weeks before the planned end."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from arcwise.outcomes.review_due import closing_due

END = date(2026, 12, 20)


@pytest.mark.parametrize(
    ("today", "planned_ahead", "held", "said"),
    [
        (END - timedelta(days=15), 2, 3, None),
        (END - timedelta(days=14), 2, 3, "The planned end is in 14 days"),
        (END - timedelta(days=1), 1, 3, "The planned end is in 1 day:"),
        (END, 1, 3, "The planned end is today"),
        (END + timedelta(days=3), 1, 3, "The planned end passed 3 days ago"),
        (END + timedelta(days=3), 0, 3, "The planned end passed 3 days ago"),
        (END - timedelta(days=60), 0, 4, "The last planned session is held"),
        # Nothing planned and nothing held yet is a journey not begun, not one ending.
        (END - timedelta(days=60), 0, 0, None),
    ],
)
def test_when_the_closing_review_is_due(
    today: date, planned_ahead: int, held: int, said: str | None
) -> None:
    due = closing_due(planned_end=END, today=today, planned_ahead=planned_ahead, held=held)

    if said is None:
        assert due is None
    else:
        assert due is not None
        assert due.startswith(said)
