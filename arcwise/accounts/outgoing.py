"""E-mail that accounts sends (invitations, password resets, sign-ups), handed to the outbox.

Accounts is the lowest app and cannot import the outbox, which lives in `nudges` above it.
The outbox's writer is named by dotted path in `wiring.ACCOUNT_MAIL_WRITER`
(arcwise/wiring.py), and accounts hands each message over inside the transaction of the
change that causes it: a message is written with its change or not at all, and the sender
sends it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from arcwise import wiring
from arcwise.accounts.models import Practice, User

INVITATION = "invitation"
PASSWORD_RESET = "password_reset"  # noqa: S105 (a kind of message, not a secret)
SIGN_UP = "sign_up"


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


# What `wiring.ACCOUNT_MAIL_WRITER` must be.
MailWriter = Callable[[AccountMail], object]


def mail_write(mail: AccountMail) -> None:
    """Hand `mail` to the outbox, inside the caller's transaction."""
    writer: MailWriter
    (writer,) = wiring.resolve((wiring.ACCOUNT_MAIL_WRITER,))
    writer(mail)
