"""A coach's token reads their journeys as the journey pages show them: the list with its
filters, one journey with its plan, its sessions (the record audited as the session page's),
experiments with check-ins, threads, momentum and outcomes."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest
from django.utils import timezone

from arcwise.accounts.models import Membership, Role
from arcwise.designs.models import Phase
from arcwise.journeys.experiments.services import experiment_agree
from arcwise.journeys.models import Journey, JourneyStatus, Session, SessionStatus
from arcwise.journeys.plan.services import journey_adapt, phase_advance
from arcwise.journeys.schedule import plan_phase
from arcwise.journeys.schedule.plan import Revisit
from arcwise.journeys.sessions.services import session_record_save, session_set_status
from arcwise.journeys.threads.services import thread_close, thread_open
from arcwise.outcomes.rating_services import goal_ratings_save
from arcwise.portal.models import ExperimentCheckIn, Tried
from arcwise.privacy.models import AuditAction, AuditEvent
from tests.api.journey_helpers import call, token_of
from tests.conftest import Cast
from tests.factories import make_client, make_member
from tests.journeys.factories import START, days, make_journey
from tests.outcomes.factories import measured_journey

pytestmark = pytest.mark.django_db


def first_session(journey: Journey) -> Session:
    return Session.objects.filter(journey=journey).order_by("starts_at").first()  # type: ignore[return-value]


def held(journey: Journey) -> Session:
    session = first_session(journey)
    return session_set_status(session=session, status="held", from_status="planned")


def test_the_list_shows_the_coachs_journeys_with_phase_and_momentum(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    make_journey(cast.owner, make_client(cast.practice, name="Owner's Client"))

    response = call(token_of(cast.coach), "GET", "/journeys")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (row,) = body["items"]
    assert row["id"] == str(journey.public_id)
    assert row["client"]["name"] == "Quentin Confidential"
    assert row["yours"] is True
    assert row["current_phase"] == {"key": "orient", "name": "Orient"}
    assert row["momentum"]["state"] == "closure_at_risk"
    assert all(signal["reason"] for signal in row["momentum"]["signals"])
    assert (
        response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    )


def test_the_owner_filters_by_coach_or_sees_every_coachs(cast: Cast) -> None:
    make_journey(cast.coach, cast.client)
    make_journey(cast.owner, make_client(cast.practice, name="Owner's Client"))
    raw = token_of(cast.owner)
    coach_id = Membership.objects.get(user=cast.coach).public_id

    own = call(raw, "GET", "/journeys").json()
    theirs = call(raw, "GET", f"/journeys?coach={coach_id}").json()
    everyone = call(raw, "GET", "/journeys?coach=all").json()

    assert [r["client"]["name"] for r in own["items"]] == ["Owner's Client"]
    assert [(r["client"]["name"], r["yours"]) for r in theirs["items"]] == [
        ("Quentin Confidential", False)
    ]
    assert everyone["count"] == 2


def test_a_coach_cannot_widen_the_list_to_another_coach(cast: Cast) -> None:
    make_journey(cast.owner, cast.client)
    owner_id = Membership.objects.get(user=cast.owner).public_id

    response = call(token_of(cast.coach), "GET", f"/journeys?coach={owner_id}")

    assert response.status_code == 422
    assert "coach" in response.json()["error"]["fields"]


def test_bad_filters_are_refused_naming_the_parameter(cast: Cast) -> None:
    raw = token_of(cast.owner)

    status = call(raw, "GET", "/journeys?status=finished")
    coach = call(raw, "GET", f"/journeys?coach={uuid4()}")
    limit = call(raw, "GET", "/journeys?limit=101")

    assert status.status_code == coach.status_code == limit.status_code == 422
    assert list(status.json()["error"]["fields"]) == ["status"]
    assert list(coach.json()["error"]["fields"]) == ["coach"]
    assert "limit" in limit.json()["error"]["fields"]


def test_the_list_filters_by_status_and_pages(cast: Cast) -> None:
    journeys = [
        make_journey(cast.coach, make_client(cast.practice), start=START + days(i))
        for i in range(3)
    ]
    Journey.objects.filter(pk=journeys[0].pk).update(status=JourneyStatus.PAUSED)
    raw = token_of(cast.coach)

    paused = call(raw, "GET", "/journeys?status=paused").json()
    page = call(raw, "GET", "/journeys?limit=2&offset=2").json()

    assert [r["id"] for r in paused["items"]] == [str(journeys[0].public_id)]
    assert page["count"] == 3
    assert [r["id"] for r in page["items"]] == [str(journeys[0].public_id)]  # newest first


def test_one_journey_shows_its_plan_runs_revisits_and_adaptations(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    held(journey)
    phase_advance(
        journey=journey, readiness_note="Names the goal", on=START + days(14), expected_revision=1
    )
    journey.refresh_from_db()
    orient = Phase.objects.get(version=journey.design_version, key="orient")
    journey_adapt(
        journey=journey,
        change=Revisit(phase=plan_phase(orient)),
        reason="The goal moved",
        by=cast.coach,
        today=timezone.localdate(),
        expected_revision=journey.revision,
    )

    body = call(token_of(cast.coach), "GET", f"/journeys/{journey.public_id}").json()

    assert body["agreement"]["goals"] == "To lead without rescuing everyone."
    assert body["current_phase"]["key"] == "orient"
    runs = [(r["phase"]["key"], r["revisit"], r["left_on"] is None) for r in body["phase_runs"]]
    assert runs == [("orient", False, False), ("experiment", False, False), ("orient", True, True)]
    assert body["phase_runs"][0]["readiness_note"] == "Names the goal"
    assert [(a["kind"], a["reason"]) for a in body["adaptations"]] == [
        ("revisit", "The goal moved")
    ]
    first = body["sessions"][0]
    assert first["starts_at"] == "2026-09-07T09:00:00Z"  # 10:00 in London, said in UTC
    assert (first["status"], first["phase_run"]) == ("held", 1)
    assert [s["phase"]["key"] for s in body["plan"]][:1] == ["orient"]


def test_a_colleagues_journey_is_not_found_even_for_the_owner(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)

    for person in (cast.owner, make_member(cast.practice, Role.COACH)):
        response = call(token_of(person), "GET", f"/journeys/{journey.public_id}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_the_session_list_leaves_out_the_record(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    session = held(journey)
    session_record_save(
        session=session,
        by=cast.coach,
        expected_version=1,
        notes="Cried",
        key_insights="",
        agreements="",
    )

    body = call(token_of(cast.coach), "GET", f"/journeys/{journey.public_id}/sessions").json()

    assert body["count"] == 3
    assert "record" not in body["items"][0]
    assert "Cried" not in str(body)
    assert not AuditEvent.objects.filter(action=AuditAction.NOTE_READ).exists()


def test_one_session_shows_its_record_and_the_read_is_audited(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    session = held(journey)
    session_record_save(
        session=session,
        by=cast.coach,
        expected_version=1,
        notes="Cried",
        key_insights="Owns it",
        agreements="",
    )

    body = call(
        token_of(cast.coach), "GET", f"/journeys/{journey.public_id}/sessions/{session.public_id}"
    ).json()

    assert body["record"]["notes"] == "Cried"
    assert body["record"]["version"] == 2
    assert body["record"]["open"] is True
    event = AuditEvent.objects.get(action=AuditAction.NOTE_READ)
    assert event.actor == cast.coach
    assert event.detail == {"page": "api:session", "session": str(session.public_id)}


def test_experiments_carry_the_clients_check_in(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    session = held(journey)
    experiment = experiment_agree(
        session=session,
        title="Say no once",
        what_to_try="Decline one meeting",
        by_when=START + days(7),
    )
    ExperimentCheckIn.objects.create(
        experiment=experiment, tried=Tried.PARTLY, what_happened="Declined half of one"
    )

    body = call(token_of(cast.coach), "GET", f"/journeys/{journey.public_id}/experiments").json()

    (row,) = body["items"]
    assert (row["title"], row["status"], row["session"]) == (
        "Say no once",
        "open",
        str(session.public_id),
    )
    assert row["check_in"]["tried"] == "partly"
    assert row["check_in"]["what_happened"] == "Declined half of one"
    assert AuditEvent.objects.filter(action=AuditAction.REFLECTION_READ).count() == 1


def test_threads_say_open_or_closed_and_where_they_went(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    session = held(journey)
    kept = thread_open(session=session, kind="question", text="Does she want it?", token=uuid4())
    thread_open(session=session, kind="insight", text="Rescuing is loyalty", token=uuid4())
    thread_close(thread=kept, where_it_went="She does, on her terms", from_version=1)
    raw = token_of(cast.coach)

    closed = call(raw, "GET", f"/journeys/{journey.public_id}/threads?state=closed").json()
    every = call(raw, "GET", f"/journeys/{journey.public_id}/threads").json()
    wrong = call(raw, "GET", f"/journeys/{journey.public_id}/threads?state=lost")

    assert [(t["text"], t["open"], t["where_it_went"]) for t in closed["items"]] == [
        ("Does she want it?", False, "She does, on her terms")
    ]
    assert every["count"] == 2
    assert list(wrong.json()["error"]["fields"]) == ["state"]
    assert AuditEvent.objects.filter(action=AuditAction.NOTE_READ).count() == 2


def test_momentum_gives_the_state_and_each_signals_reason(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client, start=timezone.localdate() - timedelta(days=3))

    body = call(token_of(cast.coach), "GET", f"/journeys/{journey.public_id}/momentum").json()

    assert body["state"] in {"on_track", "drifting", "stalled", "closure_at_risk"}
    assert all(set(s) == {"kind", "severity", "reason"} for s in body["signals"])


def test_outcomes_show_levels_ratings_and_the_t_score(cast: Cast) -> None:
    journey = measured_journey(cast)
    goals = list(journey.scaled_goals.order_by("position"))
    goal_ratings_save(
        journey=journey,
        moment="baseline",
        rater="coach",
        today=journey.start_date,
        levels={goal.public_id: -1 for goal in goals},
    )

    body = call(token_of(cast.coach), "GET", f"/journeys/{journey.public_id}/outcomes").json()

    assert [g["text"] for g in body["goals"]] == ["Lead without rescuing", "Find time to think"]
    assert body["goals"][0]["levels"]["expected"] == "Holds back half the time"
    assert body["goals"][0]["ratings"] == [{"moment": "baseline", "rater": "coach", "level": -1}]
    baseline = next(
        t for t in body["t_scores"] if (t["moment"], t["rater"]) == ("baseline", "coach")
    )
    assert baseline["t"] == pytest.approx(38.0, abs=0.5)
    assert [a["name"] for a in body["wheel"]] == [
        "Energy",
        "Clarity of direction",
        "Relationships at work",
    ]
    assert body["closing_review"] is None


def test_a_session_of_a_cancelled_status_is_listed_as_such(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    session = first_session(journey)
    session_set_status(session=session, status=SessionStatus.CANCELLED, from_status="planned")

    body = call(token_of(cast.coach), "GET", f"/journeys/{journey.public_id}/sessions").json()

    assert body["items"][0]["status"] == "cancelled"
