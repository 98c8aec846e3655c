"""The coach's navigation on a 390 px phone: one row, with the links that do not fit behind
a "Menu" disclosure that needs no JavaScript; at desktop width every link stays in the bar."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from arcwise.accounts.models import Role, User
from arcwise.accounts.navigation import sections_for
from tests.browser.phone import PHONE, TAP_SIZE
from tests.conftest import Cast

SignInAs = Callable[[User], None]
# One row of 44 px links, with the header's padding and border.
ONE_ROW = 56
# At desktop width the bar has room for every link and the account, in one row of 44 px targets.
ONE_ROW_DESKTOP = 60


def _height(page: Page, selector: str) -> float:
    box = page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box["height"]


def test_on_a_phone_the_coachs_navigation_takes_one_row_and_reaches_every_link(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    sign_in_as(cast.owner)
    page.set_viewport_size(PHONE)
    page.goto("/designs/")

    height = _height(page, ".site-header")
    print(f"coach header on a phone: {height} px")
    assert height <= ONE_ROW, f"the header is {height} px tall: more than one row"
    header = page.get_by_role("banner")
    expect(header.get_by_role("navigation", name="Main")).to_be_visible()
    labels = [link.label for link in sections_for(Role.OWNER, "")]
    for label in labels:
        link = header.get_by_role("link", name=label, exact=True)
        if not link.is_visible():
            header.get_by_text("Menu", exact=True).click()
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box is not None
        assert box["height"] >= TAP_SIZE - 0.5, f"{label} is too small"
        if label == "Designs":
            expect(link).to_have_attribute("aria-current", "page")
    expect(header.get_by_role("button", name="Sign out")).to_be_visible()
    assert _height(page, ".site-header") == height, "the open menu lies over the page"

    header.get_by_role("link", name="Clients", exact=True).click()
    expect(page).to_have_url("/clients/")
    assert _height(page, ".site-header") <= ONE_ROW


def test_at_desktop_width_every_link_is_in_the_bar_and_no_menu_shows(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    sign_in_as(cast.owner)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/caseload/")

    nav = page.get_by_role("navigation", name="Main")
    for link in sections_for(Role.OWNER, ""):
        expect(nav.get_by_role("link", name=link.label, exact=True)).to_be_visible()
    expect(page.get_by_role("banner").get_by_text("Menu", exact=True)).to_be_hidden()
    expect(page.get_by_role("banner").get_by_role("button", name="Sign out")).to_be_visible()
    assert _height(page, ".site-header") <= ONE_ROW_DESKTOP


@pytest.mark.parametrize("role", [Role.COACH, Role.MENTOR, Role.SPONSOR])
def test_on_a_phone_every_roles_header_takes_one_row(
    page: Page, cast: Cast, sign_in_as: SignInAs, role: Role
) -> None:
    person = {Role.COACH: cast.coach, Role.MENTOR: cast.mentor, Role.SPONSOR: cast.sponsor}[role]
    page.set_viewport_size(PHONE)
    sign_in_as(person)

    assert _height(page, ".site-header") <= ONE_ROW
    header = page.get_by_role("banner")
    menu = header.get_by_text("Menu", exact=True)
    for link in sections_for(role, ""):
        found = header.get_by_role("link", name=link.label, exact=True)
        if not found.is_visible():
            menu.click()
        expect(found).to_be_visible()
        if menu.locator("xpath=..").get_attribute("open") is not None:
            menu.click()
