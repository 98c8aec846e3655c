"""Write a consistent copy of the whole database to a new file (docs/backup.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from arcwise.privacy.backup import KIND_NAMES, BackupError, database_backup


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the database to PATH, a new file, while Arcwise runs: "
        "SQLite's online backup, or pg_dump's custom format on PostgreSQL. The encryption "
        "keys are not in it: back them up apart (docs/backup.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the new file to write the backup to")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            kind = database_backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {KIND_NAMES[kind]} database to {path} "
                f"({path.stat().st_size:,} bytes)."
            )
        )
        self.stdout.write(
            "It holds session notes and other text encrypted, as the database does: keep the "
            "encryption keys backed up apart from it, or it cannot be read."
        )
