"""Every limited text column carries its length CHECK in the database itself, whichever
database: PostgreSQL's ALTER COLUMN leaves a field's own check out, so a migration that
forgets `add_length_checks` is found here."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection

from arcwise.text_fields import LimitedTextField


def _limited_columns() -> list[tuple[str, str]]:
    return sorted(
        (model._meta.db_table, str(field.column))
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, LimitedTextField)
    )


@pytest.mark.django_db
def test_every_limited_text_column_has_a_check_in_the_database() -> None:
    columns = _limited_columns()
    assert len(columns) > 30
    with connection.cursor() as cursor:
        missing = [
            f"{table}.{column}"
            for table, column in columns
            if not any(
                constraint["check"] and constraint["columns"] == [column]
                for constraint in connection.introspection.get_constraints(cursor, table).values()
            )
        ]
    assert missing == []
