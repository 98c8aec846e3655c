from __future__ import annotations

import re
from datetime import UTC, datetime
from io import StringIO
from typing import Any
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from arcwise.accounts.models import Membership, Practice, Role
from arcwise.clients.models import Client
from arcwise.demo.management.commands.load_demo import DEMO_PASSWORD
from arcwise.demo.sponsored import WEI_SUMMARY
from arcwise.insights.momentum.judgement import weekly_states
from arcwise.insights.momentum.states import Kind, Momentum, State
from arcwise.insights.momentum_facts import load_facts, momentum_for
from arcwise.journeys.models import (
    Adaptation,
    AdaptationKind,
    Experiment,
    Journey,
    JourneyStatus,
    PhaseRun,
    PulseAnswer,
    Session,
)
from arcwise.nudges.models import Nudge
from arcwise.portal.models import ReflectionRequest

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
    assert roles == sorted([Role.OWNER, Role.COACH, Role.MENTOR, Role.SPONSOR])
    assert Client.objects.count() == 10
    journey = Journey.objects.get(client__name="Jordan Ellis")
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
    journey = Journey.objects.get(client__name="Jordan Ellis")
    coach = HttpClient()
    coach.post(
        reverse("accounts:sign_in"), {"email": "maya@example.com", "password": DEMO_PASSWORD}
    )

    text = coach.get(reverse("journeys:prep", args=[journey.public_id])).content.decode()

    assert "I stepped in on the release checklist" in text  # a reflection since the last session
    assert "Four times in two weeks" in text  # his check-in beside the experiment
    assert "Room for this work" in text  # the pulse trend
    assert '<figure class="pulse" tabindex="0"><svg' in text  # drawn, not shown as its source
    assert "Who could Jordan think aloud with at work?" in text  # an open thread


def _signed_in(email: str) -> HttpClient:
    browser = HttpClient()
    browser.post(reverse("accounts:sign_in"), {"email": email, "password": DEMO_PASSWORD})
    return browser


# Each demo client's journey and the momentum it is loaded to show.
INTENDED = {
    "Jordan Ellis": State.ON_TRACK,
    "Amara Nwosu": State.ON_TRACK,
    "Priya Raman": State.DRIFTING,
    "Kenji Watanabe": State.DRIFTING,
    "Lucía Fernández": State.STALLED,
    "Tomás Herrera": State.PAUSED,
    "Hannah Becker": State.CLOSURE_AT_RISK,
    "Wei Zhang": State.CLOSED,
    "Ingrid Solberg": State.CLOSED,
    "Rangi Parata": State.ENDED_EARLY,
}


def _momentum_by_client() -> dict[str, Momentum]:
    judged = momentum_for(Journey.objects.all(), timezone.now())
    return {
        journey.client.name: judged[journey.pk]
        for journey in Journey.objects.select_related("client")
    }


def _reasons(momentum: Momentum, kind: Kind) -> list[str]:
    return [signal.reason for signal in momentum.signals if signal.kind == kind]


def test_each_demo_journey_shows_the_momentum_it_is_there_to_show() -> None:
    call_command("load_demo", stdout=StringIO())

    momentum = _momentum_by_client()

    assert {name: m.state for name, m in momentum.items()} == INTENDED
    # The stalled journey says why: the sessions stopped, and the ones since were not held.
    stalled = momentum["Lucía Fernández"]
    (gap,) = _reasons(stalled, Kind.SESSION_GAP)
    assert re.fullmatch(
        r"4\d days since the last session; the agreed cadence is every 14 days", gap
    )
    assert _reasons(stalled, Kind.UNRECORDED_SESSIONS) == [
        "3 sessions in the past still marked planned"
    ]
    # Each of the others names its own cause.
    assert _reasons(momentum["Priya Raman"], Kind.PULSE_FALL) == [
        "\u2018Energy at the end of the day\u2019 fell from 7 to 3 over four weekly pulses"
    ]
    assert [s.kind for s in momentum["Kenji Watanabe"].signals] == [
        Kind.SESSION_GAP,
        Kind.REFLECTIONS,
    ]
    assert "back by" in momentum["Tomás Herrera"].signals[0].reason
    assert _reasons(momentum["Hannah Becker"], Kind.PLANNED_END_PASSED) == [
        "planned end passed 10 days ago, not closed"
    ]
    assert momentum["Rangi Parata"].signals[0].reason.startswith("ended early on ")


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2027, 3, 27, 23, 30, tzinfo=UTC),  # a Saturday night, as the clocks go forward
        datetime(2027, 11, 1, 0, 15, tzinfo=UTC),  # a Monday, just after they went back
        datetime(2028, 2, 29, 12, 0, tzinfo=UTC),  # a leap day, a Tuesday
    ],
    ids=["saturday-night", "monday", "leap-day"],
)
def test_the_states_hold_whatever_day_the_demo_is_loaded(moment: datetime) -> None:
    with time_machine.travel(moment, tick=False):
        call_command("load_demo", stdout=StringIO())

        states = {name: m.state for name, m in _momentum_by_client().items()}

    assert states == INTENDED


def test_the_journeys_span_two_coaches_two_designs_and_the_kinds_of_adaptation() -> None:
    call_command("load_demo", stdout=StringIO())

    by_coach = {
        email: Journey.objects.filter(coach__email=email).count()
        for email in ("maya@example.com", "sam@example.com")
    }
    assert by_coach == {"maya@example.com": 5, "sam@example.com": 5}
    designs = set(Journey.objects.values_list("design_version__name", flat=True))
    assert designs == {"Seven-phase transformation arc", "Six-session focused engagement"}
    kinds = set(Adaptation.objects.values_list("kind", flat=True))
    assert {
        AdaptationKind.EXTEND,
        AdaptationKind.PAUSE,
        AdaptationKind.SKIP,
        AdaptationKind.REVISIT,
        AdaptationKind.END,
    } <= kinds
    assert all(reason.strip() for reason in Adaptation.objects.values_list("reason", flat=True))
    closed = Journey.objects.filter(status=JourneyStatus.CLOSED)
    assert sorted(closed.values_list("client__name", flat=True)) == ["Ingrid Solberg", "Wei Zhang"]
    assert all(closed.values_list("what_shifted", flat=True))
    paused = Journey.objects.get(status=JourneyStatus.PAUSED)
    assert paused.paused_until is not None
    assert paused.paused_until > timezone.localdate()
    # Every journey has a history: sessions held with their notes.
    for journey in Journey.objects.all():
        held = journey.sessions.filter(status="held")
        assert held.count() >= 2, journey.client.name
        assert all(held.values_list("notes", flat=True)), journey.client.name


def test_loading_twice_adds_nothing() -> None:
    call_command("load_demo", stdout=StringIO())
    models = (Client, Journey, Session, PhaseRun, Adaptation, Experiment, ReflectionRequest)
    counts = [model.objects.count() for model in (*models, PulseAnswer)]

    call_command("load_demo", stdout=StringIO())

    assert [model.objects.count() for model in (*models, PulseAnswer)] == counts


def test_the_caseload_shows_each_coach_their_open_journeys() -> None:
    call_command("load_demo", stdout=StringIO())

    maya = _signed_in("maya@example.com").get(reverse("insights:caseload"))
    sam = _signed_in("sam@example.com").get(reverse("insights:caseload"))

    assert maya.status_code == sam.status_code == 200
    maya_text, sam_text = maya.content.decode(), sam.content.decode()
    for name in ("Jordan Ellis", "Priya Raman", "Tomás Herrera", "Lucía Fernández"):
        assert name in maya_text
    assert "Paused until" in maya_text  # Tomás, with the day he is expected back
    assert "Wei Zhang" not in maya_text  # closed journeys leave the caseload
    for name in ("Amara Nwosu", "Kenji Watanabe", "Hannah Becker"):
        assert name in sam_text
        assert name not in maya_text
    assert "Ingrid Solberg" not in sam_text
    assert "Rangi Parata" not in sam_text


def test_the_practice_insight_shows_closings_an_early_ending_and_a_stall() -> None:
    call_command("load_demo", stdout=StringIO())
    maya = _signed_in("maya@example.com")

    page = maya.get(reverse("insights:practice"))

    assert page.status_code == 200
    insight = page.context["insight"]
    assert insight.design.name == "Seven-phase transformation arc"
    assert (insight.totals.started, insight.totals.closed, insight.totals.ended_early) == (7, 1, 1)
    phases = {phase.name: phase for phase in insight.phases}
    assert phases["Understand"].stalled == 1  # Lucía
    assert phases["Understand"].ended_early == 1  # Rangi
    assert phases["Recognise and close"].reached == 1  # Ingrid
    text = page.content.decode()
    assert "Six-session focused engagement (3 journeys)" in text  # the other design, to pick
    assert "<dd>50%</dd>" in text  # completion with closure: one closed, one ended early


def test_each_coachs_hours_log_holds_paid_and_pro_bono_hours() -> None:
    call_command("load_demo", stdout=StringIO())

    for email, pro_bono in (
        ("maya@example.com", "Lucía Fernández"),
        ("sam@example.com", "Rangi Parata"),
    ):
        page = _signed_in(email).get(reverse("insights:hours_log"))

        assert page.status_code == 200
        log = page.context["log"]
        agreements = {row.client_name: row.agreement for row in log.rows}
        assert agreements[pro_bono] == "Pro bono"
        assert "Paid" in agreements.values()
        assert log.pro_bono_hours != "0.0"


def test_every_demo_journey_page_opens_for_its_coach() -> None:
    call_command("load_demo", stdout=StringIO())
    browsers = {email: _signed_in(email) for email in ("maya@example.com", "sam@example.com")}

    for journey in Journey.objects.select_related("coach", "client"):
        browser = browsers[journey.coach.email]
        page = browser.get(reverse("journeys:detail", args=[journey.public_id]))
        assert page.status_code == 200, journey.client.name
        assert journey.client.name in page.content.decode()


def test_the_sponsor_sees_weis_journey_with_the_summary_she_approved() -> None:
    call_command("load_demo", stdout=StringIO())
    dana = _signed_in("dana@example.com")
    wei = Journey.objects.get(client__name="Wei Zhang")

    listing = dana.get(reverse("sponsors:list")).content.decode()
    page = dana.get(reverse("sponsors:journey", args=[wei.public_id])).content.decode()

    assert "Wei Zhang" in listing
    assert "Jordan Ellis" not in listing  # his employer has no one with access yet
    assert WEI_SUMMARY in page
    assert "6 held, 0 cancelled" in page
    assert "T at close" in page
    assert "Keep the modelling work I love" not in page  # the goals are numbered, not named
    assert "Afraid management means losing" not in page  # a session's notes


def test_jordans_portal_asks_him_about_a_summary_for_his_sponsor() -> None:
    out = StringIO()
    call_command("load_demo", stdout=out)

    page = HttpClient().get(urlsplit(_portal_address(out.getvalue())).path, follow=True)

    text = page.content.decode()
    assert "For your sponsor" in text
    assert "Approve for Brightwave Software" in text


def test_the_on_track_journeys_were_on_track_every_week_of_their_history() -> None:
    # What the client did is dated when the story has it, not when the demo was loaded, so
    # the caseload's 12-week sparkline of a journey on track shows no drift that never was.
    call_command("load_demo", stdout=StringIO())
    now = timezone.now()
    facts = load_facts(Journey.objects.filter(client__name__in=["Jordan Ellis", "Amara Nwosu"]))

    for journey_facts in facts.values():
        weeks = weekly_states(journey_facts, now)
        assert weeks
        assert {week.state for week in weeks} == {State.ON_TRACK}
