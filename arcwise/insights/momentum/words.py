"""Momentum's words: days, counts and quoted names as a signal's reason gives them, and the
journey's calendar."""

from __future__ import annotations

from datetime import date, datetime

from arcwise.days import day_month, day_month_year, zone_or_utc

NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def short_day(day: date, today: date) -> str:
    """“3 Nov”; with the year when it is not this year: “28 Dec 2025”."""
    return day_month(day) if day.year == today.year else day_month_year(day)


def quoted(name: str) -> str:
    """A name the client or coach chose, in single curly quotes (U+2018, U+2019)."""
    return f"\u2018{name}\u2019"


def number_word(number: int) -> str:
    return NUMBER_WORDS[number] if 0 <= number < len(NUMBER_WORDS) else str(number)


def local_day(moment: datetime, zone: str) -> date:
    return moment.astimezone(zone_or_utc(zone)).date()
