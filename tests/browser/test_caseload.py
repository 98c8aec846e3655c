"""The caseload as a control panel: a stalled journey says why among those that need
attention, a filter narrows the list without losing the page, and one click on Prep opens
session prep."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from arcwise.accounts.models import User
from arcwise.insights import caseload_paging
from arcwise.journeys.models import Journey, Session, SessionStatus
from tests.conftest import Cast
from tests.factories import make_client
from tests.insights.test_caseload import noon_days_ago
from tests.journeys.factories import make_journey

SignInAs = Callable[[User], None]


def test_a_stalled_journey_shows_why_and_one_click_opens_its_prep(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    today = timezone.localdate()
    stalled = make_journey(
        cast.coach,
        cast.client,
        start=today - timedelta(days=60),
        planned_end=today + timedelta(days=120),
        cadence_days=14,
    )
    now = timezone.now()
    sessions = Session.objects.filter(journey=stalled).order_by("starts_at")
    sessions.filter(starts_at__lt=now).update(status=SessionStatus.CANCELLED)
    first = sessions.first()
    assert first is not None
    Session.objects.filter(pk=first.pk).update(
        starts_at=noon_days_ago(40, cast.coach.time_zone), status=SessionStatus.HELD
    )
    make_journey(
        cast.coach,
        make_client(cast.practice, name="Calm Carla"),
        version=stalled.design_version,
        start=today + timedelta(days=1),
    )
    sign_in_as(cast.coach)

    page.goto("/caseload/")
    attention = page.get_by_role("region", name=re.compile("^Needs attention"))
    row = attention.get_by_role("row").filter(has_text="Quentin Confidential")
    expect(row).to_contain_text("Stalled")
    expect(row).to_contain_text("40 days since the last session; the agreed cadence is every 14")
    expect(
        row.get_by_role("img", name="Momentum over 12 weeks: Quentin Confidential")
    ).to_be_visible()
    expect(page.get_by_role("region", name=re.compile("^On track and paused"))).to_contain_text(
        "Calm Carla"
    )

    # With htmx the filter swaps only the list, and the URL carries it for a bookmark.
    page.get_by_label("State").select_option(label="Stalled")
    expect(page).to_have_url(re.compile(r"state=stalled"))
    expect(page.get_by_text("1 of 2 open journeys match")).to_be_visible()
    expect(page.get_by_role("region", name=re.compile("^On track and paused"))).to_have_count(0)

    page.get_by_role("link", name="Prep session for Quentin Confidential").click()
    expect(page).to_have_title(re.compile("^Session prep: Quentin Confidential"))
    momentum = page.get_by_role("region", name="Momentum", exact=True)
    expect(momentum).to_contain_text("Stalled")
    expect(momentum).to_contain_text("40 days since the last session")


def test_a_large_caseload_pages_and_the_pager_keeps_the_filter(
    page: Page, cast: Cast, sign_in_as: SignInAs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(caseload_paging, "PAGE_SIZE", 2)
    today = timezone.localdate()
    for name, stored in (("Ada", "stalled"), ("Bea", "drifting"), ("Cal", "stalled"), ("Dan", "")):
        journey = make_journey(
            cast.coach, make_client(cast.practice, name=name), start=today + timedelta(days=1)
        )
        Journey.objects.filter(pk=journey.pk).update(momentum_state=stored)
    sign_in_as(cast.coach)

    page.goto("/caseload/")
    counts = page.get_by_text("4 open journeys; 3 need attention as of the last check.")
    expect(counts).to_be_visible()
    expect(page.get_by_text("as of its last check, about hourly")).to_be_visible()
    page.get_by_label("State").select_option(label="Stalled")
    expect(page).to_have_url(re.compile(r"state=stalled"))
    expect(page.get_by_text("2 of 4 open journeys match")).to_be_visible()
    expect(page.get_by_role("navigation", name="Pages of the caseload")).to_have_count(0)

    page.goto("/caseload/?sort=client")
    pager = page.get_by_role("navigation", name="Pages of the caseload")
    expect(pager).to_contain_text("Page 1 of 2")
    pager.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"sort=client&page=2"))
    expect(page.get_by_role("link", name="Cal", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Dan", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Ada", exact=True)).to_have_count(0)
