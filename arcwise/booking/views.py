"""The coach's side: their week (with the moves waiting for them), answering a move, and a
journey's video link."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.models import CLIENT_ROLES
from arcwise.accounts.sections import AccountSection
from arcwise.accounts.tenancy import coaches_only
from arcwise.booking import queries, services, video
from arcwise.booking.forms import MoveDecisionForm, VideoLinkForm, WeekForm
from arcwise.booking.week import availability_of, availability_save
from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyChanged
from arcwise.journeys.pages.access import get_journey_for, get_session_for


def availability_account_section(request: MemberRequest) -> AccountSection | None:
    """The account page's way to the availability page: for owners and coaches."""
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in CLIENT_ROLES:
        return None
    return AccountSection("booking/_account_section.html")


def _week_page(request: MemberRequest, form: WeekForm, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "availability": availability_of(request.practice.pk, request.user.pk),
        "moves": queries.waiting_moves_of(request.practice.pk, request.user.pk),
        "decision_form": MoveDecisionForm(),
        "zone": request.user.time_zone,
    }
    return render(request, "booking/availability.html", context, status=status)


@require_http_methods(["GET"])
@coaches_only
def availability(request: MemberRequest) -> HttpResponse:
    week = availability_of(request.practice.pk, request.user.pk)
    return _week_page(request, WeekForm.for_availability(week))


@require_POST
@coaches_only
def availability_save_view(request: MemberRequest) -> HttpResponse:
    form = WeekForm(request.POST)
    if not form.is_valid():
        return _week_page(request, form, status=400)
    try:
        availability_save(
            practice=request.practice,
            coach=request.user,
            expected_version=form.cleaned_data["version"],
            buffer_minutes=form.cleaned_data["buffer_minutes"],
            notice_hours=form.cleaned_data["notice_hours"],
            ranges=form.ranges(),
        )
    except AlreadyChanged as repeat:
        messages.info(request, repeat.message)
        return redirect("booking:availability")
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _week_page(request, form, status=400)
    messages.success(request, "Your week is published: clients book inside it from now on.")
    return redirect("booking:availability")


@require_POST
@coaches_only
def move_decide(request: MemberRequest, move_id: UUID) -> HttpResponse:
    move = queries.move_for(request.practice.pk, request.user.pk, move_id)
    form = MoveDecisionForm(request.POST)
    back = request.POST.get("back") == "journey"
    if not form.is_valid():
        messages.error(request, "Choose to accept or decline the move; nothing was changed.")
    else:
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.move_decide(move=move, accept=accept, by=request.user)
        except AlreadyChanged as repeat:
            messages.info(request, repeat.message)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                "Accepted: the session has moved and the client is told."
                if accept
                else "Declined: the session keeps its time and the client is told.",
            )
    if back:
        return redirect("journeys:detail", journey_id=move.journey.public_id)
    return redirect("booking:availability")


@require_POST
@coaches_only
def video_link_save(request: MemberRequest, journey_id: UUID) -> HttpResponse:
    journey = get_journey_for(request, journey_id)
    form = VideoLinkForm(request.POST)
    if not form.is_valid():
        problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, f"The video link was not saved. {problems}")
        return redirect("journeys:detail", journey_id=journey.public_id)
    session = None
    if form.cleaned_data["session"] is not None:
        session = get_session_for(request, journey, form.cleaned_data["session"])
    try:
        link = video.video_link_save(
            journey=journey,
            url=form.cleaned_data["video_link"],
            expected_version=form.cleaned_data["version"],
            session=session,
        )
    except AlreadyChanged as repeat:
        messages.info(request, repeat.message)
    except DomainError as error:
        messages.error(request, f"The video link was not saved. {error.message}")
    else:
        messages.success(
            request,
            "The video link is saved: the portal and calendars show it."
            if link
            else "The video link is removed.",
        )
    return redirect("journeys:detail", journey_id=journey.public_id)
