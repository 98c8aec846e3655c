"""Journey designs: a design has numbered versions, and a version has ordered phases.

A published version is frozen: journeys run on it, so it must never change under them.
Editing a published design makes a new draft version; publishing the draft makes it the
version new journeys get, and older versions stay readable.

Every change to a draft carries the state it was made from, so that a double click, a second
tab or a retried request changes nothing twice: a draft and each of its phases count their
changes in `revision`, and a form that creates something carries an `idempotency_key` that
the row it made keeps, so a repeat of the same form finds that row instead of making another.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from arcwise.accounts.models import Practice
from arcwise.designs.spec import CLIENT_INTENT_LENGTH, TEXT_LENGTH
from arcwise.text_fields import LimitedTextField


class Visibility(models.TextChoices):
    PRIVATE = "private", "Only me"
    PRACTICE = "practice", "Everyone in the practice"


class Design(models.Model):
    """A reusable journey design. What it says lives in its versions."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="designs")
    # A person who owns designs cannot be deleted while they do; the practice can.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="designs"
    )
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The key of the form that created the design (new, starter or file): a double click
    # sends it twice, and the second finds this design instead of making another.
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visibility__in=Visibility.values),
                name="design_visibility_is_known",
            ),
            models.UniqueConstraint(
                fields=["owner", "idempotency_key"], name="design_made_once_per_form"
            ),
        ]

    def __str__(self) -> str:
        return f"design {self.public_id}"


class DesignVersion(models.Model):
    # Names one version for good: a discarded draft's number is given to the next draft, so a
    # page made for the old one must not reach the new one by its number.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=120)
    purpose = LimitedTextField(blank=True, max_length=TEXT_LENGTH)
    audience = LimitedTextField(blank=True, max_length=TEXT_LENGTH)
    cadence_days = models.PositiveSmallIntegerField(default=14)
    # The client's weekly 0-10 scales, in their words; empty when the design names none.
    pulse_scales = models.JSONField(default=list, blank=True)
    # The areas of the wheel the design suggests (names, in order); a journey may change them.
    wheel_areas = models.JSONField(default=list, blank=True)
    # The client's intake questionnaire: [{"key", "kind", "prompt", "required", "options"?,
    # "maps_to"?}, ...] in order (designs/intake_spec.py). Frozen with the version.
    intake = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # Raised by every change to the draft (its details, any phase, their order), so that a
    # page can show which state it was made from and a publish never freezes unseen changes.
    revision = models.PositiveIntegerField(default=1)
    # The key of the file import that made this draft, so that sending it twice is harmless.
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["design", "number"], name="version_number_unique"),
            models.UniqueConstraint(
                fields=["design", "idempotency_key"], name="version_made_once_per_form"
            ),
            # At most one draft per design: the place where the next version is being made.
            models.UniqueConstraint(
                fields=["design"],
                condition=models.Q(published_at=None),
                name="one_draft_per_design",
            ),
            models.CheckConstraint(
                condition=models.Q(cadence_days__gte=1, cadence_days__lte=56),
                name="version_cadence_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="version_number_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(revision__gte=1), name="version_revision_positive"
            ),
        ]
        ordering = ["design", "number"]

    def __str__(self) -> str:
        return f"{self.name} v{self.number}"

    def is_draft(self) -> bool:
        return self.published_at is None

    def is_frozen(self) -> bool:
        """Published versions never change: journeys run on them."""
        return self.published_at is not None


class Phase(models.Model):
    """One phase of a design version, in order. Lists of texts are stored as JSON arrays."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(DesignVersion, on_delete=models.CASCADE, related_name="phases")
    position = models.PositiveSmallIntegerField()
    key = models.SlugField(max_length=40)
    name = models.CharField(max_length=120)
    intent = LimitedTextField(max_length=TEXT_LENGTH)
    # The phase in words for the client, shown in their portal only when it is written.
    client_intent = LimitedTextField(blank=True, default="", max_length=CLIENT_INTENT_LENGTH)
    planned_weeks = models.PositiveSmallIntegerField()
    planned_sessions = models.PositiveSmallIntegerField()
    readiness_signals = models.JSONField(default=list)
    session_prompts = models.JSONField(default=list)
    # [{"title": ..., "description": ...}, ...]
    practices = models.JSONField(default=list)
    # [{"step": "experience" | "reflection" | "integration", "text": ...}, ...]
    reflection_prompts = models.JSONField(default=list)
    # Raised by every change to what the phase says (not by moves: its form does not hold
    # its place), so two tabs editing one phase cannot overwrite each other unseen.
    revision = models.PositiveIntegerField(default=1)
    # The key of the "Add a phase" form that made it, so that sending it twice adds one phase.
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="phase_key_unique_in_version"),
            models.UniqueConstraint(
                fields=["version", "idempotency_key"], name="phase_added_once_per_form"
            ),
            models.CheckConstraint(
                condition=models.Q(revision__gte=1), name="phase_revision_positive"
            ),
            models.UniqueConstraint(
                fields=["version", "position"], name="phase_position_unique_in_version"
            ),
            models.CheckConstraint(
                condition=models.Q(planned_weeks__gte=1, planned_sessions__gte=1),
                name="phase_weeks_and_sessions_positive",
            ),
        ]
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"
