"""Building a journey design, publishing it, and carrying it to another practice as a file."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import FilePayload, Locator, Page, expect

from arcwise.accounts.models import User
from tests.conftest import Cast
from tests.designs.factories import make_design

SignInAs = Callable[[User], None]
DESIGN = "Career transition, six months"
# Text pasted from a word processor: the file must keep it as typed, not as escapes.
CURLY = "what the client’s after"  # noqa: RUF001 - the curly apostrophe is the point


@dataclass(frozen=True)
class PhaseInput:
    name: str
    intent: str
    weeks: int
    sessions: int
    key: str = ""


# At one session every 14 days, `sessions` never exceeds ceil(weeks * 7 / 14), so the
# designer has no "worth a second look" warning to show and the arc is the only feedback.
PHASES = [
    PhaseInput("Orient", f"Arrive, agree how we work, and name {CURLY}.", 2, 1),
    PhaseInput("Resource", "Find what already holds the client up.", 2, 1),
    PhaseInput("Understand", "Map the pattern the client keeps meeting.", 4, 2),
    PhaseInput("Experiment", "Try small changes between sessions and notice.", 6, 3),
    PhaseInput("Meet resistance", "Work with what pushes back.", 4, 2, key="resistance"),
    PhaseInput("Integrate", "Make the new way ordinary.", 4, 2),
    PhaseInput("Recognise and close", "Mark what changed, and end well.", 2, 1),
]
NAMES = [phase.name for phase in PHASES]
WEEKS = sum(phase.weeks for phase in PHASES)
SESSIONS = sum(phase.sessions for phase in PHASES)


def main_nav(page: Page, label: str) -> Locator:
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=label)


def phase_names(page: Page) -> Locator:
    """The names in the designer's phase list, top to bottom."""
    return page.locator(".phase-list .phase-row summary strong")


def arc_preview(page: Page) -> Locator:
    return page.locator("#arc-preview").get_by_role("img")


def add_phase(page: Page, phase: PhaseInput, *, details: bool = False) -> None:
    page.get_by_role("link", name="Add a phase").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a phase")
    page.get_by_label("Name", exact=True).fill(phase.name)
    if phase.key:
        page.get_by_label("Key").fill(phase.key)
    page.get_by_label("Intent").fill(phase.intent)
    page.get_by_label("Planned weeks").fill(str(phase.weeks))
    page.get_by_label("Planned sessions").fill(str(phase.sessions))
    if details:
        page.get_by_label("Readiness signals").fill(
            "Talks about the old role in the past tense\nHas named one thing to try"
        )
        page.get_by_label("Session prompts").fill("What would make this week a good one?")
        page.get_by_label("Practice 1 (optional)", exact=True).fill("Three small doors")
        page.get_by_label("Practice 1: what to try").fill(
            "Each day, open one small door you would usually walk past."
        )
        page.get_by_label("Reflection prompts: experience").fill("What surprised you?")
        page.get_by_label("Reflection prompts: integration").fill(
            "What will you keep doing after we finish?"
        )
    page.get_by_role("button", name="Add phase").click()
    expect(page.locator(".messages")).to_contain_text(f"{phase.name} is saved.")


def export_yaml(page: Page) -> FilePayload:
    with page.expect_download() as info:
        page.get_by_role("link", name="Export YAML").click()
    download = info.value
    with open(download.path(), "rb") as file:
        data = file.read()
    return {"name": download.suggested_filename, "mimeType": "application/yaml", "buffer": data}


def test_a_coach_builds_publishes_exports_and_another_practice_imports_a_seven_phase_design(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    sign_in_as(cast.coach)
    main_nav(page, "Designs").click()
    page.get_by_role("link", name="New design").click()
    page.get_by_label("Name", exact=True).fill(DESIGN)
    page.get_by_label("Purpose").fill("Leave a role well and arrive in the next one.")
    page.get_by_label("Intended audience").fill("Mid-career professionals changing field.")
    page.get_by_label("Cadence").fill("14")
    page.get_by_role("button", name="Create and add phases").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{DESIGN} Draft version 1")
    expect(page.get_by_role("link", name="Add the first phase")).to_be_visible()
    expect(arc_preview(page)).to_have_accessible_description(
        "No phases yet. Add a phase to see the arc."
    )

    for phase in PHASES:
        add_phase(page, phase, details=phase.name == "Experiment")
    expect(phase_names(page)).to_have_text(NAMES)

    # Moving is htmx: the list and the arc are swapped in place, without a page load.
    page.evaluate("window.arcwiseSamePage = true")
    page.get_by_role("button", name="Move down Orient").click()
    expect(phase_names(page)).to_have_text([NAMES[1], NAMES[0], *NAMES[2:]])
    expect(arc_preview(page)).to_have_accessible_description(
        re.compile(r": Resource: 2 weeks, 1 session; Orient: 2 weeks, 1 session; Understand")
    )
    # The pressed button is swapped away; focus returns to the phase that moved.
    expect(page.locator(".phase-row:focus")).to_have_attribute("aria-label", "Phase 2, Orient")
    page.get_by_role("button", name="Move up Orient").click()
    expect(phase_names(page)).to_have_text(NAMES)
    assert page.evaluate("window.arcwiseSamePage") is True
    page.reload()
    expect(phase_names(page)).to_have_text(NAMES)
    expect(page.locator(".phase-list .phase-number")).to_have_text([str(n) for n in range(1, 8)])

    arc = arc_preview(page)
    expect(arc).to_have_accessible_name(DESIGN)
    expect(arc).to_have_accessible_description(
        re.compile(rf"^7 phases over {WEEKS} weeks, {SESSIONS} sessions: Orient: 2 weeks, ")
    )
    expect(arc.locator(".arc-summary")).to_have_text(
        f"7 phases · {WEEKS} weeks · {SESSIONS} sessions"
    )
    expect(arc.locator(".arc-session")).to_have_count(SESSIONS)
    expect(arc.locator('.arc-phase[data-phase="4"] .arc-session')).to_have_count(3)
    expect(page.get_by_text("Worth a second look")).to_have_count(0)

    page.get_by_role("button", name="Publish version 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(DESIGN)
    expect(page.locator(".messages")).to_contain_text("Version 1 is published.")
    expect(page.locator(".version-line .badge")).to_contain_text("Published")
    experiment = page.locator("details.phase-details").filter(has_text="Experiment")
    experiment.locator("summary").click()
    expect(experiment).to_contain_text("Has named one thing to try")
    expect(experiment).to_contain_text("Three small doors")
    expect(experiment).to_contain_text("What will you keep doing after we finish?")

    exported = export_yaml(page)
    text = exported["buffer"].decode()
    assert text.startswith("arcwise: 1\n")
    assert exported["name"] == "career-transition-six-months-v1.yaml"
    assert "key: resistance" in text
    assert CURLY in text

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    sign_in_as(cast.outsider)
    main_nav(page, "Designs").click()
    expect(page.get_by_role("link", name=DESIGN)).to_have_count(0)
    page.get_by_role("link", name="New design").click()
    page.get_by_label("Design file (.yaml)").set_input_files(exported)
    page.get_by_role("button", name="Import", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"{DESIGN} Draft version 1")
    expect(page.locator(".messages")).to_contain_text("The design is imported as a draft.")
    expect(phase_names(page)).to_have_text(NAMES)
    expect(arc_preview(page).locator(".arc-session")).to_have_count(SESSIONS)
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.locator(".version-line .badge")).to_contain_text("Published")
    expect(page.locator(".version-line")).to_contain_text("by you")

    again = export_yaml(page)
    assert again["buffer"].decode() == text
    assert again["name"] == exported["name"]


BROKEN = """arcwise: 1
design:
  name: Broken arc
  cadence_days: 14
  phases:
  - key: orient
    name: Orient
    intent: Arrive and agree.
    planned_weeks: two
    planned_sessions: 1
"""


def test_a_broken_design_file_is_refused_naming_its_line_and_field_and_nothing_is_saved(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    sign_in_as(cast.outsider)
    page.goto("/designs/new/")
    page.get_by_label("Design file (.yaml)").set_input_files(
        {"name": "broken.yaml", "mimeType": "application/yaml", "buffer": BROKEN.encode()}
    )
    page.get_by_role("button", name="Import", exact=True).click()

    alert = page.get_by_role("alert")
    expect(alert.locator("strong")).to_have_text(
        "The file was not imported, and nothing was saved."
    )
    expect(alert.get_by_role("listitem")).to_have_text(
        ["line 9, design.phases[1].planned_weeks: expected a whole number, found the text “two”."]
    )
    expect(alert).to_be_focused()

    main_nav(page, "Designs").click()
    expect(page.get_by_text("No designs yet.")).to_be_visible()
    expect(page.get_by_role("link", name="Broken arc")).to_have_count(0)


def test_two_tabs_on_one_draft_never_overwrite_each_other_unseen(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    design = make_design(cast.practice, cast.coach, "orient", "resource", "close")
    designer = f"/designs/{design.public_id}/draft/"
    sign_in_as(cast.coach)
    page.goto(designer)
    other = page.context.new_page()  # a second tab, signed in as the same coach
    other.goto(designer)

    # A move from the tab that did not see the other tab's move is refused in place, and the
    # draft is shown as it is now.
    other.get_by_role("button", name="Move down Orient").click()
    expect(phase_names(other)).to_have_text(["Resource", "Orient", "Close"])
    page.get_by_role("button", name="Move down Resource").click()
    expect(page.get_by_role("alert")).to_contain_text("so this move changed nothing")
    expect(phase_names(page)).to_have_text(["Resource", "Orient", "Close"])

    # Details edited in both tabs: the second save is refused, keeps its text, shows the
    # first beside it, and goes through when sent again knowing both.
    page.get_by_role("link", name="Edit details").click()
    other.get_by_role("link", name="Edit details").click()
    other.get_by_label("Name", exact=True).fill("Spring arc")
    other.get_by_role("button", name="Save details").click()
    expect(other.locator(".messages")).to_contain_text("The design's details are saved.")
    page.get_by_label("Purpose").fill("Typed in the first tab.")
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_role("alert")).to_contain_text("changed in another tab")
    expect(page.get_by_label("Purpose")).to_have_value("Typed in the first tab.")
    expect(page.get_by_role("complementary")).to_contain_text("Spring arc")
    page.get_by_label("Name", exact=True).fill("Spring arc")
    page.get_by_role("button", name="Save details").click()
    expect(page.locator(".messages")).to_contain_text("The design's details are saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Spring arc Draft version 1")

    # A phase edit that arrives after the other tab published is refused: the version is
    # frozen, and what was typed stays on the screen.
    page.get_by_role("link", name="Edit Close").click()
    page.get_by_label("Intent").fill("Typed while the other tab published.")
    other.goto(designer)
    other.get_by_role("button", name="Publish version 1").click()
    expect(other.locator(".messages")).to_contain_text("Version 1 is published.")
    page.get_by_role("button", name="Save phase").click()
    expect(page.get_by_role("alert")).to_contain_text("Version 1 is already published")
    expect(page.get_by_label("Intent")).to_have_value("Typed while the other tab published.")
    expect(page.get_by_role("button", name="Save phase")).to_have_count(0)
