"""A coach adapts a running journey through each preview; afterwards the sessions table, the
planned end and the map agree with what the preview said."""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Error, Locator, Page, Request, Route, expect

from arcwise.accounts.models import User
from arcwise.demo.management.commands.load_demo import DEMO_PASSWORD
from arcwise.designs.spec import PhaseSpec
from arcwise.journeys.models import Journey, PhaseRun
from tests.browser.test_journeys import messages, open_panel
from tests.conftest import Cast
from tests.journeys.factories import make_journey, publish_newer_version

SignInAs = Callable[[User], None]
DEMO_CLIENT = "Jordan Ellis"
MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"


def this_monday() -> date:
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


def preview(page: Page, summary: str, fill: Callable[[Locator], None]) -> tuple[Locator, str]:
    """Open an adaptation, fill it, and ask what changes; the panel and the planned end."""
    panel = open_panel(page, summary)
    fill(panel)
    panel.get_by_role("button", name="See what changes").click()
    result = panel.locator(".preview")
    expect(result).to_contain_text("Confirm")
    text = result.inner_text()
    end = re.search(rf"(?:Planned end:|The planned end stays) (\d+ {MONTH} \d{{4}})", text)
    assert end, text
    return panel, end.group(1)


def after_rows(panel: Locator) -> list[tuple[str, str]]:
    """(day, phase) of every session as the preview says it will be."""
    rows = []
    for cell in panel.locator(".preview-table tbody tr td:nth-child(2)").all_inner_texts():
        if "·" in cell:
            day, phase = (part.strip() for part in cell.split("·"))
            rows.append((day, phase))
    return rows


def confirm(page: Page, panel: Locator) -> None:
    panel.locator(".preview").get_by_role("button", name=re.compile("^Confirm")).click()
    expect(messages(page)).to_contain_text("recorded in the adaptation log")


def check_agrees(page: Page, promised: list[tuple[str, str]], end: str) -> None:
    table = page.get_by_role("table", name="Sessions")
    for day, phase in promised:
        row = table.get_by_role("row").filter(has_text=day)
        expect(row).to_contain_text(phase)
    day, month, year = end.split()
    short = f"{int(day)} {month[:3]} {year}"
    expect(page.locator(".version-line")).to_contain_text(f"to {short}")


def test_extend_skip_pause_and_resume_the_demo_journey_each_through_its_preview(
    page: Page, settings: Any
) -> None:
    settings.DEBUG = True  # the demo, with its published password, loads only in development
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False
    journey = Journey.objects.get(client__name=DEMO_CLIENT)
    page.goto("/sign-in/")
    page.get_by_label("E-mail").fill("maya@example.com")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/journeys/{journey.public_id}/")
    journey_map = page.locator("figure.journey-map svg")

    def extend(panel: Locator) -> None:
        panel.get_by_label("Extra weeks").fill("2")
        panel.get_by_label("Reason").fill("Travelling for work for a fortnight.")

    panel, end = preview(page, "Extend Resource", extend)
    promised = after_rows(panel)
    assert promised, "an extension moves the later sessions"
    confirm(page, panel)
    check_agrees(page, promised, end)
    expect(journey_map.locator(".jm-adaptation")).to_have_count(1)

    def skip(panel: Locator) -> None:
        panel.get_by_label("Phase to skip").select_option(label="Understand")
        panel.get_by_label("Keep them: they join the phase after it").check()
        panel.get_by_label("Reason").fill("She already knows the pattern well.")

    panel, end = preview(page, "Skip a phase ahead", skip)
    promised = after_rows(panel)
    assert {phase for _, phase in promised} == {"Experiment"}
    confirm(page, panel)
    check_agrees(page, promised, end)
    expect(page.get_by_role("table", name="Sessions")).not_to_contain_text("Understand")
    expect(journey_map.locator(".jm-adaptation")).to_have_count(2)

    until = this_monday() + timedelta(weeks=6)

    def pause(panel: Locator) -> None:
        panel.get_by_label("Expected back on").fill(until.isoformat())
        panel.get_by_label("Reason").fill("Surgery; back in six weeks.")

    # The planned end moves when the journey resumes; the preview says so, and until then
    # the journey keeps the end it had.
    panel, _ = preview(page, "Pause the journey", pause)
    expect(panel.locator(".preview")).to_contain_text("suspended")
    expect(panel.locator(".preview")).to_contain_text("if the journey resumes on")
    confirm(page, panel)
    check_agrees(page, [], end)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Paused")
    expect(page.get_by_role("table", name="Sessions")).to_contain_text("Suspended")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Caseload").click()
    row = page.get_by_role("row").filter(has_text=DEMO_CLIENT)
    expect(row).to_contain_text("Paused until")
    expect(row).to_contain_text("none while paused")

    page.goto(f"/journeys/{journey.public_id}/")

    def resume(panel: Locator) -> None:
        panel.get_by_label("Reason").fill("Recovered and keen to go on.")

    panel, end = preview(page, "Resume the journey", resume)
    promised = after_rows(panel)
    confirm(page, panel)
    check_agrees(page, promised, end)
    expect(page.get_by_role("table", name="Sessions")).not_to_contain_text("Suspended")
    expect(journey_map.locator(".jm-adaptation")).to_have_count(4)
    assert Journey.objects.get(pk=journey.pk).status == "active"


def test_two_fast_clicks_on_move_on_move_one_phase(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    journey = make_journey(
        cast.coach, cast.client, "orient", "understand", "experiment", start=this_monday()
    )
    sign_in_as(cast.coach)
    page.goto(f"/journeys/{journey.public_id}/")
    panel = open_panel(page, "Move on to Understand")
    panel.get_by_label("What tells you the client is ready to move on?").fill("Owns the goal.")
    moves: list[Request] = []
    page.on(
        "request",
        lambda request: (
            moves.append(request)
            if request.method == "POST" and request.url.endswith("/advance/")
            else None
        ),
    )

    # The first click's request is held until the second click has sent its own, then
    # answered by the server in full before the second goes on: the two clicks always meet
    # the page with the button on it, and the server always sees them in click order (left
    # to chance, a fast first answer would take the button away before the second click).
    held: list[Route] = []

    def hold_the_first(route: Route) -> None:
        if not held:
            held.append(route)
            return
        first = held[0]
        answer = first.fetch()
        # The browser may have given up the first navigation when the second began.
        with contextlib.suppress(Error):
            first.fulfill(response=answer)
        route.continue_()

    page.route(re.compile(r"/advance/$"), hold_the_first)
    box = panel.get_by_role("button", name="Move on to Understand").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    page.wait_for_timeout(50)
    page.mouse.click(x, y)

    expect(messages(page)).to_contain_text("This journey already moved on to Understand.")
    assert len(moves) == 2, "the browser sent the form once: the second click did not repeat it"
    assert PhaseRun.objects.filter(journey=journey).count() == 2
    expect(page.get_by_role("heading", name="Now: Understand")).to_be_visible()


def test_a_journey_moves_to_a_newer_design_version_through_its_diff(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    journey = make_journey(
        cast.coach, cast.client, "orient", "experiment", "close", start=this_monday()
    )

    def reshape(phases: tuple[PhaseSpec, ...]) -> tuple[PhaseSpec, ...]:
        orient, _, close = phases
        return (orient, replace(orient, key="practise", name="Practise", planned_weeks=3), close)

    publish_newer_version(journey.design_version, reshape)
    sign_in_as(cast.coach)
    page.goto(f"/journeys/{journey.public_id}/")

    page.get_by_role("link", name="See what changed and what moving would do to this plan").click()
    diff = page.get_by_role("table", name=re.compile("^Phases of version 2"))
    expect(diff.get_by_role("row").filter(has_text="Practise")).to_contain_text("added")
    expect(diff.get_by_role("row").filter(has_text="Experiment")).to_contain_text("removed")
    page.get_by_label("Continue in").select_option(label="1. Orient")
    page.get_by_role("button", name="See what changes").click()
    expect(page.locator(".preview")).to_contain_text("now in Practise")
    promised = after_rows(page.locator(".preview"))
    page.get_by_label("Reason").fill("The practice redesigned the middle of the arc.")
    page.get_by_role("button", name="Move to version 2").click()

    expect(messages(page)).to_contain_text("The journey now runs on version 2.")
    expect(page.locator(".version-line")).to_contain_text("(version 2)")
    check_agrees(page, promised, journey_end(journey))
    expect(page.get_by_role("table", name="Sessions")).not_to_contain_text("Experiment")
    expect(page.get_by_role("region", name="Adaptation log")).to_contain_text(
        "Moved to a newer version of the design (from version 1 to version 2)"
    )


def journey_end(journey: Journey) -> str:
    end = Journey.objects.get(pk=journey.pk).planned_end
    return f"{end.day} {end:%B %Y}"
