"""What a token's role reaches: the same rules the pages follow (arcwise/accounts/tenancy.py).

A page for owners and coaches (`coaches_only`) answers a mentor or a sponsor 403; so does
the operation that reads the same records."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest
from ninja.errors import HttpError

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.models import CLIENT_ROLES, Role

# Where a mentor's and a sponsor's token read what is theirs (endpoints/journey_shared.py).
WHERE_THEY_READ: dict[str, str] = {
    Role.MENTOR.value: " A mentor's token reads the journeys shared with them, at "
    "/api/v1/mentoring/journeys.",
    Role.SPONSOR.value: " A sponsor's token reads the journeys they sponsor, at "
    "/api/v1/sponsored/journeys.",
}


def coaches_only(request: HttpRequest) -> MemberRequest:
    """The request as a member's, when its token's person is an owner or a coach now."""
    member = cast(MemberRequest, request)
    if member.membership.role not in CLIENT_ROLES:
        role = member.membership.get_role_display().lower()
        raise HttpError(
            403,
            f"A {role} does not see the practice's clients, designs or journeys, in the pages "
            "or through the API." + WHERE_THEY_READ.get(str(member.membership.role), ""),
        )
    return member
