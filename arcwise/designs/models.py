"""Journey designs: a design has numbered versions, and a version has ordered phases.

A published version is frozen: journeys run on it, so it must never change under them.
Editing a published design makes a new draft version; publishing the draft makes it the
version new journeys get, and older versions stay readable.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from arcwise.accounts.models import Practice


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

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visibility__in=Visibility.values),
                name="design_visibility_is_known",
            ),
        ]

    def __str__(self) -> str:
        return f"design {self.public_id}"


class DesignVersion(models.Model):
    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=120)
    purpose = models.TextField(blank=True)
    audience = models.TextField(blank=True)
    cadence_days = models.PositiveSmallIntegerField(default=14)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["design", "number"], name="version_number_unique"),
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
    intent = models.TextField()
    planned_weeks = models.PositiveSmallIntegerField()
    planned_sessions = models.PositiveSmallIntegerField()
    readiness_signals = models.JSONField(default=list)
    session_prompts = models.JSONField(default=list)
    # [{"title": ..., "description": ...}, ...]
    practices = models.JSONField(default=list)
    # [{"step": "experience" | "reflection" | "integration", "text": ...}, ...]
    reflection_prompts = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="phase_key_unique_in_version"),
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
