from __future__ import annotations

import re
from typing import Any
from uuid import uuid4

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.designs.models import DesignVersion
from arcwise.insights.caseload_paging import PAGE_SIZE
from arcwise.journeys.models import (
    Adaptation,
    Experiment,
    Journey,
    PhaseRun,
    Session,
    Thread,
    ThreadKind,
)
from tests.conftest import Cast
from tests.designs.factories import make_design
from tests.factories import make_client
from tests.journeys.factories import START, at, days, make_journey, make_version
from tests.journeys.pages import agreement, journey_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(cast: Cast) -> DesignVersion:
    design = make_design(cast.practice, cast.coach, "orient", "experiment", "close", published=True)
    return DesignVersion.objects.get(design=design)


def test_enrolment_proposes_a_plan_then_starts_the_journey(
    cast: Cast, as_coach: HttpClient, version: DesignVersion
) -> None:
    proposal = as_coach.post(reverse("journeys:new"), agreement(cast, version))

    body = proposal.content.decode()
    assert "The session plan" in body
    assert body.count('type="date" name="plan-') == 3
    assert not Journey.objects.exists()

    plan = {
        "plan-TOTAL_FORMS": "3",
        "plan-INITIAL_FORMS": "3",
        "plan-MIN_NUM_FORMS": "1",
        "plan-MAX_NUM_FORMS": "200",
        **{f"plan-{n}-phase_key": key for n, key in enumerate(["orient", "experiment", "close"])},
        "plan-0-day": "2026-09-07",
        "plan-1-day": "2026-09-21",
        "plan-2-day": "2026-10-08",
        **{f"plan-{n}-at": "09:30" for n in range(3)},
    }
    token = re.search(r'name="start_token" value="([0-9a-f-]+)"', body)
    assert token is not None
    started = as_coach.post(
        reverse("journeys:new"),
        {**agreement(cast, version), **plan, "action": "start", "start_token": token[1]},
    )

    journey = Journey.objects.get()
    assert started["Location"] == journey_url("detail", journey)
    assert journey.planned_end == START + days(42)
    sessions = list(Session.objects.filter(journey=journey).order_by("starts_at"))
    assert sessions[2].starts_at.isoformat() == "2026-10-08T08:30:00+00:00"  # 09:30 in London


def test_a_time_in_the_clocks_gap_is_refused_on_its_row(
    cast: Cast, as_coach: HttpClient, version: DesignVersion
) -> None:
    data = agreement(cast, version, start_date="2027-03-15", planned_end="2027-05-01")
    plan = {
        "plan-TOTAL_FORMS": "1",
        "plan-INITIAL_FORMS": "1",
        "plan-MIN_NUM_FORMS": "1",
        "plan-MAX_NUM_FORMS": "200",
        "plan-0-phase_key": "orient",
        "plan-0-day": "2027-03-28",
        "plan-0-at": "01:30",
    }

    response = as_coach.post(reverse("journeys:new"), {**data, **plan, "action": "start"})

    assert response.status_code == 400
    assert "does not exist in Europe/London" in response.content.decode()
    assert 'value="01:30"' in response.content.decode()
    assert not Journey.objects.exists()


def test_an_end_before_the_start_is_shown_next_to_the_field(
    cast: Cast, as_coach: HttpClient, version: DesignVersion
) -> None:
    response = as_coach.post(
        reverse("journeys:new"), agreement(cast, version, planned_end="2026-09-01")
    )

    assert 'id="id_planned_end-errors"' in response.content.decode()
    assert "The planned end must be after the start date." in response.content.decode()


def test_a_journey_page_shows_map_phase_sessions_and_log(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)
    as_coach.post(
        journey_url("adapt", journey, kind="extend"),
        {
            "extend-weeks": "2",
            "extend-add_sessions": "0",
            "extend-reason": "Client travelling for work",
            "extend-revision": "1",
        },
    )

    with time_machine.travel(START + days(3)):
        page = as_coach.get(journey_url("detail", journey)).content.decode()

    assert 'role="img"' in page
    assert "Now: Orient" in page
    assert "Client travelling for work" in page
    assert PhaseRun.objects.get(journey=journey).planned_weeks == 4


def test_an_adaptation_without_a_reason_changes_nothing(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)

    response = as_coach.post(
        journey_url("adapt", journey, kind="pause"),
        {"pause-reason": "", "pause-until": "2026-10-01", "pause-revision": "1"},
    )

    assert response.status_code == 400
    assert "Nothing was changed." in response.content.decode()
    assert not Adaptation.objects.exists()
    assert Journey.objects.get(pk=journey.pk).status == "active"


EXTEND = {
    "extend-weeks": "2",
    "extend-add_sessions": "0",
    "extend-reason": "Travelling",
    "extend-revision": "1",
}


def test_the_preview_shows_what_moves_and_changes_nothing(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)
    before = list(Session.objects.filter(journey=journey).values_list("starts_at", flat=True))

    with time_machine.travel(START):
        page = as_coach.post(journey_url("adapt_preview", journey, kind="extend"), EXTEND)

    body = page.content.decode()
    assert page.status_code == 200
    assert "2 sessions moved" in body
    assert "2 weeks later" in body
    assert "Confirm: extend Orient" in body
    assert "Planned end: 2 November 2026 (was 19 October 2026)" in body
    after = list(Session.objects.filter(journey=journey).values_list("starts_at", flat=True))
    assert after == before
    assert not Adaptation.objects.exists()


def test_the_preview_by_htmx_is_a_fragment(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)

    with time_machine.travel(START):
        page = as_coach.post(
            journey_url("adapt_preview", journey, kind="extend"), EXTEND, HTTP_HX_REQUEST="true"
        )

    assert "<html" not in page.content.decode()
    assert "Confirm: extend Orient" in page.content.decode()


def test_confirming_twice_extends_once(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)

    with time_machine.travel(START):
        as_coach.post(journey_url("adapt", journey, kind="extend"), EXTEND)
        second = as_coach.post(journey_url("adapt", journey, kind="extend"), EXTEND, follow=True)

    assert "Nothing was changed this time" in second.content.decode()
    assert Adaptation.objects.filter(journey=journey).count() == 1
    assert PhaseRun.objects.get(journey=journey).planned_weeks == 4


def test_an_unknown_adaptation_is_404(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)

    response = as_coach.post(journey_url("adapt_preview", journey, kind="teleport"), EXTEND)

    assert response.status_code == 404


def test_moving_on_from_the_journey_page(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)

    as_coach.post(
        journey_url("advance", journey),
        {"readiness_note": "Owns the goal", "on": "2026-09-21", "revision": "1"},
    )
    second = as_coach.post(
        journey_url("advance", journey),
        {"readiness_note": "Owns the goal", "on": "2026-09-21", "revision": "1"},
        follow=True,
    )

    assert PhaseRun.objects.filter(journey=journey).count() == 2
    assert "This journey already moved on to Experiment" in second.content.decode()


def test_notes_save_and_a_stale_save_keeps_the_typed_text(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)
    session = Session.objects.filter(journey=journey).first()
    assert session is not None
    url = journey_url("session_record", journey, session_id=session.public_id)
    record = {"notes": "First tab", "key_insights": "", "agreements": "", "record_version": "1"}

    saved = as_coach.post(url, record, HTTP_HX_REQUEST="true")
    stale = as_coach.post(url, {**record, "notes": "Second tab"}, HTTP_HX_REQUEST="true")

    assert saved.status_code == 200
    assert 'name="record_version" value="2"' in saved.content.decode()
    assert stale.status_code == 409
    assert "saved somewhere else" in stale.content.decode()
    assert Session.objects.get(pk=session.pk).notes == "First tab"

    page = as_coach.post(url, {**record, "notes": "Second tab, without htmx"})
    body = page.content.decode()
    assert page.status_code == 409
    assert "Second tab, without htmx" in body
    assert "First tab" in body


def test_an_autosave_of_refused_text_answers_in_the_status_line(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    session = Session.objects.filter(journey=journey).first()
    assert session is not None
    url = journey_url("session_record", journey, session_id=session.public_id)
    spoofed = {
        "notes": "Paid \u202eevil",
        "key_insights": "",
        "agreements": "",
        "record_version": "1",
    }

    response = as_coach.post(url, spoofed, HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert response.status_code == 400
    assert body.lstrip().startswith('<div id="record-status"')
    assert "Not saved." in body
    assert 'name="record_version" value="1"' in body
    assert Session.objects.get(pk=session.pk).notes == ""


def test_an_experiment_is_agreed_in_a_session(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)
    session = Session.objects.filter(journey=journey).first()
    assert session is not None

    as_coach.post(
        journey_url("experiment_agree", journey, session_id=session.public_id),
        {
            "title": "Say no once",
            "what_to_try": "Decline one request",
            "by_when": "2026-09-18",
            "token": str(uuid4()),
        },
    )
    experiment = Experiment.objects.get()
    as_coach.post(
        journey_url("experiment_status", journey, experiment_id=experiment.public_id),
        {
            "status": "done",
            "from_status": "open",
            "debrief": "Saying no got easier the second time.",
        },
    )

    experiment.refresh_from_db()
    assert (experiment.status, experiment.debrief) == (
        "done",
        "Saying no got easier the second time.",
    )


def test_journeys_are_visible_only_to_their_coach(cast: Cast, as_owner: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)

    assert as_owner.get(journey_url("detail", journey)).status_code == 404
    assert as_owner.get(journey_url("prep", journey)).status_code == 404
    assert "Quentin" not in as_owner.get(reverse("insights:caseload")).content.decode()


def test_mentors_have_no_caseload(as_mentor: HttpClient) -> None:
    assert as_mentor.get(reverse("insights:caseload")).status_code == 403


def test_changes_need_a_post(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)

    assert as_coach.get(journey_url("advance", journey)).status_code == 405
    assert as_coach.get(journey_url("adapt", journey, kind="pause")).status_code == 405


@pytest.mark.parametrize("count", [10, 200])
def test_the_caseload_costs_the_same_queries_at_any_size(
    cast: Cast, as_coach: HttpClient, count: int, django_assert_num_queries: Any
) -> None:
    version = make_version(cast.client, cast.coach, ["orient", "experiment", "close"])
    for number in range(count):
        make_journey(
            cast.coach, make_client(cast.practice, name=f"Client {number}"), version=version
        )

    # session, user, memberships; the designs and phases to filter by; the counts; the
    # page's journeys; journeys with client and design; closing reviews under way;
    # momentum's seven facts; the unread messages
    with django_assert_num_queries(17):
        response = as_coach.get(reverse("insights:caseload"))
    # 200 journeys are more than a page: the first page's rows are shown
    assert response.content.decode().count("Prep<span") == min(count, PAGE_SIZE)


@pytest.mark.parametrize("extra_sessions", [10, 200])
def test_journey_page_and_prep_cost_the_same_queries_at_any_size(
    cast: Cast, as_coach: HttpClient, extra_sessions: int, django_assert_num_queries: Any
) -> None:
    journey = make_journey(cast.coach, cast.client)
    phase = PhaseRun.objects.get(journey=journey).phase
    Session.objects.bulk_create(
        Session(journey=journey, phase=phase, starts_at=at(START + days(n % 40)))
        for n in range(extra_sessions)
    )
    for n in range(extra_sessions // 10):
        Experiment.objects.create(
            journey=journey, title=f"Try {n}", what_to_try="Something", by_when=START + days(20)
        )
    first = Session.objects.filter(journey=journey).order_by("starts_at")[0]
    Thread.objects.bulk_create(
        Thread(journey=journey, session=first, kind=ThreadKind.QUESTION, text=f"Ask {n}")
        for n in range(extra_sessions // 10)
    )

    # 12, and the portal's two: the client's reflections and experiment check-ins (prep
    # reads no reflections before a session is held, so it has one fewer, and one more:
    # the client's check-in before the next session, read whether one is planned or not);
    # the journey page also insights' two for mentor review: the mentors, their comments;
    # both pages insights' eight for momentum: the practice's thresholds and seven facts;
    # the closing review's one on prep (is it under way?), two on the journey page (its
    # prompt and the ending section each ask); the journey page also the outcomes' four
    # for its goals and wheel with their ratings, and the sponsor's three (the agreement,
    # the practice's sponsors, invitations to sponsors); the audit log's four for each kind
    # of record read: the journey page the client's reflections, prep those and the notes;
    # both pages the header's count of unread messages, prep the messages since the last
    # session; the journey page also booking's two (the moves waiting, the video links)
    with django_assert_num_queries(40):
        page = as_coach.get(journey_url("detail", journey))
    with django_assert_num_queries(33):
        prep = as_coach.get(journey_url("prep", journey))
    assert prep.content.decode().count('class="thread"') == extra_sessions // 10
    assert page.content.decode().count('class="status status--planned"') == extra_sessions + 3
    assert "Try 0" in prep.content.decode()


def test_an_unknown_adaptation_is_not_found(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)

    response = as_coach.post(journey_url("adapt", journey, kind="teleport"), {})

    assert response.status_code == 404
    assert not Adaptation.objects.exists()
