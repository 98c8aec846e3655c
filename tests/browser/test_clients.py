"""Adding and finding clients, as a coach clicks through it."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from arcwise.accounts.models import User
from tests.conftest import Cast
from tests.factories import make_client

SignInAs = Callable[[User], None]
NOTES = "Wants to change career within a year.\nPrefers morning sessions."


def field_of(page: Page, label: str) -> Locator:
    """The whole field (label, hint, errors and input) around the input labelled `label`."""
    return page.locator(".field").filter(has=page.get_by_label(label, exact=True))


def test_a_mistyped_email_is_shown_at_its_field_and_nothing_typed_is_lost(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    sign_in_as(cast.coach)
    page.goto("/clients/")
    page.get_by_role("link", name="Add a client").click()

    page.get_by_label("Name", exact=True).fill("Ada Lindqvist")
    page.get_by_label("E-mail", exact=True).fill("ada.example.org")
    page.get_by_label("Notes").fill(NOTES)
    page.get_by_role("button", name="Add client").click()

    expect(page.get_by_role("alert")).to_have_text(
        "Please correct the 1 field marked below; nothing you typed has been lost."
    )
    email = page.get_by_label("E-mail", exact=True)
    expect(field_of(page, "E-mail")).to_have_class(re.compile(r"\bfield--invalid\b"))
    expect(field_of(page, "E-mail").locator(".field__errors")).to_have_text(
        "Enter a valid email address."
    )
    # Tied to the input, so a screen reader reads the error with the field.
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description(re.compile("Enter a valid email address."))
    expect(page.locator(".field--invalid")).to_have_count(1)
    expect(page.get_by_label("Name", exact=True)).to_have_value("Ada Lindqvist")
    expect(email).to_have_value("ada.example.org")
    expect(page.get_by_label("Notes")).to_have_value(NOTES)

    email.fill("ada@example.org")
    page.get_by_role("button", name="Add client").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Lindqvist")
    expect(page.get_by_role("status")).to_contain_text("Ada Lindqvist is added to your clients.")
    expect(page.locator(".details")).to_contain_text("ada@example.org")
    expect(page.locator(".notes")).to_contain_text("Prefers morning sessions.")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Clients").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Clients")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Ada Lindqvist"))
    expect(row).to_contain_text("ada@example.org")


def test_an_email_another_client_has_is_refused_at_its_field(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    sign_in_as(cast.coach)
    page.goto("/clients/new/")

    page.get_by_label("Name", exact=True).fill("Quincy Newman")
    page.get_by_label("E-mail", exact=True).fill("Quentin@Example.org")
    page.get_by_role("button", name="Add client").click()

    expect(field_of(page, "E-mail").locator(".field__errors")).to_have_text(
        "Quentin Confidential already has this e-mail address in your practice."
    )
    expect(page.get_by_label("Name", exact=True)).to_have_value("Quincy Newman")
    page.goto("/clients/")
    expect(page.get_by_role("link", name="Quincy Newman")).to_have_count(0)


def test_typing_in_search_filters_the_list_without_reloading_the_page(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    make_client(cast.practice, name="Ada Lindqvist", email="ada@example.org")
    sign_in_as(cast.coach)
    page.goto("/clients/")
    ada = page.get_by_role("link", name="Ada Lindqvist")
    quentin = page.get_by_role("link", name="Quentin Confidential")
    expect(ada).to_be_visible()
    expect(quentin).to_be_visible()
    # A full page load would start a fresh window object and lose this.
    page.evaluate("window.arcwiseSamePage = true")

    page.get_by_role("searchbox", name="Find a client by name or e-mail").press_sequentially(
        "lindq"
    )

    expect(quentin).to_have_count(0)
    expect(ada).to_be_visible()
    expect(page).to_have_url(re.compile(r"/clients/\?q=lindq$"))
    assert page.evaluate("window.arcwiseSamePage") is True
