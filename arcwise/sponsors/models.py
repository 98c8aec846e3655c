"""The three-way agreement of an executive engagement: the organisation paying for a journey,
the member who sponsors it, exactly what they may see, and the progress summaries the coach
writes for them and the client approves.

A sponsor sees only what a journey's terms allow (see `queries.sponsor_page_for`): attendance,
summaries the client approved, closing measures. Nothing else of the journey reaches them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from arcwise.accounts.models import Membership, Practice
from arcwise.journeys.models import Journey
from arcwise.privacy.fields import EncryptedTextField

ORGANISATION_LIMIT = 120
SUMMARY_LIMIT = 2000
CLIENT_NOTE_LIMIT = 1000
CHANGE_LINE_LIMIT = 1000


class Sponsorship(models.Model):
    """One journey's agreement with its sponsor: who, and what they see, each a yes or no."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    # CASCADE: a journey removed as started by mistake takes its agreement with it.
    journey = models.OneToOneField(Journey, on_delete=models.CASCADE, related_name="sponsorship")
    organisation = models.CharField(max_length=ORGANISATION_LIMIT)
    # SET_NULL: removing the member from the practice ends their access at once, and the
    # terms, their log and the summaries stay with the journey. Who sponsors is also a
    # membership with the sponsor role at the time of asking (queries check both), so a
    # sponsor made a coach sees nothing here either.
    sponsor = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sponsorships",
    )
    shows_attendance = models.BooleanField(default=False)
    shows_summaries = models.BooleanField(default=False)
    shows_closing_measures = models.BooleanField(default=False)
    # Raised by every change of the terms: the form carries the version it was made from,
    # so a double click or a second tab changes nothing the second time.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(organisation=""), name="sponsorship_names_the_organisation"
            ),
        ]
        indexes = [
            # Serves the sponsor's list of journeys and every sponsor page's access check.
            models.Index(fields=["practice", "sponsor"], name="sponsorships_of_member"),
        ]

    def __str__(self) -> str:
        return f"sponsorship {self.public_id}"


class TermsChange(models.Model):
    """One change of a sponsorship's terms, in words, kept for as long as the journey: who
    sees what was agreed, and when it changed."""

    sponsorship = models.ForeignKey(Sponsorship, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    what = models.CharField(max_length=CHANGE_LINE_LIMIT)

    class Meta:
        ordering = ["sponsorship", "at", "pk"]

    def __str__(self) -> str:
        return self.what


class SummaryStatus(models.TextChoices):
    AWAITING = "awaiting", "Waiting for the client's answer"
    APPROVED = "approved", "Approved by the client"
    CHANGES = "changes", "The client asked for changes"


class ProgressSummary(models.Model):
    """A short account of progress the coach writes for the sponsor. Only the client's
    approval lets it reach the sponsor; every edit asks the client again."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sponsorship = models.ForeignKey(Sponsorship, on_delete=models.CASCADE, related_name="summaries")
    text = EncryptedTextField(max_length=SUMMARY_LIMIT)
    status = models.CharField(
        max_length=10, choices=SummaryStatus.choices, default=SummaryStatus.AWAITING
    )
    # What the client would change, when they asked for changes.
    client_note = EncryptedTextField(max_length=CLIENT_NOTE_LIMIT, blank=True)
    # Raised by every edit and every answer: both forms carry the version they were made
    # from, so a repeat is refused and an answer never approves words it did not show.
    version = models.PositiveIntegerField(default=1)
    written_at = models.DateTimeField(default=timezone.now)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    edited_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # Made when the page with the new-summary form renders, sent back with it: the same form
    # sent twice writes one summary.
    write_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=SummaryStatus.values),
                name="summary_status_is_known",
            ),
            models.CheckConstraint(condition=~models.Q(text=""), name="summary_has_text"),
            # Answered exactly when approved or sent back.
            models.CheckConstraint(
                condition=models.Q(status=SummaryStatus.AWAITING, answered_at=None)
                | (~models.Q(status=SummaryStatus.AWAITING) & ~models.Q(answered_at=None)),
                name="summary_answered_when_not_awaiting",
            ),
            models.CheckConstraint(
                condition=models.Q(status=SummaryStatus.CHANGES) | models.Q(client_note=""),
                name="summary_note_only_with_changes",
            ),
        ]
        indexes = [
            # Serves the sponsor's page (approved summaries) and the client's prompts
            # (summaries awaiting an answer).
            models.Index(fields=["sponsorship", "status"], name="summaries_by_status"),
        ]

    def __str__(self) -> str:
        return f"progress summary {self.public_id}"

    @property
    def is_approved(self) -> bool:
        return self.status == SummaryStatus.APPROVED

    @property
    def awaits_client(self) -> bool:
        return self.status == SummaryStatus.AWAITING
