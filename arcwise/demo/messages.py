"""Jordan's messages with his coach between sessions: both ways, the last one from Jordan
still unread by Maya, so the caseload, the journey header and the portal show counts."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

from django.utils import timezone

from arcwise.conversations.models import Author, Message
from arcwise.conversations.services import (
    conversation_mark_read,
    message_send_as_client,
    message_send_as_coach,
)
from arcwise.journeys.models import Journey

# (who, hours ago, words), oldest first.
CONVERSATION = (
    (
        Author.CLIENT,
        50,
        "Quick one before Thursday: I caught myself rescuing the release plan again this "
        "morning. I noticed it this time, before I jumped in.",
    ),
    (
        Author.COACH,
        47,
        "Noticing before you move is the whole experiment, so that counts. What did the "
        "flash of dread say this time? The note on the practice is here if it helps: "
        "https://www.example.org/notice-the-rescue",
    ),
    (
        Author.CLIENT,
        26,
        "It said the team would be blamed. I let Priyanka take the plan to the review "
        "instead. It went fine. Can we start Thursday with that?",
    ),
    (
        Author.CLIENT,
        3,
        "Also: I asked Sam to be the colleague I think aloud with. He said yes.",
    ),
)


def jordan_messages(journey: Journey) -> None:
    """Write the conversation through the services, then date each message as the story has
    it; Maya has read all but Jordan's last message."""
    now = timezone.now()
    written = []
    for author, hours_ago, words in CONVERSATION:
        if author == Author.COACH:
            message = message_send_as_coach(
                journey=journey, coach=journey.coach, body=words, token=uuid4()
            )
        else:
            message = message_send_as_client(
                journey=journey, client=journey.client, body=words, token=uuid4()
            )
        Message.objects.filter(pk=message.pk).update(created_at=now - timedelta(hours=hours_ago))
        written.append(message)
    conversation_mark_read(journey=journey, side=Author.COACH, through=written[-2].pk)
