"""Ratings as the pages write them: a level with its sign ("+1", "0", "-2", with a true
minus sign), a wheel value.

Each returns text, empty when not rated, so a template's `default` says "not rated yet"
without mistaking a level of 0 for a missing one."""

from __future__ import annotations

from django import template

from arcwise.outcomes.gas import T_MEANING
from arcwise.outcomes.models import LEVELS, Goal
from arcwise.outcomes.readings import AreaReading, GoalReading

register = template.Library()


def signed(level: int) -> str:
    return f"+{level}" if level > 0 else "0" if level == 0 else f"−{-level}"  # noqa: RUF001


@register.filter
def level_of(reading: GoalReading, moment_and_rater: str) -> str:
    """`reading|level_of:"close coach"`: the level given then by that rater, signed."""
    moment, _, rater = moment_and_rater.partition(" ")
    level = reading.level(moment, rater)
    return "" if level is None else signed(level)


@register.filter
def value_at(reading: AreaReading, moment: str) -> str:
    value = reading.value(moment)
    return "" if value is None else str(value)


@register.filter
def goal_levels(goal: Goal) -> list[tuple[str, str]]:
    """Each level of `goal`, signed and named, with the words the coach wrote for it."""
    return [
        (f"{signed(level)} {name.lower()}", goal.level_words(level)) for level, _, name in LEVELS
    ]


@register.simple_tag
def t_meaning() -> str:
    """The one sentence on what T means and where it misleads, as every page says it."""
    return T_MEANING
