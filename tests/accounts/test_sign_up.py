from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.accounts.models import Membership, Role, User
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Nadia Newcomer",
    "email": "Nadia@Example.com",
    "password": "slow-rivers-carve-stone",
    "practice_name": "Clearwater Coaching",
    "time_zone": "Europe/Berlin",
}


def test_sign_up_creates_a_practice_owned_by_the_new_coach() -> None:
    http = HttpClient()

    response = http.post(reverse("accounts:sign_up"), VALID)

    assert response.status_code == 302
    user = User.objects.get(email="nadia@example.com")
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.OWNER
    assert membership.practice.name == "Clearwater Coaching"
    assert user.time_zone == "Europe/Berlin"
    page = http.get(reverse("clients:list"))
    assert "Clearwater Coaching" in page.content.decode()


def test_sign_up_with_a_taken_email_says_so_and_keeps_what_was_typed(cast: Cast) -> None:
    response = HttpClient().post(
        reverse("accounts:sign_up"), {**VALID, "email": "CORA@example.com"}
    )

    body = response.content.decode()
    assert "An account with this e-mail already exists" in body
    assert 'value="Clearwater Coaching"' in body
    assert 'value="Nadia Newcomer"' in body
    assert User.objects.filter(email="cora@example.com").count() == 1


def test_a_weak_password_is_refused_next_to_the_field() -> None:
    response = HttpClient().post(reverse("accounts:sign_up"), {**VALID, "password": "12345678"})

    body = response.content.decode()
    assert 'id="id_password-errors"' in body
    assert "This password is too short" in body
    assert not User.objects.exists()


def test_an_unknown_time_zone_is_refused() -> None:
    response = HttpClient().post(
        reverse("accounts:sign_up"), {**VALID, "time_zone": "Mars/Olympus"}
    )

    assert 'id="id_time_zone-errors"' in response.content.decode()
    assert not User.objects.exists()
