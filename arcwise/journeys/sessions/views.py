"""The session page and what changes on it: the record, the status, the time."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.tenancy import coaches_only
from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyChanged, JourneyEnded
from arcwise.journeys.inputs import form_problems
from arcwise.journeys.models import Journey, Session
from arcwise.journeys.pages.common import tz
from arcwise.journeys.sessions import services
from arcwise.journeys.sessions.forms import RescheduleForm, SessionStatusForm
from arcwise.journeys.sessions.page import back_to_session, session_page, with_session
from arcwise.journeys.sessions.record import session_record_submit


@require_http_methods(["GET"])
@coaches_only
@with_session
def session_detail(request: MemberRequest, journey: Journey, session: Session) -> HttpResponse:
    return session_page(request, journey, session)


@require_POST
@coaches_only
@with_session
def session_record(request: MemberRequest, journey: Journey, session: Session) -> HttpResponse:
    """Save notes, insights and agreements; htmx calls this to autosave as the coach types."""
    submitted = session_record_submit(session=session, by=request.user, data=request.POST)
    if request.htmx:
        return render(
            request,
            "journeys/_record_status.html",
            submitted.status_line,
            status=submitted.status,
        )
    if submitted.saved:
        messages.success(request, "The session record is saved.")
        return back_to_session(journey, submitted.session)
    return session_page(
        request,
        journey,
        session,
        record_form=submitted.form,
        saved_meanwhile=submitted.saved_meanwhile,
        status=submitted.status,
    )


@require_POST
@coaches_only
@with_session
def session_status(request: MemberRequest, journey: Journey, session: Session) -> HttpResponse:
    form = SessionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing was changed. {form_problems(form)}")
        return back_to_session(journey, session)
    try:
        services.session_set_status(
            session=session,
            status=form.cleaned_data["status"],
            from_status=form.cleaned_data["from_status"],
        )
    except AlreadyChanged as repeat:
        messages.info(request, repeat.message)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The session is marked {session.get_status_display().lower()}.")
    return back_to_session(journey, session)


@require_POST
@coaches_only
@with_session
def session_reschedule(request: MemberRequest, journey: Journey, session: Session) -> HttpResponse:
    form = RescheduleForm(request.POST, time_zone=tz(request))
    if form.is_valid():
        try:
            services.session_reschedule(
                session=session,
                starts_at=form.starts_at(),
                minutes=form.cleaned_data["minutes"],
                from_starts_at=form.cleaned_data["from_starts_at"],
                from_minutes=form.cleaned_data["from_minutes"],
            )
        except (AlreadyChanged, JourneyEnded) as refusal:
            # The form was made from a time, a status or a journey that no longer holds:
            # show the session as it is now, with the reason.
            messages.info(request, refusal.message)
            return back_to_session(journey, session)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "The session is moved.")
            return back_to_session(journey, session)
    return session_page(request, journey, session, when_form=form, status=400)
