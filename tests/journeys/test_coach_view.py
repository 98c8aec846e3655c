"""What the coach sees of a running journey: the phase history with its readiness notes,
the session page with its phase, prompts and neighbours, and a map whose today line stays
inside the journey's dates."""

from __future__ import annotations

import html
from typing import Any

import pytest
import time_machine
from django.test import Client as HttpClient

from arcwise.designs.models import DesignVersion
from arcwise.journeys.endings.services import Ending, journey_end
from arcwise.journeys.models import Journey, PhaseRun, Session
from tests.conftest import Cast
from tests.designs.factories import make_design, make_phase_spec
from tests.journeys.factories import START, at, days, make_journey
from tests.journeys.pages import journey_url

pytestmark = pytest.mark.django_db

PROMPTS = {
    "orient": "What would make this journey worth it?",
    "experiment": "What did you try since we last met?",
    "close": "What will you keep doing on your own?",
}


def session_url(session: Session) -> str:
    return journey_url("session", session.journey, session_id=session.public_id)


def sessions_of(journey: Journey) -> list[Session]:
    return list(Session.objects.filter(journey=journey).order_by("starts_at"))


def prompted_version(cast: Cast, sessions_per_phase: int = 1) -> DesignVersion:
    """Three phases, each with its own session prompt."""
    design = make_design(
        cast.practice,
        cast.coach,
        published=True,
        phases=tuple(
            make_phase_spec(
                key,
                planned_weeks=2 * sessions_per_phase,
                planned_sessions=sessions_per_phase,
                session_prompts=(prompt,),
            )
            for key, prompt in PROMPTS.items()
        ),
    )
    return DesignVersion.objects.get(design=design)


def advance(as_coach: HttpClient, journey: Journey, note: str, on: str) -> None:
    response = as_coach.post(
        journey_url("advance", journey), {"readiness_note": note, "on": on, "revision": "1"}
    )
    assert response.status_code == 302


# --- Phase history ----------------------------------------------------------------------------


def test_the_journey_page_lists_each_run_with_its_readiness_note(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)

    with time_machine.travel(START + days(24)):
        advance(as_coach, journey, "Names the goal <as hers>, unprompted.", "2026-09-24")
        page = as_coach.get(journey_url("detail", journey)).content.decode()

    history = page.split('id="history-heading"')[1].split("</section>")[0]
    rows = [
        " ".join(html.unescape(row).split())
        for row in history.split("<tr>")[2:]  # after the heading row
    ]
    assert "Orient" in rows[0]
    assert "7 Sep 2026" in rows[0]
    assert "24 Sep 2026" in rows[0]
    # Two weeks planned, two weeks and three days spent.
    assert "<td>2</td>" in rows[0]
    assert "2 weeks 3 days" in rows[0]
    assert "over plan" in rows[0]
    assert "Names the goal <as hers>, unprompted." in rows[0]
    assert "Experiment" in rows[1]
    assert "now" in rows[1]
    assert "1 week so far" in rows[1]  # today is 1 October
    # The note is text, never markup.
    assert "<as hers>" not in page
    assert PhaseRun.objects.get(journey=journey, left_on=None).phase.key == "experiment"


def test_the_maps_bar_for_a_left_run_carries_its_readiness_note(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)

    with time_machine.travel(START + days(15)):
        advance(as_coach, journey, "Owns the goal in her words.", "2026-09-21")
        page = as_coach.get(journey_url("detail", journey)).content.decode()

    figure = page.split('<figure class="journey-map" tabindex="0">')[1].split("</figure>")[0]
    assert (
        "<title>Phase 1: Orient \N{EM DASH} run 1, 7 Sep 2026 \N{EN DASH} 21 Sep 2026 (2 weeks). "
        "Ready to move on: Owns the goal in her words.</title>"
    ) in figure


# --- The session page -------------------------------------------------------------------------


def test_the_session_page_shows_its_phase_its_prompts_and_its_neighbours(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client, version=prompted_version(cast))
    first, middle, last = sessions_of(journey)

    page = as_coach.get(session_url(middle)).content.decode()

    assert "In Experiment." in page
    assert "Session prompts for Experiment" in page
    assert PROMPTS["experiment"] in page
    assert PROMPTS["orient"] not in page
    previous = f'<a href="{session_url(first)}" rel="prev">Previous session: Mon 7 Sep 2026, 10:00'
    following = f'<a href="{session_url(last)}" rel="next">Next session: Mon 5 Oct 2026, 10:00'
    assert previous in page
    assert following in page


def test_the_first_and_last_sessions_say_so_instead_of_linking_on(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client, version=prompted_version(cast))
    first, _, last = sessions_of(journey)

    opening = as_coach.get(session_url(first)).content.decode()
    closing = as_coach.get(session_url(last)).content.decode()

    assert "This is the first session." in opening
    assert 'rel="prev"' not in opening
    assert PROMPTS["orient"] in opening
    assert "This is the last session." in closing
    assert 'rel="next"' not in closing
    assert PROMPTS["close"] in closing


def test_a_session_shows_the_phase_it_moved_to_when_the_plan_changed(
    cast: Cast, as_coach: HttpClient
) -> None:
    # Two sessions a phase: Orient's second session, still to come when the journey moves
    # on early, joins Experiment.
    journey = make_journey(
        cast.coach, cast.client, version=prompted_version(cast, 2), sessions_per_phase=2
    )
    second = sessions_of(journey)[1]
    assert "In Orient." in as_coach.get(session_url(second)).content.decode()

    with time_machine.travel(START + days(8)):
        advance(as_coach, journey, "Ready early.", "2026-09-14")
        page = as_coach.get(session_url(second)).content.decode()

    assert "In Experiment." in page
    assert PROMPTS["experiment"] in page
    assert PROMPTS["orient"] not in page


@pytest.mark.parametrize("extra_sessions", [10, 200])
def test_the_session_page_costs_the_same_queries_at_any_size(
    cast: Cast, as_coach: HttpClient, extra_sessions: int, django_assert_num_queries: Any
) -> None:
    journey = make_journey(cast.coach, cast.client)
    phase = PhaseRun.objects.get(journey=journey).phase
    Session.objects.bulk_create(
        Session(journey=journey, phase=phase, starts_at=at(START + days(n % 40), 15))
        for n in range(extra_sessions)
    )
    first = session_url(sessions_of(journey)[0])

    # session, user, memberships; the journey with client and design; phases, runs, plan,
    # sessions, adaptations, experiments, pulse answers, threads; the audit log's four for
    # the notes read (its chain's head made if missing, and locked; the event; the head);
    # the header's count of unread messages
    with django_assert_num_queries(17):
        page = as_coach.get(first)
    assert "Next session: Mon 7 Sep 2026, 15:00" in page.content.decode()


# --- The map's today line ---------------------------------------------------------------------


def test_a_closed_journeys_map_has_no_today_line_after_it_closed(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    with time_machine.travel(START + days(30)):
        journey_end(
            journey=journey,
            ending=Ending.closed(on=START + days(30), what_shifted="She says no, kindly."),
            by=journey.coach,
            expected_revision=1,
            today=START + days(30),
        )
    # Weeks past its planned end: a today line would stretch the axis out to today.
    with time_machine.travel(START + days(70)):
        page = as_coach.get(journey_url("detail", journey)).content.decode()

    assert "jm-today" not in page
    assert "Ended 7 Oct 2026" in page


def test_a_running_journeys_map_has_a_today_line(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)

    with time_machine.travel(START + days(10)):
        page = as_coach.get(journey_url("detail", journey)).content.decode()

    assert "<title>Today, 17 Sep 2026</title>" in page
