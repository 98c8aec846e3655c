from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from arcwise import settings as arcwise_settings
from arcwise.accounts.models import SignInFailure, User
from arcwise.nudges.models import Nudge
from tests.conftest import Cast
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_UP = {
    "name": "Ari Argon",
    "password": "slow-rivers-carve-stone",
    "practice_name": "Argon Coaching",
    "time_zone": "UTC",
}


def sign_in(http: HttpClient, email: str, password: str, address: str = "203.0.113.7") -> Any:
    return http.post(
        reverse("accounts:sign_in"), {"email": email, "password": password}, REMOTE_ADDR=address
    )


def test_right_password_signs_in_and_lands_on_the_first_section(cast: Cast) -> None:
    response = sign_in(HttpClient(), "CORA@example.com ", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = HttpClient()
    sign_in(home, cast.coach.email, PASSWORD)
    assert home.get(reverse("home"))["Location"] == reverse("insights:caseload")


def test_wrong_password_is_refused_and_keeps_the_email(cast: Cast) -> None:
    response = sign_in(HttpClient(), cast.coach.email, "not-the-password")

    assert response.status_code == 200
    assert "That e-mail and password do not match an account" in response.content.decode()
    assert 'value="cora@example.com"' in response.content.decode()
    assert "_auth_user_id" not in response.client.session


def test_passwords_are_hashed_with_argon2(settings: Any) -> None:
    settings.PASSWORD_HASHERS = arcwise_settings.PASSWORD_HASHERS
    http = HttpClient()
    http.post(reverse("accounts:sign_up"), {**SIGN_UP, "email": "argon@example.com"})
    mail = Nudge.objects.get(to_address="argon@example.com")
    link = re.search(r"/sign-up/confirm/\S+/", mail.body)
    assert link
    http.get(link.group())
    http.post(reverse("accounts:sign_up_confirm"))

    assert User.objects.get(email="argon@example.com").password.startswith("argon2$argon2id$")
    assert sign_in(HttpClient(), "argon@example.com", SIGN_UP["password"]).status_code == 302


def test_ten_wrong_passwords_in_a_row_are_throttled(cast: Cast) -> None:
    http = HttpClient()
    responses = [sign_in(http, cast.coach.email, f"guess-{n}") for n in range(10)]

    assert [r.status_code for r in responses[:5]] == [200] * 5
    assert all(r.status_code == 429 for r in responses[5:])
    assert "wait 15 seconds" in responses[5].content.decode()
    # While throttled even the right password is not checked.
    refused = sign_in(http, cast.coach.email, PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in http.session


def test_ten_failures_spread_over_the_waits_lock_the_account(cast: Cast) -> None:
    http = HttpClient()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(10):
            assert sign_in(http, cast.coach.email, "wrong-again").status_code == 200
            clock.shift(timedelta(minutes=5))
        clock.shift(timedelta(minutes=-5) + timedelta(seconds=1))

        locked = sign_in(http, cast.coach.email, PASSWORD)
        assert locked.status_code == 429
        assert "paused after 10 failed attempts" in locked.content.decode()

        clock.shift(timedelta(minutes=15))
        assert sign_in(http, cast.coach.email, PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_the_account_failures(cast: Cast) -> None:
    http = HttpClient()
    for _ in range(4):
        sign_in(http, cast.coach.email, "wrong")

    sign_in(HttpClient(), cast.coach.email, PASSWORD)

    assert not SignInFailure.objects.filter(email=cast.coach.email).exists()


def test_one_address_guessing_many_accounts_is_throttled(cast: Cast) -> None:
    http = HttpClient()
    for n in range(20):
        sign_in(http, f"nobody{n}@example.com", "guess", address="198.51.100.9")

    refused = sign_in(http, cast.coach.email, PASSWORD, address="198.51.100.9")
    allowed = sign_in(HttpClient(), cast.coach.email, PASSWORD, address="198.51.100.10")

    assert refused.status_code == 429
    assert allowed.status_code == 302


def test_sign_in_follows_a_safe_next_link_only(cast: Cast) -> None:
    url = reverse("accounts:sign_in")
    data = {"email": cast.coach.email, "password": PASSWORD}

    inside = HttpClient().post(f"{url}?next=/clients/new/", data)
    outside = HttpClient().post(f"{url}?next=https://evil.example.net/", data)

    assert inside["Location"] == "/clients/new/"
    assert outside["Location"] == reverse("home")


def test_sign_out_needs_a_post_and_ends_the_session(as_coach: HttpClient) -> None:
    assert as_coach.get(reverse("accounts:sign_out")).status_code == 405

    as_coach.post(reverse("accounts:sign_out"))

    assert as_coach.get(reverse("clients:list")).status_code == 302


def test_failures_older_than_any_window_are_forgotten(cast: Cast) -> None:
    with time_machine.travel(timezone.now() - timedelta(hours=3), tick=False):
        sign_in(HttpClient(), cast.coach.email, "long-ago")

    sign_in(HttpClient(), cast.owner.email, "just-now")

    assert list(SignInFailure.objects.values_list("email", flat=True)) == [cast.owner.email]


def test_one_guess_each_time_a_lock_ends_cannot_keep_the_owner_out(cast: Cast) -> None:
    stranger, owner = HttpClient(), HttpClient()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(10):
            sign_in(stranger, cast.coach.email, "guess", address="198.51.100.66")
            clock.shift(timedelta(minutes=5))
        clock.shift(timedelta(minutes=15))  # the lock is over

        guess = sign_in(stranger, cast.coach.email, "one-more-guess", address="198.51.100.66")
        clock.shift(timedelta(seconds=16))
        owners_try = sign_in(owner, cast.coach.email, PASSWORD)

    assert guess.status_code == 200
    assert owners_try.status_code == 302
