"""The request as Arcwise's middleware leaves it, for type checking views."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from arcwise.accounts.models import Membership, Practice, User


class ArcwiseRequest(HttpRequest):
    htmx: HtmxDetails
    memberships: list[Membership]
    membership: Membership | None
    practice: Practice | None


class MemberRequest(ArcwiseRequest):
    """A request that `member_required` has let through: signed in, inside a practice."""

    user: User
    membership: Membership
    practice: Practice
