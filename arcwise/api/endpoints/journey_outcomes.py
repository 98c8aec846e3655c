"""The API's outcomes of a journey, as its goals-and-wheel page and closing review show them
to its coach: each goal with its GAS levels and its ratings by moment and rater, the T-score
of each rater at each moment, the wheel's areas with their ratings, and the closing review
(docs/api.md). Four queries for the measures and one for the review, however many.
"""

from datetime import date, datetime
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema

from arcwise.api.journey_reads import coach_journey
from arcwise.api.problems import answers
from arcwise.journeys.models import EndReason
from arcwise.outcomes.models import LEVELS, ClosingReview, Moment, Rater, ReviewKind, ReviewStep
from arcwise.outcomes.readings import Outcomes, outcomes_for

router = Router(tags=["outcomes"])


class GoalLevelsOut(Schema):
    """What each GAS level (-2 to +2) means for this goal, in the client's words."""

    much_less: str
    less: str
    expected: str
    more: str
    much_more: str


class RatingOut(Schema):
    moment: Moment
    rater: Rater
    level: int  # -2 to +2


class GoalOut(Schema):
    id: UUID
    position: int
    text: str
    weight: int
    scaled: bool  # every level described, so the goal can be rated
    levels: GoalLevelsOut
    ratings: list[RatingOut]


class TScoreOut(Schema):
    moment: Moment
    rater: Rater
    t: float | None  # None until every scaled goal is rated by this rater at this moment


class WheelRatingOut(Schema):
    moment: Moment
    value: int  # 0 … 10
    by_coach: bool  # typed in by the coach from a session


class AreaOut(Schema):
    position: int
    name: str
    ratings: list[WheelRatingOut]


class ClosingReviewOut(Schema):
    kind: ReviewKind
    step: ReviewStep
    because: EndReason | None
    because_note: str
    coach_words: str
    client_words: str
    takes_forward: str
    client_asked_at: datetime | None
    client_answered_at: datetime | None
    closing_date: date | None
    completed_at: datetime | None


class OutcomesOut(Schema):
    goals: list[GoalOut]
    t_scores: list[TScoreOut]
    wheel: list[AreaOut]
    closing_review: ClosingReviewOut | None


def _review_out(review: ClosingReview) -> ClosingReviewOut:
    return ClosingReviewOut(
        kind=ReviewKind(review.kind),
        step=ReviewStep(review.step),
        because=EndReason(review.because) if review.because else None,
        because_note=review.because_note,
        coach_words=review.coach_words,
        client_words=review.client_words,
        takes_forward=review.takes_forward,
        client_asked_at=review.client_asked_at,
        client_answered_at=review.client_answered_at,
        closing_date=review.closing_date,
        completed_at=review.completed_at,
    )


def outcomes_out(outcomes: Outcomes, review: ClosingReview | None) -> OutcomesOut:
    return OutcomesOut(
        goals=[
            GoalOut(
                id=reading.goal.public_id,
                position=reading.goal.position,
                text=reading.goal.text,
                weight=reading.goal.weight,
                scaled=reading.goal.is_scaled(),
                levels=GoalLevelsOut(
                    **{field: getattr(reading.goal, field) for _, field, _ in LEVELS}
                ),
                ratings=[
                    RatingOut(moment=Moment(moment), rater=Rater(rater), level=level)
                    for (moment, rater), level in sorted(reading.levels.items(), key=_in_order)
                ],
            )
            for reading in outcomes.goals
        ],
        t_scores=[
            TScoreOut(moment=moment, rater=rater, t=outcomes.t(moment, rater))
            for moment in Moment
            for rater in Rater
        ],
        wheel=[
            AreaOut(
                position=reading.area.position,
                name=reading.area.name,
                ratings=[
                    WheelRatingOut(moment=moment, value=found[0], by_coach=found[1])
                    for moment in Moment
                    if (found := reading.values.get(moment)) is not None
                ],
            )
            for reading in outcomes.areas
        ],
        closing_review=_review_out(review) if review else None,
    )


_MOMENTS = list(Moment.values)
_RATERS = list(Rater.values)


def _in_order(item: tuple[tuple[str, str], int]) -> tuple[int, int]:
    (moment, rater), _ = item
    return _MOMENTS.index(moment), _RATERS.index(rater)


@router.get(
    "/{uuid:journey_id}/outcomes",
    response=answers(OutcomesOut),
    summary="A journey's goals with GAS levels and ratings, T-scores, wheel, closing review",
)
def journey_outcomes(request: HttpRequest, journey_id: UUID) -> OutcomesOut:
    journey = coach_journey(request, journey_id)
    review = ClosingReview.objects.filter(journey=journey).first()
    return outcomes_out(outcomes_for(journey.pk), review)
