"""The client answers their journey's intake in the portal, before the first session.

They can save part-way and come back; before sending they review their answers exactly as
the coach's prep will show them; once sent, the page is read-only and says when. Every
view passes the portal's one guard (access.py), and a journey that is not this client's,
has ended, or whose design asks nothing, is 404. A refusal shows the form again with what
was typed and why; sending twice sends once and says so.
"""

from __future__ import annotations

from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from arcwise.accounts.http import ArcwiseRequest
from arcwise.days import zone_or_utc
from arcwise.errors import DomainError
from arcwise.forms_common import SafeTextForm
from arcwise.intake import services
from arcwise.intake.answers import check_answers
from arcwise.intake.forms import IntakeForm, field_name, intake_form
from arcwise.intake.queries import IntakeView, intake_journey_for, intake_view_of
from arcwise.portal.access import portal_view
from arcwise.portal.models import PortalLink


class SendForm(SafeTextForm):
    revision = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)


def _page(
    request: ArcwiseRequest, view: IntakeView, form: IntakeForm | None, status: int = 200
) -> HttpResponse:
    context = {"intake": view, "form": form, "zone": zone_or_utc(view.journey.client.time_zone)}
    return render(request, "portal/intake.html", context, status=status)


@require_http_methods(["GET"])
@portal_view()
def intake(request: ArcwiseRequest, link: PortalLink, journey_id: UUID) -> HttpResponse:
    """The questions with the answers saved so far; read-only once sent."""
    view = intake_view_of(intake_journey_for(link.client, journey_id))
    if view.sent_at:
        return _page(request, view, None)
    initial = {field_name(q): view.answers.get(q.key, "") for q in view.questions}
    form = intake_form(view.questions, initial={**initial, "revision": view.revision})
    return _page(request, view, form)


@require_POST
@portal_view()
def intake_save(request: ArcwiseRequest, link: PortalLink, journey_id: UUID) -> HttpResponse:
    """Save part-way; with "Review", go on to the review before sending."""
    journey = intake_journey_for(link.client, journey_id)
    view = intake_view_of(journey)
    form = intake_form(view.questions, request.POST)
    if not form.is_valid():
        return _page(request, view, form, status=400)
    try:
        services.intake_save(
            journey=journey, answers=form.answers(), expected_revision=form.cleaned_data["revision"]
        )
    except services.AlreadyDone as done:
        messages.info(request, done.message)
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _page(request, view, form, status=409)
    else:
        messages.success(request, "Saved. You can come back to it any time before you send it.")
    target = "portal:intake_review" if request.POST.get("step") == "review" else "portal:intake"
    return redirect(target, journey_id=journey.public_id)


@require_http_methods(["GET"])
@portal_view()
def intake_review(request: ArcwiseRequest, link: PortalLink, journey_id: UUID) -> HttpResponse:
    """The saved answers as the coach will see them, and the button that sends them."""
    view = intake_view_of(intake_journey_for(link.client, journey_id))
    if view.sent_at or view.intake is None:
        return redirect("portal:intake", journey_id=journey_id)
    return _review(request, view)


def _review(
    request: ArcwiseRequest, view: IntakeView, error: str = "", status: int = 200
) -> HttpResponse:
    missing = [p.message for p in check_answers(view.questions, view.answers, sending=True)]
    context = {
        "intake": view,
        "zone": zone_or_utc(view.journey.client.time_zone),
        "reviewing": True,
        "missing": missing,
        "error": error,
        "send_form": SendForm(initial={"revision": view.revision}),
    }
    return render(request, "portal/intake.html", context, status=status)


@require_POST
@portal_view()
def intake_send(request: ArcwiseRequest, link: PortalLink, journey_id: UUID) -> HttpResponse:
    """Send the reviewed answers to the coach, once."""
    journey = intake_journey_for(link.client, journey_id)
    form = SendForm(request.POST)
    if not form.is_valid():
        return _review(request, intake_view_of(journey), "Reload this page, then send.", 400)
    try:
        services.intake_submit(journey=journey, expected_revision=form.cleaned_data["revision"])
    except services.AlreadyDone as done:
        messages.info(request, done.message)
    except DomainError as error:
        view = intake_view_of(journey)
        if view.intake is None:
            messages.error(request, error.message)
            return redirect("portal:intake", journey_id=journey.public_id)
        return _review(request, view, error.message, 409)
    else:
        messages.success(request, "Sent to your coach. Thank you.")
    return redirect("portal:intake", journey_id=journey.public_id)
