"""axe-core checks every page a browser test visits; these tests show that it does, and
look at pages on a phone-sized screen."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, ViewportSize, expect

from arcwise.accounts.models import User
from arcwise.journeys.models import Thread, ThreadKind
from tests.browser.conftest import Accessibility
from tests.conftest import Cast
from tests.journeys.factories import make_journey

PHONE: ViewportSize = {"width": 390, "height": 844}


def test_a_serious_problem_on_a_page_is_found(page: Page, accessibility: Accessibility) -> None:
    page.goto("/sign-in/")
    page.evaluate(
        """document.querySelector("main").insertAdjacentHTML(
            "beforeend", '<input type="text" id="nameless">'
        )"""
    )

    accessibility.check(page)

    assert any("label (critical)" in finding for finding in accessibility.findings)
    # Found as expected; the teardown check is for unexpected ones.
    page.evaluate("document.getElementById('nameless').remove()")
    accessibility.findings.clear()


def test_a_moderate_problem_on_a_page_is_found(page: Page, accessibility: Accessibility) -> None:
    page.goto("/sign-in/")
    # A heading that skips from the page's h1 to h4: a screen reader's outline has a hole.
    page.evaluate(
        """document.querySelector("main").insertAdjacentHTML(
            "beforeend", '<h4 id="skipped">Fine print</h4>'
        )"""
    )

    accessibility.check(page)

    assert any("heading-order (moderate)" in finding for finding in accessibility.findings)
    page.evaluate("document.getElementById('skipped').remove()")
    accessibility.findings.clear()


def test_every_page_visited_is_checked(
    page: Page, cast: Cast, sign_in_as: Callable[[User], None], accessibility: Accessibility
) -> None:
    sign_in_as(cast.coach)
    page.goto("/clients/")
    page.get_by_role("link", name="Quentin Confidential").click()
    expect(page.get_by_role("heading", name="Quentin Confidential")).to_be_visible()

    accessibility.check(page)
    accessibility.check_missed(page)

    visited = {url.split("/", 3)[-1] for url in accessibility.checked}
    assert {"sign-in/", "clients/", f"clients/{cast.client.public_id}/"} <= visited


def test_journey_pages_read_on_a_phone(
    page: Page, cast: Cast, sign_in_as: Callable[[User], None]
) -> None:
    page.set_viewport_size(PHONE)
    journey = make_journey(cast.coach, cast.client)
    session = journey.sessions.order_by("starts_at")[0]
    Thread.objects.create(
        journey=journey, session=session, kind=ThreadKind.QUESTION, text="Whose call is it?"
    )
    sign_in_as(cast.coach)

    page.goto(f"/journeys/{journey.public_id}/")
    expect(page.get_by_role("heading", name="Quentin Confidential").first).to_be_visible()
    page.goto(f"/journeys/{journey.public_id}/prep/")
    page.locator(".thread__close summary").click()  # open the thread's close form
    expect(page.get_by_label("Where it went")).to_be_visible()
    page.goto(f"/journeys/{journey.public_id}/sessions/{session.public_id}/")
    expect(page.get_by_role("main")).to_be_visible()
    page.goto("/account/")
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()

    # Nothing is wider than the phone: no sideways scrolling to read a page.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
