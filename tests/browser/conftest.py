"""Playwright against Debian's Chromium: one browser per session, a fresh page per test.

Every test here is marked `browser`, runs against pytest-django's `live_server` (so the
database is transactional and shared with the server thread), and leaves a full-page
screenshot in $ARCWISE_TEST_ARTIFACTS/screenshots/ when it fails.

Pages run under Arcwise's real Content-Security-Policy, and a test fails if the console
reports a violation of it (an inline script or style, an eval, a blocked source), so
anything the policy would break in production breaks a test first.

Every page a test visits is checked with axe-core, and a moderate, serious or critical violation
fails the test (see `Accessibility`). axe is run with `page.evaluate`, which Playwright sends over
the DevTools protocol (Runtime.callFunctionOn): the page's `script-src 'self'` governs the
page's own scripts, not the debugger's, so axe needs no script tag and no exception in the
policy, and a test that ran it under a broken policy would fail on the console's report.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Error, Page, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from arcwise.accounts.models import User
from tests.factories import PASSWORD

# Playwright's sync API keeps an asyncio loop running in the test thread, and Django refuses
# ORM calls from a thread with a running loop. The tests only touch the database between
# browser calls, never concurrently with the loop's own work, so the check is safe to lift.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000
HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]

# Reports of each phase (setup, call, teardown), so the page fixture can see a failure.
phase_reports = pytest.StashKey[dict[str, pytest.TestReport]]()

expect.set_options(timeout=TIMEOUT_MS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # This hook sees the whole session's items, so mark only those collected from here.
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item,
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    item.stash.setdefault(phase_reports, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM}; "
            "install it with: apt-get install chromium",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Console:
    """What the browser said while a test ran: every console message and uncaught error."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def record(self, kind: str, text: str, where: str = "") -> None:
        self.messages.append(f"{kind}: {text}" + (f" ({where})" if where else ""))

    def policy_violations(self) -> list[str]:
        return [message for message in self.messages if CSP_VIOLATION.search(message)]

    def forget(self) -> None:
        self.messages.clear()


# How Chromium reports a blocked inline script, style, handler, eval or source.
CSP_VIOLATION = re.compile(r"Content Security Policy|Content-Security-Policy", re.IGNORECASE)


@pytest.fixture
def console() -> Console:
    return Console()


# Impacts that fail a test. "moderate" is in: it holds the findings a screen-reader user meets
# on every visit (headings that skip a level, content outside a landmark). axe's "minor" ones
# are left to judgement.
FAILING_IMPACTS = frozenset({"moderate", "serious", "critical"})
# The axe-core build that axe-playwright-python ships, and how to run it on a document.
AXE_SOURCE = Axe().axe_script
AXE_RUN = """async () => {
  if (typeof window.axe === "undefined") { %s }
  const results = await window.axe.run(document, {resultTypes: ["violations"]});
  return {url: location.href, violations: results.violations};
}"""


class Accessibility:
    """axe-core's moderate, serious and critical findings on every page a test visited.

    Each document is checked when it has loaded; the page the test ends on is checked again
    at teardown, as the test left it (htmx swaps included). A page the test left before its
    check finished is fetched again by address at teardown and checked then.
    """

    def __init__(self) -> None:
        self.checked: list[str] = []
        self.missed: list[str] = []
        self.findings: list[str] = []
        self.running = False

    def check(self, page: Page) -> None:
        if not page.url.startswith("http"):
            return  # about:blank before the first page
        while self.running:  # axe runs one check at a time in a page
            page.wait_for_timeout(20)
        self.running = True
        try:
            results = page.evaluate(AXE_RUN % AXE_SOURCE)
        except Error:
            # The test moved on before axe finished: a navigation destroyed the document.
            self.missed.append(page.url)
            return
        finally:
            self.running = False
        url = results["url"]
        self.checked.append(url)
        for violation in results["violations"]:
            if violation.get("impact") not in FAILING_IMPACTS:
                continue
            targets = ", ".join(
                " ".join(str(t) for t in node.get("target", [])) for node in violation["nodes"]
            )
            finding = (
                f"{url}: {violation['id']} ({violation['impact']}): {violation['help']}; "
                f"at {targets}"
            )
            if finding not in self.findings:
                self.findings.append(finding)

    def check_missed(self, page: Page) -> None:
        missed, self.missed = self.missed, []
        for url in dict.fromkeys(missed):
            if url not in self.checked:
                page.goto(url)
                self.check(page)
        for url in self.missed:
            self.findings.append(f"{url}: axe could not check this page")


@pytest.fixture
def accessibility() -> Accessibility:
    return Accessibility()


@pytest.fixture
def page(
    browser: Browser,
    live_server: LiveServer,
    console: Console,
    accessibility: Accessibility,
    request: pytest.FixtureRequest,
) -> Iterator[Page]:
    """A page in a fresh context (no cookies), with relative URLs going to the live server.

    The test fails at teardown if the console reported a Content-Security-Policy violation,
    or axe-core found a moderate, serious or critical accessibility problem on a page it visited.
    """
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.on(
        "console",
        lambda message: console.record(message.type, message.text, message.location.get("url", "")),
    )
    page.on("pageerror", lambda error: console.record("pageerror", str(error)))

    def check_on_load(loaded: Page) -> None:
        accessibility.check(loaded)

    page.on("load", check_on_load)
    yield page
    reports = request.node.stash.get(phase_reports, {})
    failed = any(report.failed for report in reports.values())
    if failed:
        _screenshot(page, request.node.nodeid)
    else:
        page.remove_listener("load", check_on_load)
        accessibility.check(page)  # the page the test ends on, as it ends
        accessibility.check_missed(page)
    context.close()
    violations = console.policy_violations()
    if violations:
        pytest.fail(
            "The page broke its Content-Security-Policy:\n  " + "\n  ".join(violations),
            pytrace=False,
        )
    if accessibility.findings and not failed:
        pytest.fail(
            "axe-core found moderate, serious or critical accessibility problems:\n  "
            + "\n  ".join(accessibility.findings),
            pytrace=False,
        )


def _screenshot(page: Page, nodeid: str) -> None:
    folder = Path(os.environ.get("ARCWISE_TEST_ARTIFACTS") or REPO_ROOT / "test-artifacts")
    folder = folder / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")
    path = folder / f"{name}.png"
    try:
        page.screenshot(path=str(path), full_page=True)
    except Exception as error:  # a crashed page must not hide the test's own failure
        print(f"Could not save a screenshot to {path}: {error}")
    else:
        print(f"Screenshot of the failed test: {path}")


@pytest.fixture
def sign_in_as(page: Page) -> Callable[[User], None]:
    """Sign a factory-made user in through the form (not by cookie), as a person would."""

    def sign_in(user: User) -> None:
        page.goto("/sign-in/")
        page.get_by_label("E-mail").fill(user.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        signed_in = page.get_by_role("button", name="Sign out", include_hidden=True)
        expect(signed_in.first).to_be_attached()
        menu = page.get_by_role("banner").get_by_text("Menu", exact=True)
        if menu.is_visible():  # on a phone the account sits in the header's Menu
            menu.click()
            expect(page.get_by_role("button", name="Sign out")).to_be_visible()
            menu.click()
        else:
            expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    return sign_in
