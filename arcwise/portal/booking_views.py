"""The client books the next session, or moves one, from the portal.

A time inside the window the plan gives the session's phase is booked at once; a time
outside it becomes a request the coach answers. Both pass the portal's one guard
(access.py) and read only this client's sessions.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from arcwise.accounts.http import ArcwiseRequest
from arcwise.booking.forms import ChooseTimeForm
from arcwise.booking.notices import when
from arcwise.booking.queries import booking_page_for, choosable_session_for
from arcwise.booking.services import SlotTaken, session_choose
from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyChanged
from arcwise.portal.access import portal_view
from arcwise.portal.models import PortalLink


def _session_param(request: ArcwiseRequest) -> UUID | None:
    try:
        return UUID(request.GET.get("session", ""))
    except ValueError:
        return None


def _page(
    request: ArcwiseRequest,
    link: PortalLink,
    session_id: UUID | None,
    *,
    taken: SlotTaken | None = None,
    status: int = 200,
) -> HttpResponse:
    page = booking_page_for(link.client, session_id=session_id, now=timezone.now())
    return render(request, "portal/book.html", {"page": page, "taken": taken}, status=status)


@require_http_methods(["GET"])
@portal_view()
def book(request: ArcwiseRequest, link: PortalLink) -> HttpResponse:
    """The client's sessions ahead and the free times for the one chosen (the next)."""
    return _page(request, link, _session_param(request))


@require_POST
@portal_view()
def book_choose(request: ArcwiseRequest, link: PortalLink, session_id: UUID) -> HttpResponse:
    """Book (or ask for) the time chosen; a taken time shows the next free ones."""
    session = choosable_session_for(link.client, session_id)
    back = reverse("portal:book") + f"?session={session.public_id}"
    form = ChooseTimeForm(request.POST)
    if not form.is_valid():
        problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, f"Nothing was booked. {problems}")
        return redirect(back)
    try:
        chosen = session_choose(
            session=session,
            starts_at=form.cleaned_data["starts_at"],
            from_starts_at=form.cleaned_data["from_starts_at"],
        )
    except SlotTaken as taken:
        return _page(request, link, session.public_id, taken=taken, status=409)
    except AlreadyChanged as repeat:
        messages.info(request, repeat.message)
        return redirect(back)
    except DomainError as error:
        messages.error(request, f"Nothing was booked. {error.message}")
        return redirect(back)
    moment = when(form.cleaned_data["starts_at"], link.client.time_zone)
    if chosen.outcome == "booked":
        messages.success(request, f"Booked: your session is on {moment}. Your coach is told.")
    else:
        messages.success(
            request,
            f"Asked: {moment} is outside the weeks the plan gives this part of your journey, "
            "so your coach decides. Your session keeps its time until then.",
        )
    return redirect(back)
