"""What records keeps about a client's records over their life: how long the practice keeps
a journey's text after it ends, which journeys' text has gone (and why), and which clients
were erased."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from arcwise.accounts.models import Practice
from arcwise.clients.models import Client
from arcwise.journeys.models import Journey
from arcwise.records.retention_days import MAX_MONTHS, MIN_MONTHS


class RetentionPolicy(models.Model):
    """How many months a practice keeps a journey's text after the journey ends. No row
    means the default (`retention_days.DEFAULT_MONTHS`)."""

    practice = models.OneToOneField(
        Practice, on_delete=models.CASCADE, related_name="retention_policy"
    )
    months = models.PositiveSmallIntegerField()
    # Raised by every change; the form carries the version it was made from (0 for none yet),
    # so a second tab's save of an older page is refused, not applied.
    version = models.PositiveIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(months__gte=MIN_MONTHS, months__lte=MAX_MONTHS),
                name="retention_months_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.months} months"


class DisposalCause(models.TextChoices):
    RETENTION = "retention", "The practice's retention period ended"
    ERASURE = "erasure", "The client was erased"


class Disposal(models.Model):
    """A journey whose text is going or has gone. Written when the coach is told (the
    retention's notice) or when the client is erased; `disposed_at` is set once, by the one
    write that removes the text, so it happens once however many planners run."""

    journey = models.OneToOneField(Journey, on_delete=models.CASCADE, related_name="disposal")
    cause = models.CharField(max_length=10, choices=DisposalCause.choices)
    # The day the coach was told; the text goes no sooner than the notice's days after it.
    told_on = models.DateField(null=True, blank=True)
    disposed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cause__in=DisposalCause.values), name="disposal_cause_is_known"
            ),
            # A retention's disposal always follows a notice; an erasure needs none.
            models.CheckConstraint(
                condition=~models.Q(cause=DisposalCause.RETENTION) | ~models.Q(told_on=None),
                name="retention_disposal_was_told",
            ),
        ]
        indexes = [
            # Serves the planner's disposal pass: the journeys told and not yet disposed of.
            models.Index(
                fields=["told_on"],
                condition=models.Q(disposed_at=None),
                name="disposal_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"disposal of {self.journey_id}"


class ClientErasure(models.Model):
    """A client erased at the practice's request: their name and address replaced by a
    pseudonym, every text about them removed, the structure of their journeys kept."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="erasure")
    erased_at = models.DateTimeField(default=timezone.now)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"erasure of {self.client_id}"
