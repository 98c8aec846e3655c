"""Clients through the API: what an owner or coach sees on the client pages, the same checks
as the client form, reads of notes in the audit log, and every write once."""

from __future__ import annotations

from uuid import uuid4

import pytest

from arcwise.accounts.models import Membership, Role
from arcwise.clients.models import Client
from arcwise.privacy.models import AuditAction, AuditEvent
from tests.api.conftest import Api, api_as, error_of
from tests.conftest import Cast
from tests.factories import make_client, make_member
from tests.journeys.factories import make_journey

NEW = {"name": "Nina New", "email": "nina@example.org", "time_zone": "Europe/Paris"}


@pytest.mark.django_db
def test_an_owner_lists_the_practices_clients_page_by_page(cast: Cast) -> None:
    for n in range(3):
        make_client(cast.practice, name=f"Zed {n}", email=f"zed{n}@example.org")
    api = api_as(cast.owner, cast.practice)
    page = api.get("/clients", limit=2, offset=1).json()
    assert page["count"] == 4
    assert [row["name"] for row in page["items"]] == ["Zed 0", "Zed 1"]
    assert "notes" not in page["items"][0]
    names = {row["name"] for row in api.get("/clients", limit=100).json()["items"]}
    assert "Xena Elsewhere" not in names  # another practice's client


@pytest.mark.django_db
def test_a_page_is_at_most_a_hundred_rows(cast: Cast) -> None:
    response = api_as(cast.owner, cast.practice).get("/clients", limit=101)
    assert response.status_code == 422
    assert "limit" in error_of(response)["fields"]


@pytest.mark.django_db
def test_archived_clients_are_listed_when_asked_for(cast: Cast) -> None:
    make_client(cast.practice, name="Old Olga", email="olga@example.org").__class__.objects.filter(
        name="Old Olga"
    ).update(archived_at="2026-01-01T00:00:00Z")
    api = api_as(cast.coach, cast.practice)
    assert [r["name"] for r in api.get("/clients", status="archived").json()["items"]] == [
        "Old Olga"
    ]
    assert api.get("/clients", status="all").json()["count"] == 2
    refused = api.get("/clients", status="gone")
    assert refused.status_code == 422
    assert "status" in error_of(refused)["fields"]


@pytest.mark.django_db
def test_the_owner_filters_by_coach_and_a_coach_gets_their_own(cast: Cast) -> None:
    make_journey(cast.coach, cast.client)
    other = make_client(cast.practice, name="Owen Owned", email="owen@example.org")
    make_journey(cast.owner, other)
    coach_id = Membership.objects.get(user=cast.coach, practice=cast.practice).public_id
    owner = api_as(cast.owner, cast.practice)
    names = [r["name"] for r in owner.get("/clients", coach=str(coach_id)).json()["items"]]
    assert names == [cast.client.name]
    assert owner.get("/clients", coach="all").json()["count"] == 2
    refused = owner.get("/clients", coach="nobody")
    assert refused.status_code == 422
    assert "No coach of this practice" in error_of(refused)["fields"]["coach"]
    coach = api_as(cast.coach, cast.practice)
    owner_id = Membership.objects.get(user=cast.owner, practice=cast.practice).public_id
    names = [r["name"] for r in coach.get("/clients", coach=str(owner_id)).json()["items"]]
    assert names == [cast.client.name]  # their own, whatever they ask


@pytest.mark.django_db
def test_reading_a_client_with_notes_is_audited_as_the_page_does(cast: Cast) -> None:
    api = api_as(cast.coach, cast.practice)
    body = api.get(f"/clients/{cast.client.public_id}").json()
    assert body["notes"] == cast.client.notes
    event = AuditEvent.objects.get(action=AuditAction.NOTE_READ)
    assert event.actor_id == cast.coach.pk
    assert event.detail == {"page": "api"}


@pytest.mark.django_db
def test_mentors_sponsors_and_other_practices_do_not_reach_a_client(cast: Cast) -> None:
    url = f"/clients/{cast.client.public_id}"
    for person in (cast.mentor, cast.sponsor):
        response = api_as(person, cast.practice).get(url)
        assert response.status_code == 403
        assert "does not see" in error_of(response)["message"]
    response = api_as(cast.outsider, cast.other_practice).get(url)
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_adding_a_client_twice_with_one_key_adds_one(cast: Cast) -> None:
    api = api_as(cast.coach, cast.practice)
    first = api.post("/clients", NEW, key="add-nina-0001")
    second = api.post("/clients", NEW, key="add-nina-0001")
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Client.objects.filter(email="nina@example.org").count() == 1


@pytest.mark.django_db
def test_a_key_sent_again_with_another_body_is_refused(cast: Cast) -> None:
    api = api_as(cast.coach, cast.practice)
    api.post("/clients", NEW, key="add-nina-0002")
    other = api.post("/clients", {**NEW, "name": "Nora"}, key="add-nina-0002")
    assert other.status_code == 422
    assert "another request" in error_of(other)["message"]
    assert not Client.objects.filter(name="Nora").exists()


@pytest.mark.django_db
def test_a_write_without_a_key_is_refused_naming_the_header(cast: Cast) -> None:
    response = api_as(cast.coach, cast.practice).post("/clients", NEW, key=None)
    assert response.status_code == 400
    assert "Idempotency-Key" in error_of(response)["fields"]
    assert not Client.objects.filter(email="nina@example.org").exists()


@pytest.mark.django_db
def test_a_read_only_token_writes_nothing(cast: Cast) -> None:
    api = api_as(cast.coach, cast.practice, can_write=False)
    for _ in range(2):
        response = api.post("/clients", NEW)
        assert response.status_code == 403
        assert "may only read" in error_of(response)["message"]
    assert not Client.objects.filter(email="nina@example.org").exists()


@pytest.mark.django_db
def test_a_coach_made_mentor_writes_nothing_with_a_read_write_token(cast: Cast) -> None:
    api = api_as(cast.coach, cast.practice)
    Membership.objects.filter(user=cast.coach).update(role=Role.MENTOR)
    assert api.post("/clients", NEW).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"email": "not an address"}, "email", "valid email"),
        ({"name": "   "}, "name", "required"),
        ({"name": "N" * 151}, "name", "at most 150"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "not one of the available"),
        ({"notes": "x" * 10001}, "notes", "at most 10000"),
        ({"email": "quentin@example.org"}, "email", "already has this e-mail"),
        ({"name": "Nina\u202eweN"}, "name", ""),
    ],
)
def test_bad_details_are_refused_naming_the_field(
    cast: Cast, change: dict[str, str], field: str, words: str
) -> None:
    response = api_as(cast.coach, cast.practice).post("/clients", {**NEW, **change})
    assert response.status_code == 422
    error = error_of(response)
    assert field in error["fields"], error
    assert words.lower() in error["fields"][field].lower()


@pytest.mark.django_db
def test_a_body_that_is_not_text_is_refused_not_stored(cast: Cast) -> None:
    api = api_as(cast.coach, cast.practice)
    from django.test import Client as HttpClient

    response = HttpClient().post(
        "/api/v1/clients",
        b'{"name": "\\ud800", "email": "a@example.org"}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.raw}", "Idempotency-Key": "surrogate-01"},
    )
    assert response.status_code == 400
    assert "body" in error_of(response)["fields"]
    wrong_type = api.post("/clients", {**NEW, "name": 7})
    assert wrong_type.status_code == 422
    assert "name" in error_of(wrong_type)["fields"]


@pytest.mark.django_db
def test_an_update_from_an_old_version_is_refused_and_once_is_once(cast: Cast) -> None:
    api = api_as(cast.coach, cast.practice)
    url = f"/clients/{cast.client.public_id}"
    details = {"name": "Quentin C.", "email": cast.client.email, "time_zone": "UTC"}
    first = api.put(url, {**details, "version": 1}, key="edit-quentin-1")
    again = api.put(url, {**details, "version": 1}, key="edit-quentin-1")
    assert first.status_code == again.status_code == 200
    assert first.json()["version"] == again.json()["version"] == 2
    stale = api.put(url, {**details, "name": "Q", "version": 1})
    assert stale.status_code == 409
    assert "version" in error_of(stale)["fields"]
    cast.client.refresh_from_db()
    assert (cast.client.name, cast.client.version) == ("Quentin C.", 2)


@pytest.mark.django_db
def test_another_practices_client_cannot_be_changed(cast: Cast) -> None:
    api = api_as(cast.outsider, cast.other_practice)
    details = {"name": "Mine now", "email": "q@example.org", "time_zone": "UTC", "version": 1}
    response = api.put(f"/clients/{cast.client.public_id}", details)
    assert response.status_code == 404
    assert api.put(f"/clients/{uuid4()}", details).status_code == 404


@pytest.mark.django_db
def test_a_colleague_coach_sees_the_practices_clients(cast: Cast) -> None:
    colleague = make_member(cast.practice, Role.COACH, email="cole@example.com")
    response = api_as(colleague, cast.practice).get(f"/clients/{cast.client.public_id}")
    assert response.status_code == 200


def test_the_helper_api_has_no_token_by_default() -> None:
    assert Api(None)._headers(None) == {}
