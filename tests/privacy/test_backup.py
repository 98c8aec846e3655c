"""`manage.py backup` and `restore` on the database the suite runs on (SQLite or
PostgreSQL): a practice with a journey and its session notes comes back whole after its
data was changed and deleted, its audit log still whole; a file of the wrong kind, a
backup over an existing file and a restore not confirmed change nothing."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from arcwise.accounts.models import Practice, Role
from arcwise.accounts.services import practice_delete
from arcwise.journeys.models import Journey, Session
from arcwise.journeys.sessions.services import session_record_save
from arcwise.privacy import backup
from arcwise.privacy.audit import audit_verify
from arcwise.privacy.backup import BackupError, postgresql_program
from arcwise.privacy.models import AuditAction, AuditEvent
from tests.factories import make_client, make_member, make_practice
from tests.journeys.factories import make_journey

# The restore replaces the database the test's connection uses: it must see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)

NOTES = "Arrived tired; named the fear of letting the team down."


def practice_with_notes() -> tuple[Practice, Session]:
    practice = make_practice(name="Harbour Coaching")
    owner = make_member(practice, Role.OWNER, name="Olive Owner")
    client = make_client(practice, name="Quentin Confidential")
    journey = make_journey(owner, client)
    session = Session.objects.filter(journey=journey).order_by("starts_at")[0]
    session_record_save(
        session=session,
        by=owner,
        expected_version=1,
        notes=NOTES,
        key_insights="Rescuing feels like care.",
        agreements="Notice each rescue.",
    )
    return practice, session


def test_a_practice_and_its_notes_come_back_from_a_backup(tmp_path: Path, capsys: Any) -> None:
    practice, session = practice_with_notes()
    path = tmp_path / "arcwise.backup"

    call_command("backup", str(path))
    Session.objects.filter(pk=session.pk).update(notes="Overwritten by mistake.")
    owner = Journey.objects.get(pk=session.journey_id).coach
    practice_delete(practice=practice, by=owner)
    assert not Session.objects.exists()
    call_command("restore", str(path), "--yes")

    restored = Session.objects.get(pk=session.pk)
    assert (restored.notes, restored.key_insights) == (NOTES, "Rescuing feels like care.")
    assert Practice.objects.get(pk=practice.pk).name == "Harbour Coaching"
    assert AuditEvent.objects.filter(practice=practice, action=AuditAction.NOTES_CHANGED).exists()
    installation = AuditEvent.objects.filter(practice=None).order_by("sequence")
    # The backup's own event was written after the copy; the restore's after the restore.
    assert [event.action for event in installation] == [AuditAction.RESTORE]
    assert audit_verify() == []
    out = capsys.readouterr().out
    assert "Backed up the" in out
    assert "keep the encryption keys backed up apart" in out
    assert "Restored the" in out


def test_a_backup_is_recorded_in_the_installations_audit_chain(tmp_path: Path) -> None:
    call_command("backup", str(tmp_path / "one.backup"))

    event = AuditEvent.objects.get()
    assert (event.practice_id, event.action, event.subject_id) == (
        None,
        AuditAction.BACKUP,
        connection.vendor,
    )


def test_a_backup_never_overwrites_a_file(tmp_path: Path) -> None:
    path = tmp_path / "taken.backup"
    path.write_text("something precious")

    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(path))

    assert path.read_text() == "something precious"


def test_a_restore_not_confirmed_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "arcwise.backup"
    call_command("backup", str(path))
    practice = make_practice(name="Made after the backup")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(path))

    assert Practice.objects.filter(pk=practice.pk).exists()


def test_a_file_that_is_not_a_backup_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Dear diary")

    with pytest.raises(CommandError, match="is not an Arcwise backup"):
        call_command("restore", str(path), "--yes")


def test_a_backup_of_the_other_database_kind_is_refused(tmp_path: Path) -> None:
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    path = tmp_path / "other.backup"
    path.write_bytes(backup.MAGIC[other] + b"\x00" * 64)  # type: ignore[index]

    with pytest.raises(CommandError, match=r"backup, and this Arcwise runs on .* Nothing"):
        call_command("restore", str(path), "--yes")


def test_a_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photos.sqlite3"
    with closing(sqlite3.connect(path)) as other:
        other.execute("CREATE TABLE photos (id INTEGER)")
        other.commit()
    refusal = (
        "not Arcwise's: it has no table django_migrations"
        if connection.vendor == "sqlite"
        else "is a SQLite backup, and this Arcwise runs on PostgreSQL"
    )

    with pytest.raises(CommandError, match=refusal):
        call_command("restore", str(path), "--yes")


def test_a_missing_postgresql_program_is_named_with_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(backup, "POSTGRESQL_LIBS", tmp_path / "none")

    with pytest.raises(BackupError, match=r"pg_dump was not found .* apt install postgresql-cl"):
        postgresql_program("pg_dump")


def test_the_newest_postgresql_program_is_found_when_none_is_on_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for version in ("9", "15", "13"):
        (tmp_path / version / "bin").mkdir(parents=True)
        (tmp_path / version / "bin" / "pg_restore").touch()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(backup, "POSTGRESQL_LIBS", tmp_path)

    assert postgresql_program("pg_restore") == str(tmp_path / "15" / "bin" / "pg_restore")
