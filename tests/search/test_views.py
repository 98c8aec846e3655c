"""The search page: results grouped by kind, each leading to its page, scoped exactly as
the pages are (never another practice's, never another coach's journeys or threads, never
a colleague's private design); refused searches get a message, never a server error; a
fixed number of queries."""

from __future__ import annotations

import re
from typing import Any
from uuid import uuid4

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.accounts.models import Role
from arcwise.designs.models import Visibility
from arcwise.journeys.models import Journey, ThreadKind
from arcwise.journeys.threads.services import thread_open
from tests.conftest import Cast
from tests.designs.factories import make_design
from tests.factories import make_client, make_member
from tests.journeys.factories import make_journey

SEARCH = "search:results"


def search(http: HttpClient, text: str) -> str:
    response = http.get(reverse(SEARCH), {"q": text})
    assert response.status_code == 200
    return response.content.decode()


def keep(journey: Journey, text: str) -> None:
    session = journey.sessions.order_by("starts_at").first()
    assert session is not None
    thread_open(session=session, kind=ThreadKind.QUESTION, text=text, token=uuid4())


@pytest.fixture
def scene(cast: Cast) -> dict[str, Journey]:
    """Quentin's journey with the coach, Quinn's with the owner, Xena's in another practice;
    a thread about a promotion in each."""
    mine = make_journey(cast.coach, cast.client)
    owners = make_journey(cast.owner, make_client(cast.practice, name="Quinn Owned"))
    theirs = make_journey(cast.outsider, make_client(cast.other_practice, name="Quentin Far"))
    for journey in (mine, owners, theirs):
        keep(journey, f"Whether the promotion suits {journey.client.name}")
    return {"mine": mine, "owners": owners, "theirs": theirs}


def test_a_coach_finds_clients_and_their_own_journeys_by_the_start_of_a_name(
    cast: Cast, scene: dict[str, Journey], as_coach: HttpClient
) -> None:
    page = search(as_coach, "Quen")
    assert reverse("clients:detail", args=[cast.client.public_id]) in page
    assert reverse("journeys:detail", args=[scene["mine"].public_id]) in page
    assert '<h2 id="search-clients">' in page
    assert '<h2 id="search-journeys">' in page


def test_a_search_never_shows_another_practices_rows(
    scene: dict[str, Journey], as_coach: HttpClient, as_owner: HttpClient
) -> None:
    for http in (as_coach, as_owner):
        page = search(http, "Quentin")
        assert "Quentin Far" not in page
        assert str(scene["theirs"].public_id) not in page
        assert "Xena Elsewhere" not in search(http, "Xena")
        assert "Nothing you can see matches" in search(http, "Xena")


def test_another_coachs_journey_and_threads_are_not_found_but_their_client_is(
    scene: dict[str, Journey], as_coach: HttpClient
) -> None:
    page = search(as_coach, "Quinn")
    assert reverse("clients:detail", args=[scene["owners"].client.public_id]) in page
    assert str(scene["owners"].public_id) not in page
    threads = search(as_coach, "promotion")
    assert "suits Quentin Confidential" in threads
    assert "suits Quinn Owned" not in threads
    assert "suits Quentin Far" not in threads


def test_the_owner_finds_only_their_own_journeys_threads(
    scene: dict[str, Journey], as_owner: HttpClient
) -> None:
    page = search(as_owner, "promotion")
    assert "suits Quinn Owned" in page
    assert "suits Quentin Confidential" not in page
    session = scene["owners"].sessions.order_by("starts_at").first()
    assert session is not None
    assert reverse("journeys:session", args=[scene["owners"].public_id, session.public_id]) in page


def test_a_colleagues_private_design_is_not_found_and_a_shared_one_is(
    cast: Cast, as_coach: HttpClient
) -> None:
    hidden = make_design(cast.practice, cast.owner, name="Secret Arc")
    shared = make_design(
        cast.practice, cast.owner, name="Shared Arc", visibility=Visibility.PRACTICE
    )
    make_design(cast.other_practice, cast.outsider, name="Far Arc", visibility=Visibility.PRACTICE)
    page = search(as_coach, "arc")
    assert reverse("designs:detail", args=[shared.public_id]) in page
    assert reverse("designs:detail", args=[hidden.public_id]) not in page
    assert "Far Arc" not in page


@pytest.mark.parametrize("who", ["mentor", "sponsor"])
def test_mentors_and_sponsors_have_no_search(
    who: str, scene: dict[str, Journey], as_mentor: HttpClient, as_sponsor: HttpClient
) -> None:
    http = as_mentor if who == "mentor" else as_sponsor
    response = http.get(reverse(SEARCH), {"q": "Quentin"})
    assert response.status_code == 403
    assert "Quentin" not in response.content.decode()
    assert 'id="site-search-q"' not in http.get(reverse("accounts:practice")).content.decode()


def test_the_search_box_is_in_a_coachs_navigation(as_coach: HttpClient) -> None:
    assert 'id="site-search-q"' in as_coach.get(reverse("insights:caseload")).content.decode()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("q" * 101, "at most 100 characters"),
        ("!!! ::: *** &&", "punctuation and symbols alone"),
        ("Quen\u202etin", "right-to-left override"),
        ("a b c d e f g h i", "at most 8 words"),
        ("Quen\x00tin", "Null characters are not allowed"),
        ("Quen\ufffdtin", "not UTF-8"),
        ("'; DROP TABLE clients_client; --", ""),
        ("quen:* | !x & (", ""),
    ],
)
def test_hostile_searches_get_a_message_never_a_server_error(
    scene: dict[str, Journey], as_coach: HttpClient, text: str, message: str
) -> None:
    page = search(as_coach, text)
    assert message in page


def test_an_empty_search_shows_the_box_alone(as_coach: HttpClient) -> None:
    page = search(as_coach, "")
    assert 'id="search-page-q"' in page
    assert 'role="status"' not in page


@pytest.mark.parametrize("count", [1, 5])
def test_a_search_costs_the_same_queries_at_any_size(
    cast: Cast, as_coach: HttpClient, count: int, django_assert_num_queries: Any
) -> None:
    colleague = make_member(cast.practice, Role.COACH, name="Col League", email="col@example.com")
    for number in range(count):
        journey = make_journey(cast.coach, make_client(cast.practice, name=f"Pat {number}"))
        keep(journey, "Pat wonders about the promotion")
        make_journey(colleague, make_client(cast.practice, name=f"Pat Other {number}"))
    # session, user, memberships; clients, journeys, designs, threads
    with django_assert_num_queries(7):
        page = search(as_coach, "pat")
    assert len(re.findall(r'href="/journeys/[0-9a-f-]+/"', page)) == count
    with django_assert_num_queries(7):
        search(as_coach, "promotion")
