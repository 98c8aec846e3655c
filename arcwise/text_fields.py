"""A text column with a limit the database enforces, not only the form.

Django's TextField takes `max_length` only as a hint for its form field; `LimitedTextField`
also adds a CHECK on the column (SQLite and PostgreSQL alike), so text that bypasses a form
(a script, a service called directly, a hostile request) is refused by the database too.
"""

from __future__ import annotations

from typing import Any

from django.db import models
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
