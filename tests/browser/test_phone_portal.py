"""The demo client's portal on a 390 px phone: the first screen shows what is asked of him
now and his next session, the rest folds away, and every tap target is at least 44x44 px."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from arcwise.clients.models import Client
from arcwise.portal.models import PortalLink
from arcwise.portal.services import portal_link_send
from tests.browser.phone import (
    PHONE,
    bottom_of,
    open_every_fold,
    page_length,
    tap_targets,
    top_of,
)

DEMO_CLIENT = "jordan.ellis@example.org"


def _demo_portal(page: Page, live_server: LiveServer, settings: Any) -> None:
    settings.DEBUG = True  # the demo, with its published password, loads only in development
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False
    client = Client.objects.get(email=DEMO_CLIENT)
    coach = client.journeys.get().coach
    newest = PortalLink.objects.filter(client=client, revoked_at=None).latest("created_at")
    link = portal_link_send(
        client=client, sent_by=coach, from_link=str(newest.public_id), site_url=live_server.url
    )
    page.set_viewport_size(PHONE)
    page.goto(link.url)
    expect(page.get_by_role("heading", name="Hello, Jordan Ellis")).to_be_visible()


def test_the_demo_portal_on_a_phone_is_short_and_every_tap_target_is_big_enough(
    page: Page, live_server: LiveServer, settings: Any
) -> None:
    _demo_portal(page, live_server, settings)

    length = page_length(page)
    shown = tap_targets(page)
    open_every_fold(page)
    every = tap_targets(page)
    print(f"portal: {length} px long, {shown['count']} tap targets shown")
    print(f"  small: {len(shown['small'])} ({len(every['small'])} with every fold open)")
    print(
        f"  inline links: {len(every['inline'])}; controls under 44 px by their own box: "
        f"{shown['bare']} shown, {every['bare']} with every fold open"
    )
    assert every["small"] == [], "tap targets under 44x44 px:\n" + "\n".join(every["small"])
    assert every["inline"] == [], "links in a sentence:\n" + "\n".join(every["inline"])
    assert every["offscreen"] == [], "off the screen:\n" + "\n".join(every["offscreen"])
    assert length <= 2 * PHONE["height"], f"the folded page is {length} px long"


def test_the_first_screen_shows_the_next_action_then_the_next_session(
    page: Page, live_server: LiveServer, settings: Any
) -> None:
    _demo_portal(page, live_server, settings)

    now = page.locator(".portal-now")
    expect(now).to_have_count(1)
    expect(now.get_by_role("heading", name="For your sponsor")).to_be_visible()
    expect(now.get_by_role("button", name="Approve for Brightwave Software")).to_be_visible()
    expect(page.locator(".portal-next-session")).to_contain_text("Your next session")
    # In this order, both within the first screen: the action, then the next session.
    action_ends = bottom_of(page, ".portal-now")
    session_starts = top_of(page, ".portal-next-session")
    session_ends = bottom_of(page, ".portal-next-session")
    assert action_ends is not None
    assert session_starts is not None
    assert session_ends is not None
    assert action_ends <= session_starts
    assert session_ends <= PHONE["height"], (
        f"the next session ends at {session_ends} px, below the first screen"
    )
