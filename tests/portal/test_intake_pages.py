"""The client answers the intake in the portal: saves part-way and comes back, reviews what
the coach will see, sends once, and then reads it back with the day it was sent."""

from __future__ import annotations

import re

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.intake.models import Intake, IntakeState
from arcwise.journeys.models import Journey
from arcwise.outcomes.models import Goal
from tests.conftest import Cast
from tests.factories import make_client
from tests.intake.factories import ANSWERS, journey_with_intake, revision_of
from tests.journeys.factories import make_journey
from tests.portal.helpers import open_portal


def url(name: str, journey: Journey) -> str:
    return reverse(f"portal:{name}", args=[journey.public_id])


def posted(answers: dict[str, str], revision: int, step: str = "save") -> dict[str, str]:
    return {**{f"q-{k}": v for k, v in answers.items()}, "revision": str(revision), "step": step}


@pytest.fixture
def journey(cast: Cast) -> Journey:
    return journey_with_intake(cast)


@pytest.mark.django_db
def test_the_home_page_leads_to_the_intake_until_it_is_sent(cast: Cast, journey: Journey) -> None:
    http = open_portal(cast)

    home = http.get(reverse("portal:home")).content.decode()

    assert "Before your first session" in home
    assert url("intake", journey) in home


@pytest.mark.django_db
def test_saving_part_way_keeps_the_answers_for_when_the_client_comes_back(
    cast: Cast, journey: Journey
) -> None:
    http = open_portal(cast)

    response = http.post(
        url("intake_save", journey), posted({"pace": "Every week"}, 0), follow=True
    )

    page = response.content.decode()
    assert "Saved. You can come back to it any time" in page
    assert re.search(r'value="Every week"[^>]*checked', page)
    assert Intake.objects.get(journey=journey).state == IntakeState.DRAFT
    assert "Finish your answers" in http.get(reverse("portal:home")).content.decode()


@pytest.mark.django_db
def test_the_same_save_sent_twice_is_kept_once_and_says_so(cast: Cast, journey: Journey) -> None:
    http = open_portal(cast)
    http.post(url("intake_save", journey), posted(ANSWERS, 0))

    again = http.post(url("intake_save", journey), posted(ANSWERS, 0), follow=True)

    assert "already saved; nothing changed" in again.content.decode()
    assert revision_of(journey) == 1


@pytest.mark.django_db
def test_a_bad_answer_is_refused_naming_the_question_and_keeps_what_was_typed(
    cast: Cast, journey: Journey
) -> None:
    http = open_portal(cast)

    response = http.post(
        url("intake_save", journey), posted({"hopes": "Calm mornings", "energy": "12"}, 0)
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Select a valid choice" in page
    assert "Calm mornings" in page
    assert not Intake.objects.filter(journey=journey).exists()


@pytest.mark.django_db
def test_the_review_shows_the_answers_as_prep_shows_them_and_what_is_missing(
    cast: Cast, journey: Journey
) -> None:
    http = open_portal(cast)

    review = http.post(
        url("intake_save", journey), posted({"hopes": "Calm mornings"}, 0, "review"), follow=True
    )

    page = review.content.decode()
    assert "This is what your coach will see" in page
    assert '<dl class="intake-answers">' in page
    assert "Question 2 (“How much energy do you have for this right now?”) needs an answer" in page


@pytest.mark.django_db
def test_sending_twice_sends_once_then_the_page_is_read_only_with_the_day(
    cast: Cast, journey: Journey
) -> None:
    http = open_portal(cast)
    http.post(url("intake_save", journey), posted(ANSWERS, 0, "review"))

    first = http.post(url("intake_send", journey), {"revision": "1"}, follow=True)
    second = http.post(url("intake_send", journey), {"revision": "1"}, follow=True)

    assert "Sent to your coach" in first.content.decode()
    page = second.content.decode()
    assert "You sent your answers on" in page
    assert "Sent on" in page
    assert "<textarea" not in page
    assert "2 goals, in the client&#x27;s words" in page
    assert Goal.objects.filter(journey=journey).count() == 2
    assert url("intake", journey) not in http.get(reverse("portal:home")).content.decode()


@pytest.mark.django_db
def test_sending_without_a_required_answer_is_refused_naming_it(
    cast: Cast, journey: Journey
) -> None:
    http = open_portal(cast)
    http.post(url("intake_save", journey), posted({"pace": "Every week"}, 0))

    response = http.post(url("intake_send", journey), {"revision": "1"})

    assert response.status_code == 409
    assert "Question 1 (“What would make our work together worth it for you?”)" in (
        response.content.decode()
    )
    assert Intake.objects.get(journey=journey).state == IntakeState.DRAFT


@pytest.mark.django_db
def test_a_design_without_an_intake_has_no_intake_page(cast: Cast) -> None:
    plain = make_journey(cast.coach, cast.client)
    http = open_portal(cast)

    assert http.get(url("intake", plain)).status_code == 404
    assert "Before your first session" not in http.get(reverse("portal:home")).content.decode()


@pytest.mark.django_db
def test_another_clients_intake_is_not_found(cast: Cast, journey: Journey) -> None:
    other = make_client(cast.practice, name="Ann Other", email="ann@example.org")
    http = open_portal(cast, other)

    assert http.get(url("intake", journey)).status_code == 404
    assert http.post(url("intake_save", journey), posted(ANSWERS, 0)).status_code == 404
    assert not Intake.objects.exists()


@pytest.mark.django_db
def test_without_a_portal_link_nothing_is_shown_or_saved(journey: Journey) -> None:
    response = HttpClient().post(url("intake_save", journey), posted(ANSWERS, 0))

    assert response.status_code == 403
    assert not Intake.objects.exists()
