"""Booking in a browser: on a 390 px phone the client books their next session from the
portal, then asks for a time outside its phase's weeks; at desktop width the coach accepts
the move from the journey page. Every tap target on the client's pages is 44 px or more."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from arcwise.accounts.models import User
from arcwise.booking.models import Booking, MoveRequest, MoveStatus, VideoLink
from arcwise.booking.services import session_choose
from arcwise.portal.services import portal_link_send
from tests.booking.factories import bookable_journey, london, publish_week, session_in
from tests.conftest import Cast

SignInAs = Callable[[User], None]
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
TAP = 44
TARGETS = "main a:visible, main button:visible, main summary:visible, main input:visible"


def _small_targets(page: Page) -> list[str]:
    small = []
    for target in page.locator(TARGETS).all():
        box = target.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"] + 1, "nothing runs off the screen"
        if box["width"] < TAP - 0.5 or box["height"] < TAP - 0.5:
            small.append(f"{target.inner_text()!r}: {box['width']:.0f}x{box['height']:.0f}")
    return small


def test_a_client_books_then_asks_to_move_outside_the_window_on_a_phone(
    page: Page, live_server: LiveServer, cast: Cast
) -> None:
    publish_week(cast.practice, cast.coach)
    journey = bookable_journey(cast.coach, cast.client)
    VideoLink.objects.create(journey=journey, url="https://meet.example.com/quentin")
    link = portal_link_send(
        client=cast.client, sent_by=cast.coach, from_link="", site_url=live_server.url + "/"
    ).url
    page.set_viewport_size(PHONE)

    page.goto(link)
    card = page.locator(".booking-card")
    expect(page.locator(".portal-next-session")).to_contain_text("Your next session")
    expect(card.get_by_role("link", name="Join online")).to_be_visible()
    card.get_by_role("link", name="Book or move a session").click()

    expect(page.get_by_role("heading", name="Book or move a session")).to_be_visible()
    assert _small_targets(page) == []
    page.locator(".booking-slots").first.get_by_role("button").first.click()
    expect(page.locator(".messages")).to_contain_text("Booked: your session is on")
    booked = Booking.objects.get()
    assert booked.session == session_in(journey, "Orient")

    # The next session ahead, moved outside its phase's weeks: a request for the coach.
    page.get_by_role("link", name="Move the session on").first.click()
    page.get_by_text("Show other times").click()
    assert _small_targets(page) == []
    page.locator(".booking-ask").get_by_role("button").first.click()
    expect(page.locator(".messages")).to_contain_text("so your coach decides")
    expect(page.locator(".booking-chosen")).to_contain_text("your coach has not answered yet")
    assert MoveRequest.objects.get().status == MoveStatus.WAITING


def test_the_coach_accepts_a_move_from_the_journey_page(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    publish_week(cast.practice, cast.coach)
    journey = bookable_journey(cast.coach, cast.client)
    session = session_in(journey, "Experiment")
    session_choose(
        session=session, starts_at=london(date(2027, 3, 30), 9), from_starts_at=session.starts_at
    )
    page.set_viewport_size(DESKTOP)
    sign_in_as(cast.coach)

    page.goto(f"/journeys/{journey.public_id}/")
    section = page.locator("#booking")
    expect(section).to_contain_text("The client asks to move the session")
    section.get_by_role("button", name="Accept the move").click()

    expect(page.locator(".messages")).to_contain_text("Accepted: the session has moved")
    expect(page.locator("#booking")).to_contain_text("No move is waiting for your answer")
    session.refresh_from_db()
    assert session.starts_at == london(date(2027, 3, 30), 9)

    # The week is published from the availability page, found from the journey page.
    page.locator("#booking").get_by_role("link", name="Your availability").click()
    expect(page.get_by_role("heading", name="Your availability", exact=True)).to_be_visible()
    friday = page.get_by_role("group", name="Friday")
    friday.get_by_label("From").first.fill("10:00")
    friday.get_by_label("To").first.fill("12:00")
    page.get_by_role("button", name="Publish my week").click()
    expect(page.locator(".messages")).to_contain_text("Your week is published")
