"""What a coach reads of a journey goes into the practice's audit log: one event per page
view for each kind of record the page shows, never one per note, naming the journey and the
client by public id; a saved record is one event more, a refused save none."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as HttpClient

from arcwise.journeys.models import Journey, Session
from arcwise.privacy.audit import audit_verify
from arcwise.privacy.models import AuditEvent
from tests.conftest import Cast
from tests.journeys.factories import make_journey
from tests.journeys.pages import journey_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(cast: Cast) -> Journey:
    return make_journey(cast.coach, cast.client)


def first_session(journey: Journey) -> Session:
    return Session.objects.filter(journey=journey).order_by("starts_at")[0]


def logged() -> list[tuple[Any, ...]]:
    return list(
        AuditEvent.objects.order_by("sequence").values_list(
            "action", "subject_kind", "subject_id", "client_public_id", "detail"
        )
    )


def test_opening_a_session_records_one_read_of_its_notes(
    cast: Cast, as_coach: HttpClient, journey: Journey
) -> None:
    session = first_session(journey)

    as_coach.get(journey_url("session", journey, session_id=session.public_id))

    journey_id, client_id = str(journey.public_id), str(cast.client.public_id)
    detail = {"page": "session", "session": str(session.public_id)}
    assert logged() == [("note_read", "journey", journey_id, client_id, detail)]
    assert AuditEvent.objects.get().actor == cast.coach


def test_prep_records_a_read_of_the_notes_and_one_of_the_reflections(
    cast: Cast, as_coach: HttpClient, journey: Journey
) -> None:
    as_coach.get(journey_url("prep", journey))

    assert [(action, detail) for action, *_, detail in logged()] == [
        ("note_read", {"page": "prep"}),
        ("reflection_read", {"page": "prep"}),
    ]


def test_the_journey_page_records_a_read_of_the_reflections(
    as_coach: HttpClient, journey: Journey
) -> None:
    as_coach.get(journey_url("detail", journey))
    as_coach.get(journey_url("detail", journey))

    assert [action for action, *_ in logged()] == ["reflection_read", "reflection_read"]
    assert audit_verify() == []


def test_a_journey_of_another_coach_is_not_found_and_nothing_is_recorded(
    cast: Cast, as_owner: HttpClient, journey: Journey
) -> None:
    assert as_owner.get(journey_url("prep", journey)).status_code == 404

    assert logged() == []


def test_saving_the_record_is_recorded_and_a_stale_save_is_not(
    cast: Cast, as_coach: HttpClient, journey: Journey
) -> None:
    session = first_session(journey)
    url = journey_url("session_record", journey, session_id=session.public_id)
    sent = {"notes": "Arrived tired.", "key_insights": "", "agreements": "", "record_version": "1"}

    as_coach.post(url, sent, headers={"HX-Request": "true"})
    refused = as_coach.post(url, sent, headers={"HX-Request": "true"})

    assert refused.status_code == 409
    detail = {"page": "session", "session": str(session.public_id)}
    assert logged() == [
        ("notes_changed", "journey", str(journey.public_id), str(cast.client.public_id), detail)
    ]
    assert "Arrived tired." not in str(logged())
