"""A journey started by mistake can be removed, after a confirmation, while nothing has
happened in it; once a session is held or has notes, it stays and ends instead."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.clients.models import Client
from arcwise.errors import DomainError
from arcwise.journeys.endings.services import Ending, Removed, journey_end, journey_remove
from arcwise.journeys.errors import JourneyGone
from arcwise.journeys.models import Adaptation, Experiment, Journey, PhaseRun, PlanStage, Session
from tests.conftest import Cast
from tests.journeys.factories import START, days, make_journey
from tests.races import in_two_threads

pytestmark = pytest.mark.django_db


def first_session(journey: Journey) -> Session:
    return Session.objects.filter(journey=journey).order_by("starts_at")[0]


def agree_experiment(journey: Journey) -> Experiment:
    return Experiment.objects.create(
        journey=journey,
        session=first_session(journey),
        title="Say no once",
        what_to_try="Decline one meeting this week",
        by_when=START + days(7),
    )


def remove_url(journey: Journey) -> str:
    return reverse("journeys:remove", args=[journey.public_id])


def test_removing_deletes_the_journey_and_everything_in_it(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    agree_experiment(journey)

    removed = journey_remove(journey=journey, expected_revision=1, by=cast.coach)

    assert (removed.client_name, removed.sessions, removed.experiments) == (
        "Quentin Confidential",
        3,
        1,
    )
    assert not Journey.objects.filter(pk=journey.pk).exists()
    for model in (Session, Experiment, PhaseRun, PlanStage, Adaptation):
        assert not model.objects.filter(journey_id=journey.pk).exists()
    assert Client.objects.filter(pk=cast.client.pk).exists()


def test_a_journey_with_a_held_session_is_not_removed(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    Session.objects.filter(pk=first_session(journey).pk).update(status="held")

    with pytest.raises(DomainError, match="was held"):
        journey_remove(journey=journey, expected_revision=1, by=cast.coach)
    assert Journey.objects.filter(pk=journey.pk).exists()


def test_a_journey_whose_session_has_notes_is_not_removed(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    Session.objects.filter(pk=first_session(journey).pk).update(agreements="Call HR first.")

    with pytest.raises(DomainError, match="has notes"):
        journey_remove(journey=journey, expected_revision=1, by=cast.coach)
    assert Session.objects.filter(journey=journey).count() == 3


def test_an_ended_journey_stays_as_history(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    journey_end(
        journey=journey,
        ending=Ending.early(on=START, because="no_contact", note="Never answered."),
        by=cast.coach,
        expected_revision=1,
        today=START,
    )

    with pytest.raises(DomainError, match="ended early: it is part of the practice's history"):
        journey_remove(journey=journey, expected_revision=2, by=cast.coach)


def test_a_stale_page_removes_nothing(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    Journey.objects.filter(pk=journey.pk).update(revision=2)

    with pytest.raises(DomainError, match="Nothing was changed"):
        journey_remove(journey=journey, expected_revision=1, by=cast.coach)
    assert Journey.objects.filter(pk=journey.pk).exists()


def test_only_the_journeys_coach_removes_it(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)

    with pytest.raises(DomainError, match="Only the journey's coach"):
        journey_remove(journey=journey, expected_revision=1, by=cast.owner)


def test_removing_again_says_it_is_already_gone(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    journey_remove(journey=journey, expected_revision=1, by=cast.coach)

    with pytest.raises(JourneyGone, match="already removed"):
        journey_remove(journey=journey, expected_revision=1, by=cast.coach)


def test_the_confirmation_shows_what_will_be_deleted(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)
    agree_experiment(journey)

    page = as_coach.get(remove_url(journey)).content.decode()

    assert "Remove Quentin Confidential's journey?" in page
    assert "3 planned sessions" in page
    assert "1 experiment" in page
    assert "Say no once" in page
    assert 'name="revision" value="1"' in page
    assert Journey.objects.filter(pk=journey.pk).exists()


def test_the_confirmation_says_why_a_held_journey_stays(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)
    Session.objects.filter(pk=first_session(journey).pk).update(status="held")

    page = as_coach.get(remove_url(journey)).content.decode()

    assert "A session of this journey was held" in page
    assert "Remove the journey</button>" not in page


def test_the_journey_page_offers_removal_only_before_a_session_is_held(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    detail = reverse("journeys:detail", args=[journey.public_id])

    assert remove_url(journey) in as_coach.get(detail).content.decode()
    Session.objects.filter(pk=first_session(journey).pk).update(status="held")
    assert remove_url(journey) not in as_coach.get(detail).content.decode()


def test_removal_sent_twice_removes_once_and_says_so(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)

    first = as_coach.post(remove_url(journey), {"revision": "1"}, follow=True)
    second = as_coach.post(remove_url(journey), {"revision": "1"})

    assert "Quentin Confidential&#x27;s journey is removed, with its 3 sessions" in (
        first.content.decode()
    )
    assert first.redirect_chain[-1][0] == reverse("journeys:list")
    assert second.status_code == 404
    assert "If you have just removed it, it is gone" in second.content.decode()
    assert not Journey.objects.filter(pk=journey.pk).exists()


def test_a_refused_removal_says_why_on_the_journey_page(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)
    Session.objects.filter(pk=first_session(journey).pk).update(status="held")

    response = as_coach.post(remove_url(journey), {"revision": "1"}, follow=True)

    assert "A session of this journey was held" in response.content.decode()
    assert Journey.objects.filter(pk=journey.pk).exists()


def test_a_removal_without_its_revision_removes_nothing(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)

    response = as_coach.post(remove_url(journey), {"revision": "soon"}, follow=True)

    assert "out of date" in response.content.decode()
    assert Journey.objects.filter(pk=journey.pk).exists()


def test_another_coach_cannot_remove_the_journey(cast: Cast, as_owner: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)

    response = as_owner.post(remove_url(journey), {"revision": "1"})

    assert response.status_code == 404
    assert Journey.objects.filter(pk=journey.pk).exists()


def test_a_mentor_is_refused_and_anonymous_is_sent_to_sign_in(
    cast: Cast, as_mentor: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)

    assert as_mentor.post(remove_url(journey), {"revision": "1"}).status_code == 403
    anonymous = HttpClient().post(remove_url(journey), {"revision": "1"})
    assert anonymous["Location"].startswith(reverse("accounts:sign_in"))
    assert Journey.objects.filter(pk=journey.pk).exists()


def test_other_methods_are_refused(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)

    assert as_coach.put(remove_url(journey)).status_code == 405
    assert as_coach.delete(remove_url(journey)).status_code == 405


@pytest.mark.django_db(transaction=True)
def test_removal_from_two_threads_removes_once(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)

    outcomes = in_two_threads(
        lambda: journey_remove(journey=journey, expected_revision=1, by=cast.coach)
    )

    assert sum(isinstance(o, Removed) for o in outcomes) == 1
    gone = [o for o in outcomes if isinstance(o, JourneyGone)]
    assert len(gone) == 1
    assert not Journey.objects.filter(pk=journey.pk).exists()
