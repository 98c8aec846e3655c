"""A read-write token changes a journey through the pages' own services, once per
Idempotency-Key: the same key sent again gets the first answer back and changes nothing;
a new key for a change already made meets the domain's own guard, which says why."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import uuid4

import pytest

from arcwise.journeys.experiments.services import experiment_agree
from arcwise.journeys.models import Experiment, Journey, Session, Thread
from arcwise.journeys.sessions.services import session_set_status
from arcwise.journeys.text_limits import SESSION_NOTES_LIMIT
from arcwise.journeys.threads.services import thread_open
from arcwise.privacy.models import AuditAction, AuditEvent
from tests.api.journey_helpers import call, token_of
from tests.conftest import Cast
from tests.journeys.factories import START, days, make_journey

pytestmark = pytest.mark.django_db


def sessions_of(journey: Journey) -> list[Session]:
    return list(Session.objects.filter(journey=journey).order_by("starts_at"))


def base(journey: Journey, session: Session | None = None) -> str:
    path = f"/journeys/{journey.public_id}"
    return f"{path}/sessions/{session.public_id}" if session else path


def held_session(cast: Cast) -> tuple[Journey, Session]:
    journey = make_journey(cast.coach, cast.client)
    session = sessions_of(journey)[0]
    return journey, session_set_status(session=session, status="held", from_status="planned")


def twice(raw: str, method: str, path: str, body: dict[str, Any]) -> tuple[Any, Any]:
    key = f"k-{uuid4()}"
    return call(raw, method, path, body, key=key), call(raw, method, path, body, key=key)


def assert_replayed(first: Any, second: Any) -> None:
    assert second.status_code == first.status_code
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first


def test_keeping_a_thread_with_one_key_twice_keeps_one(cast: Cast) -> None:
    journey, session = held_session(cast)
    raw = token_of(cast.coach)
    body = {"kind": "question", "text": "Does she want the role?"}

    first, second = twice(raw, "POST", f"{base(journey, session)}/threads", body)

    assert first.status_code == 201
    assert first.json()["open"] is True
    assert_replayed(first, second)
    assert Thread.objects.filter(journey=journey).count() == 1
    # A new key is a new change: a second thread is kept.
    assert call(raw, "POST", f"{base(journey, session)}/threads", body).status_code == 201
    assert Thread.objects.filter(journey=journey).count() == 2


def test_closing_a_thread_twice_closes_it_once_and_says_already_closed(cast: Cast) -> None:
    journey, session = held_session(cast)
    thread = thread_open(session=session, kind="insight", text="Rescuing is loyalty", token=uuid4())
    raw = token_of(cast.coach)
    path = f"{base(journey)}/threads/{thread.public_id}/close"
    body = {"where_it_went": "Named it in session 3", "version": 1}

    first, second = twice(raw, "POST", path, body)
    again = call(raw, "POST", path, body)

    assert first.status_code == 200
    assert first.json()["where_it_went"] == "Named it in session 3"
    assert_replayed(first, second)
    assert again.status_code == 409
    assert "already closed" in again.json()["error"]["message"]
    thread.refresh_from_db()
    assert thread.version == 2


def test_agreeing_an_experiment_with_one_key_twice_agrees_one(cast: Cast) -> None:
    journey, session = held_session(cast)
    raw = token_of(cast.coach)
    body = {"title": "Say no once", "what_to_try": "Decline one meeting", "by_when": "2026-09-20"}

    first, second = twice(raw, "POST", f"{base(journey, session)}/experiments", body)

    assert first.status_code == 201
    assert first.json()["title"] == "Say no once"
    assert first.json()["session"] == str(session.public_id)
    assert_replayed(first, second)
    assert Experiment.objects.filter(journey=journey).count() == 1


def test_an_experiment_due_before_its_session_is_refused_at_its_field(cast: Cast) -> None:
    journey, session = held_session(cast)
    body = {"title": "Say no", "what_to_try": "Decline", "by_when": "2026-09-01"}

    response = call(token_of(cast.coach), "POST", f"{base(journey, session)}/experiments", body)

    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["by_when"]
    assert not Experiment.objects.exists()


def test_closing_an_experiment_twice_says_it_is_already_done(cast: Cast) -> None:
    journey, session = held_session(cast)
    experiment = experiment_agree(
        session=session, title="Say no", what_to_try="Decline", by_when=START + days(7)
    )
    raw = token_of(cast.coach)
    path = f"{base(journey)}/experiments/{experiment.public_id}/status"
    body = {"status": "done", "from_status": "open", "debrief": "Easier than feared"}

    first, second = twice(raw, "POST", path, body)
    again = call(raw, "POST", path, body)

    assert first.status_code == 200
    assert first.json()["status"] == "done"
    assert_replayed(first, second)
    assert again.status_code == 409
    assert "already marked done" in again.json()["error"]["message"]


def test_saving_notes_once_per_key_and_a_stale_version_is_refused(cast: Cast) -> None:
    journey, session = held_session(cast)
    raw = token_of(cast.coach)
    path = f"{base(journey, session)}/record"
    body = {"notes": "Cried twice", "key_insights": "Owns it", "agreements": "", "version": 1}

    first, second = twice(raw, "PUT", path, body)
    stale = call(raw, "PUT", path, {**body, "notes": "Something else"})

    assert first.status_code == 200
    assert first.json()["record"]["version"] == 2
    assert_replayed(first, second)
    assert stale.status_code == 409
    message = stale.json()["error"]["message"]
    assert "saved these notes first" in message
    assert "version 2 is saved now" in message
    session.refresh_from_db()
    assert (session.notes, session.record_version) == ("Cried twice", 2)
    assert AuditEvent.objects.filter(action=AuditAction.NOTES_CHANGED).count() == 1


def test_notes_over_the_limit_are_refused_at_their_field(cast: Cast) -> None:
    journey, session = held_session(cast)
    body = {"notes": "x" * (SESSION_NOTES_LIMIT + 1), "version": 1}

    response = call(token_of(cast.coach), "PUT", f"{base(journey, session)}/record", body)

    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["notes"]


def test_marking_a_session_held_twice_says_it_is_already_held(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    session = sessions_of(journey)[0]
    raw = token_of(cast.coach)
    path = f"{base(journey, session)}/status"
    body = {"status": "held", "from_status": "planned"}

    first, second = twice(raw, "POST", path, body)
    again = call(raw, "POST", path, body)

    assert first.status_code == 200
    assert (first.json()["status"], first.json()["phase_run"]) == ("held", 1)
    assert_replayed(first, second)
    assert again.status_code == 409
    assert "already marked held" in again.json()["error"]["message"]


def test_a_session_not_yet_begun_cannot_be_marked_held(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client, start=date(2027, 3, 1))
    session = sessions_of(journey)[0]
    body = {"status": "held", "from_status": "planned"}

    response = call(token_of(cast.coach), "POST", f"{base(journey, session)}/status", body)

    assert response.status_code == 422
    assert "once it has begun" in response.json()["error"]["message"]


def test_cancelling_a_session_through_the_api(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    session = sessions_of(journey)[1]
    body = {"status": "cancelled", "from_status": "planned"}

    response = call(token_of(cast.coach), "POST", f"{base(journey, session)}/status", body)

    assert response.status_code == 200
    session.refresh_from_db()
    assert session.status == "cancelled"


def test_a_read_only_token_changes_nothing(cast: Cast) -> None:
    journey, session = held_session(cast)
    raw = token_of(cast.coach, can_write=False)

    for method, path, body in (
        ("POST", f"{base(journey, session)}/threads", {"kind": "insight", "text": "Kept"}),
        ("PUT", f"{base(journey, session)}/record", {"notes": "Kept", "version": 1}),
        ("POST", f"{base(journey, session)}/status", {"status": "no_show", "from_status": "held"}),
    ):
        response = call(raw, method, path, body)
        assert response.status_code == 403, path
        assert "only read" in response.json()["error"]["message"]
    assert not Thread.objects.exists()
    session.refresh_from_db()
    assert (session.notes, session.status) == ("", "held")


def test_a_write_without_an_idempotency_key_is_refused(cast: Cast) -> None:
    from django.test import Client as HttpClient

    journey, session = held_session(cast)
    response = HttpClient().post(
        f"/api/v1{base(journey, session)}/threads",
        {"kind": "insight", "text": "Kept"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token_of(cast.coach)}"},
    )

    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["error"]["fields"]
    assert not Thread.objects.exists()


def test_a_colleague_cannot_write_to_a_coachs_journey(cast: Cast) -> None:
    journey, session = held_session(cast)

    response = call(
        token_of(cast.owner),
        "POST",
        f"{base(journey, session)}/threads",
        {"kind": "insight", "text": "Kept"},
    )

    assert response.status_code == 404
    assert not Thread.objects.exists()


def test_a_version_no_database_could_hold_is_refused_not_a_server_error(cast: Cast) -> None:
    journey, session = held_session(cast)
    body = {"notes": "Kept", "version": 10**30}

    response = call(token_of(cast.coach), "PUT", f"{base(journey, session)}/record", body)
    far = call(token_of(cast.coach), "GET", f"/journeys?offset={10**30}")

    assert response.status_code == far.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["version"]
    assert list(far.json()["error"]["fields"]) == ["offset"]
    # Every list's offset stops at a million (arcwise/api/paging.py), the journeys' too.
    assert call(token_of(cast.coach), "GET", "/journeys?offset=1000001").status_code == 422
    assert call(token_of(cast.coach), "GET", "/journeys?offset=1000000").status_code == 200


def test_an_ended_journey_keeps_no_new_thread_and_says_so(cast: Cast) -> None:
    from tests.outcomes.summary_factories import journey_close

    journey, session = held_session(cast)
    journey_close(journey, on=START + days(1))

    response = call(
        token_of(cast.coach),
        "POST",
        f"{base(journey, session)}/threads",
        {"kind": "insight", "text": "Kept"},
    )

    assert response.status_code == 409
    assert "closed" in response.json()["error"]["message"]
    assert not Thread.objects.exists()
