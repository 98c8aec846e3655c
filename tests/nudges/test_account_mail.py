"""Invitations and password resets are outbox rows, written with the change that causes them
and sent by the sender (accounts hands them over through accounts/outgoing.py)."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.accounts.models import Invitation, Role
from arcwise.accounts.services import invitation_create
from arcwise.errors import DomainError
from arcwise.nudges.mail import message_id
from arcwise.nudges.models import LINK_REMOVED, Nudge, NudgeKind
from tests.conftest import Cast
from tests.nudges.factories import delivered

pytestmark = pytest.mark.django_db


def test_an_invitation_is_an_outbox_row_until_the_sender_sends_it(
    cast: Cast, as_owner: HttpClient
) -> None:
    as_owner.post(
        reverse("accounts:invitation_create"), {"email": "nell@example.com", "role": Role.COACH}
    )
    invitation = Invitation.objects.get(email="nell@example.com")
    nudge = Nudge.objects.get()

    assert nudge.kind == NudgeKind.INVITATION
    assert nudge.dedupe_key == f"invitation:{invitation.public_id}"
    assert nudge.practice == cast.practice
    assert "/invitations/" in nudge.body
    [email] = delivered()
    assert email.extra_headers["Message-ID"] == message_id(nudge.dedupe_key)
    nudge.refresh_from_db()
    assert nudge.body == LINK_REMOVED  # the table keeps no working link, only its hash


def test_an_invitation_that_is_refused_writes_no_message(cast: Cast) -> None:
    with pytest.raises(DomainError):
        invitation_create(
            practice=cast.practice,
            invited_by=cast.owner,
            email=cast.coach.email,
            role=Role.COACH,
            site_url="https://coaching.example.org/",
        )

    assert not Nudge.objects.exists()


def test_a_password_reset_is_an_outbox_row_for_the_account(cast: Cast) -> None:
    HttpClient().post(reverse("accounts:password_reset"), {"email": cast.coach.email})

    nudge = Nudge.objects.get()
    assert nudge.kind == NudgeKind.PASSWORD_RESET
    assert nudge.user == cast.coach
    assert nudge.to_address == cast.coach.email
    assert nudge.subject == "Reset your Arcwise password"
    assert [email.to for email in delivered()] == [[cast.coach.email]]
