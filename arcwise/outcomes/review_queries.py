"""What the closing review's page and the journey page read about the review: the steps
and where the review stands, its loose ends, the measures at close; the prompt that the
review is due, and how a journey ended."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from arcwise.journeys.hooks import JourneySection
from arcwise.journeys.models import AdaptationKind, EndReason, Journey, SessionStatus
from arcwise.outcomes.models import ClosingReview, Moment, Rater, ReviewKind, ReviewStep
from arcwise.outcomes.readings import Outcomes, outcomes_for
from arcwise.outcomes.review_due import closing_due
from arcwise.outcomes.review_steps import LooseEnds, loose_ends_of, steps_of

if TYPE_CHECKING:
    from arcwise.journeys.hooks import Page
    from arcwise.journeys.pages.state import JourneyState


@dataclass(frozen=True)
class StepView:
    step: ReviewStep
    number: int
    state: str  # "done", "current" (the one the review reached) or "todo"
    showing: bool

    @property
    def label(self) -> str:
        return str(self.step.label)


@dataclass(frozen=True)
class ReviewPage:
    journey: Journey
    review: ClosingReview
    steps: list[StepView]
    showing: ReviewStep
    loose_ends: LooseEnds
    outcomes: Outcomes

    @property
    def is_short(self) -> bool:
        return self.review.kind == ReviewKind.SHORT

    @property
    def coach_rated(self) -> bool:
        return self.outcomes.is_rated(Moment.CLOSE, Rater.COACH)

    @property
    def client_rated(self) -> bool:
        return self.outcomes.is_rated(Moment.CLOSE, Rater.CLIENT)

    @property
    def coach_t(self) -> float | None:
        return self.outcomes.t(Moment.CLOSE, Rater.COACH)

    @property
    def client_t(self) -> float | None:
        return self.outcomes.t(Moment.CLOSE, Rater.CLIENT)

    @property
    def next_step(self) -> ReviewStep | None:
        order = [view.step for view in self.steps]
        at = order.index(self.showing)
        return order[at + 1] if at + 1 < len(order) else None


def review_page(journey: Journey, review: ClosingReview, asked: str | None) -> ReviewPage:
    """The review as its page shows it: `asked` names a step already reached to look at
    again; anything else shows the step the review reached. Seven queries."""
    order = steps_of(ReviewKind(review.kind))
    reached = order.index(ReviewStep(review.step))
    showing = ReviewStep(review.step)
    if asked in ReviewStep.values and ReviewStep(asked) in order[: reached + 1]:
        showing = ReviewStep(asked)
    steps = [
        StepView(
            step,
            number,
            "done" if number - 1 < reached else "current" if number - 1 == reached else "todo",
            step == showing,
        )
        for number, step in enumerate(order, start=1)
    ]
    return ReviewPage(
        journey, review, steps, showing, loose_ends_of(journey), outcomes_for(journey.pk)
    )


def review_of(journey: Journey) -> ClosingReview | None:
    return ClosingReview.objects.filter(journey=journey).first()


def _due(state: JourneyState) -> str | None:
    sessions = state.sessions
    return closing_due(
        planned_end=state.journey.planned_end,
        today=state.today,
        planned_ahead=sum(
            1 for s in sessions if s.status == SessionStatus.PLANNED and s.starts_at > state.now
        ),
        held=sum(1 for s in sessions if s.status == SessionStatus.HELD),
    )


def closing_prompt_section(state: JourneyState, page: Page) -> JourneySection | None:
    """At the top of the journey page and prep: the closing review is due (with the reason
    and a button to start it), or under way (with the step it reached). One query."""
    journey = state.journey
    if not journey.is_open():
        return None
    review = review_of(journey)
    due = None if review is not None else _due(state)
    if review is None and due is None:
        return None
    context = {"journey": journey, "review": review, "due": due, "page": page}
    return JourneySection("outcomes/_closing_prompt.html", context, slot="head")


def ending_section(state: JourneyState, page: Page) -> JourneySection | None:
    """Where the journey page ends a journey: starting the closing review or the short
    review of ending early; once ended, how it ended, in both people's words. One query."""
    if page != "journey":
        return None
    journey = state.journey
    review = review_of(journey)
    context = {
        "journey": journey,
        "review": review,
        "held_count": state.held_count,
        "because": _because(journey),
        # The note said when it ended early, kept in the adaptation log.
        "because_note": next(
            (a.reason for a in state.adaptations if a.kind == AdaptationKind.END), ""
        ),
    }
    return JourneySection("outcomes/_ending.html", context, slot="ending")


def _because(journey: Journey) -> str:
    """Why an ended journey ended early, in words; the journey keeps the reason itself."""
    code = journey.ended_because
    return str(EndReason(code).label) if code in EndReason.values else ""
