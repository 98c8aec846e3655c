"""The refusals journey writes raise, each a `DomainError` with a message a person can act on.

A refusal of a repeat (a double click, a second tab, a retried request) is an `AlreadyChanged`:
views show it as information, since nothing went wrong and nothing was changed twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from arcwise.errors import DomainError

if TYPE_CHECKING:
    from arcwise.journeys.models import Journey


class StaleRecord(DomainError):
    """Another tab or person saved the session record after this edit began."""


STALE_RECORD = (
    "These notes were saved somewhere else (another tab or device) after you opened them. "
    "Nothing you typed here is lost: it is still on the screen. Copy what you need, reload "
    "to see the saved version, and merge the two."
)


class AlreadyChanged(DomainError):
    """The row moved on since the form was made: a repeat, a second tab, a retried request.

    Nothing was changed; the message says what the row holds now.
    """


class AlreadyStarted(AlreadyChanged):
    """This "Start the journey" form already started `journey`."""

    def __init__(self, message: str, *, journey: Journey) -> None:
        super().__init__(message)
        self.journey = journey


class JourneyEnded(DomainError):
    """The journey is closed or ended early: its sessions and experiments no longer change."""


class OpenJourneyExists(DomainError):
    """The client already has an open journey, and starting another was not confirmed."""

    def __init__(self, message: str, *, journey: Journey) -> None:
        super().__init__(message, field="another_open_confirmed")
        self.journey = journey


class JourneyGone(DomainError):
    """The journey was removed already: this is a repeat of the same removal."""
