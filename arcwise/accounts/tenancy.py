"""Scope every row to the practice of the person asking.

Every view that shows or changes practice data goes through `member_required` and then
reads rows only through `scoped` or `get_scoped_or_404`, so a row of another practice is
indistinguishable from a row that does not exist: both are 404.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from arcwise.accounts.models import CLIENT_ROLES, Role

M = TypeVar("M", bound=Model)
ROLE_PLURALS: dict[str, str] = {
    Role.OWNER: "owners",
    Role.COACH: "coaches",
    Role.MENTOR: "mentors",
    Role.SPONSOR: "sponsors",
}
View = Callable[..., HttpResponse]


def scoped(rows: type[M] | QuerySet[M], request: HttpRequest) -> QuerySet[M]:
    """The rows of the request's current practice, and no others."""
    practice = getattr(request, "practice", None)
    if practice is None:
        raise Http404("No practice")
    queryset = rows._default_manager.all() if isinstance(rows, type) else rows
    return queryset.filter(practice=practice)


def get_scoped_or_404(rows: type[M] | QuerySet[M], request: HttpRequest, **lookup: Any) -> M:
    """One row of the current practice; 404 for a row elsewhere, as for one that is missing."""
    queryset = scoped(rows, request)
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValidationError, ValueError):
        raise Http404("Not found") from None


def member_required(
    view: View | None = None, *, roles: Collection[str] = tuple(Role.values)
) -> Any:
    """Let through signed-in members of a practice whose role is in `roles`.

    Anonymous visitors are sent to sign in; a member without the role gets a 403 page that
    says why; someone in no practice at all is told so.
    """

    allowed = " and ".join(ROLE_PLURALS[role] for role in Role.values if role in roles)

    def decorate(view_func: View) -> View:
        @wraps(view_func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = getattr(request, "membership", None)
            if membership is None:
                return render(request, "no_practice.html", status=403)
            if membership.role not in roles:
                context = {"role": membership.get_role_display(), "allowed": allowed}
                return render(request, "forbidden.html", context, status=403)
            return view_func(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate


# Pages about clients, designs and journeys: for owners and coaches, never mentors.
coaches_only = member_required(roles=CLIENT_ROLES)
