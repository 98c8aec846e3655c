"""A token opens the API for its person, in its practice, until it is revoked."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient

from arcwise.accounts.models import Membership, Role
from arcwise.api.tokens import bearer_of, token_create, token_revoke
from arcwise.errors import DomainError
from tests.factories import make_member, make_practice

SCHEMA = "/api/v1/openapi.json"
ME = "/api/v1/me"


def ask(raw: str | None, url: str = SCHEMA) -> tuple[int, dict]:
    headers = {"Authorization": f"Bearer {raw}"} if raw else {}
    response = HttpClient().get(url, headers=headers)
    return response.status_code, response.json()


@pytest.mark.django_db
def test_a_token_is_shown_once_and_stored_only_as_a_digest() -> None:
    practice = make_practice()
    coach = make_member(practice)
    token, raw = token_create(coach, practice, "  Invoicing   tool ", can_write=False)
    assert token.name == "Invoicing tool"
    assert raw.startswith(token.prefix + "_")
    assert raw not in (token.digest, token.prefix)
    status, body = ask(raw, ME)
    assert status == 200
    assert body["email"] == coach.email
    assert body["can_write"] is False


@pytest.mark.django_db
def test_a_revoked_token_is_refused_with_the_one_error_body() -> None:
    practice = make_practice()
    coach = make_member(practice)
    token, raw = token_create(coach, practice, "CRM", can_write=True)
    token_revoke(coach, practice, token.public_id)
    with pytest.raises(DomainError, match="already revoked"):
        token_revoke(coach, practice, token.public_id)
    assert bearer_of(raw) is None
    status, body = ask(raw, ME)
    assert status == 401
    assert body["error"]["code"] == "not_signed_in"
    assert "revoked" in body["error"]["message"]


@pytest.mark.django_db
def test_a_token_dies_with_its_persons_membership() -> None:
    practice = make_practice()
    coach = make_member(practice, Role.COACH)
    _, raw = token_create(coach, practice, "CRM", can_write=False)
    Membership.objects.filter(user=coach).delete()
    assert bearer_of(raw) is None


@pytest.mark.django_db
def test_a_token_needs_a_name() -> None:
    practice = make_practice()
    coach = make_member(practice)
    with pytest.raises(DomainError) as refused:
        token_create(coach, practice, " \t", can_write=False)
    assert refused.value.field == "name"


@pytest.mark.django_db
def test_the_schema_is_served() -> None:
    response = HttpClient().get(SCHEMA)
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Arcwise API"
