"""Calendar arithmetic and how days and spans of days are written. Pure: no Django import.

The planner (journeys/schedule/) and the pictures (svg/) both count weeks, step by
calendar months and write dates; they do it here, so a date reads the same in a message
and in a picture. Month names come from fixed tables because `strftime` follows the
server's locale.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH_ABBREVIATIONS = tuple(name[:3] for name in MONTH_NAMES)


def format_day(day: date) -> str:
    """A date as people in Britain write it, whatever the locale: “29 March 2026”."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def day_month(day: date) -> str:
    """Day and abbreviated month, for where the year is plain from context: “29 Mar”."""
    return f"{day.day} {MONTH_ABBREVIATIONS[day.month - 1]}"


def day_month_year(day: date) -> str:
    """Day, abbreviated month and year: “29 Mar 2026”."""
    return f"{day_month(day)} {day.year}"


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later (or earlier, if negative); a day the
    target month lacks (31 April, 29 February in a common year) becomes its last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    following = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, min(day.day, (following - timedelta(days=1)).day))


def years_after(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


def week_number(day: date, start: date) -> int:
    """Which week `day` is in, counting the week that begins on `start` as week 1."""
    return (day - start).days // 7 + 1


def weeks_covering(days: int) -> int:
    """How many weeks a span of `days` reaches into; a span too short for one still counts
    as one week."""
    return max(1, math.ceil(days / 7))


def count(number: int, noun: str) -> str:
    """“1 week”, “3 weeks”: a number with its noun, plural unless it is one."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def every_days(days: int) -> str:
    """A cadence in days: “every day”, “every 7 days”."""
    return "every day" if days == 1 else f"every {days} days"


def week_in_phase(*, week: int, planned_weeks: int) -> str:
    """Which week of a phase (or a journey) this is: “week 3 of 5”, or, once past the
    plan, “week 11, 6 weeks past the planned 5” (never the puzzling “week 11 of 5”)."""
    if week <= planned_weeks:
        return f"week {week} of {planned_weeks}"
    return f"week {week}, {count(week - planned_weeks, 'week')} past the planned {planned_weeks}"


def duration(days: int) -> str:
    """A span of days in weeks and days: “2 weeks”, “5 days”, “1 week 3 days”."""
    weeks, rest = divmod(days, 7)
    if not weeks:
        return count(rest, "day")
    if not rest:
        return count(weeks, "week")
    return f"{count(weeks, 'week')} {count(rest, 'day')}"


@lru_cache(maxsize=256)
def zone_or_utc(name: str | None) -> ZoneInfo:
    """A person's time zone by its name, or UTC when they have none or the name is one this
    machine does not know (a zone database without it, a hostile "../etc"): a page or a
    reminder is better in UTC than not at all. The one place Arcwise reads a stored zone."""
    if not name:
        return UTC_ZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return UTC_ZONE


UTC_ZONE = ZoneInfo("UTC")
