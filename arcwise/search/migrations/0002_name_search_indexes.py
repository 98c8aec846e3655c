"""GIN indexes for searching names with PostgreSQL's full-text search, on PostgreSQL only.

`search.queries.named` matches `to_tsvector('simple', COALESCE(name, ''))` against a
prefix query; each index below is on exactly that expression, so the planner reads the
index instead of every row. SQLite has no such index: search scans there, at a practice's
size. The indexes are on other apps' tables but belong to search, which is why they are
made here (and go when this migration is reversed).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

# (index name, app label, model): the name columns search matches.
INDEXES = (
    ("search_client_name_fts", "clients", "Client"),
    ("search_designversion_name_fts", "designs", "DesignVersion"),
)


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for name, app_label, model_name in INDEXES:
        table = apps.get_model(app_label, model_name)._meta.db_table
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} USING gin "
            f"(to_tsvector('simple'::regconfig, COALESCE({quote('name')}, '')))"
        )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_thread_word_blind_index"),
        ("clients", "0004_client_employer"),
        ("designs", "0009_design_text_limits"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
