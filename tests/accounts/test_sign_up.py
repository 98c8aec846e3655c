"""Starting a practice: the sign-up form answers alike whether or not the address has an
account (the same page, status and words, one e-mail either way); the e-mailed link is
exchanged at once for a token-free page, and confirming there makes the practice once."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from arcwise.accounts.models import Membership, Role, SignUpRequest, User
from arcwise.nudges.models import Nudge, NudgeKind
from tests.conftest import Cast
from tests.factories import make_member

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Nadia Newcomer",
    "email": "Nadia@Example.com",
    "password": "slow-rivers-carve-stone",
    "practice_name": "Clearwater Coaching",
    "time_zone": "Europe/Berlin",
}
# A CSRF token, in the page's forms or its htmx headers, and the form's own token.
TOKENS = re.compile(r"\b[A-Za-z0-9]{64}\b|name=\"form_token\" value=\"[^\"]*\"")


def sign_up(http: HttpClient | None = None, **changes: str) -> Any:
    form = {**VALID, "form_token": str(uuid4()), **changes}
    return (http or HttpClient()).post(reverse("accounts:sign_up"), form)


def mail_to(address: str) -> Nudge:
    return Nudge.objects.get(kind=NudgeKind.SIGN_UP, to_address=address)


def link_in(nudge: Nudge) -> str:
    found = re.search(r"https?://[^/\s]+(/sign-up/confirm/\S+/)", nudge.body)
    assert found, f"no sign-up link in: {nudge.body!r}"
    return found.group(1)


def answered(response: Any, address: str) -> tuple[int, str, str]:
    """What a visitor learns from the answer: its status, type and words (the address
    they typed and the CSRF token aside)."""
    body = TOKENS.sub("TOKEN", response.content.decode())
    return (
        response.status_code,
        response["Content-Type"],
        re.sub(address, "ADDRESS", body, flags=re.I),
    )


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(cast: Cast) -> None:
    new = sign_up(email="nadia@example.com")
    known = sign_up(email="CORA@example.com")

    assert answered(new, "nadia@example.com") == answered(known, "cora@example.com")
    assert new.status_code == 200
    assert "Check your e-mail" in new.content.decode()
    assert set(new.headers) == set(known.headers)
    # One e-mail each, through the outbox: a link to finish, or a note that someone tried.
    assert "/sign-up/confirm/" in mail_to("nadia@example.com").body
    note = mail_to("cora@example.com")
    assert note.subject == "Someone tried to sign up to Arcwise with your address"
    assert reverse("accounts:sign_in") in note.body
    assert reverse("accounts:password_reset") in note.body
    assert "/sign-up/confirm/" not in note.body
    assert User.objects.filter(email="cora@example.com").count() == 1
    assert not User.objects.filter(email="nadia@example.com").exists()


def test_nothing_of_the_form_is_kept_for_an_address_that_has_an_account(cast: Cast) -> None:
    sign_up(email="cora@example.com")

    kept = SignUpRequest.objects.get()
    assert (kept.token_hash, kept.name, kept.practice_name, kept.password) == ("", "", "", "")


def test_the_link_is_exchanged_at_once_and_confirming_makes_the_practice() -> None:
    sign_up()
    http = HttpClient()

    opened = http.get(link_in(mail_to("nadia@example.com")))

    assert opened.status_code == 302
    assert opened["Location"] == reverse("accounts:sign_up_confirm")
    page = http.get(opened["Location"]).content.decode()
    assert "Clearwater Coaching" in page
    assert not User.objects.exists()
    done = http.post(reverse("accounts:sign_up_confirm"), follow=True)
    user = User.objects.get(email="nadia@example.com")
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.OWNER
    assert membership.practice.name == "Clearwater Coaching"
    assert user.time_zone == "Europe/Berlin"
    assert user.check_password(VALID["password"])
    assert "Welcome to Arcwise. Clearwater Coaching is ready." in done.content.decode()
    assert "Clearwater Coaching" in http.get(reverse("clients:list")).content.decode()
    assert SignUpRequest.objects.get().password == ""


def test_confirming_twice_makes_one_practice_and_says_so() -> None:
    sign_up()
    http = HttpClient()
    http.get(link_in(mail_to("nadia@example.com")))
    form = {"token": http.session["sign_up_token"]}

    http.post(reverse("accounts:sign_up_confirm"), form)
    again = http.post(reverse("accounts:sign_up_confirm"), form, follow=True)

    assert "Clearwater Coaching was made already; nothing changed." in again.content.decode()
    assert User.objects.count() == 1
    assert Membership.objects.count() == 1


def test_the_same_form_sent_twice_sends_one_email() -> None:
    form_token = str(uuid4())

    first = sign_up(form_token=form_token)
    again = sign_up(form_token=form_token)

    assert first.status_code == again.status_code == 200
    assert "You sent this form already" in again.content.decode()
    assert Nudge.objects.filter(kind=NudgeKind.SIGN_UP).count() == 1
    assert SignUpRequest.objects.count() == 1


def test_an_expired_link_makes_nothing_on_any_path() -> None:
    sign_up()
    link = link_in(mail_to("nadia@example.com"))
    http = HttpClient()
    http.get(link)

    with time_machine.travel(timezone.now() + timedelta(hours=24, seconds=1)):
        page = http.get(reverse("accounts:sign_up_confirm")).content.decode()
        posted = http.post(reverse("accounts:sign_up_confirm")).content.decode()

    assert "This link has expired" in page
    assert "This link has expired" in posted
    assert not User.objects.exists()


def test_an_address_that_has_an_account_by_the_time_of_confirming_makes_nothing(
    cast: Cast,
) -> None:
    sign_up()
    http = HttpClient()
    http.get(link_in(mail_to("nadia@example.com")))
    make_member(cast.practice, Role.COACH, email="nadia@example.com")

    response = http.post(reverse("accounts:sign_up_confirm"))

    assert "has come to have an account" in response.content.decode()
    assert not Membership.objects.filter(role=Role.OWNER, user__email="nadia@example.com")


def test_without_the_link_nothing_opens() -> None:
    unknown = HttpClient().get(reverse("accounts:sign_up_open", args=["not-a-token"]))
    no_session = HttpClient().get(reverse("accounts:sign_up_confirm"))
    forged = HttpClient().post(reverse("accounts:sign_up_confirm"), {"token": "guess"})

    assert unknown.status_code == 404
    assert "We do not recognise this link" in unknown.content.decode()
    assert no_session.status_code == 403
    assert "Open the link from your e-mail" in no_session.content.decode()
    assert "Open the link from your e-mail" in forged.content.decode()
    assert not User.objects.exists()


def test_too_many_sign_ups_to_one_mailbox_are_refused_alike_for_every_address(
    cast: Cast,
) -> None:
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(3):
            sign_up(email="nadia@example.com")
            sign_up(email="cora@example.com")

        new = sign_up(email="nadia@example.com")
        known = sign_up(email="cora@example.com")

    assert new.status_code == 429
    assert answered(new, "nadia@example.com") == answered(known, "cora@example.com")
    assert "Sign-up e-mails have already gone to this address 3 times" in new.content.decode()
    assert Nudge.objects.filter(kind=NudgeKind.SIGN_UP).count() == 6


def test_a_weak_password_is_refused_next_to_the_field() -> None:
    response = sign_up(password="12345678")

    body = response.content.decode()
    assert 'id="id_password-errors"' in body
    assert "This password is too short" in body
    assert not SignUpRequest.objects.exists()
    assert not Nudge.objects.exists()


def test_an_unknown_time_zone_is_refused() -> None:
    response = sign_up(time_zone="Mars/Olympus")

    assert 'id="id_time_zone-errors"' in response.content.decode()
    assert not SignUpRequest.objects.exists()
