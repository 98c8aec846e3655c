"""The one error type that services raise for something a person did that cannot be done."""

from __future__ import annotations


class DomainError(Exception):
    """A refusal with a message a person can read; `field` names the form field it is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
