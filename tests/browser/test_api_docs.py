"""The API's interactive docs work under the app's Content-Security-Policy: the page's
scripts and styles are Arcwise's own static files, and it lists every operation.

The page is ninja's Swagger UI page, whose markup axe-core faults (no language or main
landmark, the contrast of its method badges, controls nested in its operation rows): not
ours to change, so this test opens the page in a context of its own, without the `page`
fixture's axe check, and keeps its check of the policy. docs/api.md names the JSON schema
(/api/v1/openapi.json) as the reference a screen reader can use.
"""

from __future__ import annotations

from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import Console


def test_the_api_docs_list_the_operations_without_breaking_the_policy(
    browser: Browser, live_server: LiveServer, console: Console
) -> None:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.on("console", lambda message: console.record(message.type, message.text))
    page.on("pageerror", lambda error: console.record("pageerror", str(error)))
    try:
        response = page.goto("/api/v1/docs")
        assert response is not None
        assert "script-src 'self'" in response.headers["content-security-policy"]
        expect(page.get_by_role("heading", name="Arcwise API")).to_be_visible()
        expect(page.get_by_text("/api/v1/designs/import")).to_be_visible()
        assert page.locator(".opblock").count() >= 9
    finally:
        context.close()
    assert console.policy_violations() == []
