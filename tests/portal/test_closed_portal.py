"""A portal the coach closed (revoked) stays closed until the coach sends a new link: the
planner's reminders carry no new link, and a revoked link cannot ask for a fresh one."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.nudges.models import Nudge, NudgeKind
from arcwise.portal.models import PortalLink
from arcwise.portal.services import portal_link_revoke
from tests.conftest import Cast
from tests.portal.helpers import link_url_in, open_portal, send_link
from tests.portal.test_prompts import THURSDAY, journey_with_three_due_things, plan, prompts

pytestmark = pytest.mark.django_db


def revoke(cast: Cast) -> None:
    newest = PortalLink.objects.filter(client=cast.client).latest("created_at")
    portal_link_revoke(client=cast.client, link_id=newest.public_id)


def test_after_a_revoke_the_planner_mails_no_new_link(cast: Cast) -> None:
    journey_with_three_due_things(cast)
    with time_machine.travel(THURSDAY - timedelta(days=1), tick=False):
        send_link(cast)
        revoke(cast)

    plan(THURSDAY)
    plan(THURSDAY + timedelta(days=4))

    assert prompts() == []
    assert not PortalLink.objects.filter(revoked_at=None).exists()


def test_a_waiting_reminder_is_taken_out_when_the_coach_closes_the_portal(cast: Cast) -> None:
    journey_with_three_due_things(cast)
    plan(THURSDAY)
    (waiting,) = prompts()

    with time_machine.travel(THURSDAY + timedelta(minutes=5), tick=False):
        revoke(cast)
    plan(THURSDAY + timedelta(minutes=10))

    assert not Nudge.objects.filter(pk=waiting.pk).exists()
    assert prompts() == []


def test_a_revoked_link_cannot_ask_for_a_fresh_one(cast: Cast) -> None:
    http = open_portal(cast)
    revoke(cast)

    page = http.get(reverse("portal:home")).content.decode()
    response = http.post(reverse("portal:fresh_link"))

    assert "Send me a fresh link" not in page
    assert "Your coach has closed this portal" in page
    assert response.status_code == 403
    assert "Your coach has closed this portal" in response.content.decode()
    assert Nudge.objects.filter(kind=NudgeKind.PORTAL_LINK).count() == 1
    assert not PortalLink.objects.filter(revoked_at=None).exists()


def test_a_link_sent_again_by_the_coach_opens_the_portal_and_the_reminders(
    cast: Cast,
) -> None:
    journey_with_three_due_things(cast)
    with time_machine.travel(THURSDAY - timedelta(days=1), tick=False):
        send_link(cast)
        revoke(cast)
    with time_machine.travel(THURSDAY - timedelta(hours=1), tick=False):
        reopened = send_link(cast)

    plan(THURSDAY)

    (message,) = prompts()
    with time_machine.travel(THURSDAY, tick=False):
        for url in (reopened, link_url_in(message)):
            http = HttpClient()
            http.get(urlsplit(url).path)
            page = http.get(reverse("portal:home")).content.decode()
            assert "Hello, Quentin" in page
