"""Counts in words on pages: `{% load words %}`, then `{{ days|every_days }}` or
`{{ state.week_in_phase|week_in_phase }}`. The words themselves live in arcwise/text.py."""

from __future__ import annotations

from django import template

from arcwise import text

register = template.Library()


@register.filter
def every_days(days: int) -> str:
    """`{{ journey.cadence_days|every_days }}`: "every day", "every 7 days"."""
    return text.every_days(int(days))


@register.filter
def week_in_phase(week_and_planned: tuple[int, int] | None) -> str:
    """`{{ state.week_in_phase|week_in_phase }}`, from (week, planned weeks): "week 3 of 5",
    "week 11, 6 weeks past the planned 5"; nothing when no phase is under way."""
    if not week_and_planned:
        return ""
    week, planned_weeks = week_and_planned
    return text.week_in_phase(week=week, planned_weeks=planned_weeks)
