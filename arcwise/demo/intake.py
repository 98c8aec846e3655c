"""Jordan's intake: answered in his portal the evening before his first session, and sent.

His design (the transformation arc starter) asks five questions; sending filled in his
goals in his words and the starting ratings of two areas of his wheel, as it would for any
client, through the intake's own services.
"""

from __future__ import annotations

from datetime import timedelta

from arcwise.intake.models import Intake
from arcwise.intake.services import intake_save, intake_submit
from arcwise.journeys.models import Journey, Session

JORDAN_ANSWERS = {
    "why-now": "The launch nearly broke me, and I could see my team waiting for me to fix "
    "everything. I do not want another year like that.",
    "hopes": "A team that runs a deadline without me in every meeting\n"
    "Two evenings a week that are mine again\n"
    "Trusting people to struggle a little before I step in",
    "purpose": "6",
    "rest": "3",
    "anything-else": "I am better in the mornings. And I will probably say I am fine when "
    "I am not.",
}


def jordan_intake(journey: Journey) -> None:
    """Jordan's answers, saved part-way once, then sent the evening before the first session."""
    first = Session.objects.filter(journey=journey).order_by("starts_at").first()
    partial = {key: JORDAN_ANSWERS[key] for key in ("why-now", "purpose")}
    intake_save(journey=journey, answers=partial, expected_revision=0)
    intake_save(journey=journey, answers=JORDAN_ANSWERS, expected_revision=1)
    intake_submit(journey=journey, expected_revision=2)
    if first is not None:
        evening = first.starts_at - timedelta(hours=14)
        Intake.objects.filter(journey=journey).update(saved_at=evening, submitted_at=evening)
