"""Starting a practice (through the e-mailed link), signing out and signing back in, as a
person clicks through it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from arcwise.nudges.models import Nudge
from tests.conftest import Cast
from tests.factories import PASSWORD


def fill_in_sign_in(page: Page, *, email: str, password: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_a_new_owner_signs_up_signs_out_and_signs_back_in(page: Page) -> None:
    page.goto("/sign-up/")
    page.get_by_label("Your name").fill("Nadia Newcomer")
    page.get_by_label("E-mail").fill("nadia@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Name of your practice").fill("Lighthouse Coaching")
    page.get_by_label("Your time zone").select_option("Europe/Lisbon")
    page.get_by_role("button", name="Create my practice").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    mail = Nudge.objects.get(to_address="nadia@example.com").body
    link = re.search(r"/sign-up/confirm/\S+/", mail)
    assert link
    page.goto(link.group())
    expect(page).to_have_url(re.compile(r"/sign-up/confirm/$"))  # the token left behind
    expect(page.get_by_role("definition").first).to_have_text("Lighthouse Coaching")
    page.get_by_role("button", name="Create my practice").click()

    expect(page).to_have_url(re.compile(r"/caseload/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Caseload")
    expect(page.locator(".messages[role=status]")).to_contain_text(
        "Welcome to Arcwise. Lighthouse Coaching is ready."
    )
    expect(page.get_by_role("banner")).to_contain_text("Lighthouse Coaching")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/sign-in/$"))
    expect(page.get_by_role("status")).to_contain_text("You are signed out.")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)

    fill_in_sign_in(page, email="nadia@example.com", password=PASSWORD)
    expect(page).to_have_url(re.compile(r"/caseload/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Caseload")
    expect(page.get_by_role("banner")).to_contain_text("Lighthouse Coaching")


def test_a_wrong_password_is_refused_and_the_email_is_kept(page: Page, cast: Cast) -> None:
    fill_in_sign_in(page, email=cast.coach.email, password="not-the-password")

    expect(page.get_by_role("alert")).to_contain_text(
        "That e-mail and password do not match an account"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_label("E-mail")).to_have_value(cast.coach.email)
    expect(page.get_by_label("Password")).to_have_value("")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
