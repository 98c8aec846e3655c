"""Removing a journey started by mistake, and handing a leaving coach's journeys to another
coach. A journey closes, or ends early, through the closing review (the outcomes app)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from arcwise.accounts.http import MemberRequest, posted
from arcwise.accounts.models import Role
from arcwise.accounts.tenancy import coaches_only, member_required
from arcwise.errors import DomainError
from arcwise.journeys.endings import services
from arcwise.journeys.endings.forms import RemoveForm
from arcwise.journeys.endings.queries import handover_for, removal_page
from arcwise.journeys.errors import AlreadyChanged, JourneyGone
from arcwise.journeys.pages.access import get_journey_for
from arcwise.journeys.pages.common import refused


@require_http_methods(["GET", "POST"])
@coaches_only
def journey_remove(request: MemberRequest, journey_id: UUID) -> HttpResponse:
    """Remove a journey started by mistake: GET shows what goes, POST (with the revision
    the page showed) deletes it."""
    try:
        journey = get_journey_for(request, journey_id)
    except Http404:
        # Removing twice lands here, as does a journey that was never the coach's: the
        # page cannot tell which without saying whether the journey exists, so it says both.
        return render(request, "journeys/journey_gone.html", status=404)
    form = RemoveForm(posted(request), initial={"revision": journey.revision})
    if request.method == "GET":
        return render(request, "journeys/remove.html", removal_page(journey, form))
    try:
        removed = services.journey_remove(
            journey=journey, expected_revision=form.expected_revision(), by=request.user
        )
    except JourneyGone as error:
        messages.info(request, error.message)
        return redirect("journeys:list")
    except DomainError as error:
        return refused(request, journey, error)
    messages.success(request, removed.message())
    return redirect("journeys:list")


@require_http_methods(["GET", "POST"])
@member_required(roles=(Role.OWNER,))
def journey_handover(request: MemberRequest, member_id: UUID) -> HttpResponse:
    """The owner hands a leaving member's open journeys to another coach, then removes them."""
    page = handover_for(request, member_id)
    form = page.form(posted(request))
    if request.method == "POST" and form.is_valid():
        taker = page.coach(form.cleaned_data["to_coach"])
        try:
            given = services.journeys_hand_over(
                practice=request.practice,
                from_coach=page.leaving.user,
                to_coach=taker.user,
                seen=form.cleaned_data["seen"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                today=timezone.localdate(),
            )
        except DomainError as error:
            # A repeat or a second tab is told as information: nothing went wrong.
            (messages.info if isinstance(error, AlreadyChanged) else messages.error)(
                request, error.message
            )
            return redirect("journeys:handover", member_id=member_id)
        messages.success(request, page.handed_over(len(given), taker))
        return redirect("accounts:practice")
    status = 400 if form.errors else 200
    return render(request, "journeys/handover.html", {"page": page, "form": form}, status=status)
