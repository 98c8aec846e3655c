"""The practice page leads to what insights keeps, for the roles that may see it."""

from __future__ import annotations

from django.test import Client as HttpClient
from django.urls import reverse

from tests.conftest import Cast
from tests.journeys.factories import make_journey

MENTOR_VIEWS = reverse("insights:mentor_views")
THRESHOLDS = reverse("insights:momentum_settings")


def practice_page(http: HttpClient) -> str:
    return http.get(reverse("accounts:practice")).content.decode()


def test_the_owner_is_led_to_mentor_views_and_the_momentum_thresholds(
    as_owner: HttpClient,
) -> None:
    page = practice_page(as_owner)

    assert f'href="{MENTOR_VIEWS}"' in page
    assert f'href="{THRESHOLDS}"' in page
    assert "and what you can adjust for the practice" in page


def test_a_coach_is_led_to_the_thresholds_but_not_to_mentor_views(as_coach: HttpClient) -> None:
    page = practice_page(as_coach)

    assert f'href="{THRESHOLDS}"' in page
    assert MENTOR_VIEWS not in page
    assert "and what you can adjust for the practice" not in page


def test_a_mentor_is_led_to_neither(as_mentor: HttpClient) -> None:
    page = practice_page(as_mentor)

    assert THRESHOLDS not in page
    assert MENTOR_VIEWS not in page


def test_every_journey_page_leads_to_the_emails_sent(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)
    messages = reverse("nudges:journey_messages", args=[journey.public_id])

    for name in ("journeys:detail", "journeys:prep"):
        page = as_coach.get(reverse(name, args=[journey.public_id])).content.decode()
        assert f'href="{messages}">E-mails sent</a>' in page, name
