"""What a sent intake fills in for the coach, inside the sending's transaction.

Only where nothing is there yet, so nothing the coach wrote is ever overwritten:

- the journey's goals (outcomes' `Goal`, "one of the agreement's goals, in the client's
  words"), one per line of the answer the design maps to `goals`, when the journey has
  none; the coach scales them later. (The agreement's own goals text is required when the
  coach starts a journey, so it is never empty here and never touched.)
- the baseline rating of each wheel area a scale question maps to, when the area has no
  baseline yet. A journey without any wheel areas gets the design's suggested areas first,
  as the coach's wheel form would offer them.

Each change raises the journey's measure versions, so a goals or wheel form the coach has
open is refused rather than saved over what the client sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from arcwise.designs.intake_spec import IntakeQuestion
from arcwise.intake.answers import goals_from
from arcwise.journeys.models import Journey
from arcwise.outcomes.models import (
    AREA_NAME_LIMIT,
    GOAL_TEXT_LIMIT,
    MAX_GOALS,
    Goal,
    MeasureSet,
    Moment,
    WheelArea,
    WheelRating,
)


@dataclass(frozen=True)
class Prefilled:
    goals: int = 0
    areas: tuple[str, ...] = ()


def prefill_from(
    journey: Journey, questions: tuple[IntakeQuestion, ...], answers: Mapping[str, str]
) -> Prefilled:
    """Fill the journey's empty goals and missing baselines from the mapped answers. The
    caller holds the journey's row lock."""
    goals = _goals(journey, questions, answers)
    areas = _baselines(journey, questions, answers)
    if goals or areas:
        MeasureSet.objects.get_or_create(journey_id=journey.pk)
        MeasureSet.objects.filter(journey_id=journey.pk).update(
            goals_version=F("goals_version") + (1 if goals else 0),
            areas_version=F("areas_version") + (1 if areas else 0),
        )
    return Prefilled(goals=goals, areas=areas)


def _goals(
    journey: Journey, questions: tuple[IntakeQuestion, ...], answers: Mapping[str, str]
) -> int:
    question = next((q for q in questions if q.maps_to_goals), None)
    answer = answers.get(question.key, "") if question else ""
    if not answer or Goal.objects.filter(journey_id=journey.pk).exists():
        return 0
    texts, _ = goals_from(answer, limit=MAX_GOALS, length=GOAL_TEXT_LIMIT)
    Goal.objects.bulk_create(
        Goal(journey_id=journey.pk, position=position, text=text)
        for position, text in enumerate(texts, start=1)
    )
    return len(texts)


def _baselines(
    journey: Journey, questions: tuple[IntakeQuestion, ...], answers: Mapping[str, str]
) -> tuple[str, ...]:
    wanted = {
        q.wheel_area.casefold(): int(answers[q.key])
        for q in questions
        if q.wheel_area and answers.get(q.key, "").isdigit()
    }
    if not wanted:
        return ()
    areas = list(WheelArea.objects.filter(journey_id=journey.pk).order_by("position"))
    if not areas:
        suggested = journey.design_version.wheel_areas
        WheelArea.objects.bulk_create(
            WheelArea(journey_id=journey.pk, position=position, name=name[:AREA_NAME_LIMIT])
            for position, name in enumerate(suggested, start=1)
        )
        areas = list(WheelArea.objects.filter(journey_id=journey.pk).order_by("position"))
    rated = set(
        WheelRating.objects.filter(area__in=areas, moment=Moment.BASELINE).values_list(
            "area_id", flat=True
        )
    )
    now = timezone.now()
    made = [
        WheelRating(
            area=area,
            moment=Moment.BASELINE,
            value=wanted[area.name.casefold()],
            by_coach=False,
            rated_at=now,
        )
        for area in areas
        if area.name.casefold() in wanted and area.pk not in rated
    ]
    WheelRating.objects.bulk_create(made)
    return tuple(rating.area.name for rating in made)
