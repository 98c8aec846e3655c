"""The coach reads the client's intake: at the top of the first session's prep and on the
journey page, saying whether it is not answered yet, saved part-way, or sent and when."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.designs.intake_spec import IntakeQuestion, QuestionKind
from arcwise.intake import services
from arcwise.intake.queries import intake_section
from arcwise.journeys.models import Journey
from arcwise.journeys.pages.state import JourneyState
from tests.conftest import Cast
from tests.intake.factories import ANSWERS, journey_with_intake
from tests.journeys.factories import make_journey
from tests.portal.helpers import hold, sessions_of


def prep(http: HttpClient, journey: Journey) -> str:
    return http.get(reverse("journeys:prep", args=[journey.public_id])).content.decode()


def detail(http: HttpClient, journey: Journey) -> str:
    return http.get(reverse("journeys:detail", args=[journey.public_id])).content.decode()


@pytest.mark.django_db
def test_prep_says_not_answered_yet_before_the_client_saves(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = journey_with_intake(cast)

    page = prep(as_coach, journey)

    assert "Intake: Quentin Confidential's answers" in page
    assert "Not answered yet" in page


@pytest.mark.django_db
def test_the_answers_head_prep_before_the_first_session_once_saved_part_way(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = journey_with_intake(cast)
    services.intake_save(journey=journey, answers={"pace": "Every week"}, expected_revision=0)

    page = prep(as_coach, journey)

    assert "Saved part-way" in page
    assert page.index("Intake:") < page.index("Where we are")
    assert "Every week" in page


@pytest.mark.django_db
def test_sent_answers_show_the_day_and_what_they_filled_in(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = journey_with_intake(cast)
    services.intake_save(journey=journey, answers=ANSWERS, expected_revision=0)
    services.intake_submit(journey=journey, expected_revision=1)

    for page in (prep(as_coach, journey), detail(as_coach, journey)):
        assert "Sent on" in page
        assert "4 out of 10" in page
        assert "Filled in from these answers: 2 goals" in page
        assert "the starting rating of “Energy”" in page


@pytest.mark.django_db
def test_prep_after_the_first_session_is_held_leaves_the_intake_to_the_journey_page(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = journey_with_intake(cast)
    hold(sessions_of(journey)[0])

    assert "Intake:" not in prep(as_coach, journey)
    assert "Intake:" in detail(as_coach, journey)


@pytest.mark.django_db
def test_a_design_without_an_intake_adds_no_section(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)

    assert "Intake:" not in prep(as_coach, journey)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 12])
def test_the_prep_section_costs_the_same_queries_however_many_questions(
    cast: Cast, size: int, django_assert_num_queries: Any
) -> None:
    questions = tuple(
        IntakeQuestion(key=f"q{n}", kind=QuestionKind.TEXT, prompt=f"Question {n}?")
        for n in range(size)
    )
    journey = journey_with_intake(cast, questions=questions)
    services.intake_save(
        journey=journey, answers={f"q{n}": f"Answer {n}" for n in range(size)}, expected_revision=0
    )
    state = JourneyState.of(Journey.objects.select_related("design_version", "client").get())

    # the intake's row; its answers
    with django_assert_num_queries(2):
        section = intake_section(state, "prep")

    assert section is not None
    assert len(section.context["intake"].rows) == size
