"""The practice insight page in a browser: both charts are images named by their own titles,
the outcomes' tables are named regions, and axe-core (run by the page fixture on every load)
finds nothing serious in them."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from arcwise.accounts.models import User
from tests.conftest import Cast
from tests.insights.test_practice_insight import hand_counted
from tests.insights.test_practice_outcomes import hand_worked

SignInAs = Callable[[User], None]


def test_the_owner_sees_both_charts_named_by_their_own_titles(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    hand_counted(cast)
    sign_in_as(cast.owner)

    page.goto("/caseload/practice/")

    images = page.locator("svg[role=img]")
    expect(images).to_have_count(2)
    ids = page.locator("svg[role=img] [id]").evaluate_all("nodes => nodes.map(n => n.id)")
    assert ids
    assert len(ids) == len(set(ids)), "no id is repeated between the two charts"
    for index in range(2):
        chart = images.nth(index)
        title = chart.locator("title").first.text_content() or ""
        expect(chart).to_have_accessible_name(title)
        assert title.strip()


def test_the_page_fits_a_laptop_screen_and_the_wide_table_scrolls_in_its_own_box(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    hand_counted(cast)
    sign_in_as(cast.owner)
    page.set_viewport_size({"width": 1024, "height": 800})

    page.goto("/caseload/practice/")

    expect(page.get_by_role("region", name="Weeks in each phase, as a table")).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 1024, f"the page is {width} px wide on a 1024 px screen"


def test_the_outcomes_tables_are_named_and_fit_a_laptop_screen(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    hand_worked(cast)
    sign_in_as(cast.owner)
    page.set_viewport_size({"width": 1024, "height": 800})

    page.goto("/caseload/practice/")

    region = page.get_by_role("region", name="Outcomes of Leading without rescuing, version 1")
    expect(region).to_be_visible()
    expect(region.get_by_role("row", name="T at close (coach's ratings)")).to_contain_text(
        "55 (middle half: 50 to 60; 6 journeys)"
    )
    expect(page.get_by_role("table", name="Second wind, version 1")).to_contain_text(
        "too few to say (4 closed)"
    )
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 1024, f"the page is {width} px wide on a 1024 px screen"
