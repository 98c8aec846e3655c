"""A text column kept encrypted in the database: what a client said stays unreadable in a
copied database file, a dump or a backup without the keys (see docs/privacy.md).

Empty text is stored as empty: that a note is blank is no secret, and it keeps "is there
an answer" a plain query (`answer=""`). Every other comparison on the column is refused,
because encryption is randomised: the same note encrypts differently each time, so
`notes="x"` or `notes__icontains="x"` would silently match nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Expression, Lookup
from django.db.models.lookups import Exact

from arcwise.privacy.crypto import decrypt, encrypt, token_length_limit
from arcwise.text_fields import LimitedTextField


class _EmptyOnlyExact(Exact):
    """`field=""`, the one equality encrypted text can answer."""

    def get_prep_lookup(self) -> Any:
        if self.rhs != "":
            raise FieldError(
                f"{self.lhs.target.name} is encrypted: it can be compared only with the "
                "empty string (is there any text), not with a value."
            )
        return super().get_prep_lookup()


class EncryptedTextField(LimitedTextField):
    """Sensitive free text of at most `max_length` characters, encrypted with the newest key.

    The database's CHECK bounds the stored token by the longest token `max_length`
    characters can make; the form states and enforces the limit in characters.
    """

    def stored_length_limit(self) -> int:
        assert self.max_length is not None
        return token_length_limit(self.max_length)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))

    def from_db_value(
        self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper
    ) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_lookup(self, lookup_name: str) -> type[Lookup[Any]] | None:
        if lookup_name == "exact":
            return _EmptyOnlyExact
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None
