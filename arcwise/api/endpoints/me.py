"""Who a token speaks for: the first call a tool makes to check its token (docs/api.md)."""

from django.http import HttpRequest
from ninja import Router, Schema

from arcwise.api.auth import bearer
from arcwise.api.problems import answers

router = Router(tags=["me"])


class Me(Schema):
    member_id: str
    name: str
    email: str
    practice: str
    role: str
    can_write: bool
    token: str


@router.get("", response=answers(Me), summary="The person and practice this token speaks for")
def me(request: HttpRequest) -> Me:
    found = bearer(request)
    membership = found.membership
    return Me(
        member_id=str(membership.public_id),
        name=membership.user.get_full_name() or membership.user.email,
        email=membership.user.email,
        practice=membership.practice.name,
        role=membership.role,
        can_write=found.token.can_write,
        token=found.token.prefix,
    )
