"""What has to happen before a member can leave a practice, asked of the apps that know.

Accounts is the lowest app and imports none above it, yet a member can hold work that lives
higher up (a coach's open journeys). The checks are listed by dotted path in
`wiring.MEMBER_REMOVAL_CHECKS` (arcwise/wiring.py); removing a member asks every check, inside
the removal's transaction, and is refused while any of them names something still to do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from arcwise import wiring
from arcwise.accounts.models import Membership


@dataclass(frozen=True)
class RemovalBlocker:
    """Why a member cannot leave yet, and the page where the owner can settle it."""

    message: str
    url: str


# What each path in `wiring.MEMBER_REMOVAL_CHECKS` must be.
RemovalCheck = Callable[[Membership], RemovalBlocker | None]


def removal_blockers(membership: Membership) -> list[RemovalBlocker]:
    """Everything that stands in the way of removing `membership`, in the order of
    `wiring.MEMBER_REMOVAL_CHECKS`."""
    checks: tuple[RemovalCheck, ...] = wiring.resolve(wiring.MEMBER_REMOVAL_CHECKS)
    return [blocker for check in checks if (blocker := check(membership)) is not None]
