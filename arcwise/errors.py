"""The one error type that services raise for something a person did that cannot be done."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db.models import Model, ProtectedError, RestrictedError


class DomainError(Exception):
    """A refusal with a message a person can read; `field` names the form field it is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@contextmanager
def history_kept(refusal: str) -> Iterator[None]:
    """Turn a delete that a RESTRICT (or PROTECT) foreign key refused into a `DomainError`.

    Foreign keys that mean "not while history exists" are RESTRICT: deleting the row alone is
    refused by Django before any SQL runs, and the person is told `refusal` and what still
    refers to the row ("2 journeys"), instead of meeting a server error.
    """
    try:
        yield
    except (ProtectedError, RestrictedError) as error:
        rows = (
            error.protected_objects
            if isinstance(error, ProtectedError)
            else error.restricted_objects
        )
        raise DomainError(f"{refusal} Still kept for: {_counted(rows)}.") from None


def _counted(rows: Iterable[Model]) -> str:
    counts = Counter(type(row) for row in rows)
    return ", ".join(
        f"{count} {model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural}"
        for model, count in sorted(counts.items(), key=lambda item: item[0].__name__)
    )
