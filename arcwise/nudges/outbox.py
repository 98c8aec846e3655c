"""Writing to the outbox. Call `enqueue` inside the transaction of the change that causes
the message: if that change rolls back, so does the message, and nothing is sent inline."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from arcwise.accounts.outgoing import AccountMail
from arcwise.nudges.models import Nudge, NudgeKind

KEY_LENGTH = 200
# The sender writes these itself; a message's own headers add to them, never replace them.
SENDER_HEADERS = frozenset({"from", "to", "cc", "bcc", "subject", "date", "message-id"})
# RFC 5322 field names: printable ASCII without spaces or colons.
HEADER_NAME = re.compile(r"[!-9;-~]+")


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
    `headers` are sent as e-mail headers (e.g. List-Unsubscribe); the sender sets From, To,
    Subject, Date and Message-ID itself.
    """
    if not dedupe_key or len(dedupe_key) > KEY_LENGTH:
        raise ValueError(f"A dedupe key is 1 to {KEY_LENGTH} characters.")
    _check_headers(headers or {})
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


def _check_headers(headers: dict[str, str]) -> None:
    # Refused here, where the caller can see it, rather than failing at every send attempt.
    for name, value in headers.items():
        if name.lower() in SENDER_HEADERS:
            raise ValueError(f"The sender sets the {name} header itself.")
        if not HEADER_NAME.fullmatch(name) or "\r" in value or "\n" in value:
            raise ValueError(f"The {name!r} header needs a plain name and a one-line value.")


def enqueue_account_mail(mail: AccountMail) -> Nudge:
    """The outbox row for an invitation, a password reset or a sign-up (see
    accounts/outgoing.py)."""
    return enqueue(
        dedupe_key=mail.dedupe_key,
        kind=NudgeKind(mail.kind),
        to=mail.to,
        subject=mail.subject,
        body=mail.body,
        practice=mail.practice,
        user=mail.user,
    )
