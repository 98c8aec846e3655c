"""Import a design file from the command line, as the web page does."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

from django.core.management.base import BaseCommand, CommandError, CommandParser

from arcwise.accounts.models import CLIENT_ROLES, Membership, normalise_email
from arcwise.designs.design_file.format import MAX_FILE_BYTES, DesignFileError
from arcwise.designs.design_file.parsing import check_size
from arcwise.designs.models import Design
from arcwise.designs.services import creating
from arcwise.designs.services.refusals import NOT_IMPORTED
from arcwise.errors import DomainError


class Command(BaseCommand):
    help = (
        "Import a design file (YAML, arcwise: 1) as a new draft design owned by a coach, "
        "or with --into as the next draft version of one of their designs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the design file to import")
        parser.add_argument("--owner", required=True, help="e-mail of the coach who owns it")
        parser.add_argument(
            "--practice", type=UUID, help="the practice id, when the coach is in several"
        )
        parser.add_argument(
            "--into", type=UUID, help="id of an existing design to add a draft version to"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        membership = self._membership(options["owner"], options["practice"])
        path: Path = options["file"]
        try:
            check_size(path.stat().st_size)
            # At most one byte more than allowed: a pipe or device reports no size, and
            # reading it whole could take forever.
            with path.open("rb") as file:
                data = file.read(MAX_FILE_BYTES + 1)
            check_size(len(data))
        except OSError as error:
            raise CommandError(f"{path} cannot be read: {error.strerror}.") from None
        except DesignFileError as error:
            raise CommandError(self._describe(NOT_IMPORTED, error.problems)) from None
        try:
            if options["into"]:
                design = Design.objects.filter(
                    practice=membership.practice, owner=membership.user, public_id=options["into"]
                ).first()
                if design is None:
                    raise CommandError(f"{membership.user.email} owns no design {options['into']}.")
                version = creating.version_import(design=design, user=membership.user, data=data)
            else:
                design = creating.design_import(
                    practice=membership.practice, owner=membership.user, data=data
                )
                version = design.versions.get()
        except DomainError as error:
            raise CommandError(
                self._describe(error.message, getattr(error, "problems", []))
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported “{version.name}” as draft version {version.number} of design "
                f"{design.public_id} in {membership.practice.name}."
            )
        )

    def _membership(self, email: str, practice_id: UUID | None) -> Membership:
        memberships = Membership.objects.select_related("user", "practice").filter(
            user__email=normalise_email(email), role__in=CLIENT_ROLES
        )
        if practice_id:
            memberships = memberships.filter(practice__public_id=practice_id)
        found = list(memberships)
        if not found:
            raise CommandError(f"{email} is not a coach or owner of such a practice.")
        if len(found) > 1:
            ids = ", ".join(f"{m.practice.public_id} ({m.practice.name})" for m in found)
            raise CommandError(
                f"{email} is in several practices; choose one with --practice: {ids}"
            )
        return found[0]

    @staticmethod
    def _describe(lead: str, problems: list[Any]) -> str:
        return "\n".join([lead, *(f"  - {problem}" for problem in problems)])
