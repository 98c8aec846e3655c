"""Journeys end: closed well with what has shifted, or ended early with the reason; either
way sessions still to come are cancelled, the past stays, and nothing changes afterwards."""

from __future__ import annotations

import pytest

from arcwise.errors import DomainError
from arcwise.journeys.endings.services import Ending, journey_end
from arcwise.journeys.models import Adaptation, Journey, PhaseRun, PlanStage, Session
from arcwise.journeys.pages.state import JourneyState
from arcwise.journeys.plan.services import journey_adapt
from arcwise.journeys.schedule import Extend
from tests.conftest import Cast
from tests.journeys.factories import START, days, make_journey

pytestmark = pytest.mark.django_db
TODAY = START + days(10)


def close(journey: Journey, revision: int = 1) -> Journey:
    return journey_end(
        journey=journey,
        ending=Ending.closed(on=TODAY, what_shifted="He lets the team struggle, and it grows."),
        by=journey.coach,
        expected_revision=revision,
        today=TODAY,
    )


def test_closing_cancels_what_is_to_come_and_keeps_the_past(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    first = Session.objects.filter(journey=journey).order_by("starts_at").first()
    assert first is not None
    Session.objects.filter(pk=first.pk).update(status="held", notes="Guarded at first.")

    closed = close(journey)

    assert (closed.status, closed.ended_on) == ("closed", TODAY)
    assert closed.what_shifted.startswith("He lets the team struggle")
    statuses = list(
        Session.objects.filter(journey=journey)
        .order_by("starts_at")
        .values_list("status", flat=True)
    )
    assert statuses == ["held", "cancelled", "cancelled"]
    assert Session.objects.get(pk=first.pk).notes == "Guarded at first."
    assert not PlanStage.objects.filter(journey=journey).exists()
    assert not PhaseRun.objects.filter(journey=journey, left_on=None).exists()
    assert JourneyState.of(closed).next_session is None


def test_closing_needs_what_has_shifted(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)

    with pytest.raises(DomainError, match="what has shifted"):
        journey_end(
            journey=journey,
            ending=Ending.closed(on=TODAY, what_shifted="  "),
            by=journey.coach,
            expected_revision=1,
            today=TODAY,
        )
    assert Journey.objects.get(pk=journey.pk).status == "active"


def test_closing_twice_closes_once(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    close(journey)

    with pytest.raises(DomainError, match="closed"):
        close(journey)


def test_ending_early_is_logged_with_its_reason(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)

    ended = journey_end(
        journey=journey,
        ending=Ending.early(on=TODAY, because="withdrew", note="New job, no time now."),
        by=cast.coach,
        expected_revision=1,
        today=TODAY,
    )

    assert ended.status == "ended_early"
    log = JourneyState.of(Journey.objects.get(pk=journey.pk)).log
    assert [line.text for line in log] == [
        "Ended the journey early (the client withdrew): New job, no time now."
    ]


def test_an_ended_journey_refuses_adaptations(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    closed = close(journey)

    with pytest.raises(DomainError, match="closed"):
        journey_adapt(
            journey=closed,
            change=Extend(weeks=1),
            reason="Late idea",
            by=cast.coach,
            today=TODAY,
            expected_revision=closed.revision,
        )
    assert not Adaptation.objects.filter(journey=journey).exists()
