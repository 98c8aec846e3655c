"""The writes of the closing review: starting it, saving each step, asking the client for
their closing words, closing (or ending early) at the last step, and setting it aside.

The review is saved step by step and carries a version: a second tab or a retried request
holding an older version changes nothing and is told why. The journey closes only at the
last step, through `journeys.endings.services.journey_end`, in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from arcwise.accounts.models import User
from arcwise.errors import DomainError
from arcwise.journeys.endings.services import Ending, journey_end
from arcwise.journeys.errors import AlreadyChanged
from arcwise.journeys.locking import lock_open_journey
from arcwise.journeys.models import EndReason, Journey
from arcwise.outcomes.models import (
    CLOSING_TEXT_LIMIT,
    ClosingReview,
    Moment,
    Rater,
    ReviewKind,
    ReviewStep,
)
from arcwise.outcomes.readings import outcomes_for
from arcwise.outcomes.review_steps import loose_ends_of, steps_of

REVIEW_GONE = "No closing review is under way for this journey now; nothing was changed."


@dataclass(frozen=True)
class StepWords:
    """What a step of the review writes; a step reads only its own fields."""

    coach_words: str = ""
    takes_forward: str = ""
    because: str = ""
    because_note: str = ""


def review_start(
    *, journey: Journey, kind: ReviewKind, by: User, expected_revision: int
) -> ClosingReview:
    """Start the closing review (or, for `ReviewKind.SHORT`, the short review of ending
    early) of an open journey. Starting it again goes on with the one under way."""
    with transaction.atomic():
        journey = lock_open_journey(journey, expected_revision)
        under_way = ClosingReview.objects.filter(journey=journey).first()
        if under_way is not None:
            raise AlreadyChanged(
                f"The {under_way.get_kind_display().lower()} of this journey is already under "
                "way: it goes on from where it was left."
            )
        return ClosingReview.objects.create(journey=journey, kind=kind, started_by=by)


def _locked(review: ClosingReview, expected_version: int) -> ClosingReview:
    """The review's row, locked, if it is as the page showed it.

    The journey's row is locked first, as every other write of the journey and of the
    client's closing words does: one order of locks, so two of them never deadlock.
    """
    Journey.objects.select_for_update().only("status").filter(pk=review.journey_id).first()
    current = ClosingReview.objects.select_for_update().filter(pk=review.pk).first()
    if current is None:
        raise AlreadyChanged(REVIEW_GONE)
    if current.is_complete():
        raise AlreadyChanged("This review is finished: the journey has ended. Nothing changed.")
    if current.version != expected_version:
        raise AlreadyChanged(
            "This review was saved meanwhile, in another tab or by another request; nothing "
            "was changed this time. The page now shows it as it is."
        )
    return current


def _words(text: str, *, field: str, required: str | None) -> str:
    text = text.strip()
    if required and not text:
        raise DomainError(required, field=field)
    if len(text) > CLOSING_TEXT_LIMIT:
        raise DomainError(
            f"Keep this to {CLOSING_TEXT_LIMIT:,} characters; it has {len(text):,}.", field=field
        )
    return text


def _refuse_unfinished(review: ClosingReview, step: ReviewStep) -> None:
    """Refuse leaving `step` while what it asks for is missing."""
    journey = review.journey
    if step == ReviewStep.LOOSE_ENDS:
        left = loose_ends_of(journey).count()
        if left:
            raise DomainError(
                f"{left} loose end{'s' if left != 1 else ''} still open: each past session "
                "needs its status, each experiment its debrief, each thread where it went.",
                field="loose_ends",
            )
    if step == ReviewStep.RATINGS:
        outcomes = outcomes_for(journey.pk)
        if outcomes.scaled_goals and not outcomes.is_rated(Moment.CLOSE, Rater.COACH):
            raise DomainError(
                "Rate every goal at close first: where the client is now, on its five levels.",
                field="ratings",
            )


def review_step_save(
    *, review: ClosingReview, step: ReviewStep, words: StepWords, expected_version: int
) -> ClosingReview:
    """Save `step` and go on to the next one. Each step refuses to be left half done."""
    with transaction.atomic():
        current = _locked(review, expected_version)
        steps = steps_of(ReviewKind(current.kind))
        if step not in steps or step == ReviewStep.CLOSE:
            raise DomainError("This step is not part of this review.")
        reached = steps.index(ReviewStep(current.step))
        if steps.index(step) > reached:
            raise DomainError(
                f"Finish “{ReviewStep(current.step).label}” first; the review goes in order."
            )
        current.journey = review.journey
        _refuse_unfinished(current, step)
        fields = _step_fields(current, step, words)
        following = steps[steps.index(step) + 1]
        fields["step"] = steps[max(reached, steps.index(following))]
        fields["version"] = current.version + 1
        ClosingReview.objects.filter(pk=current.pk).update(**fields)
    review.refresh_from_db()
    return review


def _step_fields(review: ClosingReview, step: ReviewStep, words: StepWords) -> dict[str, object]:
    short = review.kind == ReviewKind.SHORT
    if step == ReviewStep.SHIFTED and short:
        if words.because not in EndReason.values:
            raise DomainError("Choose why the journey ends early.", field="because")
        return {
            "because": words.because,
            "because_note": _words(
                words.because_note, field="because_note", required="Write a note for the log."
            )[:200],
            "coach_words": _words(words.coach_words, field="coach_words", required=None),
        }
    if step == ReviewStep.SHIFTED:
        return {
            "coach_words": _words(
                words.coach_words,
                field="coach_words",
                required="Write what has shifted for the client, in your words.",
            )
        }
    if step == ReviewStep.FORWARD:
        return {
            "takes_forward": _words(
                words.takes_forward,
                field="takes_forward",
                required="Write what the client takes forward from here.",
            )
        }
    return {}


def review_client_ask(
    *, review: ClosingReview, expected_version: int, now: datetime
) -> ClosingReview:
    """Ask the client, through their portal, for their closing ratings and what has shifted
    in their words. The portal's planner sends the e-mail once; asking twice asks once."""
    with transaction.atomic():
        current = _locked(review, expected_version)
        if current.client_asked_at is not None:
            raise AlreadyChanged(
                "You already asked the client; their portal shows the closing questions."
            )
        ClosingReview.objects.filter(pk=current.pk).update(
            client_asked_at=now, version=current.version + 1
        )
    review.refresh_from_db()
    return review


def review_close(
    *, review: ClosingReview, on: date, expected_version: int, by: User, today: date
) -> Journey:
    """The last step: end the journey on `on` (closed, or ended early for a short review),
    once every earlier step is done and no loose end is left."""
    with transaction.atomic():
        current = _locked(review, expected_version)
        current.journey = review.journey
        if current.step != ReviewStep.CLOSE:
            raise DomainError(
                f"Finish “{ReviewStep(current.step).label}” first; the review goes in order."
            )
        _refuse_unfinished(current, ReviewStep.LOOSE_ENDS)
        if current.kind == ReviewKind.FULL:
            _refuse_unfinished(current, ReviewStep.RATINGS)
            ending = Ending.closed(on=on, what_shifted=current.coach_words)
        else:
            ending = Ending.early(on=on, because=current.because, note=current.because_note)
        # journey_end locks the journey at this revision: a change made meanwhile is refused
        # there, with what changed.
        revision = Journey.objects.values_list("revision", flat=True).get(pk=current.journey_id)
        journey = journey_end(
            journey=current.journey, ending=ending, by=by, expected_revision=revision, today=today
        )
        ClosingReview.objects.filter(pk=current.pk).update(
            closing_date=on, completed_at=timezone.now(), version=current.version + 1
        )
    return journey


def review_set_aside(*, review: ClosingReview, expected_version: int) -> None:
    """Stop the review and keep running the journey: what it held is discarded."""
    with transaction.atomic():
        current = _locked(review, expected_version)
        current.delete()
