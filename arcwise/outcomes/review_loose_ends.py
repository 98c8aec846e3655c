"""Tying up the loose ends from the closing review's first step: each past session gets
its status, each open experiment its debrief (or "not tried"), each open thread where it
went. Each calls the journeys write that the session page would, and comes back here."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.tenancy import coaches_only
from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyChanged
from arcwise.journeys.experiments.forms import ExperimentStatusForm
from arcwise.journeys.experiments.services import experiment_set_status
from arcwise.journeys.inputs import form_problems
from arcwise.journeys.models import Journey
from arcwise.journeys.pages.access import get_experiment_for, get_session_for, get_thread_for
from arcwise.journeys.pages.common import with_journey
from arcwise.journeys.sessions.forms import SessionStatusForm
from arcwise.journeys.sessions.services import session_set_status
from arcwise.journeys.threads.forms import ThreadCloseForm
from arcwise.journeys.threads.services import thread_close
from arcwise.outcomes.review_views import to_review


def _told(request: MemberRequest, done: str, write: Callable[[], object]) -> None:
    """Say how the write went: done, a repeat (information), or refused (an error)."""
    try:
        write()
    except AlreadyChanged as repeat:
        messages.info(request, repeat.message)
    except DomainError as error:
        messages.error(request, f"Nothing was changed. {error.message}")
    else:
        messages.success(request, done)


@require_POST
@coaches_only
@with_journey
def loose_session(request: MemberRequest, journey: Journey, session_id: UUID) -> HttpResponse:
    session = get_session_for(request, journey, session_id)
    form = SessionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing was changed. {form_problems(form)}")
        return to_review(journey)
    data = form.cleaned_data
    _told(
        request,
        "The session's status is saved.",
        lambda: session_set_status(
            session=session, status=data["status"], from_status=data["from_status"]
        ),
    )
    return to_review(journey)


@require_POST
@coaches_only
@with_journey
def loose_experiment(request: MemberRequest, journey: Journey, experiment_id: UUID) -> HttpResponse:
    experiment = get_experiment_for(journey, experiment_id)
    form = ExperimentStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"“{experiment.title}” is unchanged. {form_problems(form)}")
        return to_review(journey)
    _told(
        request,
        f"“{experiment.title}” is closed with its debrief.",
        lambda: experiment_set_status(experiment=experiment, **form.cleaned_data),
    )
    return to_review(journey)


@require_POST
@coaches_only
@with_journey
def loose_thread(request: MemberRequest, journey: Journey, thread_id: UUID) -> HttpResponse:
    thread = get_thread_for(journey, thread_id)
    form = ThreadCloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"“{thread.text}” is still open. {form_problems(form)}")
        return to_review(journey)
    data = form.cleaned_data
    _told(
        request,
        f"“{thread.text}” is closed.",
        lambda: thread_close(
            thread=thread, where_it_went=data["where_it_went"], from_version=data["version"]
        ),
    )
    return to_review(journey)
