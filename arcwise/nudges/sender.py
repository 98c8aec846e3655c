"""The sender: takes due rows from the outbox and sends them through Django's e-mail backend.

How a batch goes (`Sender.send_batch` is one; `send_due` runs them back to back):

1. **Claim** up to `batch_size` due rows in one short transaction: count the attempt and hold
   the rows until `claimed_until` (now + the lease). PostgreSQL picks the rows with
   `SELECT … FOR UPDATE SKIP LOCKED`, so concurrent senders take disjoint rows without
   waiting on each other; SQLite serialises writers (`BEGIN IMMEDIATE`), and the claim is a
   compare-and-set on the lease either way, so a row is never claimed twice while held.
2. **Send** the rows over one SMTP connection for at most `SEND_WINDOW` (and never past half
   the lease, so no other sender can have taken them); rows not reached are handed back.
   The connection is the configured `EMAIL_BACKEND`'s: the console by default, and with an
   SMTP host arcwise/nudges/smtp_backend.py (Django's, with cheaper envelope addresses).
3. **Record** the outcomes in one transaction, each only if the row still carries this
   claim: sent rows get `sent_at`; a failed attempt is retried after a doubling delay, and
   after `MAX_ATTEMPTS` the row is marked failed with its `last_error`. One message's failure
   never stops the others: a refused recipient moves on to the next row, and a dropped or
   refused connection hands the rest of the batch back, untried, for the next batch.
   `send_due` writes this in the transaction that claims the next batch: one commit a batch.

The guarantee is **at least once**. A sender killed at any point loses nothing: rows it had
claimed stay unsent until their lease ends, then another sender (or the same one, restarted)
claims them again. A row is sent a second time only if the SMTP server had accepted it and
the sender died before recording that: at most the batch in flight, about a second of
sending. Each such kill sends those rows once more, never a row the server had not accepted.
Every copy of a message carries the same `Message-ID`, derived from the row's dedupe key, so
the receiving system can drop the repeat (mail.py). docs/outbox.md says the same for
operators; loop.py runs batches until SIGTERM.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import TracebackType

from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from arcwise.journeys.models import OPEN_STATUSES
from arcwise.nudges.mail import connection_trouble, describe, email_for
from arcwise.nudges.models import KINDS_WITH_SIGN_IN_LINKS, LINK_REMOVED, Nudge, NudgeKind

logger = logging.getLogger(__name__)

# Each batch costs a commit and a few queries whatever its size: at a fast server's pace
# (about a thousand messages a second) batches of 100 lost several per cent of the sender's
# throughput to them, and batches of 250 two fifths as much (bench/sender.py). The window below,
# not the size, bounds what a crash can repeat; the size bounds how many rows a crash leaves
# waiting for the lease to end.
BATCH_SIZE = 250
# A batch stops sending after this long and writes down what it sent; the rest go in the
# next batch. It bounds what a crash can repeat to about a second's worth of messages, while
# a fast server still gets whole batches, whose one commit costs little per message.
SEND_WINDOW = 1.0
# Far longer than a batch takes: a batch also stops taking rows once half of it has passed
# (one SMTP exchange is bounded by EMAIL_TIMEOUT, 20 s), so no other sender can have them.
LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=2)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: 30 s, doubling, at most 2 h.

    With `MAX_ATTEMPTS` of 8 a message is tried over about an hour before it is marked failed.
    """
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


@dataclass
class Batch:
    """What one batch (or several, added up) did."""

    claimed: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    # Claimed but not tried (the sender was asked to stop, the lease ran short, or the
    # connection went): handed back for the next batch without counting an attempt.
    released: int = 0
    connection_lost: bool = False

    def __iadd__(self, other: Batch) -> Batch:
        for name in ("claimed", "sent", "retrying", "failed", "released"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.connection_lost = self.connection_lost or other.connection_lost
        return self

    def __str__(self) -> str:
        return f"sent {self.sent}, to retry {self.retrying}, failed {self.failed}"


@dataclass
class _Claim:
    """A claimed batch: its rows, the time that marks them as this claim's, and then what
    sending them did, until it is recorded."""

    claimed_at: datetime
    rows: list[Nudge]
    deadline: float  # time.monotonic() after which no row of it is sent any more
    batch: Batch = field(default_factory=Batch)
    sent: list[int] = field(default_factory=list)
    failures: list[tuple[Nudge, str]] = field(default_factory=list)
    released: list[int] = field(default_factory=list)


# A link that lets its reader in stays in the table only while the message waits. The body
# field itself is the output field, so the replacement is encrypted like any body.
_BODY_WITHOUT_LINKS = Case(
    When(
        kind__in=KINDS_WITH_SIGN_IN_LINKS,
        then=Value(LINK_REMOVED, output_field=Nudge._meta.get_field("body")),
    ),
    default=F("body"),
    output_field=Nudge._meta.get_field("body"),
)


# What sending and recording need of a row; its times are left unread.
SENT_FIELDS = (
    "public_id",
    "dedupe_key",
    "kind",
    "to_address",
    "subject",
    "body",
    "headers",
    "attempts",
    "journey",
)


def _waiting(now: datetime) -> Q:
    # Served by the partial index nudge_waiting_by_due.
    return Q(sent_at=None, failed_at=None, due_at__lte=now) & (
        Q(claimed_until=None) | Q(claimed_until__lte=now)
    )


class Sender:
    """Sends due outbox rows, a batch at a time, over one e-mail connection.

    Use it as a context manager, or call `close()`, so the connection is closed.
    """

    def __init__(
        self,
        *,
        batch_size: int = BATCH_SIZE,
        lease: timedelta = LEASE,
        connection: BaseEmailBackend | None = None,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> None:
        self.batch_size = batch_size
        self.lease = lease
        self.connection = connection or get_connection(fail_silently=False)
        self.should_stop = should_stop

    def __enter__(self) -> Sender:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the e-mail connection; a later batch opens a new one."""
        try:
            self.connection.close()
        except Exception:  # a connection that is already broken has nothing left to close
            logger.debug("Closing the e-mail connection failed", exc_info=True)

    def send_one(self) -> bool:
        """Send the next due message, if there is one; whether one was taken."""
        return self.send_batch(limit=1).claimed > 0

    def send_due(self) -> Batch:
        """Send everything due now, batch after batch, until the queue runs short.

        What a batch did and the claim of the next are written in one transaction: one
        commit per batch instead of two, and the outcomes are written as soon as before.
        """
        total = Batch()
        claim: _Claim | None = self._claim(self.batch_size)
        while claim is not None and claim.rows:
            self._send_rows(claim)
            # A full batch suggests more; rows handed back (the connection went) are due
            # again at once, and are tried over a new connection.
            more = len(claim.rows) == self.batch_size or bool(claim.released)
            with transaction.atomic():
                total += self._record(claim)
                claim = self._claim(self.batch_size) if more and not self.should_stop() else None
        self.close()
        return total

    def send_batch(self, limit: int | None = None) -> Batch:
        """Claim up to `limit` due rows, send them, record the outcomes: one whole step."""
        limit = limit or self.batch_size
        claim = self._claim(limit)
        if not claim.rows:
            self.close()
            return claim.batch
        batch = self._record(self._send_rows(claim))
        if len(claim.rows) < limit:
            self.close()  # the queue is empty: an idle connection would only be dropped
        return batch

    def _send_rows(self, claim: _Claim) -> _Claim:
        for index, nudge in enumerate(claim.rows):
            if self.should_stop() or time.monotonic() > claim.deadline:
                claim.released = [row.pk for row in claim.rows[index:]]
                break
            error = self._send(nudge)
            if error is None:
                claim.sent.append(nudge.pk)
                continue
            claim.failures.append((nudge, describe(error)))
            if connection_trouble(error):
                self.close()
                claim.batch.connection_lost = True
                claim.released = [row.pk for row in claim.rows[index + 1 :]]
                break
        return claim

    def _send(self, nudge: Nudge) -> Exception | None:
        try:
            self.connection.open()
            if self.connection.send_messages([email_for(nudge)]) != 1:
                return RuntimeError("The e-mail backend sent nothing.")
        except Exception as error:  # any fault is this message's outcome, not the loop's end
            return error
        return None

    def _claim(self, limit: int) -> _Claim:
        with transaction.atomic(savepoint=False):
            # Read inside the transaction: on SQLite it already holds the write lock, so no
            # two claims share a time, and the time tells this claim's rows from another's.
            now = timezone.now()
            due = Nudge.objects.filter(_waiting(now)).order_by("due_at", "pk").only(*SENT_FIELDS)
            if connection.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True)
            found = self._drop_ended(list(due[:limit]))
            worn_out = [row.pk for row in found if row.attempts >= MAX_ATTEMPTS]
            if worn_out:
                self._fail_worn_out(worn_out, now)
            rows = [row for row in found if row.attempts < MAX_ATTEMPTS]
            # Compare-and-set: a row someone else claimed meanwhile is no longer waiting.
            claimed = Nudge.objects.filter(_waiting(now), pk__in=[row.pk for row in rows]).update(
                claimed_at=now, claimed_until=now + self.lease, attempts=F("attempts") + 1
            )
            if claimed != len(rows):  # only without SKIP LOCKED or SQLite's single writer
                mine = Nudge.objects.filter(pk__in=[row.pk for row in rows], claimed_at=now)
                rows = list(mine.order_by("due_at", "pk").only(*SENT_FIELDS))
            else:
                for row in rows:
                    row.attempts += 1
        deadline = time.monotonic() + min(SEND_WINDOW, self.lease.total_seconds() / 2)
        return _Claim(claimed_at=now, rows=rows, deadline=deadline, batch=Batch(claimed=len(rows)))

    def _drop_ended(self, found: list[Nudge]) -> list[Nudge]:
        # A notice of a new message is not sent once its journey has ended, even when it
        # ended after the planner's last pass: checked here, on the locked rows. One query,
        # only for a batch that holds such notices.
        notices = [row.pk for row in found if row.kind == NudgeKind.MESSAGE_NOTICE]
        if not notices:
            return found
        ended = Nudge.objects.filter(pk__in=notices).exclude(journey__status__in=OPEN_STATUSES)
        gone = set(ended.values_list("pk", flat=True))
        if gone:
            Nudge.objects.filter(pk__in=gone).delete()
        return [row for row in found if row.pk not in gone]

    def _fail_worn_out(self, ids: list[int], now: datetime) -> None:
        # Every attempt ended with its sender gone before an outcome: perhaps this message
        # itself brings senders down. Stop trying rather than take down every sender.
        Nudge.objects.filter(pk__in=ids).update(
            failed_at=now,
            claimed_until=None,
            last_error=f"Its sender stopped during each of {MAX_ATTEMPTS} attempts.",
            body=_BODY_WITHOUT_LINKS,
        )
        logger.error("Gave up on %d message(s) whose senders kept stopping", len(ids))

    def _record(self, claim: _Claim) -> Batch:
        batch = claim.batch
        with transaction.atomic(savepoint=False):
            now = timezone.now()
            # Only rows still under this claim: one whose lease ran out belongs to another.
            mine = Nudge.objects.filter(claimed_at=claim.claimed_at)
            if claim.sent:
                batch.sent = mine.filter(pk__in=claim.sent).update(
                    sent_at=now, claimed_until=None, last_error="", body=_BODY_WITHOUT_LINKS
                )
            for nudge, error in claim.failures:
                if nudge.attempts >= MAX_ATTEMPTS:
                    batch.failed += mine.filter(pk=nudge.pk).update(
                        failed_at=now,
                        claimed_until=None,
                        last_error=error,
                        body=_BODY_WITHOUT_LINKS,
                    )
                    logger.error("Gave up on %s %s: %s", nudge.kind, nudge.public_id, error)
                else:
                    batch.retrying += mine.filter(pk=nudge.pk).update(
                        due_at=now + retry_delay(nudge.attempts),
                        claimed_until=None,
                        last_error=error,
                    )
                    logger.warning("Will retry %s %s: %s", nudge.kind, nudge.public_id, error)
            if claim.released:
                batch.released = mine.filter(pk__in=claim.released).update(
                    claimed_until=None, attempts=F("attempts") - 1
                )
        return batch
