from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.accounts.models import Membership, Role, User
from tests.conftest import Cast, signed_in

pytestmark = pytest.mark.django_db


def membership(user: User) -> Membership:
    return Membership.objects.get(user=user)


def change_role(http: HttpClient, user: User, role: str) -> Any:
    return http.post(
        reverse("accounts:member_change_role", args=[membership(user).public_id]),
        {"role": role},
        follow=True,
    )


def test_the_owner_makes_a_coach_an_owner(cast: Cast, as_owner: HttpClient) -> None:
    response = change_role(as_owner, cast.coach, Role.OWNER)

    assert membership(cast.coach).role == Role.OWNER
    assert "Cora Coach is now an owner." in response.content.decode()


def test_the_last_owner_cannot_stop_being_one(cast: Cast, as_owner: HttpClient) -> None:
    response = change_role(as_owner, cast.owner, Role.COACH)

    assert membership(cast.owner).role == Role.OWNER
    assert "A practice needs at least one owner" in response.content.decode()


def test_the_last_owner_cannot_leave(cast: Cast, as_owner: HttpClient) -> None:
    as_owner.post(reverse("accounts:member_remove", args=[membership(cast.owner).public_id]))

    assert Membership.objects.filter(user=cast.owner).exists()


def test_with_a_second_owner_the_first_may_leave(cast: Cast, as_owner: HttpClient) -> None:
    change_role(as_owner, cast.coach, Role.OWNER)

    response = as_owner.post(
        reverse("accounts:member_remove", args=[membership(cast.owner).public_id]), follow=True
    )

    assert not Membership.objects.filter(user=cast.owner).exists()
    assert "You are not part of a practice" in response.content.decode()


def test_a_removed_coach_no_longer_sees_the_practice(cast: Cast, as_owner: HttpClient) -> None:
    as_owner.post(reverse("accounts:member_remove", args=[membership(cast.coach).public_id]))

    response = signed_in(cast.coach).get(reverse("clients:list"))

    assert response.status_code == 403
    assert "Quentin Confidential" not in response.content.decode()


def test_coaches_may_not_change_roles(cast: Cast, as_coach: HttpClient) -> None:
    response = as_coach.post(
        reverse("accounts:member_change_role", args=[membership(cast.mentor).public_id]),
        {"role": Role.OWNER},
    )

    assert response.status_code == 403
    assert "this page is for its owners" in response.content.decode()
    assert membership(cast.mentor).role == Role.MENTOR


def test_an_unknown_role_is_refused(cast: Cast, as_owner: HttpClient) -> None:
    response = change_role(as_owner, cast.mentor, "emperor")

    assert membership(cast.mentor).role == Role.MENTOR
    assert "Choose owner, coach, mentor or sponsor." in response.content.decode()


def test_role_changes_need_a_post(cast: Cast, as_owner: HttpClient) -> None:
    url = reverse("accounts:member_change_role", args=[membership(cast.coach).public_id])

    assert as_owner.get(url).status_code == 405


def test_a_member_changes_their_name_and_time_zone(cast: Cast, as_mentor: HttpClient) -> None:
    as_mentor.post(reverse("accounts:account"), {"name": "Milo M.", "time_zone": "Asia/Tokyo"})

    cast.mentor.refresh_from_db()
    assert (cast.mentor.name, cast.mentor.time_zone) == ("Milo M.", "Asia/Tokyo")


def test_a_blank_name_is_refused_and_nothing_changes(cast: Cast, as_mentor: HttpClient) -> None:
    response = as_mentor.post(reverse("accounts:account"), {"name": " ", "time_zone": "Asia/Tokyo"})

    assert 'id="id_name-errors"' in response.content.decode()
    cast.mentor.refresh_from_db()
    assert cast.mentor.time_zone == "Europe/London"
