"""Re-encrypt every encrypted note under the newest key, in batches, saying how far it got.

Put the new key first in ARCWISE_ENCRYPTION_KEYS (keep the old one after it), restart the
app, then run this. Stopped half-way, run it again: it goes on where it stopped. When
`--check` says nothing is left under an older key, the old key can be removed.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from arcwise.privacy.audit import audit_record
from arcwise.privacy.models import AuditAction
from arcwise.privacy.rotation import DEFAULT_BATCH_SIZE, Progress, encrypted_columns, pending_rows
from arcwise.privacy.rotation import rotate as rotate_columns


class Command(BaseCommand):
    help = "Re-encrypt every encrypted column under the newest key (resumable, in batches)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
        parser.add_argument(
            "--batches", type=int, default=None, help="Stop after this many batches."
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing: count the rows still under an older key.",
        )

    def handle(
        self, *args: Any, batch_size: int, batches: int | None, check: bool, **options: Any
    ) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be 1 or more.")
        if batches is not None and batches < 1:
            raise CommandError("--batches must be 1 or more.")
        if check:
            self._check()
            return
        done = rotate_columns(batch_size=batch_size, max_batches=batches, report=self._report)
        finished = all(p.finished for p in done) and len(done) == len(encrypted_columns())
        total = sum(progress.reencrypted for progress in done)
        # Every run is on the installation's chain, a stopped one too: it rewrote rows.
        audit_record(
            practice=None,
            actor=None,
            action=AuditAction.KEY_ROTATION,
            subject_kind="encryption keys",
            subject_id="newest",
            detail={"reencrypted": total, "finished": finished},
        )
        if finished:
            self.stdout.write(f"Done: {total:,} values re-encrypted under the newest key.")
        else:
            self.stdout.write("Stopped before the end; run the command again to go on.")

    def _report(self, progress: Progress) -> None:
        self.stdout.write(
            f"{progress.column.label}: {progress.looked_at:,} of {progress.total:,} looked at, "
            f"{progress.reencrypted:,} re-encrypted"
        )

    def _check(self) -> None:
        left = 0
        for column in encrypted_columns():
            pending = pending_rows(column)
            left += pending
            if pending:
                self.stdout.write(f"{column.label}: {pending:,} under an older key")
        self.stdout.write(
            f"{left:,} values still under an older key; keep every key until this is 0."
            if left
            else "Everything is under the newest key: older keys can be removed."
        )
