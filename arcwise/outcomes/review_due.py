"""When a journey is due its closing review. Pure: plain values in, a reason out."""

from __future__ import annotations

from datetime import date

from arcwise.days import count

# Two weeks leave room for the loose ends, the client's words and a last session.
DUE_DAYS_BEFORE_END = 14


def closing_due(*, planned_end: date, today: date, planned_ahead: int, held: int) -> str | None:
    """Why the closing review is due now, in one line, or None when it is not yet.

    Due from two weeks before the planned end (a passed end said first: it is the more
    urgent), and when the last planned session is held (none is planned any more and one
    was held).
    """
    days = (planned_end - today).days
    if days < 0:
        return f"The planned end passed {count(-days, 'day')} ago: time for the closing review."
    if planned_ahead == 0 and held > 0:
        return "The last planned session is held: time for the closing review."
    if days == 0:
        return "The planned end is today: time for the closing review."
    if days <= DUE_DAYS_BEFORE_END:
        return f"The planned end is in {count(days, 'day')}: time for the closing review."
    return None
