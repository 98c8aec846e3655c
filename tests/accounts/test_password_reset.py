from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db.models import F
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from arcwise.accounts.models import SignInFailure
from tests.conftest import Cast
from tests.factories import PASSWORD
from tests.nudges.factories import delivered

pytestmark = pytest.mark.django_db


def test_a_forgotten_password_is_reset_through_the_emailed_link(cast: Cast) -> None:
    http = HttpClient()
    http.post(reverse("accounts:password_reset"), {"email": "CORA@example.com"})

    [email] = delivered()
    assert email.to == ["cora@example.com"]
    assert email.subject == "Reset your Arcwise password"
    link = re.search(r"http://testserver(/password-reset/\S+/)", str(email.body))
    assert link
    form_page = http.get(link.group(1), follow=True)
    new_password = "lanterns-over-still-water"
    done = http.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
        follow=True,
    )
    assert "Your password is changed" in done.content.decode()

    signed_in = HttpClient().post(
        reverse("accounts:sign_in"), {"email": cast.coach.email, "password": new_password}
    )
    assert signed_in.status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_email(db: None) -> None:
    response = HttpClient().post(
        reverse("accounts:password_reset"), {"email": "nobody@example.com"}, follow=True
    )

    assert "Check your e-mail" in response.content.decode()
    assert not delivered()


def reset_link(http: HttpClient, email: str, address: str = "203.0.113.7") -> str:
    http.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=address)
    found = re.search(r"http://testserver(/password-reset/\S+/)", str(delivered()[-1].body))
    assert found
    return found.group(1)


def choose_password(http: HttpClient, link: str, password: str) -> Any:
    form_page = http.get(link, follow=True)
    return http.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
        follow=True,
    )


def lock_out(email: str) -> None:
    stranger = HttpClient()
    for _ in range(10):
        stranger.post(
            reverse("accounts:sign_in"),
            {"email": email, "password": "guess"},
            REMOTE_ADDR="198.51.100.66",
        )
        SignInFailure.objects.update(failed_at=F("failed_at") - timedelta(minutes=4))


def test_a_reset_while_locked_ends_the_lock_and_signs_in(cast: Cast) -> None:
    lock_out(cast.coach.email)
    locked = HttpClient().post(
        reverse("accounts:sign_in"), {"email": cast.coach.email, "password": PASSWORD}
    )
    assert locked.status_code == 429

    http = HttpClient()
    done = choose_password(http, reset_link(http, cast.coach.email), "lanterns-over-still-water")

    assert "You are signed in as cora@example.com" in done.content.decode()
    assert http.session["_auth_user_id"] == str(cast.coach.pk)
    assert not SignInFailure.objects.filter(email=cast.coach.email).exists()
    again = HttpClient().post(
        reverse("accounts:sign_in"),
        {"email": cast.coach.email, "password": "lanterns-over-still-water"},
    )
    assert again.status_code == 302


def test_reset_emails_to_one_mailbox_are_capped(cast: Cast) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        answers = [
            HttpClient().post(
                reverse("accounts:password_reset"),
                {"email": cast.coach.email},
                REMOTE_ADDR=f"203.0.113.{n}",
            )
            for n in range(4)
        ]
        assert [a.status_code for a in answers] == [302, 302, 302, 429]
        assert len(delivered()) == 3
        assert "ask again in 30 minutes" in answers[3].content.decode()

        clock.shift(timedelta(minutes=30, seconds=1))
        later = HttpClient().post(reverse("accounts:password_reset"), {"email": cast.coach.email})
        assert later.status_code == 302
        assert len(delivered()) == 4


def test_the_cap_answers_the_same_for_an_address_without_an_account(cast: Cast) -> None:
    def fourth_answer(email: str) -> str:
        for n in range(4):
            response = HttpClient().post(
                reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=f"192.0.2.{n}"
            )
        errors = re.search(r'<div class="form-errors".*?</div>', response.content.decode(), re.S)
        assert errors
        return errors.group().replace(email, "EMAIL")

    assert fourth_answer("nobody@example.com") == fourth_answer(cast.coach.email)


def test_reset_requests_from_one_network_address_are_capped(cast: Cast) -> None:
    answers = [
        HttpClient().post(
            reverse("accounts:password_reset"),
            {"email": f"someone{n}@example.com"},
            REMOTE_ADDR="198.51.100.9",
        )
        for n in range(11)
    ]

    assert [a.status_code for a in answers] == [302] * 10 + [429]
    assert "Too many password reset requests" in answers[10].content.decode()
    elsewhere = HttpClient().post(
        reverse("accounts:password_reset"), {"email": cast.coach.email}, REMOTE_ADDR="192.0.2.1"
    )
    assert elsewhere.status_code == 302


def test_a_stranger_using_up_the_cap_leaves_the_owner_a_working_link(cast: Cast) -> None:
    for _ in range(3):
        HttpClient().post(reverse("accounts:password_reset"), {"email": cast.coach.email})
    owners_link = re.search(r"http://testserver(/password-reset/\S+/)", str(delivered()[-1].body))
    assert owners_link

    refused = HttpClient().post(reverse("accounts:password_reset"), {"email": cast.coach.email})
    owner = HttpClient()
    done = choose_password(owner, owners_link.group(1), "lanterns-over-still-water")

    assert refused.status_code == 429
    assert "You are signed in" in done.content.decode()
