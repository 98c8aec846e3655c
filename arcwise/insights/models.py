"""Mentor review: which journeys a coach has shared with which mentor, the mentor's comments,
and the record of every page a mentor looked at.

A mentor sees a journey's structure only, under a pseudonym ("Client A") that stays the same
for that mentor and client and is never given to another client.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from arcwise.accounts.models import Practice
from arcwise.clients.models import Client
from arcwise.journeys.models import Journey, PhaseRun
from arcwise.privacy.fields import EncryptedTextField

# The longest comment a mentor may leave, in characters.
COMMENT_MAX = 2000


class MentorPseudonym(models.Model):
    """The number behind "Client A": one per client a mentor has been shown, per practice.

    Kept when the client is deleted (client SET_NULL), so the number is never handed to
    another client.
    """

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    # CASCADE: a letter means nothing once the mentor's account is gone.
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.SET_NULL, null=True, related_name="+")
    number = models.PositiveIntegerField()  # 1 is "Client A"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "mentor", "client"], name="one_pseudonym_per_client"
            ),
            models.UniqueConstraint(
                fields=["practice", "mentor", "number"], name="pseudonym_never_reused"
            ),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="pseudonym_from_one"),
        ]

    def __str__(self) -> str:
        return pseudonym_label(self.number)


def pseudonym_letters(number: int) -> str:
    """1 → "A", 26 → "Z", 27 → "AA": the letters of the n-th client a mentor is shown."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def pseudonym_label(number: int) -> str:
    return f"Client {pseudonym_letters(number)}"


class MentorGrant(models.Model):
    """A coach's leave for one mentor to review one journey's structure, until revoked.

    Revoking keeps the row (revoked_at), so the comments made under it and the record of
    what was seen keep saying under which grant they were made.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    # CASCADE: a journey removed as started by mistake takes its grants with it.
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="mentor_grants")
    # RESTRICT: who was let in, and by whom, is the audit; such an account is not deleted
    # alone (deleting the practice deletes the grants through the journey first).
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="mentor_grants"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+"
    )
    pseudonym = models.ForeignKey(MentorPseudonym, on_delete=models.RESTRICT, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # A second grant while one is live is "already granted", never a second row.
            models.UniqueConstraint(
                fields=["journey", "mentor"],
                condition=models.Q(revoked_at=None),
                name="one_live_grant_per_journey_and_mentor",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at=None)
                | models.Q(revoked_at__gte=models.F("granted_at")),
                name="grant_revoked_after_granted",
            ),
        ]
        indexes = [
            # Serves the mentor's "shared with me" list and every mentor page's access check.
            models.Index(
                fields=["practice", "mentor"],
                condition=models.Q(revoked_at=None),
                name="live_grants_of_mentor",
            ),
        ]

    def __str__(self) -> str:
        return f"grant {self.public_id}"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None


class ReviewComment(models.Model):
    """A mentor's comment on a journey as a whole, or on one phase run of it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # CASCADE from the journey, RESTRICT on the grant and run: a comment goes only with its
    # journey, never because a grant or a run was deleted on its own.
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="+")
    grant = models.ForeignKey(MentorGrant, on_delete=models.RESTRICT, related_name="comments")
    phase_run = models.ForeignKey(
        PhaseRun, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    text = EncryptedTextField(max_length=COMMENT_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    # Made when the comment form renders and sent back with it: a double submit (or a
    # retried request) finds this comment instead of adding a second one.
    token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="review_comment_has_text"),
        ]
        indexes = [
            # Serves the journey page's mentor section: a journey's comments, newest first.
            models.Index(fields=["journey", "-created_at"], name="review_comments_of_journey"),
        ]

    def __str__(self) -> str:
        return f"comment {self.public_id}"


class MentorPage(models.TextChoices):
    LIST = "list", "Journeys shared with me"
    JOURNEY = "journey", "Journey review"


class MentorViewRecord(models.Model):
    """One page a mentor looked at: for the practice owner's audit."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+"
    )
    # Null for the list of shared journeys. CASCADE: a journey removed as started by mistake
    # (no session held) takes the record of its views with it.
    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    page = models.CharField(max_length=10, choices=MentorPage.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(page__in=MentorPage.values), name="mentor_page_is_known"
            ),
        ]
        indexes = [
            # Serves the owner's audit page: the practice's newest views first.
            models.Index(fields=["practice", "-at"], name="mentor_views_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.page} viewed at {self.at:%Y-%m-%d %H:%M}"
