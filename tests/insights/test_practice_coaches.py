"""Practice insight for one coach: the owner counts one coach's journeys or every coach's;
any other coach keeps counting the whole practice and cannot narrow it by hand."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.accounts.models import Membership
from tests.conftest import Cast
from tests.factories import make_client
from tests.journeys.factories import make_journey, make_version

PRACTICE = "insights:practice"
KEYS = ("orient", "experiment", "close")


@pytest.fixture
def two_coaches(cast: Cast) -> None:
    """On one design: two journeys of the coach, one of the owner."""
    version = make_version(cast.client, cast.coach, KEYS)
    for _ in range(2):
        make_journey(cast.coach, make_client(cast.practice), version=version)
    make_journey(cast.owner, make_client(cast.practice), version=version)


def coach_id(cast: Cast, user: Any) -> str:
    return str(Membership.objects.get(user=user, practice=cast.practice).public_id)


def test_the_owner_counts_every_coach_by_default(
    cast: Cast, two_coaches: None, as_owner: HttpClient
) -> None:
    page = as_owner.get(reverse(PRACTICE)).content.decode()
    assert "<dt>Journeys started</dt><dd>3</dd>" in page
    assert "Every coach's journeys are counted" in page
    assert '<option value="all" selected>All coaches</option>' in page


def test_the_owner_counts_one_coachs_journeys(
    cast: Cast, two_coaches: None, as_owner: HttpClient
) -> None:
    page = as_owner.get(reverse(PRACTICE), {"coach": coach_id(cast, cast.coach)}).content.decode()
    assert "<dt>Journeys started</dt><dd>2</dd>" in page
    assert "Only Cora Coach&#x27;s journeys are counted" in page
    mine = as_owner.get(reverse(PRACTICE), {"coach": coach_id(cast, cast.owner)}).content.decode()
    assert "<dt>Journeys started</dt><dd>1</dd>" in mine
    csv = as_owner.get(reverse("insights:practice_csv"), {"coach": coach_id(cast, cast.coach)})
    assert csv.status_code == 200


def test_a_coach_keeps_the_whole_practice_whatever_the_address_says(
    cast: Cast, two_coaches: None, as_coach: HttpClient
) -> None:
    page = as_coach.get(reverse(PRACTICE), {"coach": coach_id(cast, cast.owner)}).content.decode()
    assert "<dt>Journeys started</dt><dd>3</dd>" in page
    assert 'name="coach"' not in page


def test_an_unknown_coach_is_refused_beside_the_filter(
    cast: Cast, two_coaches: None, as_owner: HttpClient
) -> None:
    page = as_owner.get(reverse(PRACTICE), {"coach": "nobody"}).content.decode()
    assert "No coach of this practice is" in page
    assert "<dt>Journeys started</dt><dd>3</dd>" in page
    csv = as_owner.get(reverse("insights:practice_csv"), {"coach": "nobody"})
    assert csv.status_code == 302


@pytest.mark.parametrize("size", [1, 5])
def test_one_coachs_insight_costs_the_same_queries_at_any_size(
    cast: Cast, as_owner: HttpClient, size: int, django_assert_num_queries: Any
) -> None:
    version = make_version(cast.client, cast.coach, KEYS)
    for _ in range(size):
        make_journey(cast.coach, make_client(cast.practice), version=version)
    coach = coach_id(cast, cast.coach)
    # session, user, memberships; the coaches; designs, phases, dwell, endings,
    # adaptations, totals; the outcomes' journeys
    with django_assert_num_queries(11):
        response = as_owner.get(reverse(PRACTICE), {"coach": coach})
    assert f"<dt>Journeys started</dt><dd>{size}</dd>" in response.content.decode()
