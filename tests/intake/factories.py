"""A running journey whose design asks an intake, and ways to answer it."""

from __future__ import annotations

from typing import Any

from arcwise.clients.models import Client
from arcwise.designs.intake_spec import IntakeQuestion, QuestionKind, wheel_mapping
from arcwise.designs.models import DesignVersion
from arcwise.intake.models import Intake
from arcwise.journeys.models import Journey
from tests.conftest import Cast
from tests.designs.factories import make_design, make_phase_spec
from tests.journeys.factories import make_journey

AREAS = ("Energy", "Clarity", "Support")
QUESTIONS = (
    IntakeQuestion(
        key="hopes",
        kind=QuestionKind.TEXT,
        prompt="What would make our work together worth it for you?",
        required=True,
        maps_to="goals",
    ),
    IntakeQuestion(
        key="energy",
        kind=QuestionKind.SCALE,
        prompt="How much energy do you have for this right now?",
        required=True,
        maps_to=wheel_mapping("Energy"),
    ),
    IntakeQuestion(
        key="pace",
        kind=QuestionKind.CHOICE,
        prompt="How often would you like to meet?",
        options=("Every week", "Every two weeks"),
    ),
)
ANSWERS = {
    "hopes": "- Lead without rescuing everyone\n- Leave work by six",
    "energy": "4",
    "pace": "Every two weeks",
}


def journey_with_intake(
    cast: Cast, client: Client | None = None, questions: tuple[IntakeQuestion, ...] = QUESTIONS
) -> Journey:
    client = client or cast.client
    design = make_design(
        client.practice,
        cast.coach,
        published=True,
        wheel_areas=AREAS,
        intake=questions,
        phases=tuple(
            make_phase_spec(key, planned_weeks=4, planned_sessions=2)
            for key in ("orient", "experiment")
        ),
    )
    return make_journey(cast.coach, client, version=DesignVersion.objects.get(design=design))


def revision_of(journey: Journey) -> int:
    intake = Intake.objects.filter(journey=journey).first()
    return intake.revision if intake else 0


def answered(**overrides: Any) -> dict[str, str]:
    return {**ANSWERS, **overrides}
