"""The client downloads their journey summary from the portal once the journey has ended,
through the portal's one guard: never before the end, never another client's, never with a
revoked link."""

from __future__ import annotations

import io

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from pypdf import PdfReader

from arcwise.journeys.models import Journey
from arcwise.portal.models import PortalLink
from arcwise.portal.services import portal_link_revoke
from tests.conftest import Cast
from tests.factories import make_client
from tests.journeys.factories import make_journey
from tests.outcomes.summary_factories import (
    PRIVATE_INSIGHT,
    PRIVATE_NOTE,
    journey_close,
    journey_end_early,
    outcomes_fill,
    private_notes_plant,
)
from tests.portal.helpers import open_portal

pytestmark = pytest.mark.django_db


def summary_url(journey: Journey) -> str:
    return reverse("portal:summary_pdf", args=[journey.public_id])


@pytest.fixture
def closed(cast: Cast) -> Journey:
    journey = make_journey(cast.coach, cast.client)
    private_notes_plant(journey)
    outcomes_fill(journey)
    return journey_close(journey)


def test_the_client_downloads_the_summary_of_a_closed_journey(cast: Cast, closed: Journey) -> None:
    http = open_portal(cast)

    home = http.get(reverse("portal:home")).content.decode()
    response = http.get(summary_url(closed))

    assert "Download your journey summary (PDF)" in home
    assert summary_url(closed) in home
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert "no-store" in response["Cache-Control"]
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "I stopped carrying everyone and slept better." in text
    assert "Ask before I fix." in text
    assert PRIVATE_NOTE not in text
    assert PRIVATE_INSIGHT not in text


def test_a_journey_ended_early_has_a_summary_too(cast: Cast) -> None:
    journey = journey_end_early(make_journey(cast.coach, cast.client))
    http = open_portal(cast)

    assert summary_url(journey) in http.get(reverse("portal:home")).content.decode()
    assert http.get(summary_url(journey)).status_code == 200


def test_before_the_journey_ends_the_summary_is_refused_with_words(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    http = open_portal(cast)

    home = http.get(reverse("portal:home")).content.decode()
    response = http.get(summary_url(journey))

    assert summary_url(journey) not in home
    assert response.status_code == 404
    assert "ready to download here once the journey closes" in response.content.decode()


def test_another_clients_summary_is_not_found(cast: Cast, closed: Journey) -> None:
    other = make_client(cast.practice, name="Olga Other")
    make_journey(cast.coach, other)
    http = open_portal(cast, other)

    response = http.get(summary_url(closed))

    assert response.status_code == 404
    assert b"%PDF" not in response.content


def test_a_revoked_link_gets_no_summary(cast: Cast, closed: Journey) -> None:
    http = open_portal(cast)
    newest = PortalLink.objects.filter(client=cast.client).latest("created_at")
    portal_link_revoke(client=cast.client, link_id=newest.public_id)

    response = http.get(summary_url(closed))

    assert response.status_code == 403
    assert b"%PDF" not in response.content
    assert "closed" in response.content.decode()


def test_without_a_portal_session_there_is_no_summary(closed: Journey) -> None:
    response = HttpClient().get(summary_url(closed))

    assert response.status_code == 403
    assert b"%PDF" not in response.content
