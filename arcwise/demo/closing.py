"""Goals, the wheel and the closing review in the demo's stories, through the services a
coach and a client use: goals scaled and rated at the start, the wheel rated, and a journey
closed (or ended early) step by step through the review, as a coach would."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from arcwise.demo.story import Story
from arcwise.journeys.experiments.services import experiment_set_status
from arcwise.journeys.models import (
    Experiment,
    ExperimentStatus,
    Session,
    SessionStatus,
    Thread,
)
from arcwise.journeys.sessions.services import session_set_status
from arcwise.journeys.threads.services import thread_close
from arcwise.outcomes.measure_services import AreaInput, GoalInput, goals_save, wheel_areas_save
from arcwise.outcomes.models import ClosingReview, Moment, Rater, ReviewKind, ReviewStep
from arcwise.outcomes.rating_services import (
    client_ratings_save,
    client_words_save,
    goal_ratings_save,
)
from arcwise.outcomes.review_services import (
    StepWords,
    review_client_ask,
    review_close,
    review_start,
    review_step_save,
)


@dataclass(frozen=True)
class ScaledGoal:
    """A goal in the client's words, its five levels from -2 to +2, and where the coach and
    the client put it at the start."""

    text: str
    levels: tuple[str, str, str, str, str]
    coach_start: int
    client_start: int


def _levels_by_goal(story: Story, levels: Sequence[int]) -> dict[str, int]:
    goals = story.journey.scaled_goals.order_by("position")
    return {str(goal.public_id): level for goal, level in zip(goals, levels, strict=True)}


def _areas_by_id(story: Story, values: Sequence[int]) -> dict[str, object]:
    areas = story.journey.wheel_areas.order_by("position")
    return {str(area.pk): value for area, value in zip(areas, values, strict=True)}


def scale_goals(
    story: Story, goals: Sequence[ScaledGoal], *, wheel_start: Sequence[int], on: date
) -> None:
    """In the first phase: the goals with their levels, the design's wheel, and where coach
    and client put each at the start."""
    journey = story.journey
    goals_save(
        journey=journey,
        goals=[GoalInput(None, goal.text, 1, goal.levels) for goal in goals],
        expected_version=0,
    )
    names = journey.design_version.wheel_areas
    wheel_areas_save(
        journey=journey, areas=[AreaInput(None, name) for name in names], expected_version=0
    )
    goal_ratings_save(
        journey=journey,
        moment=Moment.BASELINE,
        rater=Rater.COACH,
        levels=_levels_by_goal(story, [goal.coach_start for goal in goals]),
        today=on,
    )
    client_ratings_save(
        journey=journey,
        moment=Moment.BASELINE,
        levels=_levels_by_goal(story, [goal.client_start for goal in goals]),
        values=_areas_by_id(story, wheel_start),
        today=on,
    )


@dataclass(frozen=True)
class Closing:
    """What the closing review gathers: both ratings at close, the wheel, both people's
    words, what the client takes forward."""

    coach_levels: Sequence[int]
    client_levels: Sequence[int]
    wheel_close: Sequence[int]
    coach_words: str
    client_words: str
    takes_forward: str
    # What the experiments still open taught; without it, they were not tried.
    debrief: str = ""


def _tie_loose_ends(story: Story, review: ClosingReview, debrief: str = "") -> ClosingReview:
    """Sessions that were due and not recorded were cancelled; experiments and threads
    still open are closed with what came of them."""
    journey = story.journey
    now = timezone.now()
    for session in Session.objects.filter(
        journey=journey, status=SessionStatus.PLANNED, starts_at__lte=now
    ):
        session_set_status(
            session=session, status=SessionStatus.CANCELLED, from_status=SessionStatus.PLANNED
        )
    for experiment in Experiment.objects.filter(journey=journey, status=ExperimentStatus.OPEN):
        experiment_set_status(
            experiment=experiment,
            status=ExperimentStatus.DONE if debrief else ExperimentStatus.DROPPED,
            from_status=ExperimentStatus.OPEN,
            debrief=debrief or "Not tried before the close; it stays with the client as an idea.",
        )
    for thread in Thread.objects.filter(journey=journey, closed_at=None):
        thread_close(
            thread=thread, where_it_went="Taken up at the close.", from_version=thread.version
        )
    return _step(review, ReviewStep.LOOSE_ENDS)


def _step(review: ClosingReview, step: ReviewStep, **words: str) -> ClosingReview:
    return review_step_save(
        review=review, step=step, words=StepWords(**words), expected_version=review.version
    )


def close_through_review(story: Story, *, on: date, closing: Closing) -> None:
    """The full review, on the day the journey closed."""
    journey = story.journey
    review = review_start(
        journey=journey, kind=ReviewKind.FULL, by=story.coach, expected_revision=journey.revision
    )
    review = _tie_loose_ends(story, review, closing.debrief)
    goal_ratings_save(
        journey=journey,
        moment=Moment.CLOSE,
        rater=Rater.COACH,
        levels=_levels_by_goal(story, closing.coach_levels),
        today=on,
    )
    review = review_client_ask(review=review, expected_version=review.version, now=timezone.now())
    client_ratings_save(
        journey=journey,
        moment=Moment.CLOSE,
        levels=_levels_by_goal(story, closing.client_levels),
        values=_areas_by_id(story, closing.wheel_close),
        today=on,
    )
    review = client_words_save(
        review=review, text=closing.client_words, expected_version=review.version
    )
    review = _step(review, ReviewStep.RATINGS)
    review = _step(review, ReviewStep.SHIFTED, coach_words=closing.coach_words)
    review = _step(review, ReviewStep.FORWARD, takes_forward=closing.takes_forward)
    review_close(review=review, on=on, expected_version=review.version, by=story.coach, today=on)


def end_early_through_review(story: Story, *, on: date, because: str, note: str) -> None:
    """The short review of ending early: loose ends, the reason, the day."""
    journey = story.journey
    review = review_start(
        journey=journey, kind=ReviewKind.SHORT, by=story.coach, expected_revision=journey.revision
    )
    review = _tie_loose_ends(story, review)
    review = _step(review, ReviewStep.SHIFTED, because=because, because_note=note)
    review_close(review=review, on=on, expected_version=review.version, by=story.coach, today=on)
