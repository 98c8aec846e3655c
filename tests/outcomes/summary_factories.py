"""Journeys with goals, ratings, a wheel, experiments and a closing review, for the summary's
tests. Rows are made directly: the summary reads them, it does not write them."""

from __future__ import annotations

from datetime import date
from typing import Any

from arcwise.accounts.models import User
from arcwise.clients.models import Client
from arcwise.journeys.endings.services import Ending, journey_end
from arcwise.journeys.models import (
    Adaptation,
    AdaptationKind,
    EndReason,
    Experiment,
    ExperimentStatus,
    Journey,
    Session,
    SessionStatus,
)
from arcwise.journeys.plan.services import phase_advance
from arcwise.outcomes.models import (
    ClosingReview,
    Goal,
    GoalRating,
    Moment,
    Rater,
    ReviewKind,
    ReviewStep,
    WheelArea,
    WheelRating,
)
from tests.journeys.factories import START, days, make_journey

CLOSED_ON = START + days(40)

# Written into every session's private record by `private_notes_plant`: none of it may
# ever reach a summary.
PRIVATE_NOTE = "PRIVATE-NOTE grieving a parent, do not mention"
PRIVATE_INSIGHT = "PRIVATE-INSIGHT fears being found out"
PRIVATE_AGREEMENT = "PRIVATE-AGREEMENT call her sister"


def goal_make(journey: Journey, position: int = 1, **overrides: Any) -> Goal:
    """A goal with all five levels described, so it can be rated and scored."""
    fields: dict[str, Any] = {
        "text": f"Goal {position}: lead without rescuing",
        "weight": 1,
        "much_less": "Rescues every time",
        "less": "Rescues most times",
        "expected": "Lets the team struggle once a week",
        "more": "Lets the team struggle most days",
        "much_more": "The team no longer asks to be rescued",
    }
    fields.update(overrides)
    return Goal.objects.create(journey=journey, position=position, **fields)


def rating_make(goal: Goal, moment: str, rater: str, level: int) -> GoalRating:
    return GoalRating.objects.create(goal=goal, moment=moment, rater=rater, level=level)


def goals_rate(
    goal: Goal, *, start: int = -1, close: int = 1, coach_close: int | None = None
) -> None:
    """Both raters at the start and at close; the coach at close as `coach_close` if given."""
    for rater in Rater.values:
        rating_make(goal, Moment.BASELINE, rater, start)
    rating_make(goal, Moment.CLOSE, Rater.CLIENT, close)
    rating_make(goal, Moment.CLOSE, Rater.COACH, close if coach_close is None else coach_close)


def area_make(
    journey: Journey, name: str, position: int, start: int | None, close: int | None
) -> WheelArea:
    area = WheelArea.objects.create(journey=journey, position=position, name=name)
    if start is not None:
        WheelRating.objects.create(area=area, moment=Moment.BASELINE, value=start)
    if close is not None:
        WheelRating.objects.create(area=area, moment=Moment.CLOSE, value=close)
    return area


def review_make(journey: Journey, **overrides: Any) -> ClosingReview:
    fields: dict[str, Any] = {
        "kind": ReviewKind.FULL,
        "step": ReviewStep.CLOSE,
        "coach_words": "He lets the team struggle, and it grows.",
        "client_words": "I stopped carrying everyone and slept better.",
        "takes_forward": "Ask before I fix.",
        "closing_date": CLOSED_ON,
    }
    fields.update(overrides)
    return ClosingReview.objects.create(journey=journey, started_by=journey.coach, **fields)


def experiment_make(journey: Journey, title: str = "Say no once", **overrides: Any) -> Experiment:
    fields: dict[str, Any] = {
        "what_to_try": "Decline one request that is not yours to carry.",
        "by_when": START + days(20),
        "status": ExperimentStatus.DONE,
        "debrief": "Saying no was easier than feared.",
    }
    fields.update(overrides)
    return Experiment.objects.create(journey=journey, title=title, **fields)


def adaptation_make(journey: Journey, reason: str, on: date | None = None) -> Adaptation:
    return Adaptation.objects.create(
        journey=journey,
        kind=AdaptationKind.INSERT_SESSION,
        reason=reason,
        on=on or START + days(3),
        created_by=journey.coach,
    )


def private_notes_plant(journey: Journey, *, held_before: date = CLOSED_ON) -> None:
    """Write the coach's private record into every session; hold those before `held_before`."""
    sessions = Session.objects.filter(journey=journey)
    sessions.update(notes=PRIVATE_NOTE, key_insights=PRIVATE_INSIGHT, agreements=PRIVATE_AGREEMENT)
    sessions.filter(starts_at__date__lt=held_before).update(status=SessionStatus.HELD)


def journey_close(journey: Journey, *, on: date = CLOSED_ON) -> Journey:
    return journey_end(
        journey=journey,
        ending=Ending.closed(on=on, what_shifted="He lets the team struggle, and it grows."),
        by=journey.coach,
        expected_revision=Journey.objects.get(pk=journey.pk).revision,
        today=on,
    )


def journey_end_early(journey: Journey, *, on: date = CLOSED_ON) -> Journey:
    return journey_end(
        journey=journey,
        ending=Ending.early(on=on, because=EndReason.WITHDREW, note="Moved abroad for work."),
        by=journey.coach,
        expected_revision=Journey.objects.get(pk=journey.pk).revision,
        today=on,
    )


def outcomes_fill(journey: Journey, *, goals: int = 2, areas: int = 3) -> list[Goal]:
    """`goals` scaled goals rated by both at start and close, a wheel of `areas`, one done
    experiment and the closing review."""
    made = [goal_make(journey, position) for position in range(1, goals + 1)]
    for goal in made:
        goals_rate(goal)
    for position in range(1, areas + 1):
        area_make(journey, f"Area {position}", position, start=3 + position % 4, close=7)
    experiment_make(journey)
    review_make(journey)
    return made


READINESS_NOTE = "READINESS-NOTE she named the fear out loud"


def journey_grown(
    coach: User,
    client: Client,
    *,
    phases: int,
    sessions_per_phase: int,
    goals: int,
    adaptations: int,
    experiments: int,
    areas: int,
) -> Journey:
    """A closed journey of any size: `phases` phases run one after another (each left with a
    readiness note), its sessions held with private notes, and the rest as counted."""
    keys = [f"phase{n}" for n in range(1, phases + 1)]
    journey = make_journey(coach, client, *keys, sessions_per_phase=sessions_per_phase)
    for n in range(1, phases):
        phase_advance(
            journey=journey,
            readiness_note=READINESS_NOTE,
            on=START + days(10 * n),
            expected_revision=Journey.objects.get(pk=journey.pk).revision,
        )
    for n in range(adaptations):
        adaptation_make(journey, f"Reason {n}: a session more before the move", START + days(n))
    for n in range(experiments):
        experiment_make(journey, title=f"Experiment {n}")
    for position in range(1, goals + 1):
        goals_rate(goal_make(journey, position))
    for position in range(1, areas + 1):
        area_make(journey, f"Area {position}", position, start=position % 10, close=7)
    review_make(journey)
    closed_on = START + days(10 * phases)
    private_notes_plant(journey, held_before=closed_on)
    return journey_close(journey, on=closed_on)
