"""A coach ends a journey early through the short review (closing through the full review
is walked in test_closing_review.py); afterwards each page says how it ended, the caseload
no longer lists it, and the journey list's filter finds it. A journey started by mistake is
removed after its confirmation."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from arcwise.accounts.models import User
from arcwise.journeys.models import Journey
from tests.browser.test_journeys import messages
from tests.browser.test_living_plan import this_monday
from tests.conftest import Cast
from tests.factories import make_client
from tests.journeys.factories import make_journey

SignInAs = Callable[[User], None]


def test_a_coach_ends_a_journey_early_through_the_short_review(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    rosa = make_client(cast.practice, name="Rosa Marquez")
    ending = make_journey(cast.coach, rosa, start=this_monday())
    sign_in_as(cast.coach)

    page.goto(f"/journeys/{ending.public_id}/")
    page.get_by_role("button", name="End early").click()
    expect(messages(page)).to_contain_text("Ending early")
    # A session of this week that has begun and was not recorded: it did not happen.
    for _ in range(3):
        cancelled = page.get_by_role("button", name=re.compile("^Cancelled"))
        if not cancelled.count():
            break
        cancelled.first.click()
        expect(messages(page)).to_contain_text("status is saved")
    expect(page.get_by_text("Nothing is left hanging")).to_be_visible()
    page.get_by_role("button", name="Save and go on").click()
    page.get_by_label("Why it ends early").select_option(label="The client withdrew")
    page.get_by_label("A note for the log").fill("A new job leaves her no time now.")
    page.get_by_role("button", name="Save and go on").click()
    page.get_by_role("button", name="End the journey early").click()
    expect(messages(page)).to_contain_text("ended early")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ended early")
    expect(page.get_by_role("heading", name=re.compile("^Ended early on"))).to_be_visible()
    expect(page.locator("main")).to_contain_text(
        "Why it ended early: The client withdrew: A new job leaves her no time now."
    )
    log = page.locator("section", has=page.get_by_role("heading", name="Adaptation log"))
    expect(log).to_contain_text(
        "Ended the journey early (the client withdrew): A new job leaves her no time now."
    )
    expect(page.get_by_role("heading", name="End the journey")).to_have_count(0)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Caseload").click()
    expect(page.get_by_text("No open journeys.")).to_be_visible()
    page.get_by_role("link", name="Closed and ended journeys").click()
    tabs = page.get_by_role("navigation", name="Journey lists")
    expect(tabs.get_by_role("link", name="Closed and ended (1)")).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.get_by_role("row").filter(has_text="Rosa Marquez")).to_contain_text("Ended early")
    assert set(Journey.objects.values_list("status", flat=True)) == {"ended_early"}


def test_a_journey_started_by_mistake_is_removed_after_its_confirmation(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    journey = make_journey(cast.coach, cast.client, start=this_monday())
    sign_in_as(cast.coach)

    page.goto(f"/journeys/{journey.public_id}/")
    page.get_by_role("link", name="remove this journey").click()
    expect(page.get_by_role("heading", name="What will be deleted")).to_be_visible()
    expect(page.get_by_text("3 planned sessions")).to_be_visible()
    page.get_by_role("button", name="Remove the journey").click()

    expect(messages(page)).to_contain_text("journey is removed, with its 3 sessions")
    expect(page.get_by_text("No open journeys.")).to_be_visible()
    page.go_back()
    page.reload()
    expect(page.get_by_role("heading", name="This journey is not here")).to_be_visible()
    assert not Journey.objects.filter(pk=journey.pk).exists()
