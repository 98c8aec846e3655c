"""The request as Arcwise's middleware leaves it, for type checking views."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest, QueryDict

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


def client_address(request: HttpRequest) -> str | None:
    """The address of the person asking, for throttling.

    Behind a reverse proxy every request comes from the proxy, so the proxy's header named by
    CLIENT_ADDRESS_HEADER is read instead: its last entry, the one our own proxy added (the
    earlier ones are whatever the client claimed).
    """
    candidates = []
    if settings.CLIENT_ADDRESS_HEADER:
        meta_key = "HTTP_" + settings.CLIENT_ADDRESS_HEADER.upper().replace("-", "_")
        candidates.append(request.META.get(meta_key, "").split(",")[-1].strip())
    candidates.append(request.META.get("REMOTE_ADDR", ""))
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST, else None: a form bound to it is checked even when nothing
    was posted (`request.POST or None` would leave an empty POST's form unbound, and so
    answer it with the blank form and no word of what is missing)."""
    return request.POST if request.method == "POST" else None
