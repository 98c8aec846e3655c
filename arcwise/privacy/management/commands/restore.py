"""Replace the whole database with a backup made by `manage.py backup` (docs/backup.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from arcwise.privacy.audit import audit_verify
from arcwise.privacy.backup import KIND_NAMES, BackupError, database_restore, restore_check


class Command(BaseCommand):
    help = (
        "Replace everything in the database with the backup at PATH, made by `manage.py "
        "backup`. Asks first unless --yes. Stop the web processes and the senders before."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the backup file to restore")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask before replacing the database"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            kind = restore_check(path)
            if not options["yes"] and not self._confirmed(path):
                raise CommandError("Nothing was restored.")
            database_restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(f"Restored the {KIND_NAMES[kind]} database from {path}.")
        )
        problems = audit_verify()
        if problems:
            self.stdout.write(
                self.style.WARNING(
                    f"The restored audit log is not whole ({len(problems)} problems): "
                    "run manage.py audit_verify to see them."
                )
            )
        self.stdout.write(
            "If the backup is older than this version of Arcwise, run manage.py migrate now."
        )

    def _confirmed(self, path: Path) -> bool:
        name = connection.settings_dict["NAME"]
        try:
            answer = input(
                f"This replaces everything in the database {name} with the backup {path}. "
                "Type yes to go on: "
            )
        except EOFError:  # no one to ask: not a yes
            return False
        return answer.strip().lower() == "yes"
