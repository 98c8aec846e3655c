"""The owner's audit log in a browser: reached from the practice page after a coach read a
session's notes, filtered, refused a filter that cannot be read; checked by axe-core (run
by the page fixture on every load)."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from arcwise.accounts.models import User
from arcwise.journeys.models import Session
from arcwise.privacy.audit import audit_record
from arcwise.privacy.models import AuditAction
from tests.conftest import Cast
from tests.journeys.factories import make_journey


def test_an_owner_finds_who_read_a_sessions_notes(
    page: Page, cast: Cast, sign_in_as: Callable[[User], None]
) -> None:
    journey = make_journey(cast.coach, cast.client)
    session = Session.objects.filter(journey=journey).order_by("starts_at")[0]
    sign_in_as(cast.coach)
    page.goto(f"/journeys/{journey.public_id}/sessions/{session.public_id}/")
    audit_record(
        practice=cast.practice,
        actor=cast.mentor,
        action=AuditAction.MENTOR_VIEW,
        subject_kind="journey",
        subject_id=journey.public_id,
    )
    page.context.clear_cookies()
    sign_in_as(cast.owner)

    page.goto("/practice/")
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", name="Audit log", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="2 events")).to_be_visible()

    page.get_by_label("What").select_option("note_read")
    page.get_by_role("button", name="Show these events").click()

    expect(page.get_by_role("heading", name="1 event")).to_be_visible()
    row = page.get_by_role("row", name="Cora Coach")
    expect(row).to_contain_text("Read a coach's notes")
    expect(row).to_contain_text(str(journey.public_id))

    page.get_by_label("From (optional)").fill("2026-09-10")
    page.get_by_label("To (optional)").fill("2026-09-01")
    page.get_by_role("button", name="Show these events").click()

    expect(page.get_by_role("alert")).to_contain_text("The “To” date is before the “From” date")
