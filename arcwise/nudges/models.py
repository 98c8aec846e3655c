"""The outbox: every message Arcwise sends is first a row here, written in the same
transaction as the change that causes it, and sent later by `run_nudges`."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from arcwise.accounts.models import Practice
from arcwise.clients.models import Client
from arcwise.journeys.models import Journey
from arcwise.privacy.fields import EncryptedTextField

# An e-mail's body is written by Arcwise around what people wrote (each piece limited): this
# bounds the whole.
BODY_LIMIT = 50000


class NudgeKind(models.TextChoices):
    SESSION_REMINDER = "session_reminder", "Session reminder"
    REFLECTION_REQUEST = "reflection_request", "Reflection request"
    EXPERIMENT_CHECK_IN = "experiment_check_in", "Experiment check-in reminder"
    PRE_SESSION_CHECK_IN = "pre_session_check_in", "Pre-session check-in"
    WEEKLY_PULSE = "weekly_pulse", "Weekly pulse"
    # Everything due for one client on one day, folded into one message (portal/prompts.py).
    CLIENT_PROMPTS = "client_prompts", "Prompts from the journey"
    PORTAL_LINK = "portal_link", "Portal link"
    COACH_ALERT = "coach_alert", "Coach alert"
    INVITATION = "invitation", "Invitation"
    PASSWORD_RESET = "password_reset", "Password reset"
    # A sign-up's link to finish, or the note that the address has an account already.
    SIGN_UP = "sign_up", "Sign-up"
    # "Your coach wrote to you" (or the client wrote to the coach): never the words, which
    # stay encrypted in Arcwise; several messages in a row fold into one (portal/message_mail.py).
    MESSAGE_NOTICE = "message_notice", "New message"
    # A session booked, moved, or a move asked for, accepted or declined: told to the other
    # party of the journey (booking/notices.py).
    BOOKING_NOTICE = "booking_notice", "Booking notice"


# Messages whose body holds a link that lets its reader in (an invitation, a password reset,
# a sign-up, a portal link). The body is blanked once the row is sent or has failed: the
# database then holds no working link, as it holds only a hash of an invitation's token.
KINDS_WITH_SIGN_IN_LINKS = frozenset(
    {
        NudgeKind.INVITATION,
        NudgeKind.PASSWORD_RESET,
        NudgeKind.SIGN_UP,
        NudgeKind.PORTAL_LINK,
        # The folded prompts carry a fresh portal link of their own, as does a client's
        # notice of a new message.
        NudgeKind.CLIENT_PROMPTS,
        NudgeKind.MESSAGE_NOTICE,
    }
)
# Messages a client gets without asking: they count against the journey's weekly cap and
# stop when the client turns reminders off. A portal link the coach sent or the client asked
# for is neither.
CLIENT_KINDS = (
    NudgeKind.SESSION_REMINDER,
    NudgeKind.REFLECTION_REQUEST,
    NudgeKind.EXPERIMENT_CHECK_IN,
    NudgeKind.PRE_SESSION_CHECK_IN,
    NudgeKind.WEEKLY_PULSE,
    NudgeKind.CLIENT_PROMPTS,
    # Only the client's notices count: a coach's has no client on its row.
    NudgeKind.MESSAGE_NOTICE,
)
LINK_REMOVED = "(Removed once sent: this message held a link that lets its reader in.)"


class Nudge(models.Model):
    """One message to send. The dedupe key makes writing it idempotent, and the sent and
    failed times make sending it happen once."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Unique: planning the same message twice finds the first row instead of adding one.
    dedupe_key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=24, choices=NudgeKind.choices)
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, null=True, blank=True, related_name="nudges"
    )
    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, null=True, blank=True, related_name="nudges"
    )
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, null=True, blank=True, related_name="nudges"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="nudges",
    )
    to_address = models.EmailField()
    subject = models.CharField(max_length=200)
    # Written by Arcwise, but it may quote what a client or coach wrote: encrypted too.
    body = EncryptedTextField(max_length=BODY_LIMIT)
    # Extra e-mail headers, e.g. List-Unsubscribe for messages to clients.
    headers = models.JSONField(default=dict, blank=True)
    due_at = models.DateTimeField(default=timezone.now)
    # Counted when a sender claims the row, before it calls out (see sender.py).
    attempts = models.PositiveSmallIntegerField(default=0)
    # When a sender took the row; it also tells that sender's own claim from a later one.
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The claim holds until then and is cleared with the attempt's outcome. A claim whose
    # time has passed belongs to a sender that died mid-send: another sender takes the row.
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # What a folded message asks about ("reflection:<id>", "pulse:<journey>:<week>", …), so
    # that the next day's message does not ask again; for a coach's digest, what it reports.
    covers = models.JSONField(default=list, blank=True)
    # Why a message waits beyond its first due time (the weekly cap), for the coach's page.
    held_back = models.CharField(max_length=200, blank=True)
    # The portal link a folded message carries (a PortalLink's public id; nudges sits beside
    # portal and keeps no foreign key to it), revoked if the message is taken out unsent.
    sign_in_link = models.UUIDField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=NudgeKind.values), name="nudge_kind_is_known"
            ),
            models.CheckConstraint(
                condition=models.Q(sent_at=None) | models.Q(failed_at=None),
                name="nudge_sent_or_failed_not_both",
            ),
        ]
        indexes = [
            # Serves the sender's poll: rows still to send, soonest due first.
            models.Index(
                fields=["due_at"],
                condition=models.Q(sent_at=None, failed_at=None),
                name="nudge_waiting_by_due",
            ),
            # Serves a journey's "what was sent" list.
            models.Index(fields=["journey", "due_at"], name="nudge_by_journey"),
        ]
        ordering = ["due_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.to_address}"

    def state(self) -> str:
        """sent, failed, or waiting."""
        if self.sent_at is not None:
            return "sent"
        if self.failed_at is not None:
            return "failed"
        return "waiting"


class CalendarFeed(models.Model):
    """A coach's secret calendar address for one practice: their sessions as iCalendar.

    Like every other token, only the SHA-256 of the address's secret is stored: a copy of
    the database cannot be turned into a working address, and so the address is shown once,
    when it is made. Resetting the feed gives it a new secret, and the old address answers
    404.
    """

    membership = models.OneToOneField(
        "accounts.Membership", on_delete=models.CASCADE, related_name="calendar_feed"
    )
    # Names the current address without revealing it. The reset form carries it, so a second
    # reset from a stale page changes nothing; every reset gives a new one.
    address_id = models.UUIDField(default=uuid.uuid4, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    reset_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"calendar feed of membership {self.membership_id}"
