"""The client's way in: the coach sends a portal link, the client opens it on a phone,
answers a reflection and checks in on an experiment (autosaved, and kept when offline), and
the coach reads both in session prep."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from arcwise.accounts.models import User
from arcwise.nudges.models import Nudge, NudgeKind
from arcwise.portal.services import portal_link_send
from tests.browser.conftest import CSP_VIOLATION, TIMEOUT_MS, Console
from tests.browser.phone import open_every_fold, unfold
from tests.conftest import Cast
from tests.portal.helpers import (
    PROMPTS,
    agree_experiment,
    hold,
    journey_with_prompts,
    link_url_in,
    sessions_of,
)

SignInAs = Callable[[User], None]
PHONE: ViewportSize = {"width": 390, "height": 844}


def test_a_client_answers_in_the_portal_and_the_coach_reads_it_in_prep(
    page: Page,
    browser: Browser,
    live_server: LiveServer,
    console: Console,
    cast: Cast,
    sign_in_as: SignInAs,
) -> None:
    # A journey whose first session, ten days ago, was held: its first reflection is due.
    journey = journey_with_prompts(cast)
    first = sessions_of(journey)[0]
    first.starts_at = timezone.now() - timedelta(days=10)
    first.save(update_fields=["starts_at"])
    hold(first)
    agree_experiment(journey)

    sign_in_as(cast.coach)
    page.goto(f"/clients/{cast.client.public_id}/")
    page.get_by_role("button", name="Send portal link").click()
    expect(page.locator(".messages")).to_contain_text("A portal link is on its way")
    link = link_url_in(Nudge.objects.get(kind=NudgeKind.PORTAL_LINK))
    assert link.startswith(live_server.url)

    phone_context = browser.new_context(viewport=PHONE, locale="en-GB", has_touch=True)
    phone_context.set_default_timeout(TIMEOUT_MS)
    phone = phone_context.new_page()
    phone.on("console", lambda message: console.record(message.type, message.text))
    try:
        phone.goto(link)
        expect(phone.get_by_role("heading", name="Hello, Quentin Confidential")).to_be_visible()
        assert phone.url == f"{live_server.url}/portal/", "the token leaves the address bar"
        # Phone first: nothing, the answer boxes least of all, runs off a 390 px screen, with
        # every folded section open.
        open_every_fold(phone)
        for part in phone.locator("main, main textarea, main a").all():
            box = part.bounding_box()
            assert box is not None
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= PHONE["width"]

        experience = next(p.text for p in PROMPTS if p.step == "experience")
        answer = phone.get_by_label(experience)
        answer.fill("I said no to the Friday report and nothing broke.")
        reflection_form = phone.locator("form.portal-answer", has=answer)
        expect(reflection_form.get_by_role("status")).to_contain_text("Saved at")

        check_in = phone.locator("form.portal-check-in").first
        check_in.get_by_label("Partly").check()
        check_in.get_by_label("What happened?").fill("They said fine, no drama.")
        expect(check_in.get_by_role("status")).to_contain_text("Saved at")

        # Offline: the page says the save did not go through and the text stays.
        phone_context.set_offline(True)
        check_in.get_by_label("What got in the way?").fill("My own guilt.")
        expect(check_in.get_by_role("status")).to_contain_text(
            "Not saved — your text is still here"
        )
        expect(check_in.get_by_label("What got in the way?")).to_have_value("My own guilt.")
        phone_context.set_offline(False)
        check_in.get_by_label("What got in the way?").fill("My own guilt, mostly.")
        expect(check_in.get_by_role("status")).to_contain_text("Saved at")
        expect(phone.get_by_text("SECRET")).to_have_count(0)
    finally:
        phone_context.close()

    page.goto(f"/journeys/{journey.public_id}/prep/")
    reflections = page.locator(
        "section", has=page.get_by_role("heading", name="Reflections since the last session")
    )
    expect(reflections).to_contain_text("I said no to the Friday report and nothing broke.")
    experiment = page.locator("li.experiment", has_text="Say no once")
    expect(experiment).to_contain_text("They said fine, no drama.")
    expect(experiment).to_contain_text("My own guilt, mostly.")
    expect(experiment).to_contain_text("Tried it: Partly")
    violations = [m for m in console.messages if CSP_VIOLATION.search(m)]
    assert not violations


def test_on_a_phone_the_client_checks_in_before_a_session_and_rates_the_week(
    page: Page,
    live_server: LiveServer,
    console: Console,
    cast: Cast,
    sign_in_as: SignInAs,
) -> None:
    # The second session is tomorrow: its questions are open. Two pulse scales.
    journey = journey_with_prompts(cast)
    journey.pulse_scales = ["Room for this work", "Energy"]
    journey.save(update_fields=["pulse_scales"])
    second = sessions_of(journey)[1]
    second.starts_at = timezone.now() + timedelta(days=1)
    second.save(update_fields=["starts_at"])
    sessions_of(journey)[0].delete()
    sent = portal_link_send(
        client=cast.client, sent_by=cast.coach, from_link="", site_url=live_server.url
    )

    page.set_viewport_size(PHONE)
    page.goto(sent.url)
    expect(page.get_by_role("heading", name="Before your session on")).to_be_visible()
    expect(page.get_by_role("img", name="The arc of your journey")).to_be_visible()
    open_every_fold(page)
    for part in page.locator("main, main textarea, main fieldset, main svg, main label").all():
        box = part.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"], "nothing runs off a 390 px screen"

    wants = page.get_by_label("What do you want from this session?")
    wants.fill("To plan the talk with my manager.")
    before = page.locator("form", has=wants)
    expect(before.get_by_role("status")).to_contain_text("Saved at")

    page.get_by_role("group", name="Room for this work").get_by_label("7", exact=True).check()
    page.get_by_role("group", name="Energy").get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Save this week's pulse").click()
    expect(page.locator(".messages")).to_contain_text("Your pulse for this week is saved")
    # Answered, the pulse folds away under its heading.
    unfold(page, "This week's pulse")
    expect(page.get_by_role("group", name="Energy").get_by_label("4", exact=True)).to_be_checked()
    expect(page.get_by_role("img", name="Your weekly pulse")).to_be_visible()

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_as(cast.coach)
    page.goto(f"/journeys/{journey.public_id}/prep/")
    first_heading = page.locator("main h2").first
    expect(first_heading).to_have_text("From Quentin before this session")
    expect(page.locator(".prep__client-check-in")).to_contain_text(
        "To plan the talk with my manager."
    )
    assert not console.policy_violations()
