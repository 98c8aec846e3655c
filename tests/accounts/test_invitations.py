from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from arcwise.accounts.models import Invitation, Membership, Role, User
from tests.conftest import Cast, signed_in
from tests.factories import make_user
from tests.nudges.factories import delivered

pytestmark = pytest.mark.django_db

NEWCOMER = {"name": "Nell Newcomer", "password": "quiet-harbour-lights", "time_zone": "UTC"}


@pytest.fixture
def invite() -> Callable[..., str]:
    def send(http: HttpClient, email: str, role: str = Role.COACH) -> str:
        """Send an invitation and return the link in the e-mail."""
        response = http.post(reverse("accounts:invitation_create"), {"email": email, "role": role})
        assert response.status_code == 302, response.content.decode()
        return link_in_last_email()

    return send


def link_in_last_email() -> str:
    body = str(delivered()[-1].body)
    match = re.search(r"http://testserver(/invitations/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


def test_owner_invites_a_coach_who_signs_up_through_the_link(
    cast: Cast, as_owner: HttpClient, invite: Callable[..., str]
) -> None:
    link = invite(as_owner, "Nell@Example.com")
    [email] = delivered()
    assert email.to == ["nell@example.com"]
    assert "Harbour Coaching" in email.subject

    newcomer = HttpClient()
    page = newcomer.get(link)
    assert "Create your account" in page.content.decode()
    response = newcomer.post(link, NEWCOMER)

    assert response.status_code == 302
    user = User.objects.get(email="nell@example.com")
    assert Membership.objects.get(user=user).role == Role.COACH
    assert newcomer.get(reverse("clients:list")).status_code == 200


def test_an_invitation_link_works_once(
    cast: Cast, as_owner: HttpClient, invite: Callable[..., str]
) -> None:
    link = invite(as_owner, "nell@example.com")
    HttpClient().post(link, NEWCOMER)

    again = HttpClient().get(link)

    assert again.status_code == 410
    assert "already been used" in again.content.decode()


def test_an_expired_invitation_is_refused_with_the_reason(
    cast: Cast, as_owner: HttpClient, invite: Callable[..., str]
) -> None:
    link = invite(as_owner, "nell@example.com")

    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = HttpClient().post(link, NEWCOMER)

    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not User.objects.filter(email="nell@example.com").exists()


def test_a_withdrawn_invitation_stops_working(
    cast: Cast, as_owner: HttpClient, invite: Callable[..., str]
) -> None:
    link = invite(as_owner, "nell@example.com")
    invitation = Invitation.objects.get(email="nell@example.com")

    as_owner.post(reverse("accounts:invitation_revoke", args=[invitation.public_id]))

    assert HttpClient().get(link).status_code == 410


def test_an_existing_user_signs_in_and_joins_as_mentor(
    cast: Cast, as_owner: HttpClient, invite: Callable[..., str]
) -> None:
    existing = make_user(email="ivy@example.com")
    link = invite(as_owner, "ivy@example.com", Role.MENTOR)

    anonymous_page = HttpClient().get(link)
    assert "Sign in to accept" in anonymous_page.content.decode()
    http = signed_in(existing)
    response = http.post(link)

    assert response.status_code == 302
    assert Membership.objects.get(user=existing, practice=cast.practice).role == Role.MENTOR


def test_the_owner_invites_a_sponsor_who_lands_on_their_sponsored_journeys(
    cast: Cast, as_owner: HttpClient, invite: Callable[..., str]
) -> None:
    link = invite(as_owner, "dana@acme.example", Role.SPONSOR)
    assert "as a sponsor" in str(delivered()[-1].body)

    newcomer = HttpClient()
    response = newcomer.post(link, NEWCOMER | {"name": "Dana Reyes"}, follow=True)

    user = User.objects.get(email="dana@acme.example")
    assert Membership.objects.get(user=user).role == Role.SPONSOR
    assert response.redirect_chain[-1][0] == reverse("sponsors:list")
    assert newcomer.get(reverse("clients:list")).status_code == 403


def test_a_link_opened_by_someone_else_signed_in_is_refused(
    cast: Cast, as_owner: HttpClient, invite: Callable[..., str]
) -> None:
    link = invite(as_owner, "nell@example.com")

    response = signed_in(cast.outsider).post(link)

    assert "This invitation was sent to nell@example.com" in response.content.decode()
    assert not Membership.objects.filter(user=cast.outsider, practice=cast.practice).exists()


def test_inviting_a_member_again_is_refused_next_to_the_field(
    cast: Cast, as_owner: HttpClient
) -> None:
    response = as_owner.post(
        reverse("accounts:invitation_create"), {"email": cast.coach.email, "role": Role.COACH}
    )

    assert "is already a member of Harbour Coaching" in response.content.decode()
    assert not delivered()


def test_only_the_owner_may_invite(cast: Cast, as_coach: HttpClient) -> None:
    response = as_coach.post(
        reverse("accounts:invitation_create"), {"email": "x@example.com", "role": Role.COACH}
    )

    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_an_unknown_invitation_token_is_not_found(db: None) -> None:
    assert HttpClient().get(reverse("accounts:invitation", args=["made-up"])).status_code == 404


def test_invite_needs_a_post(as_owner: HttpClient) -> None:
    assert as_owner.get(reverse("accounts:invitation_create")).status_code == 405


def test_anonymous_is_sent_to_sign_in_from_the_practice_page(db: None) -> None:
    response = HttpClient().get(reverse("accounts:practice"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))
