"""Walk the audit log's hash chains and say what was altered or deleted."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.management.base import BaseCommand, CommandError, CommandParser

from arcwise.accounts.models import Practice
from arcwise.days import count
from arcwise.privacy.audit import audit_chains


class Command(BaseCommand):
    help = (
        "Check the audit log: every entry still gives its hash, links to the one before, no "
        "number is missing, and each chain's head matches its last entry. Exits non-zero on "
        "any problem. Prints each chain's head hash, worth keeping somewhere else."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--practice", type=UUID, help="the public id of one practice (default: every chain)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        practice = None
        if options["practice"]:
            practice = Practice.objects.filter(public_id=options["practice"]).first()
            if practice is None:
                raise CommandError(f"There is no practice {options['practice']}.")
        reports = audit_chains(practice)
        problems = 0
        for report in reports:
            entries = "1 entry" if report.entries == 1 else f"{report.entries} entries"
            self.stdout.write(f"{report.chain}: {entries}, head {report.head_hash}")
            for problem in report.problems:
                where = f"entry {problem.sequence}" if problem.sequence else "the chain"
                self.stdout.write(f"  {where}, {problem.kind}: {problem.message}")
            problems += len(report.problems)
        if problems:
            raise CommandError(
                f"The audit log is not whole: {count(problems, 'problem')} found (listed above)."
            )
        self.stdout.write(
            self.style.SUCCESS(f"The audit log is whole: {count(len(reports), 'chain')} checked.")
        )
