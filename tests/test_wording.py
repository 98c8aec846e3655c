"""Counts said the way a coach would say them: "every day", never "every 1 days"; a phase run
past its plan says how far past, never "week 11 of 5"."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from arcwise.days import every_days, week_in_phase
from arcwise.designs.models import DesignVersion
from tests.conftest import Cast
from tests.designs.factories import make_design, make_phase_spec
from tests.journeys import pages
from tests.journeys.factories import make_journey


def text_of(page: str) -> str:
    """The page's words, tags dropped and spaces collapsed, as a reader meets them."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize(
    ("days", "words"), [(1, "every day"), (2, "every 2 days"), (7, "every 7 days")]
)
def test_a_cadence_reads_as_words(days: int, words: str) -> None:
    assert every_days(days) == words


@pytest.mark.parametrize(
    ("week", "planned", "words"),
    [
        (1, 5, "week 1 of 5"),
        (5, 5, "week 5 of 5"),
        (6, 5, "week 6, 1 week past the planned 5"),
        (11, 5, "week 11, 6 weeks past the planned 5"),
    ],
)
def test_a_week_past_the_plan_says_how_far_past(week: int, planned: int, words: str) -> None:
    assert week_in_phase(week=week, planned_weeks=planned) == words


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["journeys:detail", "journeys:prep"])
def test_a_journey_meeting_daily_says_every_day(
    cast: Cast, as_coach: HttpClient, name: str
) -> None:
    journey = make_journey(cast.coach, cast.client, cadence_days=1)

    page = text_of(as_coach.get(reverse(name, args=[journey.public_id])).content.decode())

    assert "a session every day" in page
    assert "every 1 days" not in page


@pytest.mark.django_db
def test_the_session_plan_of_a_daily_journey_says_every_day(
    cast: Cast, as_coach: HttpClient
) -> None:
    design = make_design(
        cast.practice,
        cast.coach,
        published=True,
        phases=(make_phase_spec("orient", planned_weeks=1, planned_sessions=2),),
    )
    version = DesignVersion.objects.get(design=design)

    proposal = as_coach.post(
        reverse("journeys:new"), pages.agreement(cast, version, cadence_days="1")
    )
    page = text_of(proposal.content.decode())

    assert proposal.status_code == 200
    assert "a session every day." in page
    assert "every 1 days" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["journeys:detail", "journeys:prep"])
def test_a_phase_run_past_its_planned_weeks_says_how_far_past(
    cast: Cast, as_coach: HttpClient, name: str
) -> None:
    # Ten weeks and three days in: week 11 of a first phase planned for two weeks.
    start = timezone.localdate() - timedelta(days=73)
    journey = make_journey(cast.coach, cast.client, start=start)

    page = text_of(as_coach.get(reverse(name, args=[journey.public_id])).content.decode())

    assert "week 11, 9 weeks past the planned 2" in page
    assert "week 11 of 2" not in page
