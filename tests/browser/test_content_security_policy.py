"""Pages run under the Content-Security-Policy: htmx and app.js work without inline code,
and anything inline is blocked and reported, which fails the test that caused it."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from arcwise.accounts.models import User
from tests.browser.conftest import Console
from tests.conftest import Cast


def test_an_inline_handler_is_blocked_and_reported(page: Page, console: Console) -> None:
    page.goto("/sign-in/")

    page.evaluate(
        """document.body.insertAdjacentHTML(
            "beforeend", '<img alt="" src="/no-such-image.png" onerror="document.title = 1">'
        )"""
    )

    expect(page).not_to_have_title("1")
    # Polled from Python rather than with wait_for_function: Playwright runs a string predicate
    # through eval inside the page, which this very policy forbids.
    for _ in range(100):
        if any("inline event handler" in v for v in console.policy_violations()):
            break
        page.wait_for_timeout(50)
    assert any("inline event handler" in v for v in console.policy_violations())
    console.forget()  # reported as expected; the teardown check is for unexpected ones


def test_htmx_runs_without_adding_an_inline_style(
    page: Page, cast: Cast, sign_in_as: Callable[[User], None], console: Console
) -> None:
    sign_in_as(cast.coach)
    page.goto("/clients/")
    page.get_by_label("Find a client by name or e-mail").fill("Quentin")

    expect(page.get_by_role("link", name="Quentin Confidential")).to_be_visible()
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.locator("style").count() == 0
    assert console.policy_violations() == []
