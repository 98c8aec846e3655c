from __future__ import annotations

import re
from io import StringIO
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.accounts.models import Membership, Practice, Role
from arcwise.clients.models import Client
from arcwise.demo.management.commands.load_demo import DEMO_PASSWORD
from arcwise.journeys.models import Journey
from arcwise.nudges.models import Nudge

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def debug_on(settings: Any) -> None:
    # The test runner turns DEBUG off; `make run` has it on.
    settings.DEBUG = True


def test_the_demo_practice_loads_once_and_prints_how_to_sign_in() -> None:
    first, second = StringIO(), StringIO()

    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)

    assert Practice.objects.count() == 1
    roles = sorted(Membership.objects.values_list("role", flat=True))
    assert roles == sorted([Role.OWNER, Role.COACH, Role.MENTOR])
    assert Client.objects.count() == 3
    journey = Journey.objects.get()
    assert journey.client.name == "Jordan Ellis"
    assert journey.sessions.filter(status="held").count() == 2
    assert journey.phase_runs.get(left_on=None).phase.name == "Resource"
    assert f"password: {DEMO_PASSWORD}" in first.getvalue()
    assert "already loaded" in second.getvalue()
    assert "Sign in at http://127.0.0.1:8000/sign-in/ " in second.getvalue()


@pytest.mark.parametrize(
    ("host", "port", "address"),
    [
        ("127.0.0.1", 8765, "http://127.0.0.1:8765/sign-in/"),
        ("localhost", 9000, "http://localhost:9000/sign-in/"),
        ("0.0.0.0", 8001, "http://127.0.0.1:8001/sign-in/"),  # noqa: S104 - every address
        ("::", 8002, "http://[::1]:8002/sign-in/"),
        ("::1", 8003, "http://[::1]:8003/sign-in/"),
    ],
)
def test_it_prints_the_address_the_server_listens_on(host: str, port: int, address: str) -> None:
    out = StringIO()

    call_command("load_demo", "--host", host, "--port", str(port), stdout=out)

    assert f"Sign in at {address} as the demo owner coach" in out.getvalue()


def test_a_port_out_of_range_is_refused_before_anything_is_loaded() -> None:
    with pytest.raises(CommandError, match="not a port number"):
        call_command("load_demo", "--port", "80000", stdout=StringIO())
    assert not Practice.objects.exists()


def test_the_demo_owner_can_sign_in() -> None:
    call_command("load_demo", stdout=StringIO())

    response = HttpClient().post(
        reverse("accounts:sign_in"), {"email": "maya@example.com", "password": DEMO_PASSWORD}
    )

    assert response.status_code == 302


def test_the_demo_is_refused_in_production(settings: Any) -> None:
    settings.DEBUG = False

    with pytest.raises(CommandError, match="only loaded with DEBUG on"):
        call_command("load_demo", stdout=StringIO())
    assert not Practice.objects.exists()


def _portal_address(out: str) -> str:
    match = re.search(r"portal, as the link he was e-mailed opens it.*\n  (\S+)\n", out)
    assert match, out
    return match.group(1)


def test_the_printed_portal_link_opens_jordans_side_of_the_journey() -> None:
    out = StringIO()
    call_command("load_demo", stdout=out)
    address = _portal_address(out.getvalue())
    browser = HttpClient()

    page = browser.get(urlsplit(address).path, follow=True)

    assert page.status_code == 200
    text = page.content.decode()
    assert "Resource" in text
    assert "Notice the rescue" in text
    assert "I stepped in on the release checklist" in text  # his answered reflection
    assert "Rescuing feels like care" not in text  # the coach's key insight stays hidden


def test_each_run_prints_a_fresh_link_and_the_last_one_stops_working() -> None:
    first, second = StringIO(), StringIO()
    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)
    old, new = _portal_address(first.getvalue()), _portal_address(second.getvalue())

    assert old != new
    assert "link has expired" in HttpClient().get(urlsplit(old).path, follow=True).content.decode()
    assert HttpClient().get(urlsplit(new).path, follow=True).status_code == 200
    assert Nudge.objects.filter(kind="portal_link").count() == 2  # each sent as a coach sends it


def test_the_coach_sees_jordans_answers_in_session_prep() -> None:
    call_command("load_demo", stdout=StringIO())
    journey = Journey.objects.get()
    coach = HttpClient()
    coach.post(
        reverse("accounts:sign_in"), {"email": "maya@example.com", "password": DEMO_PASSWORD}
    )

    text = coach.get(reverse("journeys:prep", args=[journey.public_id])).content.decode()

    assert "I stepped in on the release checklist" in text  # a reflection since the last session
    assert "Four times in two weeks" in text  # his check-in beside the experiment
    assert "Room for this work" in text  # the pulse trend
    assert '<figure class="pulse"><svg' in text  # drawn, not shown as its source
    assert "Who could Jordan think aloud with at work?" in text  # an open thread
