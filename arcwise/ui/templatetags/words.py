"""Counts in words on pages: `{% load words %}`, then `{{ days|every_days }}` or
`{{ state.week_in_phase|week_in_phase }}`. The words themselves live in arcwise/days.py."""

from __future__ import annotations

from django import template

from arcwise.days import every_days as cadence_words
from arcwise.days import week_in_phase as week_words

register = template.Library()


@register.filter
def every_days(days: int) -> str:
    """`{{ journey.cadence_days|every_days }}`: "every day", "every 7 days"."""
    return cadence_words(int(days))


@register.filter
def week_in_phase(week_and_planned: tuple[int, int] | None) -> str:
    """`{{ state.week_in_phase|week_in_phase }}`, from (week, planned weeks): "week 3 of 5",
    "week 11, 6 weeks past the planned 5"; nothing when no phase is under way."""
    if not week_and_planned:
        return ""
    week, planned_weeks = week_and_planned
    return week_words(week=week, planned_weeks=planned_weeks)
