"""Pages that list a practice's rows show none of another practice's.

The rows of the practice being looked at are made before each page is rendered, so a list
that forgot its practice filter would show them. Two people look: an owner of another
practice, and a coach who belongs to both practices but is working in the other one (the
only person a filter on the coach alone would not stop). That every row URL answers 404 to
another practice, and what each role gets everywhere, is tests/test_url_walk.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.accounts.models import Membership, Role
from arcwise.clients.models import Client
from arcwise.designs.models import Visibility
from tests.conftest import Cast, signed_in
from tests.designs.factories import make_design
from tests.factories import make_member
from tests.journeys.factories import make_journey
from tests.test_url_walk import MEMBER_PAGES

GOALS = "Harbour goal: to stop carrying the whole team."
BEAS_GOALS = "Bea goal: to sleep before midnight."


@dataclass
class Viewer:
    http: HttpClient
    # What may appear on their pages without giving anything away (the switcher of someone
    # in both practices names the other one, for instance).
    known: tuple[str, ...] = ()
    # What they made in the practice being looked at themselves.
    own_rows: tuple[str, ...] = ()
    role: str = Role.OWNER  # in the practice they are working in


# Pages for one role only: anyone else is refused (403), which shows nothing either. That a
# mentor's list shows nothing of another practice is tests/insights/test_mentor_pages.py; a
# sponsor's, tests/sponsors/test_sponsor_pages.py.
ONE_ROLE_PAGES = {
    "insights:mentor_list": Role.MENTOR,
    "insights:mentor_views": Role.OWNER,
    "sponsors:list": Role.SPONSOR,
    "privacy:audit_log": Role.OWNER,
    "privacy:audit_log_csv": Role.OWNER,
}


def harbour_rows(cast: Cast) -> list[str]:
    """Rows of the practice being looked at, and the texts that would betray each."""
    design = make_design(
        cast.practice,
        cast.coach,
        published=True,
        visibility=Visibility.PRACTICE,
        name="Harbour arc",
    )
    make_journey(
        cast.coach,
        cast.client,
        version=design.versions.get(),
        goals=GOALS,
        another_open_confirmed=True,
    )
    return [
        cast.client.name,
        cast.client.email,
        cast.client.notes,
        cast.owner.email,
        cast.practice.name,
        "Harbour arc",
        GOALS,
    ]


@pytest.fixture(params=["outsider", "member of both"])
def viewer(request: pytest.FixtureRequest, cast: Cast) -> Viewer:
    if request.param == "outsider":
        return Viewer(signed_in(cast.outsider))
    both = make_member(cast.practice, Role.COACH, name="Bea Both", email="bea@example.com")
    Membership.objects.create(user=both, practice=cast.other_practice, role=Role.COACH)
    # Her own design and journey in Harbour: only the practice filter keeps them off her
    # pages while she works in the other practice.
    design = make_design(cast.practice, both, published=True, name="Bea private arc")
    make_journey(
        both,
        cast.client,
        version=design.versions.get(),
        goals=BEAS_GOALS,
        another_open_confirmed=True,
    )
    http = signed_in(both)
    switch = reverse("accounts:practice_switch", args=[cast.other_practice.public_id])
    assert http.post(switch).status_code == 302
    return Viewer(
        http,
        known=(cast.practice.name,),
        own_rows=("Bea private arc", BEAS_GOALS),
        role=Role.COACH,
    )


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_list_pages_show_nothing_of_another_practice(cast: Cast, viewer: Viewer, name: str) -> None:
    secrets = [*harbour_rows(cast), *viewer.own_rows]

    response = viewer.http.get(reverse(name), follow=True)

    only = ONE_ROLE_PAGES.get(name)
    assert response.status_code == (200 if only in (None, viewer.role) else 403), name
    body = response.content.decode()
    for secret in secrets:
        if secret not in viewer.known:
            assert secret not in body, f"{name} shows {secret!r} to another practice"


def test_rows_of_another_practice_are_untouched_by_its_posts(
    cast: Cast, as_outsider: HttpClient
) -> None:
    as_outsider.post(reverse("clients:archive", args=[cast.client.public_id]))

    assert Client.objects.get(pk=cast.client.pk).archived_at is None
