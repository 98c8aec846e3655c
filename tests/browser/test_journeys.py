"""Running a journey: enrolment with a session plan, sessions and their record, a phase move
and an extension on the map, session prep, and a stale notes save that loses nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from playwright.sync_api import Locator, Page, expect

from arcwise.accounts.models import User
from arcwise.journeys.models import Journey, Session
from tests.conftest import Cast
from tests.journeys.factories import make_journey, make_version

SignInAs = Callable[[User], None]
DESIGN = "Test arc (version 1)"  # the name tests.designs.factories gives every design
CLIENT = "Quentin Confidential"
# Two sessions per phase, so a phase is four weeks long.
KEYS = ("orient", "experiment", "close")
PHASE_NAMES = ["Orient", "Orient", "Experiment", "Experiment", "Close", "Close"]


def main_nav(page: Page, label: str) -> Locator:
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=label)


def messages(page: Page) -> Locator:
    return page.locator(".messages")


def open_panel(page: Page, summary: str) -> Locator:
    """Open the <details> panel whose summary reads `summary`, and return it."""
    panel = page.locator("details").filter(has=page.locator("summary", has_text=summary))
    panel.locator("summary").click()
    return panel


def iso(day: date) -> str:
    return day.isoformat()


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def weekday_on_or_before(day: date) -> date:
    # The proposed plan keeps sessions off weekends, so a weekday start keeps the first two
    # sessions exactly a cadence apart.
    return day - timedelta(days=max(0, day.weekday() - 4))


def fill_agreement(page: Page, *, start: date, planned_end: date | None = None) -> None:
    page.get_by_label("Client", exact=True).select_option(label=CLIENT)
    page.get_by_label("Design", exact=True).select_option(label=DESIGN)
    page.get_by_label("Goals, in the client's words").fill(
        "To lead the team without rescuing everyone."
    )
    page.get_by_label("Start date").fill(iso(start))
    page.get_by_label("Cadence (days between sessions)").fill("14")
    page.get_by_label("Session length (minutes)").fill("50")
    if planned_end is not None:
        page.get_by_label("Planned end").fill(iso(planned_end))
    page.get_by_label("Confidentiality terms").fill("Between us, as agreed on the first call.")
    page.get_by_role("button", name="Propose a session plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The session plan")


def hold_session(page: Page, number: int, *, notes: str, insights: str, agreements: str) -> None:
    """From the journey page, open session `number` (1-based), mark it held, and record it."""
    sessions = page.get_by_role("table", name="Sessions")
    sessions.get_by_role("link").nth(number - 1).click()
    page.get_by_role("button", name="Mark held").click()
    expect(messages(page)).to_contain_text("The session is marked held.")
    # Only typing in the notes starts an autosave, and each save sends the whole form; with
    # the notes typed last, whichever save shows "Saved at" first holds all three fields.
    page.get_by_label("Key insights").fill(insights)
    page.get_by_label("Agreements").fill(agreements)
    page.get_by_label("Notes").fill(notes)
    page.get_by_role("button", name="Save the record").click()
    expect(page.locator("#record-status")).to_contain_text("Saved at")


def test_a_coach_runs_a_journey_and_sees_it_on_the_map_and_in_prep(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    make_version(cast.client, cast.coach, KEYS, sessions_per_phase=2)
    today = date.today()
    # Four weeks ago, so the first two sessions (a cadence apart) have happened.
    start = weekday_on_or_before(today - timedelta(days=28))
    second = start + timedelta(days=14)
    planned_end = start + timedelta(weeks=13)
    moved_on = today - timedelta(days=10)  # so today is in week 2 of the next phase
    by_when = start + timedelta(days=14)

    sign_in_as(cast.coach)
    main_nav(page, "Journeys").click()
    page.get_by_role("link", name="Start a journey").click()
    fill_agreement(page, start=start, planned_end=planned_end)

    expect(page.get_by_role("main")).to_contain_text(
        f"from {long_date(start)} to {long_date(planned_end)}, a session every 14 days"
    )
    plan = page.get_by_role("table", name="Proposed sessions")
    expect(plan.locator("tbody tr td:nth-child(2)")).to_have_text(PHASE_NAMES)
    rows = plan.locator("tbody tr")
    expect(rows.nth(0).get_by_label("Date")).to_have_value(iso(start))
    expect(rows.nth(1).get_by_label("Date")).to_have_value(iso(second))
    expect(rows.nth(0).get_by_label("Time")).to_have_value("10:00")
    page.get_by_role("button", name="Start the journey").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(CLIENT)
    expect(messages(page)).to_contain_text(f"{CLIENT}'s journey has started.")
    expect(page.get_by_role("table", name="Sessions").locator("tbody tr")).to_have_count(6)

    hold_session(
        page,
        1,
        notes="Arrived tired; spoke about the team leaning on him.",
        insights="He steps in before anyone asks.",
        agreements="Notice each time he steps in.",
    )
    experiment = open_panel(page, "Agree an experiment")
    experiment.get_by_label("Title").fill("Wait ten seconds")
    experiment.get_by_label("What to try").fill("Before stepping in, count to ten and ask.")
    experiment.get_by_label("By when").fill(iso(by_when))
    experiment.get_by_role("button", name="Agree the experiment").click()
    expect(messages(page)).to_contain_text("The experiment “Wait ten seconds” is agreed.")
    agreed = page.get_by_role("region", name="Experiments agreed in this session")
    expect(agreed).to_contain_text("Wait ten seconds")

    page.get_by_role("link", name="Journey", exact=True).click()
    hold_session(
        page,
        2,
        notes="Counted to ten three times; twice the team solved it.",
        insights="The team can carry more than he thought.",
        agreements="Keep counting; bring one example next time.",
    )

    page.get_by_role("link", name="Journey", exact=True).click()
    move_on = open_panel(page, "Move on to Experiment")
    move_on.get_by_label("What tells you the client is ready to move on?").fill(
        "He names his pattern before I do."
    )
    move_on.get_by_label("Moving on from").fill(iso(moved_on))
    move_on.get_by_role("button", name="Move on to Experiment").click()
    expect(messages(page)).to_contain_text("The journey has moved on to Experiment.")

    extend = open_panel(page, "Extend Experiment")
    extend.get_by_label("Extra weeks").fill("2")
    extend.get_by_label("Reason").fill("Travelling for work for a fortnight.")
    extend.get_by_role("button", name="See what changes").click()
    expect(extend.locator(".preview")).to_contain_text("2 weeks later")
    extend.get_by_role("button", name="Confirm: extend Experiment").click()
    expect(messages(page)).to_contain_text("Done, and recorded in the adaptation log.")

    journey_map = page.locator("figure.journey-map svg")
    expect(journey_map.locator(".jm-session--held")).to_have_count(2)
    expect(journey_map.locator(".jm-adaptation")).to_have_count(1)
    expect(journey_map.locator(".jm-run")).to_have_count(2)
    expect(journey_map.locator(".jm-run--open")).to_have_count(1)
    expect(page.get_by_role("region", name="Adaptation log")).to_contain_text(
        "Extended Experiment by 2 weeks: Travelling for work for a fortnight."
    )

    main_nav(page, "Caseload").click()
    caseload = page.get_by_role("table").filter(has_text=CLIENT)
    expect(caseload.get_by_role("row").filter(has_text=CLIENT)).to_contain_text("Experiment")
    caseload.get_by_role("link", name=f"Prep session for {CLIENT}").click()

    expect(page).to_have_title(re.compile(f"^Session prep: {CLIENT}"))
    where = page.get_by_role("region", name="Where we are", exact=True)
    expect(where.locator(".prep__phase")).to_have_text("Experiment · week 2 of 6")
    expect(where).to_contain_text("What experiment is for.")
    expect(where).to_contain_text("2 of 6 sessions held")
    last = page.get_by_role("region", name="Last session", exact=True)
    expect(last).to_contain_text("The team can carry more than he thought.")
    expect(last).to_contain_text("Keep counting; bring one example next time.")
    expect(last).not_to_contain_text("He steps in before anyone asks.")
    experiments = page.get_by_role("region", name="Experiments", exact=True)
    expect(experiments.locator(".experiment")).to_have_count(1)
    expect(experiments.locator(".experiment")).to_contain_text("Wait ten seconds")
    expect(experiments.locator(".experiment .status")).to_have_text("Open")
    expect(page.get_by_role("region", name="Adaptations so far")).to_contain_text(
        "Extended Experiment by 2 weeks: Travelling for work for a fortnight."
    )


def test_a_stale_notes_save_is_refused_without_losing_the_text(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    journey = make_journey(cast.coach, cast.client)
    session = Session.objects.filter(journey=journey).order_by("starts_at").first()
    assert session is not None
    url = f"/journeys/{journey.public_id}/sessions/{session.public_id}/"
    sign_in_as(cast.coach)
    first = page
    second = page.context.new_page()
    first.goto(url)
    second.goto(url)

    first.get_by_label("Notes").fill("Written in the first tab.")
    expect(first.locator("#record-status")).to_contain_text("Saved at")
    session.refresh_from_db()
    assert session.notes == "Written in the first tab."

    # The second tab still holds the version it opened with; its autosave must not win.
    second.get_by_label("Notes").fill("Written in the second tab.")
    status = second.locator("#record-status")
    expect(status).to_contain_text("These notes were saved somewhere else")
    expect(second.get_by_label("Notes")).to_have_value("Written in the second tab.")
    session.refresh_from_db()
    assert session.notes == "Written in the first tab."

    keep_mine = "Keep what I typed and save it over the other version"
    status.get_by_role("button", name=keep_mine).click()
    expect(status).to_contain_text("Saved at")
    session.refresh_from_db()
    assert session.notes == "Written in the second tab."


def test_a_plan_time_the_clocks_skip_is_refused_on_its_row_and_what_was_typed_stays(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    make_version(cast.client, cast.coach, KEYS, sessions_per_phase=2)
    sign_in_as(cast.coach)
    page.goto("/journeys/new/")
    fill_agreement(page, start=date(2027, 3, 15))

    rows = page.get_by_role("table", name="Proposed sessions").locator("tbody tr")
    row = rows.nth(1)
    # In Europe/London the clocks go from 01:00 to 02:00 on Sunday 28 March 2027.
    row.get_by_label("Date").fill("2027-03-28")
    row.get_by_label("Time").fill("01:30")
    page.get_by_role("button", name="Start the journey").click()

    expect(page.get_by_role("alert")).to_contain_text("Some sessions need another date or time")
    expect(row).to_contain_text(
        "01:30 on 28 March 2027 does not exist in Europe/London: the clocks go forward "
        "from 01:00 to 02:00. Choose 02:00 or later."
    )
    expect(row.get_by_label("Time")).to_have_attribute("aria-invalid", "true")
    expect(row.get_by_label("Date")).to_have_value("2027-03-28")
    expect(row.get_by_label("Time")).to_have_value("01:30")
    expect(rows.nth(0).get_by_label("Date")).to_have_value("2027-03-15")
    expect(rows.locator(".field__errors")).to_have_count(1)
    assert not Journey.objects.exists()
