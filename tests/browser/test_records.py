"""A client's records as an owner and a coach click through them: how long the practice
keeps them, a copy to download, and an erasure confirmed by typing the client's name."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable

from playwright.sync_api import Page, expect

from arcwise.accounts.models import User
from tests.conftest import Cast
from tests.records.factories import full_journey

SignInAs = Callable[[User], None]


def test_the_owner_sets_how_long_records_are_kept(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    sign_in_as(cast.owner)
    page.goto("/practice/")
    months = page.get_by_label("Months to keep a journey's records after it ends")
    expect(months).to_have_value("24")

    months.fill("200")
    page.get_by_role("button", name="Save how long records are kept").click()
    expect(page.locator(".field__errors")).to_contain_text("from 1 to 120 months")
    expect(page.get_by_label("Months to keep a journey's records after it ends")).to_have_value(
        "200"
    )

    page.get_by_label("Months to keep a journey's records after it ends").fill("36")
    page.get_by_role("button", name="Save how long records are kept").click()
    expect(page.get_by_role("status")).to_contain_text("records are kept 36 months")
    expect(page.locator("#retention-heading + p")).to_contain_text("36 months")


def test_a_coach_exports_a_client_then_erases_them(
    page: Page, cast: Cast, sign_in_as: SignInAs
) -> None:
    full_journey(cast.coach, cast.client)
    sign_in_as(cast.coach)
    page.goto(f"/clients/{cast.client.public_id}/")
    page.get_by_role("link", name="Export everything held about Quentin Confidential").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Export Quentin Confidential's records"
    )
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the ZIP").click()
    archive = zipfile.ZipFile(download.value.path())
    client = json.loads(archive.read("client.json"))
    assert client["client"]["name"] == "Quentin Confidential"
    assert any(name.startswith("summaries/") for name in archive.namelist())

    page.goto(f"/clients/{cast.client.public_id}/")
    page.get_by_role("link", name="Erase Quentin Confidential").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Erase Quentin Confidential?")
    page.get_by_label("Type the client's name to confirm").fill("Quentin")
    page.get_by_role("button", name="Erase Quentin Confidential").click()
    expect(page.locator(".field__errors")).to_contain_text("Type the client's name exactly")

    page.get_by_label("Type the client's name to confirm").fill("quentin confidential")
    page.get_by_role("button", name="Erase Quentin Confidential").click()
    expect(page.get_by_role("status")).to_contain_text("The client is erased")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Erased client \w{4}"))
    expect(page.locator("main")).not_to_contain_text("Quentin")
