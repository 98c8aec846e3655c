"""Keeping a thread from the session page, and closing it from prep or its session."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.tenancy import coaches_only
from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyChanged, JourneyEnded
from arcwise.journeys.inputs import form_problems
from arcwise.journeys.models import Journey, Session
from arcwise.journeys.pages.access import get_thread_for
from arcwise.journeys.pages.common import with_journey
from arcwise.journeys.sessions.page import session_page, with_session
from arcwise.journeys.threads import services
from arcwise.journeys.threads.forms import ThreadCloseForm, ThreadForm


def _threads_of(journey: Journey, session: Session) -> str:
    return reverse("journeys:session", args=[journey.public_id, session.public_id]) + "#threads"


@require_POST
@coaches_only
@with_session
def thread_open(request: MemberRequest, journey: Journey, session: Session) -> HttpResponse:
    """Keep something said in the session as a thread to come back to."""
    form = ThreadForm(request.POST)
    if form.is_valid():
        try:
            services.thread_open(session=session, **form.cleaned_data)
        except (AlreadyChanged, JourneyEnded) as refusal:
            messages.info(request, refusal.message)
            return redirect(_threads_of(journey, session))
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "The thread is kept: session prep lists it until closed.")
            return redirect(_threads_of(journey, session))
    return session_page(request, journey, session, thread_form=form, status=400)


@require_POST
@coaches_only
@with_journey
def thread_close(request: MemberRequest, journey: Journey, thread_id: UUID) -> HttpResponse:
    """Close a thread with one line on where it went; back to prep, or to its session."""
    thread = get_thread_for(journey, thread_id)
    form = ThreadCloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"“{thread.text}” is still open. {form_problems(form)}")
    else:
        try:
            services.thread_close(
                thread=thread,
                where_it_went=form.cleaned_data["where_it_went"],
                from_version=form.cleaned_data["version"],
            )
        except AlreadyChanged as repeat:
            messages.info(request, repeat.message)
        except DomainError as error:
            messages.error(request, f"“{thread.text}” is still open. {error.message}")
        else:
            messages.success(request, f"“{thread.text}” is closed.")
    if request.POST.get("back") == "session":
        session = next(s for s in journey.sessions.all() if s.pk == thread.session_id)
        return redirect(_threads_of(journey, session))
    return redirect(reverse("journeys:prep", args=[journey.public_id]) + "#threads-heading")
