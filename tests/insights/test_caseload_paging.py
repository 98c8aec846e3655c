"""A caseload larger than a page, a page at a time (issue 19): the pages ordered, filtered and
counted by the states the sender's momentum pass stored, only the page's rows judged live,
the same queries however many journeys, and any `?page=` answered with a page and a
message. The page size is made 3 here so that a handful of journeys fills several pages."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.accounts.models import Role
from arcwise.insights import caseload_paging
from arcwise.journeys.models import Journey
from tests.conftest import Cast
from tests.factories import make_client, make_member
from tests.insights.test_caseload import names_in, section, today
from tests.journeys.factories import make_journey, make_version

CASELOAD = "insights:caseload"
NOTE = "sorted and filtered by each journey's momentum as of its last check"
# Stored as last judged; every one of these journeys starts tomorrow, so is on track now.
STORED = {
    "Ada": "on_track",
    "Bea": "stalled",
    "Cal": "",
    "Dan": "closure_at_risk",
    "Eli": "drifting",
    "Fay": "on_track",
    "Gus": "stalled",
}
# Most urgent stored state first, then (all sessions on one day) by name; never judged
# counts as on track.
ORDER = ["Dan", "Bea", "Gus", "Eli", "Ada", "Cal", "Fay"]


@pytest.fixture(autouse=True)
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(caseload_paging, "PAGE_SIZE", 3)


def opened(cast: Cast, name: str, stored: str = "", coach: Any = None, **kw: Any) -> Journey:
    """A journey starting tomorrow (on track now) whose last judged state was `stored`."""
    journey = make_journey(
        coach or cast.coach,
        make_client(cast.practice, name=name),
        start=today() + timedelta(days=1),
        **kw,
    )
    Journey.objects.filter(pk=journey.pk).update(momentum_state=stored)
    return journey


@pytest.fixture
def seven(cast: Cast) -> dict[str, Journey]:
    return {name: opened(cast, name, stored) for name, stored in STORED.items()}


def page(http: HttpClient, **query: str) -> str:
    response = http.get(reverse(CASELOAD), query)
    assert response.status_code == 200
    return response.content.decode()


def pager_links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)" rel="(?:prev|next)"', html)


def test_pages_follow_the_stored_states_most_urgent_first_and_never_repeat_a_journey(
    seven: dict[str, Journey], as_coach: HttpClient
) -> None:
    pages = [names_in(page(as_coach, page=str(n))) for n in (1, 2, 3)]

    # Within a page the rows are in their order now (all on track): by next session, name.
    assert [sorted(names) for names in pages] == [
        sorted(ORDER[:3]),
        sorted(ORDER[3:6]),
        ORDER[6:],
    ]


def test_page_two_shows_the_next_rows_and_says_where_it_is(
    seven: dict[str, Journey], as_coach: HttpClient
) -> None:
    first, second = page(as_coach), page(as_coach, page="2")

    assert "7 open journeys; 4 need attention as of the last check." in first
    assert "Showing 1\u20133, page 1 of 3." in first
    assert "Showing 4\u20136, page 2 of 3." in second
    assert pager_links(first) == ["/caseload/?page=2"]
    assert pager_links(second) == ["/caseload/?page=1", "/caseload/?page=3"]
    assert NOTE in first
    assert '<nav aria-label="Pages of the caseload" class="pager">' in second


def test_each_row_shows_its_state_now_not_the_stored_one(
    seven: dict[str, Journey], as_coach: HttpClient
) -> None:
    html = page(as_coach)

    # Dan was last judged closure at risk, so leads; now he is on track, and says so.
    dan = html[html.index("Dan") : html.index("</tr>", html.index("Dan"))]
    assert ">On track</span>" in dan
    assert "nothing needs attention" in dan
    assert section(html, "attention") == ""
    assert 'On track and paused <span class="muted">(3 on this page)</span>' in html


def test_a_journey_judged_stalled_now_needs_attention_on_its_page(
    cast: Cast, seven: dict[str, Journey], as_coach: HttpClient
) -> None:
    # Hal's sessions stopped 40 days ago; last judged on track, he is on a later page, but
    # there he is stalled and in "Needs attention".
    hal = make_journey(
        cast.coach, make_client(cast.practice, name="Hal"), start=today() - timedelta(days=60)
    )
    Journey.objects.filter(pk=hal.pk).update(momentum_state="on_track")

    found = [page(as_coach, page=str(n)) for n in (1, 2, 3)]

    on = next(html for html in found if "Hal" in names_in(html))
    assert names_in(section(on, "attention")) == ["Hal"]


def test_filters_apply_before_paging_and_the_links_keep_them(
    cast: Cast, seven: dict[str, Journey], as_coach: HttpClient
) -> None:
    version = make_version(cast.client, cast.coach, ["focus", "close"])
    for name in ("Ivy", "Jon", "Kim", "Lea"):
        opened(cast, name, "stalled", version=version)
    design = str(version.design.public_id)

    html = page(as_coach, design=design, sort="client")
    assert names_in(html) == ["Ivy", "Jon", "Kim"]
    assert "4 of 11 open journeys match." in html
    assert "4 need attention as of the last check." in html
    assert pager_links(html) == [f"/caseload/?design={design}&amp;sort=client&amp;page=2"]
    assert names_in(page(as_coach, design=design, sort="client", page="2")) == ["Lea"]

    stalled = page(as_coach, state="stalled")
    assert "6 of 11 open journeys match." in stalled
    assert "Showing 1\u20133, page 1 of 2." in stalled
    assert names_in(page(as_coach, state="stalled", page="2")) == ["Jon", "Kim", "Lea"]
    focus = page(as_coach, phase="Focus", sort="client", page="2")
    assert names_in(focus) == ["Lea"]
    assert "4 of 11 open journeys match." in focus


def test_the_filters_choices_come_from_every_journey_not_the_page(
    cast: Cast, seven: dict[str, Journey], as_coach: HttpClient
) -> None:
    version = make_version(cast.client, cast.coach, ["focus", "close"])
    last = opened(cast, "Zed", "on_track", version=version)

    html = page(as_coach)

    assert "Zed" not in names_in(html)
    assert f'<option value="{last.design_version.design.public_id}">' in html


@pytest.mark.parametrize(
    ("asked", "shown", "message"),
    [
        ("x", "page 1 of 3", "Page: That is not a page number; showing the first page."),
        ("0", "page 1 of 3", "Page: Pages start at 1; showing the first page."),
        ("-2", "page 1 of 3", "Page: Pages start at 1; showing the first page."),
        ("9", "page 3 of 3", "Page: There are only 3 pages; showing the last."),
        ("9" * 5000, "page 3 of 3", "Page: There are only 3 pages; showing the last."),
        ("2.5", "page 1 of 3", "That is not a page number"),
        ("\u00b2", "page 1 of 3", "That is not a page number"),
        ("\u202e2", "page 1 of 3", "That is not a page number"),
    ],
)
def test_a_bad_page_shows_the_first_or_last_with_a_message(
    seven: dict[str, Journey], as_coach: HttpClient, asked: str, shown: str, message: str
) -> None:
    html = page(as_coach, page=asked)

    assert shown in html
    assert message in html
    assert names_in(html)


def test_a_caseload_that_fits_on_a_page_has_no_pager_and_says_nothing_of_a_last_check(
    cast: Cast, as_coach: HttpClient
) -> None:
    opened(cast, "Ada", "stalled")
    opened(cast, "Bea")

    html = page(as_coach, page="3")

    assert names_in(html) == ["Ada", "Bea"]
    assert "Page: There is only one page; showing it." in html
    assert "2 open journeys" in html
    assert NOTE not in html
    assert 'class="pager"' not in html
    # Judged now, the stalled Ada is on track, so a filter by stalled finds no one.
    assert names_in(page(as_coach, state="stalled")) == []


def test_the_owners_every_coach_view_pages_and_keeps_the_coach_in_its_links(
    cast: Cast, as_owner: HttpClient
) -> None:
    for number, stored in enumerate(("stalled", "", "drifting", "on_track", "stalled")):
        coach = cast.coach if number % 2 else cast.owner
        opened(cast, f"Client {number}", stored, coach=coach)

    first = page(as_owner, coach="all")
    second = page(as_owner, coach="all", page="2")

    assert "5 open journeys; 3 need attention as of the last check." in first
    assert sorted(names_in(first) + names_in(second)) == [f"Client {n}" for n in range(5)]
    assert pager_links(first) == ["/caseload/?coach=all&amp;page=2"]
    assert "Coach: Cora Coach" in first + second
    # The owner's own caseload (three journeys) fits on one page.
    assert 'class="pager"' not in page(as_owner)


@pytest.mark.parametrize("count", [7, 10])
def test_a_page_costs_the_same_queries_however_many_journeys(
    cast: Cast, as_coach: HttpClient, count: int, django_assert_num_queries: Any
) -> None:
    version = make_version(cast.client, cast.coach, ["orient", "experiment", "close"])
    for number in range(count):
        opened(cast, f"Client {number}", "stalled", version=version)

    # session, user, memberships; the designs and phases; the counts; the page's journeys;
    # the journeys; closing reviews; momentum's seven facts; the unread messages
    with django_assert_num_queries(17):
        html = page(as_coach, state="stalled", page="2")
    assert len(names_in(html)) == 3


@pytest.mark.parametrize("count", [2, 4])
def test_every_coachs_pages_cost_the_same_queries_however_many_coaches(
    cast: Cast, as_owner: HttpClient, count: int, django_assert_num_queries: Any
) -> None:
    for number in range(count):
        coach = make_member(
            cast.practice, Role.COACH, name=f"Coach {number}", email=f"c{number}@example.com"
        )
        opened(cast, f"Client {number}", "drifting", coach=coach)
        opened(cast, f"Other {number}", "", coach=coach)

    # the same, and the practice's coaches for the owner's filter
    with django_assert_num_queries(18):
        html = page(as_owner, coach="all")
    assert len(names_in(html)) == 3
