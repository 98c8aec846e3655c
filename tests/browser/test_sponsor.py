"""A coach agrees the terms with a journey's sponsor and writes a progress summary; the
client approves it on a phone; the sponsor then sees the attendance and that summary, and
nothing else of the journey or the practice."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from arcwise.accounts.models import User
from arcwise.journeys.models import Session, SessionStatus
from arcwise.portal.services import portal_link_send
from tests.browser.test_journeys import messages
from tests.browser.test_living_plan import this_monday
from tests.browser.test_mentor_review import sign_out
from tests.browser.test_portal import PHONE
from tests.conftest import Cast
from tests.journeys.factories import make_journey

SignInAs = Callable[[User], None]


def test_a_sponsor_sees_what_the_agreement_shows_once_the_client_approves(
    page: Page, live_server: LiveServer, cast: Cast, sign_in_as: SignInAs
) -> None:
    journey = make_journey(cast.coach, cast.client, start=this_monday())
    first = Session.objects.filter(journey=journey).order_by("starts_at")[0]
    Session.objects.filter(pk=first.pk).update(
        status=SessionStatus.HELD, notes="Spoke about the divorce at length."
    )

    sign_in_as(cast.coach)
    page.goto(f"/journeys/{journey.public_id}/")
    section = page.locator("section", has=page.get_by_role("heading", name="Sponsor", exact=True))
    section.get_by_label("Organisation paying for the coaching").fill("Acme Holdings")
    section.get_by_label("Sponsor (optional)").select_option(label="Sasha Sponsor")
    section.get_by_label("Attendance", exact=False).check()
    section.get_by_label("Progress summaries the client approved").check()
    section.get_by_role("button", name="Agree the terms").click()
    expect(messages(page)).to_contain_text("The sponsor's terms are saved")
    section.get_by_text("Write a progress summary").click()
    section.get_by_label("Progress summary for the sponsor").fill("Delegating more each month.")
    section.get_by_role("button", name="Send to Quentin Confidential for approval").click()
    expect(messages(page)).to_contain_text("is with Quentin Confidential for approval")
    sign_out(page)

    sent = portal_link_send(
        client=cast.client, sent_by=cast.coach, from_link="", site_url=live_server.url
    )
    page.set_viewport_size(PHONE)
    page.goto(sent.url)
    summaries = page.locator("section", has=page.get_by_role("heading", name="For your sponsor"))
    expect(summaries).to_contain_text("Delegating more each month.")
    summaries.get_by_role("button", name="Approve for Acme Holdings").click()
    expect(page.locator(".messages")).to_contain_text("you approved the summary")
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})

    sign_in_as(cast.sponsor)
    expect(page.get_by_role("navigation", name="Main")).to_have_text("Sponsored journeys")
    page.get_by_role("link", name="Quentin Confidential").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Quentin Confidential's coaching with Cora Coach"
    )
    expect(page.get_by_role("heading", name="Attendance")).to_be_visible()
    expect(page.locator("main")).to_contain_text("1 held, 0 cancelled")
    expect(page.locator("main")).to_contain_text("Delegating more each month.")
    expect(page.get_by_role("heading", name="Closing measures")).to_have_count(0)
    body = page.locator("body")
    expect(body).not_to_contain_text("divorce")
    expect(body).not_to_contain_text("To lead without rescuing everyone")  # the agreement's goals
    response = page.goto(f"/journeys/{journey.public_id}/")
    assert response is not None
    assert response.status == 403
