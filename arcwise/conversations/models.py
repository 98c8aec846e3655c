"""Messages between coach and client inside a journey, and where each side has read to."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from arcwise.journeys.models import Experiment, Journey, Thread
from arcwise.privacy.fields import EncryptedTextField

# Short notes between sessions, not letters: about a long e-mail's worth.
BODY_LIMIT = 2000


class Author(models.TextChoices):
    COACH = "coach", "Coach"
    CLIENT = "client", "Client"


class Message(models.Model):
    """One message in a journey's conversation. Plain text; links are shown as links."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, related_name="conversation_messages"
    )
    author = models.CharField(max_length=6, choices=Author.choices)
    # The member who wrote a coach's message: a journey handed over keeps who said what.
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body = EncryptedTextField(max_length=BODY_LIMIT)
    created_at = models.DateTimeField(default=timezone.now)
    # Made when the form is shown and sent back with it: a double click, a retried request or
    # a second tab's copy of the same form finds the first message instead of adding one.
    send_token = models.UUIDField(editable=False)
    # What the coach made of it, in one step; one each, so a repeat makes nothing more.
    thread = models.OneToOneField(
        Thread, on_delete=models.SET_NULL, null=True, blank=True, related_name="from_message"
    )
    experiment = models.OneToOneField(
        Experiment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="from_message",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(author__in=Author.values), name="message_author_is_known"
            ),
            models.UniqueConstraint(
                fields=["journey", "send_token"], name="message_sent_once_per_token"
            ),
        ]
        indexes = [
            # Serves a conversation in order and "messages after the one last read".
            models.Index(fields=["journey", "author", "id"], name="message_by_journey_author"),
        ]
        ordering = ["journey", "pk"]

    def __str__(self) -> str:
        return f"message {self.public_id}"


class Conversation(models.Model):
    """A journey's conversation as each side stands: the last message each side wrote, read,
    and was told of by e-mail. Message ids rise with time, so "unread" is "written by the
    other side after the one I read": a count for many journeys is one query.

    Made with the journey's first message, inside its transaction on the locked journey.
    """

    journey = models.OneToOneField(Journey, on_delete=models.CASCADE, related_name="conversation")
    last_coach_message = models.PositiveBigIntegerField(default=0)
    last_client_message = models.PositiveBigIntegerField(default=0)
    coach_read_through = models.PositiveBigIntegerField(default=0)
    client_read_through = models.PositiveBigIntegerField(default=0)
    coach_read_at = models.DateTimeField(null=True, blank=True)
    client_read_at = models.DateTimeField(null=True, blank=True)
    # The last message each side was told of by e-mail (portal/message_mail.py plans it).
    coach_told_through = models.PositiveBigIntegerField(default=0)
    client_told_through = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"conversation of journey {self.journey_id}"

    def unread_by(self, side: str) -> bool:
        if side == Author.COACH:
            return self.last_client_message > self.coach_read_through
        return self.last_coach_message > self.client_read_through
