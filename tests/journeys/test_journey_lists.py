"""Where ended journeys go: the journey list and the caseload show open journeys, the list's
filter shows the closed and ended ones, and the client page lists all of a client's."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.accounts.models import Role
from arcwise.journeys.endings.services import Ending, journey_end
from arcwise.journeys.models import Journey
from tests.conftest import Cast, signed_in
from tests.factories import make_client, make_member
from tests.journeys.factories import START, days, make_journey, make_version

pytestmark = pytest.mark.django_db


def close(journey: Journey) -> Journey:
    return journey_end(
        journey=journey,
        ending=Ending.closed(on=START + days(3), what_shifted="Steadier."),
        by=journey.coach,
        expected_revision=journey.revision,
        today=START + days(3),
    )


def end_early(journey: Journey) -> Journey:
    return journey_end(
        journey=journey,
        ending=Ending.early(on=START + days(5), because="withdrew", note="Moved away."),
        by=journey.coach,
        expected_revision=journey.revision,
        today=START + days(5),
    )


@pytest.fixture
def three(cast: Cast) -> dict[str, Journey]:
    """Open with Quentin, closed with Rosa, ended early with Sam: all the coach's."""
    version = make_version(cast.client, cast.coach, ("orient", "close"))
    rosa = make_client(cast.practice, name="Rosa Marquez")
    sam = make_client(cast.practice, name="Sam Okafor")
    return {
        "open": make_journey(cast.coach, cast.client, version=version),
        "closed": close(make_journey(cast.coach, rosa, version=version)),
        "ended": end_early(make_journey(cast.coach, sam, version=version)),
    }


def rows(response: Any) -> list[str]:
    return [j.client.name for j in response.context["listing"].journeys]


def test_the_journey_list_shows_open_journeys_by_default(
    three: dict[str, Journey], as_coach: HttpClient
) -> None:
    response = as_coach.get(reverse("journeys:list"))

    assert rows(response) == ["Quentin Confidential"]
    page = response.content.decode()
    assert "Open (1)" in page
    assert "Closed and ended (2)" in page


def test_the_filter_shows_closed_and_ended_journeys(
    three: dict[str, Journey], as_coach: HttpClient
) -> None:
    response = as_coach.get(reverse("journeys:list"), {"show": "ended"})

    assert rows(response) == ["Sam Okafor", "Rosa Marquez"]
    page = response.content.decode()
    assert "Ended early" in page
    assert "Closed" in page
    assert "12 Sep 2026" in page  # when Sam's journey ended


def test_an_unknown_filter_shows_the_open_journeys(
    three: dict[str, Journey], as_coach: HttpClient
) -> None:
    assert rows(as_coach.get(reverse("journeys:list"), {"show": "<all>"})) == [
        "Quentin Confidential"
    ]


def test_the_lists_show_only_the_coachs_own_journeys(
    three: dict[str, Journey], as_owner: HttpClient
) -> None:
    assert rows(as_owner.get(reverse("journeys:list"), {"show": "ended"})) == []


def test_the_caseload_lists_open_journeys_and_links_to_the_ended_ones(
    three: dict[str, Journey], as_coach: HttpClient
) -> None:
    page = as_coach.get(reverse("insights:caseload")).content.decode()

    assert "Quentin Confidential" in page
    assert "Rosa Marquez" not in page
    assert "Sam Okafor" not in page
    assert f'href="{reverse("journeys:list")}?show=ended"' in page


@pytest.mark.parametrize(("size", "show"), [(1, ""), (6, ""), (1, "ended"), (6, "ended")])
def test_the_journey_list_costs_the_same_queries_at_any_size(
    cast: Cast, as_coach: HttpClient, size: int, show: str, django_assert_num_queries: Any
) -> None:
    version = make_version(cast.client, cast.coach, ("orient", "close"))
    for number in range(size):
        journey = make_journey(
            cast.coach, make_client(cast.practice), version=version, goals=f"Goal {number}"
        )
        if show:
            close(journey)

    # session, user, memberships, counts, rows
    with django_assert_num_queries(5):
        response = as_coach.get(reverse("journeys:list"), {"show": show})
    assert len(rows(response)) == size


def test_the_client_page_lists_the_clients_journeys(
    cast: Cast, three: dict[str, Journey], as_coach: HttpClient
) -> None:
    again = end_early(
        make_journey(
            cast.coach,
            cast.client,
            "orient",
            "close",
            start=START + days(1),
            goals="Second try",
            another_open_confirmed=True,
        )
    )

    page = as_coach.get(reverse("clients:detail", args=[cast.client.public_id])).content.decode()

    section = page.split('id="client-journeys-heading"')[1].split("</section>")[0]
    assert section.count("<tr>") == 3  # heading row and Quentin's two journeys
    assert "Ended early" in section
    assert "Active" in section
    assert reverse("journeys:detail", args=[three["open"].public_id]) in section
    assert reverse("journeys:detail", args=[again.public_id]) in section
    assert "Rosa Marquez" not in section


def test_only_a_journeys_own_coach_gets_its_link_from_the_client_page(
    cast: Cast, three: dict[str, Journey]
) -> None:
    colleague = make_member(cast.practice, Role.COACH, name="Cole Colleague")

    page = (
        signed_in(colleague)
        .get(reverse("clients:detail", args=[cast.client.public_id]))
        .content.decode()
    )

    section = page.split('id="client-journeys-heading"')[1].split("</section>")[0]
    assert "Active" in section
    assert "Cora Coach" in section
    assert str(three["open"].public_id) not in section


@pytest.mark.parametrize("size", [1, 5])
def test_the_client_page_costs_the_same_queries_at_any_size(
    cast: Cast, as_coach: HttpClient, size: int, django_assert_num_queries: Any
) -> None:
    version = make_version(cast.client, cast.coach, ("orient", "close"))
    for number in range(size):
        close(make_journey(cast.coach, cast.client, version=version, goals=f"Goal {number}"))

    # session, user, memberships, client, journeys, the newest portal link; the records
    # section's two (another coach's journey with them, an erasure); the audit log's four
    # for the coaches' notes about the client
    with django_assert_num_queries(12):
        response = as_coach.get(reverse("clients:detail", args=[cast.client.public_id]))
    assert response.content.decode().count("Closed") == size
