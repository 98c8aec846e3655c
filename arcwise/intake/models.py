"""A client's answers to their journey's intake questionnaire (the design's questions).

One `Intake` row per journey holds where the answers stand: saved part-way (a draft the
client can come back to) or sent, with when; and a `revision` raised by every save, so that
a form sent twice, or from a second tab, changes nothing twice. No row means the client has
not answered yet. Each answer is its own encrypted row, named by its question's key.
"""

from __future__ import annotations

import uuid

from django.db import models

from arcwise.designs.intake_spec import ANSWER_LENGTH, QUESTION_KEY_LENGTH
from arcwise.journeys.models import Journey
from arcwise.privacy.fields import EncryptedTextField


class IntakeState(models.TextChoices):
    DRAFT = "draft", "Saved part-way"
    SUBMITTED = "submitted", "Sent"


class Intake(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    journey = models.OneToOneField(Journey, on_delete=models.CASCADE, related_name="intake")
    state = models.CharField(max_length=9, choices=IntakeState.choices, default=IntakeState.DRAFT)
    saved_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Raised by every save and by the sending: a form carries the revision it was made from.
    revision = models.PositiveIntegerField(default=1)
    # What sending prefilled, for the page to say so: how many goals, which wheel areas.
    prefilled_goals = models.PositiveSmallIntegerField(default=0)
    prefilled_areas = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=IntakeState.values), name="intake_state_is_known"
            ),
            # Sent means sent at a time; a draft has not been sent.
            models.CheckConstraint(
                condition=models.Q(state=IntakeState.SUBMITTED, submitted_at__isnull=False)
                | models.Q(state=IntakeState.DRAFT, submitted_at__isnull=True),
                name="intake_sent_has_its_time",
            ),
            models.CheckConstraint(
                condition=models.Q(revision__gte=1), name="intake_revision_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"intake of {self.journey_id}"

    def is_submitted(self) -> bool:
        return self.state == IntakeState.SUBMITTED


class IntakeAnswer(models.Model):
    """The client's answer to one question: their words, the option chosen, or 0-10."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="intake_answers")
    question_key = models.SlugField(max_length=QUESTION_KEY_LENGTH)
    answer = EncryptedTextField(blank=True, max_length=ANSWER_LENGTH)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["journey", "question_key"], name="intake_answer_once_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"answer to {self.question_key}"
