"""Changing the plan: moving on to the next phase, adaptations (previewed, then made), and
moving to a newer version of the design."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.tenancy import coaches_only
from arcwise.errors import DomainError
from arcwise.journeys.inputs import form_problems
from arcwise.journeys.locking import since_you_looked
from arcwise.journeys.models import Journey
from arcwise.journeys.pages.common import journey_context, refused, to_journey, tz, with_journey
from arcwise.journeys.pages.state import JourneyState
from arcwise.journeys.plan import moving, services
from arcwise.journeys.plan.forms import (
    ADAPTATION_FORMS,
    AdaptationForm,
    AdvanceForm,
    current_adaptation,
)
from arcwise.journeys.plan.queries import plan_preview, preview_rows, preview_summary
from arcwise.journeys.schedule import PlanDiff


@require_POST
@coaches_only
@with_journey
def phase_advance(request: MemberRequest, journey: Journey) -> HttpResponse:
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing was changed. {form_problems(form)}")
        return to_journey(journey)
    try:
        run = services.phase_advance(
            journey=journey,
            readiness_note=form.cleaned_data["readiness_note"],
            on=form.cleaned_data["on"],
            expected_revision=form.cleaned_data["revision"],
        )
    except DomainError as error:
        return refused(request, journey, error)
    messages.success(request, f"The journey has moved on to {run.phase.name}.")
    return to_journey(journey)


def _adaptation_form(
    request: MemberRequest, journey: Journey, kind: str
) -> tuple[JourneyState, AdaptationForm]:
    form_class = ADAPTATION_FORMS.get(kind)
    if form_class is None:
        raise Http404("No such adaptation")
    state = JourneyState.of(journey)
    return state, form_class(request.POST, state=state, time_zone=tz(request))


def _preview_page(
    request: MemberRequest,
    journey: Journey,
    state: JourneyState,
    form: AdaptationForm,
    diff: PlanDiff | None,
    *,
    status: int = 200,
) -> HttpResponse:
    rows = preview_rows(state.phase_names, diff) if diff else []
    summary = preview_summary(diff, form.change()) if diff else ""
    context: dict[str, object] = {"form": form, "diff": diff, "rows": rows, "summary": summary}
    if request.htmx:
        context |= {"journey": journey, "state": state}
        return render(request, "journeys/_adapt_preview.html", context, status=status)
    return render(
        request,
        "journeys/adapt_preview.html",
        journey_context(request, journey, state, **context),
        status=status,
    )


def _since_you_looked(
    request: MemberRequest, journey: Journey, state: JourneyState, form: AdaptationForm
) -> HttpResponse | None:
    """For a form made from an older revision of the journey: what changed meanwhile, with
    the adaptation's form as it is now (its choices depend on where the journey stands).

    None for a form made from the journey as it is. A revision the form cannot read is a
    problem of the form itself, said by its validation.
    """
    if form.made_from() in (None, journey.revision):
        return None
    since = since_you_looked(journey)
    fresh = current_adaptation(
        state, tz(request), form.kind, reason=form.data.get(form.add_prefix("reason"), "")
    )
    if fresh is None:
        messages.error(request, since)
        if request.htmx:
            return HttpResponseClientRedirect(reverse("journeys:detail", args=[journey.public_id]))
        return to_journey(journey)
    context: dict[str, object] = {"form": fresh, "since": since}
    if request.htmx:
        context["journey"] = journey
        response = render(request, "journeys/_adapt_form.html", context, status=409)
        response["HX-Retarget"], response["HX-Reswap"] = "closest form", "outerHTML"
        return response
    context = journey_context(request, journey, state, **context)
    return render(request, "journeys/adapt_preview.html", context, status=409)


@require_POST
@coaches_only
@with_journey
def adapt_preview(request: MemberRequest, journey: Journey, kind: str) -> HttpResponse:
    """What an adaptation would do to the plan, to confirm or to change; nothing is saved."""
    state, form = _adaptation_form(request, journey, kind)
    if stale := _since_you_looked(request, journey, state, form):
        return stale
    if not form.is_valid():
        return _preview_page(request, journey, state, form, None, status=400)
    try:
        diff = plan_preview(journey=journey, change=form.change(), today=state.today)
    except DomainError as error:
        form.add_error(None, error.message)
        return _preview_page(request, journey, state, form, None, status=400)
    return _preview_page(request, journey, state, form, diff)


@require_POST
@coaches_only
@with_journey
def adapt(request: MemberRequest, journey: Journey, kind: str) -> HttpResponse:
    """Make the adaptation the coach saw previewed, if the journey is still as they saw it."""
    state, form = _adaptation_form(request, journey, kind)
    if form.made_from() not in (None, journey.revision):
        # A repeat or a second tab: said before the form's choices, which may have moved on.
        return refused(request, journey, DomainError(since_you_looked(journey)))
    if not form.is_valid():
        return _preview_page(request, journey, state, form, None, status=400)
    try:
        done = services.journey_adapt(
            journey=journey,
            change=form.change(),
            reason=form.cleaned_data["reason"],
            by=request.user,
            today=state.today,
            expected_revision=form.cleaned_data["revision"],
        )
    except DomainError as error:
        return refused(request, journey, error)
    messages.success(request, f"Done, and recorded in the adaptation log. {done.diff.summary()}")
    return to_journey(journey)


@require_http_methods(["GET", "POST"])
@coaches_only
@with_journey
def journey_move_version(request: MemberRequest, journey: Journey) -> HttpResponse:
    """The design's changes and their effect on this journey's plan; confirming moves it."""
    confirming = request.method == "POST"
    step = moving.version_move_step(
        journey=journey,
        data=request.POST if confirming else request.GET,
        confirming=confirming,
        by=request.user,
        today=timezone.localdate(),
    )
    if isinstance(step, moving.Moved):
        messages.success(request, step.message)
    elif isinstance(step, moving.NotMoved):
        (messages.info if step.repeat else messages.error)(request, step.message)
    else:
        context = journey_context(request, journey, step.state, **step.context())
        return render(request, "journeys/move_version.html", context, status=step.status)
    return to_journey(journey)
