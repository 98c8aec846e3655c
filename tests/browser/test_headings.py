"""A screen reader lists a page by its headings: on the journey's pages they go in order,
with no level skipped, whatever the journey holds (axe checks every page at teardown)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from django.utils import timezone
from playwright.sync_api import Page, expect

from arcwise.accounts.models import User
from arcwise.journeys.models import Experiment, ExperimentStatus
from tests.conftest import Cast
from tests.journeys.factories import make_journey


def headings_of(page: Page) -> list[int]:
    return page.evaluate(
        "[...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => +h.tagName[1])"
    )


def test_a_debriefed_experiment_keeps_the_headings_in_order(
    page: Page, cast: Cast, sign_in_as: Callable[[User], None]
) -> None:
    journey = make_journey(cast.coach, cast.client)
    session = journey.sessions.order_by("starts_at")[0]
    Experiment.objects.create(
        journey=journey,
        session=session,
        title="Wait ten minutes",
        what_to_try="Wait ten minutes before offering an answer.",
        by_when=journey.start_date,
        status=ExperimentStatus.DONE,
        debrief="The team found an answer in eight.",
        closed_at=timezone.now(),
    )
    sign_in_as(cast.coach)

    for address in (
        f"/journeys/{journey.public_id}/",
        f"/journeys/{journey.public_id}/prep/",
        f"/journeys/{journey.public_id}/sessions/{session.public_id}/",
    ):
        page.goto(address)
        expect(page.get_by_text("The team found an answer in eight.")).to_be_visible()
        levels = headings_of(page)
        skips = [(a, b) for a, b in pairwise(levels) if b > a + 1]
        assert not skips, f"{address}: headings skip a level: {levels}"
