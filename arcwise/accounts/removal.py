"""What has to happen before a member can leave a practice, asked of the apps that know.

Accounts is the lowest app and imports none above it, yet a member can hold work that lives
higher up (a coach's open journeys). Such an app registers a check here from its
`AppConfig.ready()`; removing a member asks every check, inside the removal's transaction,
and is refused while any of them names something still to do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from arcwise.accounts.models import Membership


@dataclass(frozen=True)
class RemovalBlocker:
    """Why a member cannot leave yet, and the page where the owner can settle it."""

    message: str
    url: str


RemovalCheck = Callable[[Membership], RemovalBlocker | None]
_checks: list[RemovalCheck] = []


def register_removal_check(check: RemovalCheck) -> None:
    """Ask `check` before any member is removed. Registering twice asks once."""
    if check not in _checks:
        _checks.append(check)


def removal_blockers(membership: Membership) -> list[RemovalBlocker]:
    """Everything that stands in the way of removing `membership`, in registration order."""
    return [blocker for check in _checks if (blocker := check(membership)) is not None]
