"""The adaptation log: the one-line reason every deliberate deviation carries, and how an
entry is described in messages."""

from __future__ import annotations

from arcwise.errors import DomainError
from arcwise.journeys.models import Adaptation
from arcwise.journeys.wording import adaptation_wording

REASON_LENGTH = 200


def logged_reason(reason: str) -> str:
    """The reason on one line, refused if empty or longer than the log keeps."""
    reason = " ".join(reason.split())
    if not reason:
        raise DomainError(
            "Say in one line why: the reason is what makes this deliberate.", field="reason"
        )
    if len(reason) > REASON_LENGTH:
        raise DomainError(
            f"Keep the reason to one line ({REASON_LENGTH} characters).", field="reason"
        )
    return reason


def describe_adaptation(adaptation: Adaptation | None) -> str:
    """One line for the adaptation log, the map and messages: “Extended Orient by 2 weeks”."""
    if adaptation is None:
        return "no adaptation"
    phase = adaptation.phase.name if adaptation.phase_id and adaptation.phase else ""
    return adaptation_wording(adaptation.kind, phase, adaptation.weeks, adaptation.detail)
