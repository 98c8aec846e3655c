"""A coach previews what the practice's mentor will see of one journey and shares it from the
preview; the mentor sees it as "Client A" with its map, leaves a comment, and reaches no
other journey and no session; the coach reads the comment on the journey page."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from arcwise.accounts.models import User
from arcwise.journeys.models import Session
from tests.browser.test_journeys import messages
from tests.browser.test_living_plan import this_monday
from tests.conftest import Cast
from tests.factories import make_client
from tests.journeys.factories import make_journey

SignInAs = Callable[[User], None]


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(messages(page)).to_contain_text("You are signed out.")


def test_a_mentor_reviews_one_shared_journey_under_a_pseudonym(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    journey = make_journey(cast.coach, cast.client, start=this_monday())
    rosa = make_client(cast.practice, name="Rosa Marquez")
    other = make_journey(cast.coach, rosa, version=journey.design_version, start=this_monday())
    session = Session.objects.filter(journey=journey).order_by("starts_at")[0]
    Session.objects.filter(pk=session.pk).update(notes="Spoke about the divorce at length.")

    sign_in_as(cast.coach)
    page.goto(f"/journeys/{journey.public_id}/")
    section = page.locator("section", has=page.get_by_role("heading", name="Mentor review"))
    # First the mentor's page as the mentor will see it, then sharing from there.
    section.get_by_role("link", name="Preview: what Milo Mentor will see").click()
    preview = page.locator("aside", has=page.get_by_role("heading", name="Preview"))
    expect(preview).to_contain_text("Preview: what your mentor will see")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Client A")
    expect(page.locator("main")).not_to_contain_text("Quentin")
    expect(page.locator("main")).not_to_contain_text("divorce")
    preview.get_by_role("button", name="Share with Milo Mentor").click()
    expect(messages(page)).to_contain_text("Milo Mentor can now review this journey")
    sign_out(page)

    sign_in_as(cast.mentor)
    expect(page.get_by_role("heading", level=1)).to_have_text("Journeys shared with me")
    page.get_by_role("link", name="Client A").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Client A")
    expect(page.locator("figure.journey-map svg title").first).to_have_text("Journey map: Client A")
    body = page.locator("body")
    expect(body).not_to_contain_text("Quentin")
    expect(body).not_to_contain_text("quentin@example.org")
    expect(body).not_to_contain_text("divorce")
    about = page.get_by_label("About")
    expect(about.locator("option").nth(1)).to_have_text(re.compile(r"^Run 1: "))
    about.select_option(index=1)
    page.get_by_label("Your comment").fill("The first phase is doing a lot of work here.")
    page.get_by_role("button", name="Leave the comment").click()
    expect(messages(page)).to_contain_text("Your comment is with the coach.")
    comments = page.locator("section", has=page.get_by_role("heading", name="Your review comments"))
    expect(comments).to_contain_text("The first phase is doing a lot of work here.")

    response = page.goto(f"/caseload/shared/{other.public_id}/")
    assert response is not None
    assert response.status == 404
    expect(body).not_to_contain_text("Rosa")
    for url in (
        f"/caseload/shared/{journey.public_id}/sessions/{session.public_id}/",
        f"/journeys/{journey.public_id}/sessions/{session.public_id}/",
    ):
        response = page.goto(url)
        assert response is not None
        # The mentor's side has no session page (404); the coach's says who may see it (403).
        assert response.status in (403, 404), url
        expect(body).not_to_contain_text("divorce")
        expect(body).not_to_contain_text("Quentin")
    sign_out(page)

    sign_in_as(cast.coach)
    page.goto(f"/journeys/{journey.public_id}/")
    section = page.locator("section", has=page.get_by_role("heading", name="Mentor review"))
    expect(section).to_contain_text("The first phase is doing a lot of work here.")
    expect(section).to_contain_text("Milo Mentor")
    expect(section.get_by_role("button", name=re.compile("^Revoke"))).to_be_visible()
    sign_out(page)

    # The owner reads the record: who looked at which journey, under which pseudonym.
    sign_in_as(cast.owner)
    page.goto("/practice/")
    page.get_by_role("link", name="Mentor views").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentor views")
    row = page.get_by_role("row").filter(has_text="Journey review").first
    expect(row).to_contain_text("Milo Mentor")
    expect(row).to_contain_text("Client A (Quentin Confidential)")
