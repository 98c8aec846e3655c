"""What an outbox row becomes on the wire, and how a failed attempt reads: the e-mail with
its stable Message-ID, whether a fault is the connection's or the message's, and the words
the row keeps as its `last_error`."""

from __future__ import annotations

import functools
import hashlib
import smtplib
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage

from arcwise.nudges.models import Nudge

ERROR_LENGTH = 2000

CONNECTION_TROUBLE: tuple[type[Exception], ...] = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPNotSupportedError,
)


def message_id(dedupe_key: str) -> str:
    """The Message-ID of every copy of the message with this dedupe key, on any sender host.

    A hash (128 bits), because a key may hold characters a Message-ID cannot; short, so the
    header stays on one line. Its domain is the sender address's, not the host's, so senders
    on different machines agree.
    """
    digest = hashlib.sha256(dedupe_key.encode()).hexdigest()[:32]
    return f"<{digest}@{_domain_of(settings.DEFAULT_FROM_EMAIL)}>"


@functools.cache
def _domain_of(address: str) -> str:
    domain = parseaddr(address)[1].rpartition("@")[2] or "arcwise.invalid"
    return domain.encode("idna").decode("ascii")


def email_for(nudge: Nudge) -> EmailMessage:
    """The e-mail a row stands for, with its own headers (e.g. List-Unsubscribe)."""
    return EmailMessage(
        subject=nudge.subject,
        body=nudge.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[nudge.to_address],
        headers={**nudge.headers, "Message-ID": message_id(nudge.dedupe_key)},
    )


def connection_trouble(error: Exception) -> bool:
    """Whether the fault lies with the server or the way to it rather than with one message.

    Then the rest of the batch is handed back untried instead of failing one by one against
    the same fault. A refused recipient, sender or message is the message's own (smtplib has
    reset the session); a 421 reply means the server is closing the connection.
    """
    if isinstance(error, CONNECTION_TROUBLE):
        return True
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code == 421
    # Every SMTPException is an OSError; what is left is the socket's: refused, reset, timed out.
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def describe(error: Exception) -> str:
    """What went wrong, in the words of the SMTP server where it gave some."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        refusals = "; ".join(
            f"{address}: {code} {reply.decode(errors='replace')}"
            for address, (code, reply) in error.recipients.items()
        )
        text = f"Recipient refused: {refusals}"
    elif isinstance(error, smtplib.SMTPResponseException):
        reply = error.smtp_error
        text = f"{type(error).__name__}: {error.smtp_code} " + (
            reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
        )
    else:
        text = f"{type(error).__name__}: {error}".rstrip(": ")
    return text[:ERROR_LENGTH]
