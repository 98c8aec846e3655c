"""A text column with a limit the database enforces, not only the form.

Django's TextField takes `max_length` only as a hint for its form field; `LimitedTextField`
also adds a CHECK on the column (SQLite and PostgreSQL alike), so text that bypasses a form
(a script, a service called directly, a hostile request) is refused by the database too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import migrations, models
from django.db.backends.base.base import BaseDatabaseWrapper


class LimitedTextField(models.TextField):
    """Free text of at most `max_length` characters, checked by the database."""

    def __init__(self, *args: Any, max_length: int, **kwargs: Any) -> None:
        kwargs["max_length"] = max_length
        super().__init__(*args, **kwargs)

    def stored_length_limit(self) -> int:
        """The longest value the column may hold; a subclass that stores text differently
        (encrypted) says how long its stored form may be."""
        assert self.max_length is not None
        return self.max_length

    def db_check(self, connection: BaseDatabaseWrapper) -> str | None:
        column = connection.ops.quote_name(str(self.column))
        return f"LENGTH({column}) <= {self.stored_length_limit()}"


def add_length_checks(app_label: str, fields: dict[str, list[str]]) -> migrations.RunPython:
    """A migration step giving PostgreSQL the CHECK of fields just altered to limited text.

    Django adds a field's own check when it creates a column, and SQLite rebuilds a table on
    every alteration, but PostgreSQL's ALTER COLUMN leaves the check out: so a migration that
    alters a column into a `LimitedTextField` (or changes its limit) ends with this step.
    tests/privacy/test_text_limits.py finds every limited column without its check.
    """

    def each(apps: Any, schema_editor: Any) -> Iterator[tuple[Any, str, str]]:
        for model_name, names in fields.items():
            model = apps.get_model(app_label, model_name)
            for name in names:
                field = model._meta.get_field(name)
                table = model._meta.db_table
                constraint = schema_editor._create_index_name(table, [field.column], "_check")
                yield model, constraint, field.db_check(schema_editor.connection)

    def change(apps: Any, schema_editor: Any, *, adding: bool) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        for model, constraint, check in each(apps, schema_editor):
            schema_editor.execute(
                f"ALTER TABLE {quote(model._meta.db_table)} "
                f"DROP CONSTRAINT IF EXISTS {quote(constraint)}"
            )
            if adding:
                schema_editor.execute(schema_editor._create_check_sql(model, constraint, check))

    return migrations.RunPython(
        lambda apps, editor: change(apps, editor, adding=True),
        lambda apps, editor: change(apps, editor, adding=False),
    )
