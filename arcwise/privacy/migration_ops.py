"""The migration step that encrypts text written before its column was encrypted.

Raw SQL, not the ORM: the historical model already has the encrypted field, which would try
to decrypt the plain text it reads. One step per app, after the AlterField that made the
columns encrypted; reversing it decrypts, so the migration can be undone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db import migrations

from arcwise.privacy.crypto import decrypt, encrypt

Columns = Mapping[str, Mapping[str, int]]  # table -> column -> limit in characters


def _each_value(schema_editor: Any, table: str, column: str) -> list[tuple[Any, str]]:
    quote = schema_editor.connection.ops.quote_name
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {quote(column)} FROM {quote(table)} "  # noqa: S608 - names, not input
            f"WHERE {quote(column)} IS NOT NULL AND {quote(column)} <> ''"
        )
        return list(cursor.fetchall())


def _rewrite(columns: Columns, *, encrypting: bool) -> Callable[..., None]:
    def run(apps: Any, schema_editor: Any) -> None:
        quote = schema_editor.connection.ops.quote_name
        for table, limits in columns.items():
            for column, limit in limits.items():
                for row_id, value in _each_value(schema_editor, table, column):
                    if encrypting and len(value) > limit:
                        raise ValueError(
                            f"{table}.{column} of row {row_id} holds {len(value)} characters, "
                            f"more than its new limit of {limit}. Shorten it, then migrate again."
                        )
                    with schema_editor.connection.cursor() as cursor:
                        cursor.execute(
                            f"UPDATE {quote(table)} SET {quote(column)} = %s "  # noqa: S608
                            "WHERE id = %s",
                            [encrypt(value) if encrypting else decrypt(value), row_id],
                        )

    return run


def encrypt_existing_text(columns: Columns) -> migrations.RunPython:
    """Encrypt the text already stored in `columns`; reversed, decrypt it again."""
    return migrations.RunPython(
        _rewrite(columns, encrypting=True), _rewrite(columns, encrypting=False)
    )
