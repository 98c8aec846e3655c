"""The one guard every portal view passes: who is this visitor, and may they in?

The link's token was exchanged for the link's key in the visitor's session (views.enter).
On every request the guard reads that link again and refuses, before the view runs, so
nothing is read or stored:

- no link in the session: the page that says to open the link from the e-mail (403);
- the coach closed the portal, or archived the client: the portal is closed, and no fresh
  link is offered (it would not be sent);
- the link expired, or a newer one replaced it: a fresh link to the address on file is
  offered (the only view that takes such a link is the one that sends a fresh one).

An autosave (htmx) refused here answers with its status line, as a 409 that the page's
script shows, so the client's text stays in the box while they read why it was not saved.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import Enum
from typing import Concatenate, ParamSpec

from django.http import HttpResponse
from django.shortcuts import render

from arcwise.accounts.http import ArcwiseRequest
from arcwise.portal.models import PortalClosure, PortalLink
from arcwise.portal.services import masked

SESSION_KEY = "portal_link"

P = ParamSpec("P")
PortalView = Callable[Concatenate[ArcwiseRequest, PortalLink, P], HttpResponse]


class Access(Enum):
    OPEN = "open"
    STALE = "stale"  # expired, or replaced by a newer link: a fresh one may be asked for
    CLOSED = "closed"  # closed by the coach, or the client archived: nothing opens it


def portal_link_of(request: ArcwiseRequest) -> PortalLink | None:
    """The link the visitor's session was opened with, with its client; usable or not."""
    pk = request.session.get(SESSION_KEY)
    if not isinstance(pk, int):
        return None
    return (
        PortalLink.objects.select_related("client", "client__portal_closure").filter(pk=pk).first()
    )


def access_of(link: PortalLink) -> Access:
    client = link.client
    try:
        closed = client.archived_at is not None or client.portal_closure is not None
    except PortalClosure.DoesNotExist:
        closed = False
    if closed:
        return Access.CLOSED
    return Access.OPEN if link.is_usable() else Access.STALE


def refusal(
    request: ArcwiseRequest, link: PortalLink, access: Access, *, status: int = 403, error: str = ""
) -> HttpResponse:
    """The page (or, for an autosave, the status line) that says why the portal is shut."""
    if request.htmx and request.method == "POST":
        words = (
            "Not saved: this portal is closed."
            if access is Access.CLOSED
            else "Not saved: this link no longer opens your journey."
        )
        # The status line of the thing being saved (its id is the URL's), version kept.
        key = (
            next(iter(request.resolver_match.kwargs.values()), "") if request.resolver_match else ""
        )
        status_line = {
            "key": key,
            "version": request.POST.get("version", ""),
            "error": f"{words} Reload the page to see what to do.",
        }
        return render(request, "portal/_save_status.html", status_line, status=409)
    context: dict[str, object] = {
        "link": link,
        "email": masked(link.client.email),
        "closed": access is Access.CLOSED,
        "refusal": error,
    }
    return render(request, "portal/expired.html", context, status=status)


def portal_view(
    *, refused_status: int = 403, stale_ok: bool = False
) -> Callable[[PortalView[P]], Callable[Concatenate[ArcwiseRequest, P], HttpResponse]]:
    """Run the view with the visitor's link only while it opens the portal; `stale_ok` lets
    an expired or replaced link through too (asking for a fresh one), never a closed one."""

    def decorate(view: PortalView[P]) -> Callable[Concatenate[ArcwiseRequest, P], HttpResponse]:
        @functools.wraps(view)
        def guarded(request: ArcwiseRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            link = portal_link_of(request)
            if link is None:
                return render(request, "portal/no_link.html", status=403)
            access = access_of(link)
            if access is Access.CLOSED or (access is Access.STALE and not stale_ok):
                return refusal(request, link, access, status=refused_status)
            return view(request, link, *args, **kwargs)

        return guarded

    return decorate
