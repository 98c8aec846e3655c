"""Outbox rows for the sender's tests."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.core.mail import EmailMessage

from arcwise.nudges.models import Nudge, NudgeKind
from arcwise.nudges.outbox import enqueue
from arcwise.nudges.sender import Sender

UNSUBSCRIBE = {
    "List-Unsubscribe": "<https://coaching.example.org/unsubscribe/abc>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
}


def queue(
    count: int = 1, *, prefix: str = "note", kind: str = NudgeKind.COACH_ALERT, **fields: Any
) -> list[Nudge]:
    """`count` messages, due now, to person0@example.org, person1@… and so on."""
    return [
        enqueue(
            dedupe_key=f"{prefix}:{n}",
            kind=kind,
            to=f"person{n}@example.org",
            subject=f"Message {n}",
            body=f"Body of message {n}.",
            **fields,
        )
        for n in range(count)
    ]


def delivered() -> list[EmailMessage]:
    """Send everything due through the test e-mail backend; what it has received so far."""
    with Sender() as sender:
        sender.send_due()
    return list(mail.outbox)
