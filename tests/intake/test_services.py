"""Saving part-way and sending an intake: once each, required questions named, and what
sending prefills without ever overwriting what the coach wrote."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arcwise.errors import DomainError
from arcwise.intake import services
from arcwise.intake.models import Intake, IntakeAnswer, IntakeState
from arcwise.journeys.models import Journey
from arcwise.outcomes.measure_services import AreaInput, GoalInput, goals_save, wheel_areas_save
from arcwise.outcomes.models import Goal, MeasureSet, Moment, WheelArea, WheelRating
from tests.conftest import Cast
from tests.factories import make_client
from tests.intake.factories import ANSWERS, answered, journey_with_intake, revision_of
from tests.journeys.factories import make_journey


def stored(journey: Journey) -> dict[str, str]:
    return dict(IntakeAnswer.objects.filter(journey=journey).values_list("question_key", "answer"))


@pytest.mark.django_db
def test_saving_part_way_keeps_the_answers_without_asking_for_required_ones(cast: Cast) -> None:
    journey = journey_with_intake(cast)

    intake = services.intake_save(
        journey=journey, answers={"pace": "Every week"}, expected_revision=0
    )

    assert intake.state == IntakeState.DRAFT
    assert intake.revision == 1
    assert stored(journey) == {"pace": "Every week"}


@pytest.mark.django_db
def test_a_second_save_from_the_same_page_changes_nothing_and_says_so(cast: Cast) -> None:
    journey = journey_with_intake(cast)
    services.intake_save(journey=journey, answers=ANSWERS, expected_revision=0)

    with pytest.raises(services.AlreadyDone, match="already saved"):
        services.intake_save(journey=journey, answers=ANSWERS, expected_revision=0)

    assert revision_of(journey) == 1


@pytest.mark.django_db
def test_a_save_from_an_older_page_is_refused_and_keeps_the_newer_answers(cast: Cast) -> None:
    journey = journey_with_intake(cast)
    services.intake_save(journey=journey, answers=ANSWERS, expected_revision=0)

    with pytest.raises(services.StaleIntake, match="another page"):
        services.intake_save(
            journey=journey, answers=answered(pace="Every week"), expected_revision=0
        )

    assert stored(journey)["pace"] == "Every two weeks"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answers", "field", "words"),
    [
        ({"energy": "11"}, "q-energy", "Question 2 (“How much energy"),
        ({"energy": "seven"}, "q-energy", "takes a whole number from 0 to 10"),
        ({"pace": "Monthly"}, "q-pace", "takes one of the options shown"),
        ({"hopes": "x" * 2001}, "q-hopes", "is 2001 characters; keep it to 2000"),
        ({"hopes": "a\u202eb"}, "q-hopes", "right-to-left override"),
    ],
)
def test_a_bad_answer_is_refused_naming_its_question(
    cast: Cast, answers: dict[str, str], field: str, words: str
) -> None:
    journey = journey_with_intake(cast)

    with pytest.raises(DomainError) as refusal:
        services.intake_save(journey=journey, answers=answers, expected_revision=0)

    assert words in refusal.value.message
    assert refusal.value.field == field
    assert not Intake.objects.filter(journey=journey).exists()


@pytest.mark.django_db
def test_sending_needs_every_required_answer_and_names_the_first_missing(cast: Cast) -> None:
    journey = journey_with_intake(cast)
    services.intake_save(journey=journey, answers={"hopes": "Calm"}, expected_revision=0)

    with pytest.raises(DomainError) as refusal:
        services.intake_submit(journey=journey, expected_revision=1)

    assert refusal.value.message.startswith("Question 2 (“How much energy do you have")
    assert "needs an answer before you send" in refusal.value.message
    assert Intake.objects.get(journey=journey).state == IntakeState.DRAFT


@pytest.mark.django_db
def test_sending_twice_sends_once_and_the_second_says_when(cast: Cast) -> None:
    journey = journey_with_intake(cast)
    services.intake_save(journey=journey, answers=ANSWERS, expected_revision=0)
    sent = services.intake_submit(journey=journey, expected_revision=1)

    with pytest.raises(services.AlreadyDone, match="You sent your answers on"):
        services.intake_submit(journey=journey, expected_revision=1)
    with pytest.raises(services.AlreadyDone):
        services.intake_save(journey=journey, answers=ANSWERS, expected_revision=2)

    again = Intake.objects.get(journey=journey)
    assert (again.revision, again.submitted_at) == (sent.revision, sent.submitted_at)
    assert Goal.objects.filter(journey=journey).count() == 2


@pytest.mark.django_db
def test_sending_prefills_goals_in_the_clients_words_and_the_mapped_baseline(cast: Cast) -> None:
    journey = journey_with_intake(cast)
    services.intake_save(journey=journey, answers=ANSWERS, expected_revision=0)

    sent = services.intake_submit(journey=journey, expected_revision=1)

    assert [g.text for g in Goal.objects.filter(journey=journey)] == [
        "Lead without rescuing everyone",
        "Leave work by six",
    ]
    assert [a.name for a in WheelArea.objects.filter(journey=journey)] == [
        "Energy",
        "Clarity",
        "Support",
    ]
    rating = WheelRating.objects.get(area__journey=journey)
    assert (rating.area.name, rating.moment, rating.value, rating.by_coach) == (
        "Energy",
        Moment.BASELINE,
        4,
        False,
    )
    assert (sent.prefilled_goals, sent.prefilled_areas) == (2, ["Energy"])
    measures = MeasureSet.objects.get(journey=journey)
    assert (measures.goals_version, measures.areas_version) == (1, 1)


@pytest.mark.django_db
def test_sending_never_overwrites_goals_or_a_baseline_the_coach_set(cast: Cast) -> None:
    journey = journey_with_intake(cast)
    goals_save(journey=journey, goals=[GoalInput(None, "The coach's words")], expected_version=0)
    wheel_areas_save(
        journey=journey,
        areas=[AreaInput(None, name) for name in ("Energy", "Calm", "Sleep")],
        expected_version=0,
    )
    energy = WheelArea.objects.get(journey=journey, name="Energy")
    WheelRating.objects.create(area=energy, moment=Moment.BASELINE, value=9, by_coach=True)
    services.intake_save(journey=journey, answers=ANSWERS, expected_revision=0)

    sent = services.intake_submit(journey=journey, expected_revision=1)

    assert [g.text for g in Goal.objects.filter(journey=journey)] == ["The coach's words"]
    assert WheelRating.objects.get(area=energy).value == 9
    assert (sent.prefilled_goals, sent.prefilled_areas) == (0, [])


@pytest.mark.django_db
def test_a_journey_whose_design_asks_nothing_takes_no_intake(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)

    with pytest.raises(DomainError, match="asks no intake questions"):
        services.intake_save(journey=journey, answers={}, expected_revision=0)


@pytest.mark.django_db
def test_saving_costs_the_same_queries_for_one_answer_and_three(cast: Cast) -> None:
    journey = journey_with_intake(cast)
    other = journey_with_intake(cast, client=make_client(cast.practice, name="Ann Other"))
    with CaptureQueriesContext(connection) as one:
        services.intake_save(journey=journey, answers={"pace": "Every week"}, expected_revision=0)
    with CaptureQueriesContext(connection) as three:
        services.intake_save(journey=other, answers=ANSWERS, expected_revision=0)

    assert len(one) == len(three)
