"""Writing to the outbox. Call `enqueue` inside the transaction of the change that causes
the message: if that change rolls back, so does the message, and nothing is sent inline."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from arcwise.nudges.models import Nudge

KEY_LENGTH = 200


def enqueue(
    *,
    dedupe_key: str,
    kind: str,
    to: str,
    subject: str,
    body: str,
    due_at: datetime | None = None,
    headers: dict[str, str] | None = None,
    **about: Any,
) -> Nudge:
    """The outbox row for this message, made once: a second call with the same key returns
    the first row unchanged, however many times it is planned.

    `about` names what the message concerns: `practice`, `journey`, `client` or `user`.
    """
    if not dedupe_key or len(dedupe_key) > KEY_LENGTH:
        raise ValueError(f"A dedupe key is 1 to {KEY_LENGTH} characters.")
    existing = Nudge.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Nudge.objects.create(
                dedupe_key=dedupe_key,
                kind=kind,
                to_address=to,
                subject=subject[:200],
                body=body,
                due_at=due_at or timezone.now(),
                headers=headers or {},
                **about,
            )
    except IntegrityError:
        # Planned at the same moment by another request or worker: theirs stands.
        return Nudge.objects.get(dedupe_key=dedupe_key)
