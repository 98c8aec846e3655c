"""What the folded prompts (prompts.py) ask of a client's goals: the mid-way rating, once
per journey, and the closing reflections the coach asked for."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from arcwise.journeys.models import Journey, PhaseRun
from arcwise.outcomes.facts import journey_facts
from arcwise.outcomes.models import Moment, Rater
from arcwise.outcomes.moments import moment_state
from arcwise.portal.ratings import is_rated, measures_of

# Asked once and never again: mid-way is a light touch, and the portal shows it anyway.
ASKED_ONCE = "goals-midway:"
CLOSING = "closing:"


def rating_asks(
    journeys: Sequence[Journey], today: dict[int, date]
) -> list[tuple[Journey, str, str]]:
    """(journey, key, line) for each journey whose mid-way rating is open to its client and
    missing, and each whose coach asked for closing reflections not yet written. Six
    queries however many journeys."""
    if not journeys:
        return []
    measures = measures_of(journeys)
    firsts = PhaseRun.objects.filter(journey__in=journeys, sequence=1)
    runs = {run.journey_id: [run] for run in firsts}
    asks = []
    for journey in journeys:
        found = measures[journey.pk]
        review = found.review
        if review and review.client_asked_at and not review.is_complete():
            if not review.client_words or not is_rated(found.outcomes, Moment.CLOSE):
                asks.append(
                    (
                        journey,
                        f"{CLOSING}{journey.public_id}",
                        "Your coach asks for your closing reflections: where your goals "
                        "stand now, and what has shifted, in your words.",
                    )
                )
            continue
        if not found.outcomes.scaled_goals and not found.outcomes.areas:
            continue
        facts = journey_facts(
            journey, runs=runs.get(journey.pk, []), review=review, review_known=True
        )
        state = moment_state(Moment.MIDWAY, Rater.CLIENT, facts, today[journey.client_id])
        if state.takes_ratings and not is_rated(found.outcomes, Moment.MIDWAY):
            asks.append(
                (
                    journey,
                    f"{ASKED_ONCE}{journey.public_id}",
                    "Half way through your journey: rate your goals again (a minute).",
                )
            )
    return asks
