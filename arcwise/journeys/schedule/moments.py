"""Wall-clock moments: a local date and time in a time zone, as a moment in UTC.

Plain data in, plain values out; no Django import.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from arcwise.days import format_day


class TimeProblem(ValueError):
    """A local date and time that cannot be scheduled, with a message a coach can act on."""


def to_utc(day: date, at: time, zone: str) -> datetime:
    """The moment, in UTC, when the clocks in `zone` show `at` on `day`.

    Raises `TimeProblem` for a zone we do not know, and for a time that never happens
    because the clocks go forward over it (the message names the gap and the first time
    that does exist). A time that happens twice because the clocks go back is not an
    error: it means the first of the two, before the clocks go back, as a person
    arranging a meeting at that time would most likely expect.
    """
    if at.tzinfo is not None:
        raise ValueError("to_utc expects a time on the wall clock, without a time zone.")
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise TimeProblem(f"“{zone}” is not a time zone we know.") from None
    wall = datetime.combine(day, at.replace(fold=0))
    local = wall.replace(tzinfo=tz)
    moment = local.astimezone(UTC)
    # A wall time in a gap does not survive the round trip: it comes back shifted by the
    # size of the gap. A wall time in a fold does, as its first occurrence (fold=0).
    if moment.astimezone(tz).replace(tzinfo=None) != wall:
        raise TimeProblem(_gap_message(wall, tz, zone))
    return moment


def _gap_message(wall: datetime, tz: ZoneInfo, zone: str) -> str:
    goes_from, goes_to = _gap_around(wall, tz)
    day = wall.date()

    def when(moment: datetime) -> str:
        if moment.date() == day:
            return _clock(moment.time())
        return f"{_clock(moment.time())} on {format_day(moment.date())}"

    return (
        f"{_clock(wall.time())} on {format_day(day)} does not exist in {zone}: the clocks go "
        f"forward from {when(goes_from)} to {when(goes_to)}. Choose {when(goes_to)} or later."
    )


def _gap_around(wall: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The wall times at which the clocks jump forward over `wall`: from, and to."""
    before = wall.replace(tzinfo=tz, fold=0).utcoffset()
    after = wall.replace(tzinfo=tz, fold=1).utcoffset()
    assert before is not None
    assert after is not None
    before, after = min(before, after), max(before, after)
    # The jump happens at some UTC instant t with t + before <= wall < t + after, so
    # wall - after < t <= wall - before. Search that range, to the second, for the first
    # instant that already has the later offset.
    earlier = math.floor((wall - after).replace(tzinfo=UTC).timestamp())
    later = math.ceil((wall - before).replace(tzinfo=UTC).timestamp())
    while later - earlier > 1:
        middle = (earlier + later) // 2
        if datetime.fromtimestamp(middle, tz).utcoffset() == after:
            later = middle
        else:
            earlier = middle
    jump = datetime.fromtimestamp(later, UTC).replace(tzinfo=None)
    return jump + before, jump + after


def _clock(at: time) -> str:
    return f"{at:%H:%M:%S}" if at.second else f"{at:%H:%M}"
