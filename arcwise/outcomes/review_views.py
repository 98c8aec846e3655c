"""The closing review's pages: the review step by step, its loose ends tied up in place,
asking the client, closing, and setting the review aside."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.tenancy import coaches_only
from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyChanged
from arcwise.journeys.inputs import form_problems
from arcwise.journeys.models import Journey
from arcwise.journeys.pages.common import journey_context, to_journey, with_journey
from arcwise.outcomes import review_services as services
from arcwise.outcomes.models import ClosingReview, ReviewKind, ReviewStep
from arcwise.outcomes.review_forms import CloseForm, StartForm, StepForm, VersionForm
from arcwise.outcomes.review_queries import review_of, review_page

STARTED = {
    ReviewKind.FULL: "The closing review has started. Tie up the loose ends first.",
    ReviewKind.SHORT: "Ending early: tie up the loose ends first, then say why.",
}


def to_review(journey: Journey, step: str = "") -> HttpResponse:
    url = reverse("outcomes:review", args=[journey.public_id])
    return redirect(f"{url}?step={step}" if step else url)


def _render(
    request: MemberRequest,
    journey: Journey,
    review: ClosingReview,
    *,
    asked: str | None = None,
    step_form: StepForm | None = None,
    close_form: CloseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if step_form is not None:
        asked = str(step_form.data.get("step", ""))
    page = review_page(journey, review, asked)
    initial = {"version": review.version, "step": page.showing}
    context = journey_context(
        request,
        journey,
        page=page,
        step_form=step_form
        or StepForm(initial={**initial, **_typed(review)}, short=review.kind == ReviewKind.SHORT),
        close_form=close_form or CloseForm(initial={**initial, "on": timezone.localdate()}),
        version_form=VersionForm(initial=initial),
    )
    return render(request, "outcomes/review.html", context, status=status)


def _typed(review: ClosingReview) -> dict[str, str]:
    return {
        "coach_words": review.coach_words,
        "takes_forward": review.takes_forward,
        "because": review.because,
        "because_note": review.because_note,
    }


@require_GET
@coaches_only
@with_journey
def review(request: MemberRequest, journey: Journey) -> HttpResponse:
    found = review_of(journey)
    if found is None:
        messages.info(request, "No closing review is under way for this journey.")
        return to_journey(journey)
    return _render(request, journey, found, asked=request.GET.get("step"))


@require_POST
@coaches_only
@with_journey
def review_start(request: MemberRequest, journey: Journey) -> HttpResponse:
    form = StartForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing was started. {form_problems(form)}")
        return to_journey(journey)
    kind = ReviewKind(form.cleaned_data["kind"])
    try:
        services.review_start(
            journey=journey,
            kind=kind,
            by=request.user,
            expected_revision=form.cleaned_data["revision"],
        )
    except AlreadyChanged as repeat:
        messages.info(request, repeat.message)
    except DomainError as error:
        messages.error(request, error.message)
        return to_journey(journey)
    else:
        messages.success(request, STARTED[kind])
    return to_review(journey)


def with_review(
    view: Callable[[MemberRequest, Journey, ClosingReview], HttpResponse],
) -> Callable[[MemberRequest, Journey], HttpResponse]:
    """Pass the view the journey's review under way; with none (set aside, or finished and
    the journey ended), back to the journey page, saying so."""

    @wraps(view)
    def wrapper(request: MemberRequest, journey: Journey) -> HttpResponse:
        found = review_of(journey)
        if found is None:
            messages.info(request, services.REVIEW_GONE)
            return to_journey(journey)
        return view(request, journey, found)

    return wrapper


@require_POST
@coaches_only
@with_journey
@with_review
def review_step(request: MemberRequest, journey: Journey, found: ClosingReview) -> HttpResponse:
    """Save one step and go on to the next; a refusal shows the step again, as typed."""
    form = StepForm(request.POST, short=found.kind == ReviewKind.SHORT)
    if form.is_valid():
        try:
            saved = services.review_step_save(
                review=found,
                step=ReviewStep(form.cleaned_data["step"]),
                words=form.words(),
                expected_version=form.cleaned_data["version"],
            )
        except AlreadyChanged as repeat:
            messages.info(request, repeat.message)
            return to_review(journey)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"Saved: {ReviewStep(form.cleaned_data['step']).label}.")
            return to_review(journey, saved.step)
    return _render(request, journey, found, step_form=form, status=400)


@require_POST
@coaches_only
@with_journey
@with_review
def review_ask_client(
    request: MemberRequest, journey: Journey, found: ClosingReview
) -> HttpResponse:
    """Ask the client, through the portal, for their closing ratings and words."""
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_problems(form))
        return to_review(journey)
    try:
        services.review_client_ask(
            review=found, expected_version=form.cleaned_data["version"], now=timezone.now()
        )
    except DomainError as error:
        messages.info(request, error.message)
    else:
        messages.success(
            request,
            f"{journey.client.name} is asked: their portal shows the closing questions, and an "
            "e-mail tells them.",
        )
    return to_review(journey, found.step)


@require_POST
@coaches_only
@with_journey
@with_review
def review_close(request: MemberRequest, journey: Journey, found: ClosingReview) -> HttpResponse:
    """The last step: the journey closes (or ends early) on the day given."""
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            ended = services.review_close(
                review=found,
                on=form.cleaned_data["on"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
                today=timezone.localdate(),
            )
        except AlreadyChanged as repeat:
            messages.info(request, repeat.message)
            return to_journey(journey)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"The journey is {ended.get_status_display().lower()}.")
            return to_journey(journey)
    return _render(request, journey, found, close_form=form, status=400)


@require_POST
@coaches_only
@with_journey
@with_review
def review_set_aside(
    request: MemberRequest, journey: Journey, found: ClosingReview
) -> HttpResponse:
    """Stop the review; the journey runs on as before."""
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(form_problems(form))
        services.review_set_aside(review=found, expected_version=form.cleaned_data["version"])
    except DomainError as error:
        messages.info(request, error.message)
        return to_review(journey)
    messages.success(request, "The review is set aside; the journey runs on.")
    return to_journey(journey)
