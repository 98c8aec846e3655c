"""The owner's side on a desktop and the caseload on a phone: at 390 px the caseload's
filters fold behind one "Filters and sort" control, which opens them; at desktop width they
are shown without it, the owner picks every coach's journeys, each row saying whose it is,
and the search box in the navigation finds a client and leads to their page."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, ViewportSize, expect

from arcwise.accounts.models import User
from tests.conftest import Cast
from tests.factories import make_client
from tests.journeys.factories import make_journey

SignInAs = Callable[[User], None]
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


def test_on_a_phone_the_caseload_filters_fold_behind_one_control(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    make_journey(cast.coach, cast.client)
    page.set_viewport_size(PHONE)
    sign_in_as(cast.coach)

    page.goto("/caseload/")
    control = page.get_by_text("Filters and sort", exact=True)
    expect(control).to_be_visible()
    state = page.get_by_label("State")
    expect(state).to_be_hidden()
    expect(page.get_by_role("link", name="Quentin Confidential", exact=True)).to_be_visible()
    box = control.bounding_box()
    assert box is not None
    assert box["height"] >= 44, "the control is a tap target of at least 44 px"

    control.click()
    expect(state).to_be_visible()
    state.select_option("on_track")
    expect(page).to_have_url("/caseload/?state=on_track&design=&phase=&sort=attention")


def test_the_owner_sees_every_coachs_caseload_and_searches_from_the_navigation(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    make_journey(cast.coach, cast.client)
    make_journey(cast.owner, make_client(cast.practice, name="Olga Owned"))
    page.set_viewport_size(DESKTOP)
    sign_in_as(cast.owner)

    page.goto("/caseload/")
    expect(page.get_by_text("Filters and sort", exact=True)).to_be_hidden()
    coach = page.get_by_label("Coach")
    expect(coach).to_be_visible()
    expect(page.get_by_role("link", name="Quentin Confidential")).to_have_count(0)
    coach.select_option(label="All coaches")
    row = page.get_by_role("row").filter(has_text="Quentin Confidential")
    expect(row).to_contain_text("Coach: Cora Coach")
    expect(row).to_contain_text("Cora Coach's to prepare")
    expect(page.get_by_role("row").filter(has_text="Olga Owned")).to_contain_text("Coach: You")
    expect(page).to_have_url("/caseload/?coach=all&state=&design=&phase=&sort=attention")

    search = page.get_by_role("search", name="Search").get_by_role("searchbox")
    search.fill("quen")
    search.press("Enter")
    results = page.get_by_role("region", name="Clients (1)")
    expect(results).to_contain_text("Quentin Confidential")
    results.get_by_role("link", name="Quentin Confidential").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quentin Confidential")
