"""Messages between coach and client: the client writes from a phone and reads the reply;
the coach reads and answers on a desktop, and makes a message a thread."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from uuid import uuid4

from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from arcwise.accounts.models import User
from arcwise.conversations.models import Author, Message
from arcwise.conversations.services import message_send_as_client, message_send_as_coach
from arcwise.journeys.models import Journey, Thread
from arcwise.portal.services import portal_link_send
from tests.conftest import Cast
from tests.journeys.factories import make_journey

SignInAs = Callable[[User], None]
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
TAP = 44


def _journey(cast: Cast) -> Journey:
    return make_journey(cast.coach, cast.client, start=timezone.localdate() - timedelta(days=14))


def _assert_tappable(page: Page, selector: str) -> None:
    for target in page.locator(selector).all():
        box = target.bounding_box()
        assert box is not None, selector
        assert box["height"] >= TAP, (selector, box)
        assert box["width"] >= TAP, (selector, box)
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"], (selector, box)


def test_a_client_writes_from_a_phone_and_reads_the_reply(
    page: Page, live_server: LiveServer, cast: Cast
) -> None:
    journey = _journey(cast)
    message_send_as_coach(
        journey=journey, coach=cast.coach, body="How did Tuesday go?", token=uuid4()
    )
    link = portal_link_send(
        client=cast.client, sent_by=cast.coach, from_link="", site_url=f"{live_server.url}/"
    )
    page.set_viewport_size(PHONE)
    page.goto(link.url)
    card = page.get_by_role("link", name="1 new message from Cora Coach")
    expect(card).to_be_visible()
    _assert_tappable(page, ".portal-messages-card__link")
    card.click()

    expect(page.get_by_role("heading", name="Messages with Cora Coach")).to_be_visible()
    expect(page.locator(".conversation")).to_contain_text("How did Tuesday go?")
    _assert_tappable(page, ".conversation__send, .portal-back, #id_body")
    page.get_by_label("Your message").fill("Better than I feared. See https://example.org/x")
    page.get_by_role("button", name="Send to Cora Coach").click()
    expect(page.locator(".messages")).to_contain_text("Sent.")
    expect(page.get_by_role("link", name="https://example.org/x")).to_have_attribute(
        "rel", "nofollow noopener"
    )
    assert Message.objects.filter(author=Author.CLIENT).count() == 1

    message_send_as_coach(
        journey=journey, coach=cast.coach, body="Glad to hear it. Bring it Thursday.", token=uuid4()
    )
    page.get_by_role("link", name="Back to your journey").click()
    page.get_by_role("link", name="1 new message from Cora Coach").click()
    expect(page.locator(".conversation__message--new")).to_contain_text("Bring it Thursday.")
    # Nothing runs off a 390 px screen.
    for part in page.locator("main, main textarea, main a, main button").all():
        box = part.bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= PHONE["width"]


def test_the_coach_reads_answers_and_keeps_a_message_as_a_thread(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    journey = _journey(cast)
    message_send_as_client(
        journey=journey, client=cast.client, body="I keep rescuing the team.", token=uuid4()
    )
    page.set_viewport_size(DESKTOP)
    sign_in_as(cast.coach)
    page.goto(f"/journeys/{journey.public_id}/")
    page.get_by_role("link", name="Messages (1 new)").click()
    expect(page.locator(".conversation")).to_contain_text("I keep rescuing the team.")

    page.get_by_label("Your message").fill("What does rescuing cost you?")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Sent.")
    expect(page.locator(".conversation")).to_contain_text("What does rescuing cost you?")

    client_message = page.locator(".conversation__message--client")
    client_message.locator("summary").click()
    client_message.get_by_label("Keep as").select_option("insight")
    client_message.get_by_role("button", name="Keep as a thread").click()
    expect(page.locator(".messages")).to_contain_text("Kept as a thread")
    expect(page.locator(".conversation__message--client")).to_contain_text("Became a thread")
    assert Thread.objects.filter(journey=journey).count() == 1
    expect(page.get_by_role("link", name="E-mails sent")).to_be_visible()
