"""Agreeing an experiment on the session page, and closing one with its debrief."""

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
from arcwise.journeys.experiments import services
from arcwise.journeys.experiments.forms import ExperimentForm, ExperimentStatusForm
from arcwise.journeys.inputs import form_problems
from arcwise.journeys.models import Experiment, Journey, Session
from arcwise.journeys.pages.access import get_experiment_for
from arcwise.journeys.pages.common import with_journey
from arcwise.journeys.sessions.page import back_to_session, session_page, with_session


@require_POST
@coaches_only
@with_session
def experiment_agree(request: MemberRequest, journey: Journey, session: Session) -> HttpResponse:
    form = ExperimentForm(request.POST)
    if form.is_valid():
        try:
            services.experiment_agree(session=session, **form.cleaned_data)
        except (AlreadyChanged, JourneyEnded) as refusal:
            messages.info(request, refusal.message)
            return back_to_session(journey, session)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"The experiment “{form.cleaned_data['title']}” is agreed.")
            return back_to_session(journey, session)
    return session_page(request, journey, session, experiment_form=form, status=400)


def _after_experiment(request: MemberRequest, journey: Journey, experiment: Experiment) -> str:
    """Back to the page the experiment was closed from."""
    back = request.POST.get("back")
    if back == "prep":
        return reverse("journeys:prep", args=[journey.public_id])
    session = next((s for s in journey.sessions.all() if s.pk == experiment.session_id), None)
    if back == "session" and session is not None:
        return reverse("journeys:session", args=[journey.public_id, session.public_id])
    return reverse("journeys:detail", args=[journey.public_id]) + "#experiments"


@require_POST
@coaches_only
@with_journey
def experiment_status(
    request: MemberRequest, journey: Journey, experiment_id: UUID
) -> HttpResponse:
    """Mark an experiment done or dropped, with the debrief: what was learned."""
    experiment = get_experiment_for(journey, experiment_id)
    form = ExperimentStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"“{experiment.title}” is unchanged. {form_problems(form)}")
        return redirect(_after_experiment(request, journey, experiment))
    try:
        services.experiment_set_status(experiment=experiment, **form.cleaned_data)
    except AlreadyChanged as repeat:
        messages.info(request, repeat.message)
    except DomainError as error:
        messages.error(request, f"“{experiment.title}” is unchanged. {error.message}")
    else:
        messages.success(
            request, f"“{experiment.title}” is {experiment.get_status_display().lower()}."
        )
    return redirect(_after_experiment(request, journey, experiment))
