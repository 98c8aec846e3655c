"""The client answers the intake on a 390 px phone: saves part-way, comes back, reviews what
the coach will see and sends; every tap target is at least 44 px, and axe finds nothing."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from arcwise.accounts.models import User
from arcwise.intake.models import Intake, IntakeState
from arcwise.intake.services import intake_save, intake_submit
from arcwise.nudges.models import Nudge, NudgeKind
from arcwise.portal.services import portal_link_send
from tests.conftest import Cast
from tests.designs.factories import make_design
from tests.intake.factories import ANSWERS, journey_with_intake
from tests.portal.helpers import link_url_in

PHONE: ViewportSize = {"width": 390, "height": 844}
TARGETS = (
    "main button, main a.button, main textarea, "
    "main .intake-scale__points label, main .intake-choice__options label"
)


def assert_fits_and_taps(page: Page) -> int:
    """Nothing runs off the phone, and every control is at least 44 by 44 px."""
    measured = 0
    for target in page.locator(TARGETS).all():
        box = target.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"], target.inner_text()
        assert box["height"] >= 44, f"{target.inner_text()!r} is {box['height']} px tall"
        assert box["width"] >= 44, f"{target.inner_text()!r} is {box['width']} px wide"
        measured += 1
    return measured


def test_a_client_saves_part_way_comes_back_and_sends_on_a_phone(
    page: Page, live_server: LiveServer, cast: Cast
) -> None:
    journey = journey_with_intake(cast)
    portal_link_send(
        client=cast.client, sent_by=cast.coach, from_link="", site_url=f"{live_server.url}/"
    )
    link = link_url_in(Nudge.objects.get(kind=NudgeKind.PORTAL_LINK))
    page.set_viewport_size(PHONE)

    page.goto(link)
    page.get_by_role("link", name="Answer the questions").click()
    hopes = page.get_by_label("1. What would make our work together worth it for you?")
    hopes.fill("Lead without rescuing everyone")
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.locator(".messages")).to_contain_text("Saved. You can come back")

    page.goto("/portal/")
    page.get_by_role("link", name="Finish your answers").click()
    expect(
        page.get_by_label("1. What would make our work together worth it for you?")
    ).to_have_value("Lead without rescuing everyone")
    assert assert_fits_and_taps(page) >= 11 + 2 + 3  # the scale, two options, box and buttons
    page.locator(".intake-scale__points label", has_text="4").first.click()
    page.get_by_label("Every two weeks").check()
    page.get_by_role("button", name="Review before sending").click()

    expect(page.get_by_role("heading", name="This is what your coach will see")).to_be_visible()
    expect(page.locator(".intake-answers")).to_contain_text("4 out of 10")
    assert_fits_and_taps(page)
    page.get_by_role("button", name="Send to your coach").click()

    expect(page.locator(".intake-sent")).to_contain_text("Sent on")
    assert Intake.objects.get(journey=journey).state == IntakeState.SUBMITTED


DESKTOP: ViewportSize = {"width": 1280, "height": 900}


def test_the_coach_adds_a_question_and_reads_the_sent_answers_at_the_head_of_prep(
    page: Page, cast: Cast, sign_in_as: Callable[[User], None]
) -> None:
    journey = journey_with_intake(cast)
    intake_save(journey=journey, answers=ANSWERS, expected_revision=0)
    intake_submit(journey=journey, expected_revision=1)
    design = make_design(cast.practice, cast.coach, wheel_areas=("Energy", "Calm", "Focus"))
    page.set_viewport_size(DESKTOP)
    sign_in_as(cast.coach)

    page.goto(f"/designs/{design.public_id}/draft/")
    page.get_by_role("link", name="Edit the intake").click()
    page.get_by_label("The question").fill("How is your energy for this work?")
    page.get_by_label("A scale from 0 to 10").check()
    page.get_by_label("The answer fills in").select_option(
        label="The starting rating of “Energy” (a 0-10 scale)"
    )
    page.get_by_role("button", name="Add the question").click()
    expect(page.locator(".messages")).to_contain_text("is added to the intake")
    expect(page.locator(".intake-editor")).to_contain_text("How is your energy for this work?")

    page.goto(f"/journeys/{journey.public_id}/prep/")
    section = page.locator(".intake-section")
    expect(section).to_contain_text("Sent on")
    expect(section).to_contain_text("4 out of 10")
    expect(section).to_contain_text("Filled in from these answers: 2 goals")
