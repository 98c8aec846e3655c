from __future__ import annotations

from uuid import uuid4

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arcwise.conversations.models import Author, Message
from arcwise.conversations.queries import unread_counts
from arcwise.journeys.models import Journey
from tests.conftest import Cast
from tests.conversations.helpers import client_writes, coach_writes, end, running_journey
from tests.factories import make_client
from tests.journeys.factories import make_journey
from tests.portal.helpers import open_portal


@pytest.fixture
def journey(cast: Cast) -> Journey:
    return running_journey(cast)


def page_url(journey: Journey) -> str:
    return reverse("portal:messages", args=[journey.public_id])


def send_url(journey: Journey) -> str:
    return reverse("portal:message_send", args=[journey.public_id])


def test_the_portal_home_shows_the_unread_count_and_leads_to_the_messages(
    cast: Cast, journey: Journey
) -> None:
    coach_writes(cast, journey, "How did it go?")
    coach_writes(cast, journey, "No rush.")
    http = open_portal(cast)
    home = http.get(reverse("portal:home")).content.decode()
    assert f'href="{page_url(journey)}">2 new messages from Cora Coach' in home
    page = http.get(page_url(journey)).content.decode()
    assert "How did it go?" in page
    assert unread_counts([journey.pk], side=Author.CLIENT) == {}
    home = http.get(reverse("portal:home")).content.decode()
    assert "Messages: write to Cora Coach" in home


def test_the_client_writes_once_however_often_the_form_is_sent(
    cast: Cast, journey: Journey
) -> None:
    http = open_portal(cast)
    form = {"body": "It went well.", "token": str(uuid4())}
    first = http.post(send_url(journey), form, follow=True).content.decode()
    assert "Sent." in first
    assert "It went well." in first
    second = http.post(send_url(journey), form, follow=True).content.decode()
    assert "already sent" in second
    assert Message.objects.filter(author=Author.CLIENT).count() == 1


def test_an_empty_message_is_refused_beside_the_box(cast: Cast, journey: Journey) -> None:
    http = open_portal(cast)
    response = http.post(send_url(journey), {"body": "", "token": str(uuid4())})
    assert response.status_code == 400
    assert "Write a message before sending it." in response.content.decode()


def test_an_ended_journeys_messages_are_read_only_in_the_portal(
    cast: Cast, journey: Journey
) -> None:
    coach_writes(cast, journey, "Well done on the close.")
    end(journey)
    http = open_portal(cast)
    page = http.get(page_url(journey)).content.decode()
    assert "Well done on the close." in page
    assert "can no longer be sent" in page
    assert send_url(journey) not in page
    response = http.post(send_url(journey), {"body": "Thanks!", "token": str(uuid4())})
    assert response.status_code == 400
    assert Message.objects.count() == 1


def test_another_clients_journey_is_not_found(cast: Cast, journey: Journey) -> None:
    other = make_client(cast.practice, name="Olga Other", email="olga@example.org")
    theirs = make_journey(cast.coach, other)
    http = open_portal(cast)
    assert http.get(page_url(theirs)).status_code == 404
    form = {"body": "Hi", "token": str(uuid4())}
    assert http.post(send_url(theirs), form).status_code == 404
    assert not Message.objects.exists()


def _queries(http: HttpClient, journey: Journey) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert http.get(page_url(journey)).status_code == 200
    return len(queries)


def test_the_portal_messages_page_costs_the_same_for_few_or_many(
    cast: Cast, journey: Journey
) -> None:
    coach_writes(cast, journey)
    http = open_portal(cast)
    few = _queries(http, journey)
    for n in range(15):
        coach_writes(cast, journey, f"Note {n}")
        client_writes(journey, f"Reply {n}")
    assert _queries(http, journey) == few
