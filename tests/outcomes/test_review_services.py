"""The closing review: a journey closes only at its last step, after its loose ends, the
closing ratings and the words; each step refuses to be left half done, and a repeat or a
stale tab changes nothing twice."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyChanged
from arcwise.journeys.models import (
    Experiment,
    ExperimentStatus,
    Journey,
    Session,
    SessionStatus,
    Thread,
    ThreadKind,
)
from arcwise.outcomes.models import ClosingReview, Goal, GoalRating, ReviewKind, ReviewStep
from arcwise.outcomes.review_services import (
    StepWords,
    review_client_ask,
    review_close,
    review_set_aside,
    review_start,
    review_step_save,
)
from arcwise.outcomes.review_steps import loose_ends_of
from tests.conftest import Cast
from tests.journeys.factories import START, days, make_journey

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _started(cast: Cast, kind: ReviewKind = ReviewKind.FULL) -> ClosingReview:
    journey = make_journey(cast.coach, cast.client)
    return review_start(journey=journey, kind=kind, by=cast.coach, expected_revision=1)


def _tie_up(journey: Journey) -> None:
    Session.objects.filter(journey=journey, status=SessionStatus.PLANNED).update(
        status=SessionStatus.HELD
    )


def _save(review: ClosingReview, step: ReviewStep, **words: str) -> ClosingReview:
    return review_step_save(
        review=review, step=step, words=StepWords(**words), expected_version=review.version
    )


def _scaled_goal(journey: Journey) -> Goal:
    return Goal.objects.create(
        journey=journey,
        position=1,
        text="Say no without guilt",
        much_less="Says yes to everything",
        less="Says no once a month",
        expected="Says no weekly",
        more="Says no and explains",
        much_more="Says no and feels light",
    )


def test_starting_twice_goes_on_with_the_one_under_way(cast: Cast) -> None:
    review = _started(cast)

    with pytest.raises(AlreadyChanged, match="already under way"):
        review_start(
            journey=review.journey, kind=ReviewKind.FULL, by=cast.coach, expected_revision=1
        )
    assert ClosingReview.objects.count() == 1
    assert Journey.objects.get(pk=review.journey_id).status == "active"


def test_loose_ends_are_past_planned_sessions_open_experiments_and_open_threads(
    cast: Cast,
) -> None:
    journey = make_journey(cast.coach, cast.client, start=TODAY - days(20))
    first = Session.objects.filter(journey=journey).order_by("starts_at")[0]
    Experiment.objects.create(
        journey=journey, session=first, title="Say no", what_to_try="Once", by_when=TODAY
    )
    Thread.objects.create(journey=journey, session=first, kind=ThreadKind.QUESTION, text="Why?")

    loose = loose_ends_of(journey)

    # Two of the three sessions have begun (every two weeks from 20 days ago).
    assert (len(loose.sessions), len(loose.experiments), len(loose.threads)) == (2, 1, 1)
    assert loose.count() == 4


def test_the_review_cannot_leave_its_loose_ends_while_any_is_open(cast: Cast) -> None:
    review = _started(cast)

    with pytest.raises(DomainError, match="3 loose ends still open") as refusal:
        _save(review, ReviewStep.LOOSE_ENDS)
    assert refusal.value.field == "loose_ends"
    _tie_up(review.journey)

    saved = _save(review, ReviewStep.LOOSE_ENDS)

    assert (saved.step, saved.version) == (ReviewStep.RATINGS, 2)


def test_a_scaled_goal_must_be_rated_at_close_by_the_coach(cast: Cast) -> None:
    review = _started(cast)
    _tie_up(review.journey)
    review = _save(review, ReviewStep.LOOSE_ENDS)
    goal = _scaled_goal(review.journey)

    with pytest.raises(DomainError, match="Rate every goal at close"):
        _save(review, ReviewStep.RATINGS)
    GoalRating.objects.create(goal=goal, moment="close", rater="client", level=1)
    with pytest.raises(DomainError, match="Rate every goal at close"):
        _save(review, ReviewStep.RATINGS)
    GoalRating.objects.create(goal=goal, moment="close", rater="coach", level=1)

    assert _save(review, ReviewStep.RATINGS).step == ReviewStep.SHIFTED


def test_steps_go_in_order(cast: Cast) -> None:
    review = _started(cast)

    with pytest.raises(DomainError, match="Finish “Loose ends” first"):
        _save(review, ReviewStep.SHIFTED, coach_words="Lighter.")


def test_a_stale_tab_saves_nothing(cast: Cast) -> None:
    review = _started(cast)
    _tie_up(review.journey)
    stale_version = review.version
    _save(review, ReviewStep.LOOSE_ENDS)

    with pytest.raises(AlreadyChanged, match="saved meanwhile"):
        review_step_save(
            review=review,
            step=ReviewStep.LOOSE_ENDS,
            words=StepWords(),
            expected_version=stale_version,
        )
    assert ClosingReview.objects.get(pk=review.pk).version == 2


def _to_the_close(review: ClosingReview) -> ClosingReview:
    _tie_up(review.journey)
    review = _save(review, ReviewStep.LOOSE_ENDS)
    review = _save(review, ReviewStep.RATINGS)
    review = _save(review, ReviewStep.SHIFTED, coach_words="  He lets the team struggle.  ")
    return _save(review, ReviewStep.FORWARD, takes_forward="A Friday hour to think.")


def test_words_are_required_and_limited(cast: Cast) -> None:
    review = _started(cast)
    _tie_up(review.journey)
    review = _save(review, ReviewStep.LOOSE_ENDS)
    review = _save(review, ReviewStep.RATINGS)

    with pytest.raises(DomainError, match="what has shifted") as empty:
        _save(review, ReviewStep.SHIFTED, coach_words="   ")
    with pytest.raises(DomainError, match="4,000 characters") as long:
        _save(review, ReviewStep.SHIFTED, coach_words="x" * 4001)
    assert empty.value.field == long.value.field == "coach_words"


def test_the_journey_closes_only_at_the_last_step_with_the_coachs_words(cast: Cast) -> None:
    review = _started(cast)
    journey = review.journey
    with pytest.raises(DomainError, match="first"):
        review_close(
            review=review, on=TODAY, expected_version=review.version, by=cast.coach, today=TODAY
        )
    assert Journey.objects.get(pk=journey.pk).status == "active"
    review = _to_the_close(review)

    closed = review_close(
        review=review, on=TODAY, expected_version=review.version, by=cast.coach, today=TODAY
    )

    assert (closed.status, closed.ended_on) == ("closed", TODAY)
    assert closed.what_shifted == "He lets the team struggle."
    done = ClosingReview.objects.get(pk=review.pk)
    assert done.is_complete()
    assert done.closing_date == TODAY
    assert done.takes_forward == "A Friday hour to think."
    # Nothing planned is left in the past, or anywhere.
    assert not Session.objects.filter(journey=journey, status="planned").exists()


def test_closing_twice_closes_once_and_says_so(cast: Cast) -> None:
    review = _to_the_close(_started(cast))
    version = review.version
    review_close(review=review, on=TODAY, expected_version=version, by=cast.coach, today=TODAY)

    with pytest.raises(AlreadyChanged, match="finished"):
        review_close(review=review, on=TODAY, expected_version=version, by=cast.coach, today=TODAY)


def test_a_session_that_passed_meanwhile_is_a_loose_end_again_at_the_close(cast: Cast) -> None:
    review = _to_the_close(_started(cast))
    first = Session.objects.filter(journey=review.journey).order_by("starts_at")[0]
    Session.objects.filter(pk=first.pk).update(status=SessionStatus.PLANNED)

    with pytest.raises(DomainError, match="1 loose end still open"):
        review_close(
            review=review, on=TODAY, expected_version=review.version, by=cast.coach, today=TODAY
        )
    assert Journey.objects.get(pk=review.journey_id).is_open()


def test_the_closing_date_is_not_in_the_future_nor_before_the_start(cast: Cast) -> None:
    review = _to_the_close(_started(cast))

    for day in (TODAY + days(1), START - days(1)):
        with pytest.raises(DomainError) as refusal:
            review_close(
                review=review, on=day, expected_version=review.version, by=cast.coach, today=TODAY
            )
        assert refusal.value.field == "on"
    assert not ClosingReview.objects.get(pk=review.pk).is_complete()


def test_ending_early_asks_why_and_logs_it(cast: Cast) -> None:
    review = _started(cast, ReviewKind.SHORT)
    _tie_up(review.journey)
    review = _save(review, ReviewStep.LOOSE_ENDS)
    assert review.step == ReviewStep.SHIFTED  # no ratings step in the short review

    with pytest.raises(DomainError, match="Choose why") as refusal:
        _save(review, ReviewStep.SHIFTED, because="", because_note="New job.")
    assert refusal.value.field == "because"
    review = _save(review, ReviewStep.SHIFTED, because="withdrew", because_note="New job.")
    ended = review_close(
        review=review, on=TODAY, expected_version=review.version, by=cast.coach, today=TODAY
    )

    assert ended.status == "ended_early"
    assert ended.ended_because == "withdrew"
    assert ended.adaptations.get().reason == "New job."


def test_asking_the_client_twice_asks_once(cast: Cast) -> None:
    review = _started(cast)
    asked = review_client_ask(review=review, expected_version=1, now=timezone.now())
    first = asked.client_asked_at

    with pytest.raises(AlreadyChanged, match="already asked"):
        review_client_ask(review=asked, expected_version=asked.version, now=timezone.now())
    assert ClosingReview.objects.get(pk=review.pk).client_asked_at == first


def test_setting_the_review_aside_keeps_the_journey_running(cast: Cast) -> None:
    review = _started(cast)

    review_set_aside(review=review, expected_version=1)

    assert not ClosingReview.objects.exists()
    with pytest.raises(AlreadyChanged, match="No closing review is under way"):
        review_set_aside(review=review, expected_version=1)
    assert Journey.objects.get(pk=review.journey_id).is_open()


def test_an_open_experiment_at_close_is_debriefed_or_not_tried(cast: Cast) -> None:
    review = _started(cast)
    first = Session.objects.filter(journey=review.journey).order_by("starts_at")[0]
    Experiment.objects.create(
        journey=review.journey,
        session=first,
        title="Try",
        what_to_try="x",
        by_when=date(2026, 9, 9),
    )
    _tie_up(review.journey)

    with pytest.raises(DomainError, match="1 loose end still open"):
        _save(review, ReviewStep.LOOSE_ENDS)
    Experiment.objects.update(status=ExperimentStatus.DROPPED, debrief="Not tried: no chance.")
    assert _save(review, ReviewStep.LOOSE_ENDS).step == ReviewStep.RATINGS
