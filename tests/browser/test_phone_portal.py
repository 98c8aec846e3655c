"""The demo client's portal on a 390 px phone: the first screen shows what is asked of him
now and his next session, the rest folds away, and every tap target is at least 44x44 px."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from arcwise.clients.models import Client
from arcwise.journeys.models import Session
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
from tests.conftest import Cast
from tests.outcomes.factories import measured_journey
from tests.portal.helpers import agree_experiment, sessions_of
from tests.sponsors.factories import sponsor, summary_make

DEMO_CLIENT = "jordan.ellis@example.org"


def _newest(client: Client) -> str:
    """The public id of the client's newest usable link, which a new link replaces."""
    newest = (
        PortalLink.objects.filter(client=client, revoked_at=None, expires_at__gt=timezone.now())
        .order_by("-created_at")
        .first()
    )
    return str(newest.public_id) if newest else ""


def _demo_portal(page: Page, live_server: LiveServer, settings: Any) -> None:
    settings.DEBUG = True  # the demo, with its published password, loads only in development
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False
    client = Client.objects.get(email=DEMO_CLIENT)
    coach = client.journeys.get().coach
    link = portal_link_send(
        client=client, sent_by=coach, from_link=_newest(client), site_url=live_server.url
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


def _measure_with_every_fold_open(page: Page, where: str) -> None:
    open_every_fold(page)
    found = tap_targets(page)
    assert found["count"] > 0
    problems = (
        found["small"] + found["inline"] + [f"off the screen: {o}" for o in found["offscreen"]]
    )
    assert problems == [], f"{where}: tap targets under 44x44 px:\n" + "\n".join(problems)


def test_every_form_the_portal_can_show_has_tap_targets_of_44_px(
    page: Page, live_server: LiveServer, cast: Cast
) -> None:
    # Everything at once: goals and a wheel to rate, the questions before tomorrow's session,
    # reflections, an experiment, the weekly pulse and a summary for a sponsor.
    journey = measured_journey(cast, start=timezone.localdate() - timedelta(days=3))
    journey.pulse_scales = ["Room for this work", "Energy"]
    journey.save(update_fields=["pulse_scales"])
    first, second = sessions_of(journey)[:2]
    Session.objects.filter(pk=first.pk).update(starts_at=timezone.now() - timedelta(days=3))
    Session.objects.filter(pk=second.pk).update(starts_at=timezone.now() + timedelta(days=1))
    agree_experiment(journey)
    summary_make(sponsor(cast, journey))
    sent = portal_link_send(
        client=cast.client, sent_by=cast.coach, from_link="", site_url=live_server.url
    )
    page.set_viewport_size(PHONE)
    page.goto(sent.url)
    expect(page.locator(".portal-now")).to_contain_text("Rate your goals")
    _measure_with_every_fold_open(page, "the portal with every form")
    for heading in ("Before your session on", "This week's pulse", "For your sponsor"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()

    # A refused form comes back first, with its reason, and is measured the same way.
    page.get_by_role("button", name="Save this week's pulse").click()
    expect(page.locator(".portal-now [role=alert]")).to_contain_text("Not saved.")
    _measure_with_every_fold_open(page, "the portal after a refused pulse")


def test_every_demo_clients_portal_has_tap_targets_of_44_px(
    page: Page, live_server: LiveServer, settings: Any
) -> None:
    _demo_portal(page, live_server, settings)
    # Every client the demo has, with a journey under way or only ended ones (their
    # summaries' downloads), except the archived, whose portal is closed.
    visited = []
    for client in Client.objects.filter(archived_at=None, journeys__isnull=False).distinct():
        coach = client.journeys.order_by("pk").first().coach  # type: ignore[union-attr]
        link = portal_link_send(
            client=client, sent_by=coach, from_link=_newest(client), site_url=live_server.url
        )
        visited.append(client.name)
        page.goto(link.url)
        expect(page.get_by_role("heading", name=f"Hello, {client.name}")).to_be_visible()
        _measure_with_every_fold_open(page, client.name)
    assert len(visited) >= 5, visited
