"""The measures of journeys as pages, the summary and practice insight read them: each goal
with its ratings by moment and rater, the wheel's areas with their ratings, and the T-scores.

`outcomes_of(journey_ids)` reads any number of journeys in four queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from arcwise.outcomes.gas import t_score
from arcwise.outcomes.models import Goal, GoalRating, Moment, Rater, WheelArea, WheelRating


@dataclass(frozen=True)
class GoalReading:
    goal: Goal
    # (moment, rater) -> level
    levels: dict[tuple[str, str], int]

    def level(self, moment: str, rater: str) -> int | None:
        return self.levels.get((moment, rater))


@dataclass(frozen=True)
class AreaReading:
    area: WheelArea
    # moment -> (value, typed in by the coach)
    values: dict[str, tuple[int, bool]]

    def value(self, moment: str) -> int | None:
        found = self.values.get(moment)
        return None if found is None else found[0]

    def change(self) -> int | None:
        """From the start to the close, when both are rated."""
        start, close = self.value(Moment.BASELINE), self.value(Moment.CLOSE)
        return None if start is None or close is None else close - start


@dataclass(frozen=True)
class Outcomes:
    """One journey's goals and wheel, as rated so far."""

    goals: list[GoalReading] = field(default_factory=list)
    areas: list[AreaReading] = field(default_factory=list)

    @property
    def scaled_goals(self) -> list[GoalReading]:
        return [reading for reading in self.goals if reading.goal.is_scaled()]

    def t(self, moment: str, rater: str) -> float | None:
        """The T-score of one rater at one moment, once every scaled goal is rated then."""
        goals = self.scaled_goals
        levels = [reading.level(moment, rater) for reading in goals]
        if not goals or any(level is None for level in levels):
            return None
        return t_score(
            [level for level in levels if level is not None],
            [reading.goal.weight for reading in goals],
        )

    def is_rated(self, moment: str, rater: str) -> bool:
        goals = self.scaled_goals
        return bool(goals) and all(r.level(moment, rater) is not None for r in goals)

    def wheel_rated(self, moment: str) -> bool:
        return bool(self.areas) and all(a.value(moment) is not None for a in self.areas)


def outcomes_of(journey_ids: Iterable[int] | QuerySet[Any, Any]) -> dict[int, Outcomes]:
    """Each journey's outcomes by its primary key (journeys without any are absent).

    `journey_ids` may be a query of journeys' `pk`s: the four queries then select by it in
    SQL, rather than sending thousands of ids as parameters."""
    ids = journey_ids if isinstance(journey_ids, QuerySet) else list(journey_ids)
    ratings: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
    for goal_id, moment, rater, level in GoalRating.objects.filter(
        goal__journey_id__in=ids
    ).values_list("goal_id", "moment", "rater", "level"):
        ratings[goal_id][(moment, rater)] = level
    values: dict[int, dict[str, tuple[int, bool]]] = defaultdict(dict)
    for area_id, moment, value, by_coach in WheelRating.objects.filter(
        area__journey_id__in=ids
    ).values_list("area_id", "moment", "value", "by_coach"):
        values[area_id][moment] = (value, by_coach)
    found: dict[int, Outcomes] = defaultdict(Outcomes)
    for goal in Goal.objects.filter(journey_id__in=ids).order_by("journey_id", "position"):
        found[goal.journey_id].goals.append(GoalReading(goal, ratings[goal.pk]))
    for area in WheelArea.objects.filter(journey_id__in=ids).order_by("journey_id", "position"):
        found[area.journey_id].areas.append(AreaReading(area, values[area.pk]))
    return dict(found)


def outcomes_for(journey_id: int) -> Outcomes:
    return outcomes_of([journey_id]).get(journey_id, Outcomes())


__all__ = [
    "AreaReading",
    "GoalReading",
    "Moment",
    "Outcomes",
    "Rater",
    "outcomes_for",
    "outcomes_of",
]
