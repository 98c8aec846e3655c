"""E-mail that accounts sends (invitations, password resets), handed to the outbox.

Accounts is the lowest app and cannot import the outbox, which lives in `nudges` above it.
The outbox registers its writer here from its `AppConfig.ready()`, as `removal.py` does for
removal checks, and accounts hands each message over inside the transaction of the change
that causes it: a message is written with its change or not at all, and the sender sends it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from arcwise.accounts.models import Practice, User

INVITATION = "invitation"
PASSWORD_RESET = "password_reset"  # noqa: S105 (a kind of message, not a secret)


@dataclass(frozen=True)
class AccountMail:
    """One message to one address. The same `dedupe_key` handed over twice is one message."""

    dedupe_key: str
    kind: str
    to: str
    subject: str
    body: str
    practice: Practice | None = None
    user: User | None = None


MailWriter = Callable[[AccountMail], object]
_writer: MailWriter | None = None


def register_mail_writer(writer: MailWriter) -> None:
    """Write account mail with `writer`, in place of any writer registered before."""
    global _writer
    _writer = writer


def mail_write(mail: AccountMail) -> None:
    """Hand `mail` to the outbox, inside the caller's transaction."""
    if _writer is None:
        raise ImproperlyConfigured(
            "No outbox takes account e-mail: add arcwise.nudges to INSTALLED_APPS."
        )
    _writer(mail)
