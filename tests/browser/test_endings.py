"""A coach closes one journey and ends another early through the journey page; afterwards
each page says how it ended, the caseload no longer lists them, and the journey list's
filter finds both. A journey started by mistake is removed after its confirmation."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from arcwise.accounts.models import User
from arcwise.journeys.models import Journey
from tests.browser.test_journeys import messages, open_panel
from tests.browser.test_living_plan import this_monday
from tests.conftest import Cast
from tests.factories import make_client
from tests.journeys.factories import make_journey

SignInAs = Callable[[User], None]


def test_a_coach_closes_one_journey_and_ends_another_early(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    rosa = make_client(cast.practice, name="Rosa Marquez")
    closing = make_journey(cast.coach, cast.client, start=this_monday())
    ending = make_journey(cast.coach, rosa, version=closing.design_version, start=this_monday())
    sign_in_as(cast.coach)

    page.goto(f"/journeys/{closing.public_id}/")
    panel = open_panel(page, "Close the journey")
    panel.get_by_label("What has shifted, in your words").fill(
        "He lets the team struggle a little, and they grow."
    )
    panel.get_by_role("button", name="Close the journey").click()
    expect(messages(page)).to_contain_text("The journey is closed")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Closed")
    expect(page.get_by_role("heading", name=re.compile("^Closed on"))).to_be_visible()
    expect(page.locator(".quote").last).to_contain_text("they grow")
    expect(page.get_by_role("heading", name="End the journey")).to_have_count(0)

    page.goto(f"/journeys/{ending.public_id}/")
    panel = open_panel(page, "End early")
    panel.get_by_label("Why it ends early").select_option(label="The client withdrew")
    panel.get_by_label("A note for the log").fill("A new job leaves her no time now.")
    panel.get_by_role("button", name="End the journey early").click()
    expect(messages(page)).to_contain_text("ended early")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ended early")
    expect(page.get_by_role("heading", name=re.compile("^Ended early on"))).to_be_visible()
    log = page.locator("section", has=page.get_by_role("heading", name="Adaptation log"))
    expect(log).to_contain_text(
        "Ended the journey early (the client withdrew): A new job leaves her no time now."
    )

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Caseload").click()
    expect(page.get_by_text("No open journeys.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=cast.client.name)).to_have_count(0)
    expect(page.get_by_role("row").filter(has_text="Rosa Marquez")).to_have_count(0)

    page.get_by_role("link", name="Closed and ended journeys").click()
    tabs = page.get_by_role("navigation", name="Journey lists")
    expect(tabs.get_by_role("link", name="Closed and ended (2)")).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.get_by_role("row").filter(has_text=cast.client.name)).to_contain_text("Closed")
    expect(page.get_by_role("row").filter(has_text="Rosa Marquez")).to_contain_text("Ended early")
    tabs.get_by_role("link", name="Open (0)").click()
    expect(page.get_by_text("No open journeys.")).to_be_visible()
    assert set(Journey.objects.values_list("status", flat=True)) == {"closed", "ended_early"}


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
