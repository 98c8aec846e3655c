"""What the moment rules (moments.py) read of a journey, taken from the database."""

from __future__ import annotations

from collections.abc import Iterable

from arcwise.journeys.models import Journey, PhaseRun
from arcwise.outcomes.models import ClosingReview
from arcwise.outcomes.moments import JourneyFacts


def review_of(journey: Journey) -> ClosingReview | None:
    return ClosingReview.objects.filter(journey_id=journey.pk).first()


def journey_facts(
    journey: Journey,
    *,
    runs: Iterable[PhaseRun] | None = None,
    review: ClosingReview | None = None,
    review_known: bool = False,
) -> JourneyFacts:
    """The journey's facts: pass `runs` and the `review` (with `review_known`) when they are
    already loaded; otherwise one query each."""
    if runs is None:
        runs = PhaseRun.objects.filter(journey_id=journey.pk, sequence=1)
    if not review_known:
        review = review_of(journey)
    first = min(runs, key=lambda run: run.sequence, default=None)
    return JourneyFacts(
        is_open=journey.is_open(),
        start_date=journey.start_date,
        planned_end=journey.planned_end,
        first_phase_left=first is not None and first.left_on is not None,
        review_exists=review is not None,
        client_asked=review is not None and review.client_asked_at is not None,
        review_complete=review is not None and review.is_complete(),
    )
