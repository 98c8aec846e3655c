"""A coach adapts a running journey through each preview; afterwards the sessions table, the
planned end and the map agree with what the preview said."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from arcwise.accounts.models import User
from arcwise.journeys.models import Journey
from tests.browser.test_journeys import messages, open_panel
from tests.conftest import Cast
from tests.journeys.factories import make_journey

SignInAs = Callable[[User], None]
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


def test_extend_skip_pause_and_resume_each_through_its_preview(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    journey = make_journey(
        cast.coach, cast.client, "orient", "understand", "experiment", "close", start=this_monday()
    )
    sign_in_as(cast.coach)
    page.goto(f"/journeys/{journey.public_id}/")
    journey_map = page.locator("figure.journey-map svg")

    def extend(panel: Locator) -> None:
        panel.get_by_label("Extra weeks").fill("2")
        panel.get_by_label("Reason").fill("Travelling for work for a fortnight.")

    panel, end = preview(page, "Extend Orient", extend)
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

    panel, end = preview(page, "Pause the journey", pause)
    expect(panel.locator(".preview")).to_contain_text("suspended")
    confirm(page, panel)
    check_agrees(page, [], end)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Paused")
    expect(page.get_by_role("table", name="Sessions")).to_contain_text("Suspended")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Caseload").click()
    row = page.get_by_role("row").filter(has_text=cast.client.name)
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
