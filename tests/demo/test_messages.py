"""The demo's Jordan has written with his coach both ways, and one message waits for Maya."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.accounts.models import User
from arcwise.conversations.models import Author, Message
from arcwise.conversations.queries import unread_counts
from arcwise.journeys.models import Journey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo(settings: Any) -> None:
    settings.DEBUG = True  # the demo is loaded only as `make run` loads it
    call_command("load_demo", stdout=StringIO())


def test_jordans_journey_has_messages_both_ways_and_one_unread_by_his_coach() -> None:
    journey = Journey.objects.get(client__name="Jordan Ellis")
    authors = set(Message.objects.filter(journey=journey).values_list("author", flat=True))
    assert authors == {Author.COACH, Author.CLIENT}
    assert unread_counts([journey.pk], side=Author.COACH) == {journey.pk: 1}
    assert unread_counts([journey.pk], side=Author.CLIENT) == {}


def test_maya_sees_the_unread_message_on_her_caseload() -> None:
    journey = Journey.objects.get(client__name="Jordan Ellis")
    http = HttpClient()
    http.force_login(User.objects.get(pk=journey.coach_id))
    html = http.get(reverse("insights:caseload")).content.decode()
    assert "1 new message" in html
