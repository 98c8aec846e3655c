"""A running journey with scaled goals and a wheel, for the measures' tests."""

from __future__ import annotations

from typing import Any

from arcwise.journeys.models import Journey
from arcwise.outcomes.measure_services import AreaInput, GoalInput, goals_save, wheel_areas_save
from arcwise.outcomes.models import Goal, MeasureSet, WheelArea
from tests.conftest import Cast
from tests.journeys.factories import make_journey

LEVELS = (
    "Still rescues every time",
    "Rescues most times",
    "Holds back half the time",
    "Mostly lets others own it",
    "Others come with solutions",
)
AREAS = ("Energy", "Clarity of direction", "Relationships at work")


def scaled(text: str, weight: int = 1) -> GoalInput:
    return GoalInput(None, text, weight, LEVELS)


def versions(journey: Journey) -> MeasureSet:
    return MeasureSet.objects.filter(journey=journey).first() or MeasureSet(journey=journey)


def with_goals(journey: Journey, *texts: str) -> list[Goal]:
    goals_save(
        journey=journey,
        goals=[scaled(text) for text in texts or ("Lead without rescuing",)],
        expected_version=versions(journey).goals_version,
    )
    return list(Goal.objects.filter(journey=journey))


def with_areas(journey: Journey, *names: str) -> list[WheelArea]:
    wheel_areas_save(
        journey=journey,
        areas=[AreaInput(None, name) for name in names or AREAS],
        expected_version=versions(journey).areas_version,
    )
    return list(WheelArea.objects.filter(journey=journey))


def measured_journey(cast: Cast, **overrides: Any) -> Journey:
    journey = make_journey(cast.coach, cast.client, **overrides)
    with_goals(journey, "Lead without rescuing", "Find time to think")
    with_areas(journey)
    return journey
