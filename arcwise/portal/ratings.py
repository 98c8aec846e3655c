"""What the portal asks of the client's goals and wheel: "Rate your goals" while a moment is
open to them and their rating is missing, and, once their coach asks for it, the closing
section (the goals and wheel at close, and what has shifted in their words).

Read for all of a client's journeys at once: five queries however many goals and areas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from arcwise.journeys.models import Journey
from arcwise.outcomes.facts import journey_facts
from arcwise.outcomes.measure_forms import RatingsForm
from arcwise.outcomes.models import ClosingReview, Moment, Rater
from arcwise.outcomes.moments import moment_state
from arcwise.outcomes.readings import Outcomes, outcomes_of

# The order a client is asked in: the latest open moment first.
ASKED_ORDER = (Moment.MIDWAY, Moment.BASELINE)


@dataclass
class PortalRatings:
    """The goals and wheel to rate at `moment`, as a form (bound when a save was refused)."""

    moment: Moment
    form: RatingsForm
    has_goals: bool
    has_areas: bool
    error: str = ""


@dataclass
class PortalClosing:
    """The closing section: the ratings at close while missing, and the client's words."""

    review: ClosingReview
    ratings: PortalRatings | None
    words: str
    error: str = ""


def is_rated(outcomes: Outcomes, moment: str) -> bool:
    """The client rated every scaled goal and every area (whichever the journey has)."""
    goals = not outcomes.scaled_goals or outcomes.is_rated(moment, Rater.CLIENT)
    wheel = not outcomes.areas or outcomes.wheel_rated(moment)
    return goals and wheel


def ratings_form(outcomes: Outcomes, moment: Moment, data: object = None) -> PortalRatings:
    goals = [r.goal for r in outcomes.scaled_goals]
    areas = [r.area for r in outcomes.areas]
    initial = {
        "moment": moment.value,
        **{
            f"goal-{r.goal.public_id}": level
            for r in outcomes.scaled_goals
            if (level := r.level(moment, Rater.CLIENT)) is not None
        },
        **{f"area-{r.area.pk}": v for r in outcomes.areas if (v := r.value(moment)) is not None},
    }
    form = RatingsForm(data, goals=goals, areas=areas, initial=initial, prefix=None)
    return PortalRatings(moment, form, bool(goals), bool(areas))


@dataclass(frozen=True)
class Measures:
    outcomes: Outcomes
    review: ClosingReview | None


def measures_of(journeys: Sequence[Journey]) -> dict[int, Measures]:
    """Each journey's goals, wheel and closing review: five queries."""
    ids = [j.pk for j in journeys]
    found = outcomes_of(ids)
    reviews = {r.journey_id: r for r in ClosingReview.objects.filter(journey_id__in=ids)}
    return {pk: Measures(found.get(pk, Outcomes()), reviews.get(pk)) for pk in ids}


def asked_of(journey: Journey, measures: Measures, today: date) -> PortalRatings | None:
    """The moment the client is asked to rate now, if any (not the close: see closing_of).
    Reads the journey's phase runs, prefetched."""
    outcomes = measures.outcomes
    if not outcomes.scaled_goals and not outcomes.areas:
        return None
    facts = journey_facts(
        journey, runs=list(journey.phase_runs.all()), review=measures.review, review_known=True
    )
    # Only the latest open moment is asked: once mid-way opens, the start is not asked for
    # any more (the coach may still rate it late).
    for moment in ASKED_ORDER:
        if moment_state(moment, Rater.CLIENT, facts, today).takes_ratings:
            return None if is_rated(outcomes, moment) else ratings_form(outcomes, moment)
    return None


def closing_of(measures: Measures) -> PortalClosing | None:
    """The closing section, while the coach's asking stands and the review is open."""
    review = measures.review
    if review is None or review.client_asked_at is None or review.is_complete():
        return None
    outcomes = measures.outcomes
    has_any = bool(outcomes.scaled_goals or outcomes.areas)
    ratings = (
        ratings_form(outcomes, Moment.CLOSE)
        if has_any and not is_rated(outcomes, Moment.CLOSE)
        else None
    )
    return PortalClosing(review, ratings, review.client_words)
