"""The account's token page: each member lists, makes and revokes their own tokens in the
current practice; a token's text is shown once; a revoked token stays revoked."""

from __future__ import annotations

import re
from uuid import uuid4

import pytest
from django.test import Client as HttpClient

from arcwise.accounts.models import Membership, Role
from arcwise.api.models import AccessToken
from arcwise.api.tokens import token_create, token_revoke
from tests.api.conftest import Api, api_as
from tests.conftest import Cast, signed_in

PAGE = "/account/tokens/"


def make(http: HttpClient, name: str = "Invoicing", access: str = "read", **extra: str) -> str:
    form = {"name": name, "access": access, "form_token": str(uuid4()), **extra}
    response = http.post(PAGE, form)
    return response.content.decode()


def shown_token(html: str) -> str:
    found = re.search(r'value="(arc_[^"]+)"', html)
    assert found, "the page shows the new token"
    return found.group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["owner", "coach", "mentor", "sponsor"])
def test_every_member_makes_a_token_and_sees_its_text_once(cast: Cast, role: str) -> None:
    http = signed_in(getattr(cast, role))
    raw = shown_token(make(http))
    assert Api(raw).get("/me").json()["role"] == role
    page = http.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Invoicing" in html
    assert raw not in html  # never again
    assert raw[:12] in html  # its start, to tell tokens apart
    assert "no-store" in page["Cache-Control"]


@pytest.mark.django_db
def test_the_account_page_leads_to_the_tokens(as_mentor: HttpClient) -> None:
    assert PAGE in as_mentor.get("/account/").content.decode()


@pytest.mark.django_db
def test_the_answer_that_shows_a_token_is_not_stored(as_coach: HttpClient) -> None:
    response = as_coach.post(PAGE, {"name": "CRM", "access": "write", "form_token": str(uuid4())})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert AccessToken.objects.get().can_write is True


@pytest.mark.django_db
def test_a_form_sent_twice_makes_one_token_and_says_so(as_coach: HttpClient) -> None:
    form = {"name": "CRM", "access": "read", "form_token": str(uuid4())}
    first = as_coach.post(PAGE, form)
    assert shown_token(first.content.decode())
    second = as_coach.post(PAGE, form, follow=True)
    html = second.content.decode()
    assert "already sent" in html
    assert not re.search(r'value="arc_', html)
    assert AccessToken.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["mentor", "sponsor"])
def test_a_mentors_or_sponsors_token_only_reads(cast: Cast, role: str) -> None:
    http = signed_in(getattr(cast, role))
    html = make(http, access="write")
    assert "Select a valid choice" in html
    assert not AccessToken.objects.exists()


@pytest.mark.django_db
def test_an_empty_form_names_what_is_missing(as_coach: HttpClient) -> None:
    response = as_coach.post(PAGE, {})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give the token a name" in html
    assert "Choose whether the token may only read" in html


@pytest.mark.django_db
def test_revoking_twice_says_already_revoked(cast: Cast, as_coach: HttpClient) -> None:
    token, raw = token_create(cast.coach, cast.practice, "CRM", True)
    url = f"{PAGE}{token.public_id}/revoke/"
    first = as_coach.post(url, follow=True)
    assert "is revoked" in first.content.decode()
    second = as_coach.post(url, follow=True)
    assert "already revoked" in second.content.decode()
    assert Api(raw).get("/me").status_code == 401


@pytest.mark.django_db
def test_anothers_token_cannot_be_revoked(cast: Cast, as_owner: HttpClient) -> None:
    token, raw = token_create(cast.coach, cast.practice, "CRM", True)
    assert as_owner.post(f"{PAGE}{token.public_id}/revoke/").status_code == 404
    assert as_owner.get(f"{PAGE}{token.public_id}/revoke/").status_code == 405
    assert Api(raw).get("/me").status_code == 200


@pytest.mark.django_db
def test_the_list_shows_only_ones_own_tokens_in_this_practice(cast: Cast) -> None:
    token_create(cast.owner, cast.practice, "Owner tool", False)
    token_create(cast.outsider, cast.other_practice, "Outsider tool", False)
    mine, _ = token_create(cast.coach, cast.practice, "Coach tool", False)
    token_revoke(cast.coach, cast.practice, mine.public_id)
    html = signed_in(cast.coach).get(PAGE).content.decode()
    assert "Coach tool" in html
    assert "Owner tool" not in html
    assert "Outsider tool" not in html


@pytest.mark.django_db
def test_a_token_dies_when_its_person_leaves_and_stays_dead_when_they_return(
    cast: Cast,
) -> None:
    api = api_as(cast.coach, cast.practice)
    assert api.get("/me").status_code == 200
    Membership.objects.filter(user=cast.coach).delete()
    assert api.get("/me").status_code == 401
    Membership.objects.create(user=cast.coach, practice=cast.practice, role=Role.COACH)
    assert api.get("/me").status_code == 401
    assert api.post("/clients", {"name": "X"}).status_code == 401


@pytest.mark.django_db
def test_a_token_dies_with_its_person_deactivated(cast: Cast) -> None:
    api = api_as(cast.coach, cast.practice)
    cast.coach.is_active = False
    cast.coach.save()
    assert api.get("/me").status_code == 401
    assert api.get(f"/clients/{cast.client.public_id}").status_code == 401
