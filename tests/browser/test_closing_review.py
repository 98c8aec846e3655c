"""A demo journey past its planned end is closed through the closing review: the coach ties
up its loose ends and rates the goals at close at desktop width, the client rates theirs and
writes what has shifted on a 390 px phone, the coach closes, and the summary's PDF holds the
client's words and the T-score, and no private note."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from arcwise.demo.management.commands.load_demo import DEMO_PASSWORD
from arcwise.journeys.models import Journey, Session
from arcwise.outcomes.models import ClosingReview, GoalRating
from arcwise.portal.services import portal_link_send
from tests.browser.conftest import TIMEOUT_MS, Accessibility
from tests.browser.test_journeys import messages

PHONE: ViewportSize = {"width": 390, "height": 844}
CLIENT = "Hannah Becker"
CLIENT_WORDS = "I stopped waiting to be liked before leading. The Friday one-to-ones stay."


def _tie_loose_ends(page: Page) -> None:
    """Whatever the demo left open: past sessions held, experiments debriefed, threads
    closed, one at a time (each answer reloads the review)."""
    loose = page.locator("section", has=page.get_by_role("heading", name="Loose ends"))
    for _ in range(20):
        session = loose.get_by_role("button", name="Held").first
        experiment = loose.get_by_label("What was learned").first
        thread = loose.get_by_label("Where it went").first
        if session.count():
            session.click()
        elif experiment.count():
            experiment.fill("She tried it once and kept it.")
            loose.get_by_role("button", name="Debriefed").first.click()
        elif thread.count():
            thread.fill("Settled in the last session.")
            loose.get_by_role("button", name="Close the thread").first.click()
        else:
            return
        expect(messages(page)).to_be_visible()


def _choose(form: Any, choice: str) -> None:
    """In each fieldset of a rating form that offers it, the choice with `choice` in its
    words (a goal's level); the wheel's areas offer 0 to 10 instead."""
    for fieldset in form.locator("fieldset").all():
        label = fieldset.locator("label", has_text=choice)
        if label.count():
            label.first.click()


def test_a_demo_journey_closes_through_the_review_and_its_summary_is_kept(
    page: Page,
    browser: Browser,
    live_server: LiveServer,
    accessibility: Accessibility,
    settings: Any,
) -> None:
    settings.DEBUG = True  # the demo, with its published password, loads only in development
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False
    journey = Journey.objects.get(client__name=CLIENT)
    Session.objects.filter(journey=journey).update(notes="PRIVATE: worried about her father.")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/sign-in/")
    page.get_by_label("E-mail").fill("sam@example.com")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # The caseload and the journey page both say the review is due.
    page.goto("/caseload/")
    expect(page.get_by_role("row").filter(has_text=CLIENT)).to_contain_text("Closing review due")
    page.goto(f"/journeys/{journey.public_id}/")
    prompt = page.locator(
        "aside", has=page.get_by_role("heading", name="Time for the closing review")
    )
    expect(prompt).to_contain_text("The planned end passed")
    prompt.get_by_role("button", name="Start the closing review").click()
    expect(messages(page)).to_contain_text("The closing review has started")

    _tie_loose_ends(page)
    page.get_by_role("button", name="Save and go on").click()
    expect(page.get_by_role("heading", name="Closing ratings")).to_be_visible()

    # The coach rates each goal at close on the goals page, then asks the client.
    page.get_by_role("link", name="Rate the goals at close").click()
    coach_form = page.locator(
        "form", has=page.get_by_role("button", name="Save your ratings at close")
    )
    _choose(coach_form, "+1")
    coach_form.get_by_role("button", name="Save your ratings at close").click()
    expect(messages(page)).to_be_visible()
    assert (
        GoalRating.objects.filter(goal__journey=journey, moment="close", rater="coach").count() == 2
    )
    page.goto(f"/journeys/{journey.public_id}/closing/")
    page.get_by_role("button", name=f"Ask {CLIENT} for their closing ratings and words").click()
    expect(messages(page)).to_contain_text(f"{CLIENT} is asked")

    # The client, on a phone: ratings at close and what has shifted, in their words.
    link = portal_link_send(
        client=journey.client, sent_by=journey.coach, from_link="", site_url=live_server.url
    ).url
    phone_context = browser.new_context(viewport=PHONE, locale="en-GB", has_touch=True)
    phone_context.set_default_timeout(TIMEOUT_MS)
    phone = phone_context.new_page()
    try:
        phone.goto(link)
        closing = phone.locator("section.portal-closing")
        expect(closing.get_by_role("heading", name="Closing", exact=True)).to_be_visible()
        ratings = closing.locator("form.portal-ratings")
        _choose(ratings, "+1")
        for fieldset in ratings.locator("fieldset").all():
            if not fieldset.locator("input:checked").count():
                fieldset.get_by_label("7", exact=True).check()
        ratings.get_by_role("button", name="Save my ratings").click()
        closing = phone.locator("section.portal-closing")
        closing.get_by_label("What has shifted, in your words").fill(CLIENT_WORDS)
        closing.get_by_role("button", name="Save my words").click()
        expect(phone.get_by_label("What has shifted, in your words")).to_have_value(CLIENT_WORDS)
        for part in phone.locator("main, main textarea, main fieldset").all():
            box = part.bounding_box()
            assert box is not None
            assert box["x"] + box["width"] <= PHONE["width"], "nothing runs off a 390 px screen"
        accessibility.check(phone)
    finally:
        phone_context.close()
    assert (
        GoalRating.objects.filter(goal__journey=journey, moment="close", rater="client").count()
        == 2
    )

    # Back at the desk: the words, what the client takes forward, the date.
    page.goto(f"/journeys/{journey.public_id}/closing/")
    expect(page.get_by_text("wrote their closing words")).to_be_visible()
    page.get_by_role("button", name="Save and go on").click()
    expect(page.locator(".quote")).to_contain_text("I stopped waiting to be liked")
    page.get_by_label("What has shifted, in your words").fill(
        "Hannah leads from her own plan now, and asks for help before she needs it."
    )
    page.get_by_role("button", name="Save and go on").click()
    page.get_by_label("What the client takes forward").fill("The Friday one-to-ones.")
    page.get_by_role("button", name="Save and go on").click()
    page.get_by_role("button", name="Close the journey").click()
    expect(messages(page)).to_contain_text("The journey is closed")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Closed")
    expect(page.locator("main")).not_to_contain_text("overdue")
    expect(page.locator(".status--planned")).to_have_count(0)
    assert ClosingReview.objects.get(journey=journey).is_complete()

    # The summary, and its PDF: the client's words and T, never a private note.
    page.get_by_role("link", name="Summary").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = PdfReader(download.value.path())
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    assert "I stopped waiting to be liked before leading." in text
    # Both goals at +1, equal weights: T = 50 + 10 * 2 / sqrt(0.7 * 2 + 0.3 * 4) = 62.40.
    assert "62.4" in text
    assert "PRIVATE" not in text
