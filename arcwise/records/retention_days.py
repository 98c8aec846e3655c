"""The days of a journey's retention, worked out from plain dates (no Django): when its
records are disposed of, and when its coach is told.

A journey's records are kept for the practice's months after the day it ended. The coach is
told `NOTICE_DAYS` before, and never less: when a practice shortens its retention so that a
day falls sooner than that, the disposal waits until `NOTICE_DAYS` after the coach was told.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

DEFAULT_MONTHS = 24
# A month is the least a practice can agree and still close a journey's loose ends; ten
# years is longer than any professional body asks coaching records to be kept.
MIN_MONTHS = 1
MAX_MONTHS = 120
NOTICE_DAYS = 30
NOTICE = timedelta(days=NOTICE_DAYS)


def add_months(day: date, months: int) -> date:
    """`day` moved on by `months` calendar months; the 31st becomes the month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def kept_until(ended_on: date, months: int) -> date:
    """The day a journey that ended on `ended_on` is due for disposal under `months`."""
    return add_months(ended_on, months)


def disposal_day(ended_on: date, months: int, told_on: date | None) -> date:
    """The day the records go: the retention's day, but never sooner than `NOTICE_DAYS`
    after the coach was told (`told_on`, None while they have not been)."""
    due = kept_until(ended_on, months)
    return due if told_on is None else max(due, told_on + NOTICE)


def notice_due(ended_on: date, months: int, today: date) -> bool:
    """Whether the coach is to be told today (or was to be told already) about this journey."""
    return kept_until(ended_on, months) - NOTICE <= today


def latest_end_noticed(today: date, months: int) -> date:
    """A day on or after the last `ended_on` whose notice is due by `today` under `months`:
    a database filter `ended_on <= this` finds every such journey (and a few days more,
    which `notice_due` then leaves out), because the 29th to the 31st of a month all reach
    the same last day of a shorter month."""
    return add_months(today + NOTICE, -months) + timedelta(days=3)
