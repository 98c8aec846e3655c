"""Changing the audit log behind the application's back, as an intruder with SQL would.

On PostgreSQL the log's triggers refuse UPDATE and DELETE (migration 0002 of privacy); an
intruder with the superuser's rights switches them off for their session first, which is
what `tamper` does, so that the tests show what `audit_verify` finds afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

from arcwise.privacy.models import AuditEvent

TABLE = AuditEvent._meta.db_table


@contextmanager
def triggers_off() -> Iterator[None]:
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET session_replication_role")


def tamper(sql: str, *params: Any) -> int:
    """Run `sql` on the audit table (written as {table}) with its triggers off; rows hit."""
    with triggers_off(), connection.cursor() as cursor:
        cursor.execute(sql.format(table=TABLE), params)
        return cursor.rowcount
