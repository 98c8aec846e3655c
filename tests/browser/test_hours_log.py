"""The hours log in a browser: reached from the account page, filtered by two dates, and
checked by axe-core (run by the page fixture on every load), with its errors too."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from arcwise.accounts.models import User
from arcwise.journeys.models import FeeBasis
from tests.conftest import Cast
from tests.factories import make_client
from tests.insights.test_hours_views import hold
from tests.journeys.factories import make_journey


def test_a_coach_finds_their_hours_from_the_account_page_and_filters_them(
    page: Page, cast: Cast, sign_in_as: Callable[[User], None]
) -> None:
    hold(make_journey(cast.coach, cast.client), (9, 7), (9, 21))
    pro_bono = make_client(cast.practice, name="Pia Probono")
    hold(make_journey(cast.coach, pro_bono, fee_basis=FeeBasis.PRO_BONO), (10, 5))
    sign_in_as(cast.coach)

    page.goto("/account/")
    page.get_by_role("link", name="Your hours log").click()
    expect(page.get_by_role("heading", name="Your hours log")).to_be_visible()
    expect(page.get_by_role("row", name="Pia Probono")).to_be_visible()

    page.get_by_label("From (optional)").fill("2026-09-01")
    page.get_by_label("To (optional)").fill("2026-09-30")
    page.get_by_role("button", name="Show these dates").click()

    expect(
        page.get_by_role("heading", name="Hours from 1 September 2026 to 30 September 2026")
    ).to_be_visible()
    expect(page.get_by_role("row", name="Quentin Confidential")).to_be_visible()
    expect(page.get_by_role("row", name="Pia Probono")).to_have_count(0)

    page.get_by_label("From (optional)").fill("2026-10-01")
    page.get_by_role("button", name="Show these dates").click()

    expect(page.get_by_role("alert")).to_contain_text("The “To” date is before the “From” date")
