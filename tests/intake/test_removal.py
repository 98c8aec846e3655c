"""A client's intake answers go with the journey's other words when its records are
removed (disposal or erasure): the rows stay, their words become "(removed)"."""

from __future__ import annotations

import pytest

from arcwise.intake import services
from arcwise.intake.models import IntakeAnswer
from arcwise.records.removal import REMOVED, journeys_text_remove
from tests.conftest import Cast
from tests.intake.factories import ANSWERS, journey_with_intake


@pytest.mark.django_db
def test_removing_a_journeys_text_removes_the_intake_answers(cast: Cast) -> None:
    journey = journey_with_intake(cast)
    services.intake_save(journey=journey, answers=ANSWERS, expected_revision=0)

    journeys_text_remove([journey.pk])

    answers = IntakeAnswer.objects.filter(journey=journey)
    assert answers.count() == len(ANSWERS)
    assert {answer.answer for answer in answers} == {REMOVED}
