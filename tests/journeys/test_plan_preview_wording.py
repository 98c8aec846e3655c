"""The preview says how far each session moves in words a coach reads at a glance, and when
the planned end moves, a pause included."""

from __future__ import annotations

import html
from datetime import date, time

import pytest
import time_machine
from django.test import Client as HttpClient

from arcwise.journeys import schedule
from arcwise.journeys.plan.queries import plan_preview, preview_rows, preview_summary
from arcwise.journeys.schedule import PlanDiff, PlanSession, SessionChange
from tests.conftest import Cast
from tests.journeys.factories import START, days, make_journey
from tests.journeys.pages import journey_url

NAMES = {"orient": "Orient"}


def moved(by: int, status_before: str = schedule.PLANNED) -> str:
    before = PlanSession("1", "orient", START, time(10), status=status_before)
    after = PlanSession("1", "orient", START + days(by), time(10))
    diff = PlanDiff((SessionChange(before, after),), START, START)
    return preview_rows(NAMES, diff)[0].what


@pytest.mark.parametrize(
    ("by", "said"),
    [
        (-3, "3 days earlier"),
        (-1, "1 day earlier"),
        (1, "1 day later"),
        (5, "5 days later"),
        (7, "1 week later"),
        (-14, "2 weeks earlier"),
        (10, "10 days later"),
    ],
)
def test_a_move_says_days_unless_it_is_whole_weeks(by: int, said: str) -> None:
    assert moved(by) == said


def test_a_session_back_in_the_plan_on_its_own_day_says_no_zero_weeks() -> None:
    assert moved(0, status_before=schedule.SUSPENDED) == "back in the plan"


@pytest.mark.django_db
def test_a_pause_preview_gives_the_planned_end_once_the_journey_resumes(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    pause = schedule.Pause(until=START + days(28))

    diff = plan_preview(journey=journey, change=pause, today=START)

    assert diff.end_before == date(2026, 10, 19)
    assert diff.end_after == date(2026, 11, 16)  # four weeks later, the weeks of the pause
    assert preview_summary(diff, pause) == (
        "2 sessions suspended. Planned end: 16 November 2026 (was 19 October 2026), "
        "if the journey resumes on 5 October 2026."
    )


@pytest.mark.django_db
def test_the_pause_preview_page_says_the_planned_end_moves(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)

    with time_machine.travel(START):
        page = as_coach.post(
            journey_url("adapt_preview", journey, kind="pause"),
            {"pause-until": "2026-10-05", "pause-reason": "Surgery", "pause-revision": "1"},
        )

    body = html.unescape(page.content.decode())
    assert "The planned end stays" not in body
    assert "Planned end: 16 November 2026 (was 19 October 2026), if the journey resumes" in body


@pytest.mark.django_db
def test_a_preview_of_sessions_back_on_their_own_day_says_no_zero_weeks(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)

    with time_machine.travel(START):
        as_coach.post(
            journey_url("adapt", journey, kind="pause"),
            {"pause-until": "2026-10-05", "pause-reason": "Surgery", "pause-revision": "1"},
        )
        page = as_coach.post(
            journey_url("adapt_preview", journey, kind="resume"),
            {"resume-reason": "The surgery was put off", "resume-revision": "2"},
        )

    body = html.unescape(page.content.decode())
    assert page.status_code == 200
    assert "back in the plan" in body
    assert "0 weeks" not in body
