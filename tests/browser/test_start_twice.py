"""Two fast clicks on "Start the journey" start one journey, and the coach lands on it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from playwright.sync_api import Page, Request, expect

from arcwise.accounts.models import User
from arcwise.journeys.models import Journey, Session
from tests.browser.test_journeys import CLIENT, KEYS, fill_agreement
from tests.conftest import Cast
from tests.journeys.factories import make_version


def test_two_fast_clicks_on_start_the_journey_start_one_journey(
    page: Page, cast: Cast, sign_in_as: Callable[[User], None]
) -> None:
    make_version(cast.client, cast.coach, KEYS, sessions_per_phase=2)
    sign_in_as(cast.coach)
    page.goto("/journeys/new/")
    fill_agreement(page, start=date(2026, 9, 7))
    starts: list[Request] = []
    page.on(
        "request",
        lambda request: (
            starts.append(request)
            if request.method == "POST" and "action=start" in (request.post_data or "")
            else None
        ),
    )

    # Two real mouse clicks 50 ms apart, as an impatient double click lands. Playwright's
    # dblclick sends both clicks at once, which Chromium often folds into one submission; with
    # a moment between them, the first request is on its way when the second is sent.
    box = page.get_by_role("button", name="Start the journey").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    page.wait_for_timeout(50)
    page.mouse.click(x, y)

    expect(page.get_by_role("heading", level=1)).to_contain_text(CLIENT)
    # The page is the answer to the second click: the server had already started the journey
    # from the first, so it says so and shows that journey.
    expect(page.locator(".messages")).to_contain_text(
        f"{CLIENT}'s journey was already started from this plan, so nothing new was made. "
        "Here it is."
    )
    assert len(starts) == 2, "the browser sent the form once: the second click did not repeat it"
    journey = Journey.objects.get()
    assert page.url.endswith(f"/journeys/{journey.public_id}/")
    assert Session.objects.filter(journey=journey).count() == 6
    expect(page.get_by_role("table", name="Sessions").locator("tbody tr")).to_have_count(6)
