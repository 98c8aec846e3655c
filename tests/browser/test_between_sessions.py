"""Issue 9's whole walk between two sessions, in one test, as a coach and a client live it.

1. The coach sends a portal link; the client's link is read from the outbox e-mail.
2. The client opens it on a 390 px phone, answers a reflection and checks in on an
   experiment.
3. The client answers the questions before the next session and this week's pulse.
4. The coach's session prep shows it all: the client's check-in first, then the reflection,
   the experiment check-in and the pulse trend.
5. The coach keeps a thread in a session's record, finds it in prep for the next session,
   and closes it there.
6. After one run of the sender, the next session's reminder is in the journey's "Sent" list.

Every page either person sees is checked with axe-core (the phone's pages too) and under
the real Content-Security-Policy.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from arcwise.accounts.models import User
from arcwise.journeys.pulse import pulse_record
from arcwise.nudges.models import Nudge, NudgeKind
from tests.browser.conftest import TIMEOUT_MS, Accessibility, Console
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
SCALES = ["Room for this work", "Confidence saying no"]


def a_zone_where_it_is_early_afternoon() -> str:
    """A fixed-offset zone where it is now about 13:00, whenever the suite runs: the next
    session's reminder is then due at once, outside the client's quiet hours."""
    offset = (13 - timezone.now().hour) % 24
    if offset > 14:
        offset -= 24
    if offset == 0:
        return "UTC"
    # POSIX-style names: Etc/GMT-5 is five hours ahead of UTC.
    return f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"


def test_between_two_sessions_the_client_answers_and_the_coach_prepares_from_it(
    page: Page,
    browser: Browser,
    live_server: LiveServer,
    console: Console,
    accessibility: Accessibility,
    cast: Cast,
    sign_in_as: SignInAs,
) -> None:
    now = timezone.now()
    cast.client.time_zone = a_zone_where_it_is_early_afternoon()
    cast.client.save(update_fields=["time_zone"])
    journey = journey_with_prompts(cast)
    journey.pulse_scales = SCALES
    journey.save(update_fields=["pulse_scales"])
    # The first session was held ten days ago; the next is in twenty hours, the rest follow
    # every two weeks.
    sessions = sessions_of(journey)
    sessions[0].starts_at = now - timedelta(days=10)
    for index, session in enumerate(sessions[1:]):
        session.starts_at = now + timedelta(hours=20) + timedelta(days=14 * index)
    for session in sessions:
        session.save(update_fields=["starts_at"])
    first, following = hold(sessions[0]), sessions[1]
    agree_experiment(journey)
    # Last week's pulse, so that this week's answers make a trend.
    pulse_record(
        journey=journey, on=(now - timedelta(days=7)).date(), values=dict.fromkeys(SCALES, 4)
    )

    # 1. The coach sends the portal link from the client's page.
    sign_in_as(cast.coach)
    page.goto(f"/clients/{cast.client.public_id}/")
    page.get_by_role("button", name="Send portal link").click()
    expect(page.locator(".messages")).to_contain_text("A portal link is on its way")
    link = link_url_in(Nudge.objects.get(kind=NudgeKind.PORTAL_LINK))

    phone_context = browser.new_context(viewport=PHONE, locale="en-GB", has_touch=True)
    phone_context.set_default_timeout(TIMEOUT_MS)
    phone = phone_context.new_page()
    phone.on("console", lambda message: console.record(message.type, message.text))
    phone.on("load", accessibility.check)
    try:
        # 2. On the phone: a reflection, then the experiment check-in.
        phone.goto(link)
        expect(phone.get_by_role("heading", name="Hello, Quentin Confidential")).to_be_visible()
        # The questions before tomorrow's session come first; the rest is folded away.
        expect(phone.locator(".portal-now")).to_contain_text("Before your session on")
        unfold(phone, "Reflections")
        experience = next(p.text for p in PROMPTS if p.step == "experience")
        answer = phone.get_by_label(experience)
        answer.fill("I said no to the Friday report and nothing broke.")
        expect(phone.locator("form", has=answer).get_by_role("status")).to_contain_text("Saved at")
        unfold(phone, "Your experiments")
        check_in = phone.locator("form.portal-check-in").first
        check_in.get_by_label("Partly").check()
        check_in.get_by_label("What happened?").fill("They said fine, no drama.")
        check_in.get_by_label("What got in the way?").fill("My own guilt.")
        expect(check_in.get_by_role("status")).to_contain_text("Saved at")

        # 3. The questions before tomorrow's session, and this week's pulse.
        expect(phone.get_by_role("heading", name="Before your session on")).to_be_visible()
        since = phone.get_by_label("What has happened since our last session?")
        since.fill("Two calm weeks; one hard conversation with my manager.")
        phone.get_by_label("What do you want from this session?").fill(
            "To plan how I ask for the team I need."
        )
        expect(phone.locator("form", has=since).get_by_role("status")).to_contain_text("Saved at")
        unfold(phone, "This week's pulse")
        for scale, value in zip(SCALES, ("7", "6"), strict=True):
            phone.get_by_role("group", name=scale).get_by_label(value, exact=True).check()
        phone.get_by_role("button", name="Save this week's pulse").click()
        unfold(phone, "This week's pulse")
        expect(phone.get_by_text("You answered this week")).to_be_visible()
        expect(phone.get_by_role("img", name="Your weekly pulse")).to_be_visible()
        # Nothing on the phone runs off its 390 px screen, and no coach note is shown.
        open_every_fold(phone)
        for part in phone.locator("main, main textarea, main fieldset, main svg").all():
            box = part.bounding_box()
            assert box is not None
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= PHONE["width"]
        expect(phone.get_by_text("SECRET")).to_have_count(0)
        accessibility.check(phone)
    finally:
        phone.remove_listener("load", accessibility.check)
        phone_context.close()

    # 4. Session prep: the client's own words first, then everything else they sent.
    page.goto(f"/journeys/{journey.public_id}/prep/")
    headings = page.locator("main h2").all_inner_texts()
    assert headings[0] == "From Quentin before this session", headings
    head = page.locator("section.prep__client-check-in")
    expect(head).to_contain_text("Two calm weeks; one hard conversation with my manager.")
    expect(head).to_contain_text("To plan how I ask for the team I need.")
    reflections = page.locator(
        "section", has=page.get_by_role("heading", name="Reflections since the last session")
    )
    expect(reflections).to_contain_text("I said no to the Friday report and nothing broke.")
    experiment = page.locator("li.experiment", has_text="Say no once")
    expect(experiment).to_contain_text("Tried it: Partly")
    expect(experiment).to_contain_text("My own guilt.")
    pulse = page.locator("section", has=page.get_by_role("heading", name="Weekly pulse"))
    expect(pulse.locator("figure.pulse svg")).to_be_visible()
    expect(pulse.get_by_role("row")).to_have_count(3)  # the header, last week, this week
    expect(pulse.get_by_role("row").last).to_contain_text("7")

    # 5. A thread kept in the held session's record comes back in prep, and closes there.
    page.goto(f"/journeys/{journey.public_id}/sessions/{first.public_id}/")
    page.get_by_text("Keep a thread").click()
    page.get_by_label("Kind").select_option("question")
    page.get_by_label("What to come back to").fill("Who could Quentin think aloud with?")
    page.get_by_role("button", name="Keep this thread").click()
    page.goto(f"/journeys/{journey.public_id}/prep/")
    thread = page.locator("li.thread", has_text="Who could Quentin think aloud with?")
    expect(thread).to_contain_text("from the session on")
    thread.locator("summary").click()
    thread.get_by_label("Where it went").fill("He named Ana, his peer in platform.")
    thread.get_by_role("button", name="Close the thread").click()
    expect(page.locator("li.thread", has_text="Who could Quentin think aloud with?")).to_have_count(
        0
    )
    page.goto(f"/journeys/{journey.public_id}/sessions/{first.public_id}/")
    expect(page.locator("li.thread")).to_contain_text("Where it went: He named Ana")

    # 6. One run of the sender: the reminder for tomorrow's session is sent and listed.
    call_command("run_nudges")
    page.goto(f"/journeys/{journey.public_id}/emails-sent/")
    sent = page.locator("section", has=page.get_by_role("heading", name="Sent"))
    reminder = sent.get_by_role("row", name="Session reminder")
    expect(reminder).to_contain_text("Your coaching session on")
    expect(reminder).to_contain_text(cast.client.email)
    reminder_row = Nudge.objects.get(kind=NudgeKind.SESSION_REMINDER)
    assert reminder_row.sent_at is not None
    assert str(following.public_id) in reminder_row.dedupe_key
