from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.accounts.models import Membership, Role
from tests.conftest import Cast, signed_in
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def test_a_member_of_two_practices_switches_between_them(cast: Cast) -> None:
    Membership.objects.create(user=cast.coach, practice=cast.other_practice, role=Role.COACH)
    http = signed_in(cast.coach)
    make_client(cast.other_practice, name="Only Elsewhere")

    before = http.get(reverse("clients:list")).content.decode()
    assert "Quentin Confidential" in before
    assert "Switch practice" in before

    http.post(reverse("accounts:practice_switch", args=[cast.other_practice.public_id]))
    after = http.get(reverse("clients:list")).content.decode()

    assert "Only Elsewhere" in after
    assert "Quentin Confidential" not in after


def test_switching_to_a_practice_you_are_not_in_is_not_found(
    cast: Cast, as_coach: HttpClient
) -> None:
    response = as_coach.post(
        reverse("accounts:practice_switch", args=[cast.other_practice.public_id])
    )

    assert response.status_code == 404
    assert "Quentin Confidential" in as_coach.get(reverse("clients:list")).content.decode()


def test_a_single_practice_shows_no_switcher(as_coach: HttpClient) -> None:
    assert "Switch practice" not in as_coach.get(reverse("clients:list")).content.decode()


def test_someone_in_no_practice_is_told_so(cast: Cast) -> None:
    Membership.objects.filter(user=cast.coach).delete()

    response = signed_in(cast.coach).get(reverse("home"))

    assert response.status_code == 403
    assert "You are not part of a practice" in response.content.decode()
