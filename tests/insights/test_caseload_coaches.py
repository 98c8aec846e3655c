"""The owner's coach filter on the caseload and the journey lists: one coach's journeys or
every coach's, each row saying whose it is, linking to the client (never into another
coach's journey); a coach who is not the owner sees only their own, whatever they write
in the address; a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.accounts.models import Membership, Role
from arcwise.journeys.models import Journey, JourneyStatus
from tests.conftest import Cast
from tests.factories import make_client, make_member
from tests.journeys.factories import make_journey, make_version

CASELOAD = "insights:caseload"
LIST = "journeys:list"


def membership_id(cast: Cast, user: Any) -> str:
    return str(Membership.objects.get(user=user, practice=cast.practice).public_id)


@pytest.fixture
def practice_journeys(cast: Cast) -> dict[str, Journey]:
    """One open journey each for the owner, the coach and the outsider (another practice)."""
    return {
        "owner": make_journey(cast.owner, make_client(cast.practice, name="Owners Olga")),
        "coach": make_journey(cast.coach, make_client(cast.practice, name="Coachs Carl")),
        "outsider": make_journey(cast.outsider, cast.outsiders_client),
    }


def test_the_owner_sees_their_own_caseload_by_default(
    practice_journeys: dict[str, Journey], as_owner: HttpClient
) -> None:
    page = as_owner.get(reverse(CASELOAD)).content.decode()
    assert "Owners Olga" in page
    assert "Coachs Carl" not in page
    assert 'name="coach"' in page
    assert "All coaches" in page


def test_the_owner_sees_every_coachs_journeys_with_whose_they_are(
    cast: Cast, practice_journeys: dict[str, Journey], as_owner: HttpClient
) -> None:
    page = as_owner.get(reverse(CASELOAD), {"coach": "all"}).content.decode()
    assert "Owners Olga" in page
    assert "Coachs Carl" in page
    assert "Coach: Cora Coach" in page
    assert "Coach: You" in page
    assert "Xena Elsewhere" not in page
    carl = practice_journeys["coach"]
    # Another coach's journey holds their notes: the row leads to the client, not the journey.
    assert reverse("journeys:detail", args=[carl.public_id]) not in page
    assert reverse("journeys:prep", args=[carl.public_id]) not in page
    assert reverse("clients:detail", args=[carl.client.public_id]) in page
    olga = practice_journeys["owner"]
    assert reverse("journeys:prep", args=[olga.public_id]) in page


def test_the_owner_can_look_at_one_other_coachs_caseload(
    cast: Cast, practice_journeys: dict[str, Journey], as_owner: HttpClient
) -> None:
    page = as_owner.get(
        reverse(CASELOAD), {"coach": membership_id(cast, cast.coach)}
    ).content.decode()
    assert "Coachs Carl" in page
    assert "Owners Olga" not in page


@pytest.mark.parametrize("value", ["nobody", "00000000-0000-0000-0000-000000000000", "mentor"])
def test_a_coach_value_naming_no_coach_of_the_practice_is_refused_and_shows_the_owners_own(
    cast: Cast, practice_journeys: dict[str, Journey], as_owner: HttpClient, value: str
) -> None:
    if value == "mentor":
        value = membership_id(cast, cast.mentor)
    response = as_owner.get(reverse(CASELOAD), {"coach": value})
    page = response.content.decode()
    assert response.status_code == 200
    assert "No coach of this practice is" in page
    assert "Owners Olga" in page
    assert "Coachs Carl" not in page


def test_another_practices_member_cannot_be_picked(
    cast: Cast, practice_journeys: dict[str, Journey], as_owner: HttpClient
) -> None:
    other = Membership.objects.get(user=cast.outsider).public_id
    page = as_owner.get(reverse(CASELOAD), {"coach": str(other)}).content.decode()
    assert "Xena Elsewhere" not in page
    assert "No coach of this practice is" in page


@pytest.mark.parametrize("value", ["all", "owner"])
def test_a_coach_who_is_not_the_owner_cannot_use_the_filter_to_see_others(
    cast: Cast, practice_journeys: dict[str, Journey], as_coach: HttpClient, value: str
) -> None:
    if value == "owner":
        value = membership_id(cast, cast.owner)
    for url in (reverse(CASELOAD), reverse(LIST), reverse(LIST) + "?show=ended"):
        page = as_coach.get(url, {"coach": value}).content.decode()
        assert "Owners Olga" not in page
        assert 'name="coach"' not in page
    assert "Coachs Carl" in as_coach.get(reverse(CASELOAD), {"coach": value}).content.decode()


def test_the_owners_journey_list_filters_by_coach_and_keeps_the_filter_in_its_tabs(
    cast: Cast, practice_journeys: dict[str, Journey], as_owner: HttpClient
) -> None:
    carl = practice_journeys["coach"]
    Journey.objects.filter(pk=carl.pk).update(status=JourneyStatus.CLOSED, ended_on=carl.start_date)
    page = as_owner.get(reverse(LIST), {"coach": "all"}).content.decode()
    assert "Owners Olga" in page
    assert "Coachs Carl" not in page
    assert '<th scope="col">Coach</th>' in page
    assert "?show=ended&amp;coach=all" in page
    ended = as_owner.get(reverse(LIST), {"coach": "all", "show": "ended"}).content.decode()
    assert "Coachs Carl" in ended
    assert "Cora Coach" in ended
    assert reverse("journeys:detail", args=[carl.public_id]) not in ended
    assert reverse("clients:detail", args=[carl.client.public_id]) in ended


def test_the_owners_own_list_has_no_coach_column(
    practice_journeys: dict[str, Journey], as_owner: HttpClient
) -> None:
    page = as_owner.get(reverse(LIST)).content.decode()
    assert '<th scope="col">Coach</th>' not in page
    assert "Owners Olga" in page


@pytest.mark.parametrize("count", [1, 4])
def test_every_coachs_caseload_and_list_cost_the_same_queries_at_any_size(
    cast: Cast, as_owner: HttpClient, count: int, django_assert_num_queries: Any
) -> None:
    for number in range(count):
        coach = make_member(
            cast.practice, Role.COACH, name=f"Coach {number}", email=f"c{number}@example.com"
        )
        version = make_version(cast.client, coach, ["orient", "close"])
        make_journey(coach, make_client(cast.practice, name=f"Client {number}"), version=version)
        make_journey(coach, make_client(cast.practice, name=f"Other {number}"), version=version)
    # session, user, memberships; the coaches; the designs and phases; the counts; the
    # page's journeys; the journeys; reviews; momentum's seven; the unread messages
    with django_assert_num_queries(18):
        response = as_owner.get(reverse(CASELOAD), {"coach": "all"})
    assert response.content.decode().count("caseload__row ") == 2 * count
    # session, user, memberships; the coaches; the counts; the rows
    with django_assert_num_queries(6):
        as_owner.get(reverse(LIST), {"coach": "all"})
