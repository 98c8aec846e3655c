"""The audit log: who read or changed sensitive records, when; append-only and hash-chained.

Rows are written only by `privacy.audit.audit_record`. See docs/architecture.md, "The audit
log", for what each action means and why the log holds no client's name.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone

from arcwise.accounts.models import Practice
from arcwise.privacy.chain import GENESIS


class AuditAction(models.TextChoices):
    """What an audit event records. Each is described in docs/architecture.md."""

    NOTE_READ = "note_read", "Read a coach's notes"
    NOTES_CHANGED = "notes_changed", "Changed session notes"
    REFLECTION_READ = "reflection_read", "Read reflections and check-ins"
    EXPORT = "export", "Exported a client's records"
    ERASURE = "erasure", "Erased a client"
    DISPOSAL = "disposal", "Disposed of text past retention"
    MENTOR_VIEW = "mentor_view", "Mentor viewed"
    SPONSOR_VIEW = "sponsor_view", "Sponsor viewed"
    KEY_ROTATION = "key_rotation", "Rotated the encryption keys"
    AUDIT_DOWNLOAD = "audit_download", "Downloaded the audit log"
    BACKUP = "backup", "Backed up the database"
    RESTORE = "restore", "Restored the database from a backup"


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit event: the log only grows."""


APPEND_ONLY = (
    "The audit log is append-only: its entries cannot be changed or deleted. Record a new "
    "event with privacy.audit.audit_record instead."
)


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """The application's way to the log: reading and adding only.

    Django's own cascades (a practice deleted with its log, an account removed, which sets
    `actor` to NULL) go through the model's base manager, a plain one, and so still work.
    """

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(APPEND_ONLY)

    def delete(self) -> NoReturn:
        raise AppendOnlyError(APPEND_ONLY)


class AuditEvent(models.Model):
    """One read or change of sensitive records, in its practice's hash chain.

    A client appears only by public id (`client_public_id`, `subject_id`), never by name or
    e-mail address, so an erased client leaves nothing in the log that names them. `actor`
    is kept only to filter by member; the hash covers `actor_label`, which stays when the
    account goes (the account's removal sets `actor` to NULL).
    """

    # NULL: the installation's own chain, for events that belong to no one practice (key
    # rotation, backup, restore). CASCADE: deleting a practice deletes its log with it.
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    sequence = models.PositiveBigIntegerField()
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Long enough for the longest member: a name (150) and an address (254) as "Name <a@b>".
    actor_label = models.CharField(max_length=410)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    subject_kind = models.CharField(max_length=30)
    subject_id = models.CharField(max_length=64, blank=True)
    # The public id of the client the event concerns, if any, so that the owner can find
    # every event about one client (reads of their journeys included).
    client_public_id = models.CharField(max_length=36, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Coalesce("practice", models.Value(0)),
                "sequence",
                name="audit_event_one_per_number_in_chain",
            ),
            models.CheckConstraint(
                condition=models.Q(action__in=AuditAction.values), name="audit_action_is_known"
            ),
            models.CheckConstraint(
                condition=models.Q(sequence__gte=1), name="audit_sequence_starts_at_one"
            ),
        ]
        indexes = [
            # Serves the owner's audit page and its download: a practice's newest first.
            models.Index(fields=["practice", "-at"], name="audit_event_newest"),
            # Serves the owner's filter by journey or client public id.
            models.Index(fields=["practice", "subject_id"], name="audit_event_by_subject"),
            models.Index(fields=["practice", "client_public_id"], name="audit_event_by_client"),
        ]

    def __str__(self) -> str:
        return f"audit entry {self.sequence}: {self.action} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(APPEND_ONLY)
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(APPEND_ONLY)


class AuditChainHead(models.Model):
    """The last entry of one chain (a practice's, or the installation's when `practice` is
    NULL): its number and hash.

    Every append locks this row first (SELECT … FOR UPDATE), so two appends to one chain
    take turns on PostgreSQL and never take the same number; and because it says where the
    chain ends, an entry deleted from the end is found as surely as one from the middle.
    """

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS)

    class Meta:
        constraints = [
            # One head per practice, and one for the installation (NULL counts as 0).
            models.UniqueConstraint(
                Coalesce("practice", models.Value(0)), name="audit_chain_head_one_per_chain"
            ),
        ]

    def __str__(self) -> str:
        return f"audit chain head at entry {self.last_sequence}"
