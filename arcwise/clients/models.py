"""The people being coached."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from arcwise.accounts.models import Practice
from arcwise.privacy.fields import EncryptedTextField

# The longest note a coach may keep about a client, in characters.
CLIENT_NOTES_LIMIT = 10000

EMPLOYER_MAX = 200


class Client(models.Model):
    """A person being coached by the practice. Notes about them are sensitive personal data."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="clients")
    name = models.CharField(max_length=150)
    email = models.EmailField("e-mail", max_length=254)
    time_zone = models.CharField(max_length=64, default="UTC")
    # Where the client works, for the coach's context. A mentor never reads it: the mentor's
    # view replaces it with "[employer]" wherever free text names it (insights/mentor_redaction.py).
    employer = models.CharField(max_length=EMPLOYER_MAX, blank=True)
    notes = EncryptedTextField(blank=True, max_length=CLIENT_NOTES_LIMIT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)
    # Set when the client turns reminders off (the unsubscribe link in every reminder).
    reminders_off_at = models.DateTimeField(null=True, blank=True)
    # Raised by every save so that a second edit based on old data is refused, not applied.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "practice", Lower("email"), name="client_email_unique_in_practice"
            ),
        ]
        indexes = [
            # Serves the client list: one practice's clients, active or archived, by name.
            models.Index(fields=["practice", "archived_at", "name"], name="client_list"),
        ]

    def __str__(self) -> str:
        return self.name

    def is_archived(self) -> bool:
        return self.archived_at is not None
