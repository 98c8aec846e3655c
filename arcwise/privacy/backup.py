"""A consistent copy of the whole database, and bringing one back: `manage.py backup` and
`manage.py restore`. docs/backup.md says how to use them and what a backup does not hold
(the encryption keys).

- SQLite: Python's `sqlite3.Connection.backup` (SQLite's online backup API) copies the live
  file page by page under a read lock, so the copy is consistent while the app runs; a
  restore copies the backup into the live file the same way.
- PostgreSQL: `pg_dump --format=custom`, which reads one snapshot, and `pg_restore --clean
  --if-exists --no-owner` in a single transaction, so a restore that fails changes nothing.

Both are recorded in the installation's audit chain: a backup reads every record, and a
restore replaces the log itself, so the restored log says that it was restored.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from typing import Literal

from django.db import connection, connections

from arcwise.privacy.audit import audit_record
from arcwise.privacy.models import AuditAction

Kind = Literal["sqlite", "postgresql"]
KIND_NAMES: dict[Kind, str] = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# How each kind of backup file begins.
MAGIC: dict[Kind, bytes] = {"sqlite": b"SQLite format 3\x00", "postgresql": b"PGDMP"}
# Where Debian and Ubuntu keep each PostgreSQL version's programs, when they are not on PATH.
POSTGRESQL_LIBS = Path("/usr/lib/postgresql")
# Tables any Arcwise database has: a SQLite file without them is some other program's.
ARCWISE_TABLES = ("django_migrations", "accounts_practice", "privacy_auditevent")
# Seconds a SQLite restore waits for the app's writes to finish, as the app itself does.
SQLITE_WAIT = 20


class BackupError(Exception):
    """Why a backup or a restore could not be done, in words a person can act on."""


def database_kind() -> Kind:
    if connection.vendor not in KIND_NAMES:
        raise BackupError(f"Arcwise backs up SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def kind_of_file(path: Path) -> Kind | None:
    """Which kind of backup `path` is, from its first bytes; None for anything else."""
    try:
        with path.open("rb") as file:
            start = file.read(16)
    except OSError as error:
        raise BackupError(f"{path} cannot be read: {error.strerror}.") from None
    return next((kind for kind, magic in MAGIC.items() if start.startswith(magic)), None)


def postgresql_program(name: str) -> str:
    """Where `name` (pg_dump, pg_restore) is: on PATH, else the newest version under
    /usr/lib/postgresql; a clear error when it is nowhere."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(
        POSTGRESQL_LIBS.glob(f"*/bin/{name}"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    if versions:
        return str(versions[-1])
    raise BackupError(
        f"{name} was not found on PATH or under {POSTGRESQL_LIBS}. Install PostgreSQL's "
        "client programs (Debian and Ubuntu: apt install postgresql-client), of the "
        "server's version or newer."
    )


def _postgresql_environment() -> dict[str, str]:
    # The connection goes to the programs through libpq's variables, so the password is
    # never on a command line another user could read.
    settings = connection.settings_dict
    environment = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if settings.get(key):
            environment[variable] = str(settings[key])
    if sslmode := settings.get("OPTIONS", {}).get("sslmode"):
        environment["PGSSLMODE"] = str(sslmode)
    return environment


def _run(arguments: list[str], what: str) -> None:
    done = subprocess.run(  # noqa: S603 - a PostgreSQL program found above, no shell
        arguments, env=_postgresql_environment(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()[-3:]
        raise BackupError(f"{what} failed: " + (" ".join(said) or f"exit {done.returncode}."))


def _sqlite_check(path: Path) -> None:
    """Refuse a SQLite file that is damaged or not an Arcwise database."""
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as copy:
        try:
            checked = copy.execute("PRAGMA quick_check").fetchone()
            tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master")}
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} cannot be read as a SQLite database: {error}.") from None
    if checked != ("ok",):
        raise BackupError(f"{path} is a damaged SQLite file: restore another backup.")
    missing = [table for table in ARCWISE_TABLES if table not in tables]
    if missing:
        raise BackupError(
            f"{path} is a SQLite database, but not Arcwise's: it has no table {missing[0]}."
        )


def _sqlite_copy(source: str, target: str) -> None:
    with (
        closing(sqlite3.connect(source, uri=True)) as reading,
        closing(sqlite3.connect(target, timeout=SQLITE_WAIT)) as writing,
    ):
        reading.backup(writing)  # every page in one step, under one lock: consistent


def database_backup(target: Path) -> Kind:
    """Write a consistent copy of the database to `target`, a new file; say which kind."""
    kind = database_kind()
    if target.exists():
        raise BackupError(f"{target} already exists. Choose a new file name for the backup.")
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent} is not a folder. Choose a file in a folder.")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        if kind == "sqlite":
            live = Path(connection.settings_dict["NAME"]).resolve()
            _sqlite_copy(f"{live.as_uri()}?mode=ro", str(partial))
            _sqlite_check(partial)
        else:
            _run(
                [
                    postgresql_program("pg_dump"),
                    "--format=custom",
                    "--no-password",
                    f"--file={partial}",
                ],
                "pg_dump",
            )
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    audit_record(
        practice=None,
        actor=None,
        action=AuditAction.BACKUP,
        subject_kind="database",
        subject_id=kind,
    )
    return kind


def restore_check(source: Path) -> Kind:
    """The kind of backup `source` is, if this database can take it; else why not."""
    kind = database_kind()
    found = kind_of_file(source)
    if found is None:
        raise BackupError(
            f"{source} is not an Arcwise backup: it is neither a SQLite database nor a "
            "PostgreSQL custom-format dump. Nothing was restored."
        )
    if found != kind:
        raise BackupError(
            f"{source} is a {KIND_NAMES[found]} backup, and this Arcwise runs on "
            f"{KIND_NAMES[kind]}: restore it into a {KIND_NAMES[found]} database. Nothing was "
            "restored."
        )
    if kind == "sqlite":
        _sqlite_check(source)
    return kind


def database_restore(source: Path) -> Kind:
    """Replace everything in the database with the backup `source`, and record it."""
    kind = restore_check(source)
    # Our own connections would hold locks the restore needs (and, on SQLite, cached pages).
    connections.close_all()
    if kind == "sqlite":
        live = Path(connection.settings_dict["NAME"]).resolve()
        _sqlite_copy(f"{source.resolve().as_uri()}?mode=ro", str(live))
    else:
        _run(
            [
                postgresql_program("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--no-password",
                f"--dbname={connection.settings_dict['NAME']}",
                str(source),
            ],
            "pg_restore",
        )
    audit_record(
        practice=None,
        actor=None,
        action=AuditAction.RESTORE,
        subject_kind="database",
        subject_id=kind,
    )
    return kind
