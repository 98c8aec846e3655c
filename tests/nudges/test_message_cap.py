"""The coach sets how many messages a week reach the client: at enrolment, beside the
cadence, and later on the journey's Messages page; a repeated or stale form changes nothing
twice, and a bad number is refused with a message."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.errors import DomainError
from arcwise.journeys.models import Journey
from arcwise.nudges.preferences import journey_message_cap_set
from tests.conftest import Cast, signed_in
from tests.journeys import pages
from tests.journeys.factories import make_journey
from tests.journeys.pages import page_fields
from tests.journeys.test_enrolment import weekly_version
from tests.races import in_two_threads


def cap_url(journey: Journey) -> str:
    return reverse("nudges:journey_message_cap", args=[journey.public_id])


def cap_of(journey: Journey) -> int:
    return Journey.objects.get(pk=journey.pk).weekly_message_cap


@pytest.mark.django_db
def test_the_coach_sets_the_cap_at_enrolment(cast: Cast, as_coach: HttpClient) -> None:
    version = weekly_version(cast)
    proposal = as_coach.post(
        reverse("journeys:new"), pages.agreement(cast, version, weekly_message_cap="5")
    )
    assert "Messages a week, at most" in as_coach.get(reverse("journeys:new")).content.decode()

    started = as_coach.post(
        reverse("journeys:new"), {**page_fields(proposal.content.decode()), "action": "start"}
    )

    assert started.status_code == 302
    assert Journey.objects.get().weekly_message_cap == 5


@pytest.mark.django_db
def test_left_empty_at_enrolment_the_cap_is_three(cast: Cast, as_coach: HttpClient) -> None:
    version = weekly_version(cast)
    fields = pages.agreement(cast, version, weekly_message_cap="")
    proposal = as_coach.post(reverse("journeys:new"), fields)

    as_coach.post(
        reverse("journeys:new"), {**page_fields(proposal.content.decode()), "action": "start"}
    )

    assert Journey.objects.get().weekly_message_cap == 3


@pytest.mark.django_db
def test_the_coach_changes_the_cap_and_sending_it_again_changes_nothing(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)

    first = as_coach.post(cap_url(journey), {"cap": "5", "was": "3"}, follow=True)
    second = as_coach.post(cap_url(journey), {"cap": "5", "was": "3"}, follow=True)

    assert "At most 5 messages a week now reach Quentin Confidential." in first.content.decode()
    assert "The cap was already 5 a week; nothing changed." in second.content.decode()
    assert "0 of 5 messages this week" in second.content.decode()
    assert cap_of(journey) == 5


@pytest.mark.django_db
def test_a_cap_changed_meanwhile_in_another_tab_is_not_overwritten(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    Journey.objects.filter(pk=journey.pk).update(weekly_message_cap=7)

    page = as_coach.post(cap_url(journey), {"cap": "2", "was": "3"}, follow=True)

    assert "The cap was changed to 7 a week meanwhile" in page.content.decode()
    assert cap_of(journey) == 7


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["0", "15", "many", ""])
def test_a_cap_out_of_range_is_refused_with_a_message(
    cast: Cast, as_coach: HttpClient, value: str
) -> None:
    journey = make_journey(cast.coach, cast.client)

    page = as_coach.post(cap_url(journey), {"cap": value, "was": "3"})

    assert page.status_code == 400
    assert 'id="id_cap-errors"' in page.content.decode()
    assert cap_of(journey) == 3


@pytest.mark.django_db
def test_a_form_without_the_cap_it_was_made_from_is_refused(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)

    page = as_coach.post(cap_url(journey), {"cap": "5"})

    assert page.status_code == 400
    assert "This page is out of date" in page.content.decode()
    assert cap_of(journey) == 3


@pytest.mark.django_db
def test_the_service_refuses_a_cap_out_of_range(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)

    with pytest.raises(DomainError, match="Choose 1 to 14"):
        journey_message_cap_set(journey=journey, cap=20, was=3)


@pytest.mark.django_db(transaction=True)
def test_a_double_click_sets_the_cap_once(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)

    def post() -> str:
        page = signed_in(cast.coach).post(cap_url(journey), {"cap": "6", "was": "3"}, follow=True)
        text = page.content.decode()
        return "set" if "At most 6 messages" in text else "already" if "already 6" in text else text

    outcomes = in_two_threads(post)

    # The update is conditional on the cap the page showed: one request sets it, the other
    # finds it already 6 and says so.
    assert sorted(str(outcome) for outcome in outcomes) == ["already", "set"]
    assert cap_of(journey) == 6
