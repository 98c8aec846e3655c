from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse

from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def test_a_forgotten_password_is_reset_through_the_emailed_link(cast: Cast) -> None:
    http = HttpClient()
    http.post(reverse("accounts:password_reset"), {"email": "CORA@example.com"})

    assert mail.outbox[-1].to == ["cora@example.com"]
    link = re.search(r"http://testserver(/password-reset/\S+/)", str(mail.outbox[-1].body))
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
    assert not mail.outbox
