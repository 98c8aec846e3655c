"""The form that changes a draft's details: name, purpose, audience, cadence, pulse scales.

A save names the draft and the revision the form was opened at. Saved meanwhile in another
tab, the form comes back (409) with what was typed and what is saved now beside it.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.tenancy import coaches_only
from arcwise.designs import queries
from arcwise.designs.forms import DraftDetailsForm
from arcwise.designs.models import Design, DesignVersion
from arcwise.designs.services import editing
from arcwise.designs.services.refusals import AlreadyDone, Reason, StaleDraft, missing_draft
from arcwise.designs.views.common import (
    already_done,
    no_draft,
    sent_again,
    show_problems,
    version_for_page,
    with_editable_design,
)
from arcwise.errors import DomainError


def _details_page(
    request: MemberRequest,
    design: Design,
    version: DesignVersion,
    form: DraftDetailsForm,
    *,
    saved_meanwhile: DesignVersion | None = None,
    closed: bool = False,
    status: int = 200,
) -> HttpResponse:
    context = {
        "design": design,
        "version": version,
        "form": form,
        "saved_meanwhile": saved_meanwhile,
        "closed": closed,
    }
    return render(request, "designs/details_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@coaches_only
@with_editable_design
def draft_details(request: MemberRequest, design: Design) -> HttpResponse:
    if request.method == "POST":
        return _save_details(request, design)
    draft = queries.current_draft(design)
    if draft is None:
        return no_draft(request, design)
    form = DraftDetailsForm(initial=DraftDetailsForm.initial_from(draft))
    return _details_page(request, design, draft, form)


def _save_details(request: MemberRequest, design: Design) -> HttpResponse:
    form = DraftDetailsForm(request.POST)
    if not form.is_valid():
        version = version_for_page(design, form.cleaned_data.get("draft"))
        return _details_page(request, design, version, form, status=400)
    data = form.cleaned_data
    draft = queries.get_version(design, data["draft"])
    try:
        if draft is None:
            raise missing_draft(typed=True)
        spec = form.to_spec()
        editing.draft_update_details(
            draft=draft,
            name=spec.name,
            purpose=spec.purpose,
            audience=spec.audience,
            cadence_days=spec.cadence_days,
            pulse_scales=spec.pulse_scales,
            wheel_areas=spec.wheel_areas,
            expected_revision=data["revision"],
        )
    except AlreadyDone as done:
        return already_done(request, done, design)
    except StaleDraft as error:
        return _details_refused(request, design, form, error)
    except DomainError as error:
        show_problems(form, error)
        version = draft or version_for_page(design, None)
        return _details_page(request, design, version, form, status=400)
    messages.success(request, "The design's details are saved.")
    return redirect("designs:designer", design_id=design.public_id)


def _details_refused(
    request: MemberRequest, design: Design, form: DraftDetailsForm, error: StaleDraft
) -> HttpResponse:
    """The form again, with what was typed, and why it was not saved (409)."""
    saved = queries.get_version(design, form.cleaned_data["draft"])
    if error.reason == Reason.CHANGED and saved is not None:
        # Keep what was typed and show what was saved meanwhile; the next save, made
        # knowing both, goes through.
        form = sent_again(
            DraftDetailsForm, request.POST, error.message, revision=str(saved.revision)
        )
        return _details_page(request, design, saved, form, saved_meanwhile=saved, status=409)
    form.add_error(None, error.message)
    version = saved or version_for_page(design, None)
    return _details_page(request, design, version, form, closed=True, status=409)
