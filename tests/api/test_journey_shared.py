"""A mentor's token reads only the structure of the journeys shared with them, under a
pseudonym, as the mentor's pages show it; a sponsor's token reads what the agreement shows."""

from __future__ import annotations

import pytest
from django.utils import timezone

from arcwise.insights.mentoring import mentor_grant, mentor_revoke
from arcwise.insights.models import MentorPage, MentorViewRecord
from arcwise.journeys.models import Journey, Session
from arcwise.journeys.plan.services import journey_adapt
from arcwise.journeys.schedule.plan import Pause
from arcwise.journeys.sessions.services import session_record_save, session_set_status
from arcwise.privacy.models import AuditAction, AuditEvent
from tests.api.journey_helpers import call, token_of
from tests.conftest import Cast
from tests.factories import make_client
from tests.journeys.factories import make_journey
from tests.sponsors.factories import sponsor

pytestmark = pytest.mark.django_db


def shared_journey(cast: Cast) -> Journey:
    journey = make_journey(cast.coach, cast.client)
    session = Session.objects.filter(journey=journey).order_by("starts_at").first()
    assert session is not None
    session_set_status(session=session, status="held", from_status="planned")
    session_record_save(
        session=session,
        by=cast.coach,
        expected_version=1,
        notes="Quentin talked about his father",
        key_insights="Rescuing is loyalty",
        agreements="",
    )
    today = timezone.localdate()
    journey_adapt(
        journey=journey,
        change=Pause(until=today.replace(year=today.year + 1)),
        reason="Quentin Confidential is moving home",
        by=cast.coach,
        today=today,
        expected_revision=Journey.objects.get(pk=journey.pk).revision,
    )
    mentor_grant(journey=journey, mentor=cast.mentor, by=cast.coach)
    return journey


def test_a_mentor_lists_shared_journeys_by_pseudonym(cast: Cast) -> None:
    journey = shared_journey(cast)
    make_journey(cast.coach, make_client(cast.practice))  # not shared

    response = call(token_of(cast.mentor), "GET", "/mentoring/journeys")

    body = response.json()
    assert body["count"] == 1
    assert body["items"][0]["id"] == str(journey.public_id)
    assert body["items"][0]["pseudonym"] == "Client A"
    assert "Quentin" not in response.content.decode()
    assert MentorViewRecord.objects.filter(page=MentorPage.LIST).count() == 1


def test_a_mentor_reads_structure_without_notes_or_names(cast: Cast) -> None:
    journey = shared_journey(cast)

    response = call(token_of(cast.mentor), "GET", f"/mentoring/journeys/{journey.public_id}")

    text = response.content.decode()
    body = response.json()
    assert response.status_code == 200
    for secret in ("Quentin", "quentin@", "father", "Rescuing", "without rescuing", "Between us"):
        assert secret not in text
    assert [(a["kind"], a["reason"]) for a in body["adaptations"]] == [
        ("pause", "Client A is moving home")
    ]
    assert body["sessions"][0]["status"] == "held"
    assert [r["phase"] for r in body["phase_runs"]] == ["Orient"]
    assert body["momentum"]["state"] == "paused"
    assert MentorViewRecord.objects.filter(page=MentorPage.JOURNEY, journey=journey).count() == 1


def test_a_revoked_grant_leaves_the_mentor_nothing(cast: Cast) -> None:
    journey = shared_journey(cast)
    mentor_revoke(journey=journey, mentor=cast.mentor, by=cast.coach)
    raw = token_of(cast.mentor)

    assert call(raw, "GET", f"/mentoring/journeys/{journey.public_id}").status_code == 404
    assert call(raw, "GET", "/mentoring/journeys").json()["count"] == 0


def test_a_mentors_token_is_pointed_away_from_the_coach_paths(cast: Cast) -> None:
    journey = shared_journey(cast)

    response = call(token_of(cast.mentor), "GET", f"/journeys/{journey.public_id}")

    assert response.status_code == 403
    assert "/api/v1/mentoring/journeys" in response.json()["error"]["message"]


def test_a_sponsor_reads_only_what_the_terms_show(cast: Cast) -> None:
    sponsorship = sponsor(cast, attendance=True, summaries=False, closing_measures=False)
    journey = sponsorship.journey
    session = Session.objects.filter(journey=journey).order_by("starts_at").first()
    assert session is not None
    session_set_status(session=session, status="held", from_status="planned")
    raw = token_of(cast.sponsor)

    listed = call(raw, "GET", "/sponsored/journeys").json()
    response = call(raw, "GET", f"/sponsored/journeys/{journey.public_id}")

    assert [row["organisation"] for row in listed["items"]] == ["Acme Holdings"]
    body = response.json()
    assert body["terms"]["attendance"] is True
    assert [(a["status"], a["starts_at"]) for a in body["attendance"]] == [
        ("held", "2026-09-07T09:00:00Z")
    ]
    assert body["summaries"] is None
    assert body["closing"] is None
    assert "without rescuing" not in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.SPONSOR_VIEW)
    assert event.detail["attendance"] is True


def test_a_sponsor_gets_nothing_of_a_journey_they_do_not_sponsor(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    raw = token_of(cast.sponsor)

    assert call(raw, "GET", f"/sponsored/journeys/{journey.public_id}").status_code == 404
    assert call(raw, "GET", f"/journeys/{journey.public_id}").status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.SPONSOR_VIEW).exists()


def test_a_sponsor_reads_the_summaries_the_client_approved_and_no_other(cast: Cast) -> None:
    from tests.sponsors.factories import summary_approved, summary_make

    sponsorship = sponsor(cast, attendance=False, summaries=True, closing_measures=False)
    summary_approved(sponsorship, "Delegating more each month.")
    summary_make(sponsorship, "Still rescuing the night shift.")

    body = call(
        token_of(cast.sponsor), "GET", f"/sponsored/journeys/{sponsorship.journey.public_id}"
    ).json()

    assert [s["text"] for s in body["summaries"]] == ["Delegating more each month."]
    assert body["summaries"][0]["approved_at"] is not None
    assert body["attendance"] is None
