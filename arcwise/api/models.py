"""A person's API access tokens (docs/api.md).

Only a digest of each token is stored: the token itself is shown once, when it is made. A
token belongs to one person in one practice and sees what that person sees there, with
their role at the moment of each request; it may only read, or read and write. Revoking it
is final: a revoked row is never matched again.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from arcwise.accounts.models import Practice, User
from arcwise.privacy.fields import EncryptedTextField

NAME_LIMIT = 80


class AccessToken(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(max_length=NAME_LIMIT)
    # The start of the token ("arc_" and eight characters), shown in the list so that a
    # person can tell which of their tokens a tool holds; never enough to use it.
    prefix = models.CharField(max_length=16, unique=True)
    # SHA-256 of the whole token: a token carries 256 random bits, so a slow hash would add
    # nothing but time to every request.
    digest = models.CharField(max_length=64, unique=True)
    can_write = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The one-time key of the form that made the token: the same form sent twice (a double
    # click, a reload) makes one token, not two.
    form_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["person", "practice"], name="token_of_person")]
        constraints = [
            models.UniqueConstraint(fields=["person", "form_token"], name="one_token_per_form"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


# A write's answer kept for replay: a write's answer is one record, well under this.
ANSWER_LIMIT = 100_000
KEY_LIMIT = 200


class IdempotentWrite(models.Model):
    """A write a token made with an Idempotency-Key, and its answer, so that the same write
    sent again (a retry after a lost answer, a second worker) changes nothing and gets the
    first answer back. `status` is null while the first is still running."""

    # Not a journey's text, so the disposal of a journey's records does not reach it: an
    # answer is kept a day, and an erasure deletes those that name its client (once.py).
    TEXT_HAS_OWN_RULE = True

    token = models.ForeignKey(AccessToken, on_delete=models.CASCADE, related_name="writes")
    key = models.CharField(max_length=KEY_LIMIT)
    # SHA-256 of the method, path and body: the same key with another request is refused.
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    # The answer's JSON, encrypted: it may name a client.
    answer = EncryptedTextField(max_length=ANSWER_LIMIT, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="one_write_per_key"),
        ]
        indexes = [models.Index(fields=["created_at"], name="write_by_age")]

    def __str__(self) -> str:
        return f"{self.key} → {self.status}"


class RateWindow(models.Model):
    """How many requests a token made in one minute: a counter in the database, so that
    every web process and node counts the same requests (docs/api.md, rate limits)."""

    token = models.ForeignKey(AccessToken, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    requests = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "starts_at"], name="one_window_a_minute"),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M} {self.requests}"
