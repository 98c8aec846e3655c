"""What every page's layout needs: the navigation and the practice switcher."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from arcwise.accounts.navigation import sections_for


def practice_context(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    if membership is None:
        return {"nav_sections": []}
    return {
        "nav_sections": sections_for(membership.role, request.path),
        "current_membership": membership,
        "other_memberships": [
            other for other in getattr(request, "memberships", []) if other.pk != membership.pk
        ],
    }
