"""Attach the practice a signed-in user is working in, and show times in their time zone."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from arcwise.accounts.models import Membership
from arcwise.accounts.queries import current_membership, memberships_of
from arcwise.days import zone_or_utc

CURRENT_PRACTICE_SESSION_KEY = "arcwise_practice"


class PracticeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        memberships: list[Membership] = []
        membership = None
        user = request.user
        if user.is_authenticated:
            memberships = memberships_of(user)
            membership = current_membership(
                memberships, request.session.get(CURRENT_PRACTICE_SESSION_KEY)
            )
            timezone.activate(zone_or_utc(user.time_zone))
        request.memberships = memberships  # type: ignore[attr-defined]
        request.membership = membership  # type: ignore[attr-defined]
        request.practice = membership.practice if membership else None  # type: ignore[attr-defined]
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
