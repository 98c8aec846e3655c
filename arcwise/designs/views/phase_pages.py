"""The forms that add a phase to the draft or change one, and the arc previewed as it is
typed.

Adding carries the draft and a key that makes sending the form twice add one phase;
changing carries the phase's revision. A refusal keeps what was typed on the screen (409)
and says why: changed meanwhile (the saved phase is shown beside), removed meanwhile (the
words are offered as a new phase), or the draft published or discarded (the text stays to
be copied).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.tenancy import coaches_only
from arcwise.designs import queries
from arcwise.designs.forms import (
    PhaseAddForm,
    PhaseEditForm,
    PhaseForm,
    PracticeFormSet,
    practices_from,
)
from arcwise.designs.models import Design, DesignVersion, Phase
from arcwise.designs.services import editing
from arcwise.designs.services.refusals import (
    PHASE_GONE,
    AlreadyDone,
    Reason,
    StaleDraft,
    missing_draft,
)
from arcwise.designs.spec import check_design
from arcwise.designs.views.common import (
    already_done,
    arc,
    no_draft,
    sent_again,
    show_problems,
    version_for_page,
    with_editable_design,
)
from arcwise.errors import DomainError


def _phase_page(
    request: MemberRequest,
    design: Design,
    version: DesignVersion,
    form: PhaseForm,
    practices: Any,
    *,
    phase: Phase | None = None,
    saved_meanwhile: Phase | None = None,
    closed: bool = False,
    status: int = 200,
) -> HttpResponse:
    version_spec = queries.version_spec(version)
    context = {
        "design": design,
        "version": version,
        "phase": phase,
        "form": form,
        "practices": practices,
        "cadence_days": version.cadence_days,
        "arc": arc(version_spec),
        "findings": check_design(version_spec),
        "saved_meanwhile": saved_meanwhile,
        "saved_spec": queries.phase_spec(saved_meanwhile) if saved_meanwhile else None,
        "closed": closed,
    }
    return render(request, "designs/phase_form.html", context, status=status)


def _phase_problems(form: PhaseForm, error: DomainError) -> None:
    if error.field:
        form.add_error(error.field, error.message)
    else:
        show_problems(form, error)


@require_http_methods(["GET", "POST"])
@coaches_only
@with_editable_design
def phase_new(request: MemberRequest, design: Design) -> HttpResponse:
    if request.method == "POST":
        return _add_phase(request, design)
    draft = queries.current_draft(design)
    if draft is None:
        return no_draft(request, design)
    form = PhaseAddForm(initial={"draft": draft.public_id})
    return _phase_page(request, design, draft, form, PracticeFormSet(prefix="practices"))


def _add_phase(request: MemberRequest, design: Design) -> HttpResponse:
    form = PhaseAddForm(request.POST)
    practices = PracticeFormSet(request.POST, prefix="practices")
    if not (form.is_valid() and practices.is_valid()):
        version = version_for_page(design, form.cleaned_data.get("draft"))
        return _phase_page(request, design, version, form, practices, status=400)
    spec = form.to_spec(practices_from(practices))
    draft = queries.get_version(design, form.cleaned_data["draft"])
    try:
        if draft is None:
            raise missing_draft(typed=True)
        editing.phase_add(
            draft=draft, spec=spec, idempotency_key=form.cleaned_data["idempotency_key"]
        )
    except AlreadyDone as done:
        return already_done(request, done, design)
    except StaleDraft as error:
        # Published or discarded since the form was opened: the text stays to be copied.
        form.add_error(None, error.message)
        version = draft or version_for_page(design, None)
        return _phase_page(request, design, version, form, practices, closed=True, status=409)
    except DomainError as error:
        _phase_problems(form, error)
        version = draft or version_for_page(design, None)
        return _phase_page(request, design, version, form, practices, status=400)
    messages.success(request, f"{spec.name} is saved.")
    return redirect("designs:designer", design_id=design.public_id)


@require_http_methods(["GET", "POST"])
@coaches_only
@with_editable_design
def phase_edit(request: MemberRequest, design: Design, phase_id: UUID) -> HttpResponse:
    phase = queries.get_design_phase(design, phase_id)
    if request.method == "POST":
        return _save_phase(request, design, phase)
    draft = queries.current_draft(design)
    if draft is None:
        return no_draft(request, design)
    if phase is None or phase.version_id != draft.pk:
        raise Http404("No such phase")
    spec = queries.phase_spec(phase)
    form = PhaseEditForm(initial={**PhaseForm.initial_from(spec), "revision": phase.revision})
    practices = PracticeFormSet(
        initial=[{"title": p.title, "description": p.description} for p in spec.practices],
        prefix="practices",
    )
    return _phase_page(request, design, draft, form, practices, phase=phase)


def _save_phase(request: MemberRequest, design: Design, phase: Phase | None) -> HttpResponse:
    form = PhaseEditForm(request.POST)
    practices = PracticeFormSet(request.POST, prefix="practices")
    if phase is None:  # removed, or its draft discarded, since the form was opened
        gone = (
            StaleDraft(PHASE_GONE, Reason.PHASE_GONE)
            if queries.current_draft(design)
            else missing_draft(typed=True)
        )
        return _phase_refused(request, design, None, form, practices, gone)
    if not (form.is_valid() and practices.is_valid()):
        return _phase_page(request, design, phase.version, form, practices, phase=phase, status=400)
    spec = form.to_spec(practices_from(practices))
    try:
        editing.phase_update(
            phase=phase, spec=spec, expected_revision=form.cleaned_data["revision"]
        )
    except AlreadyDone as done:
        return already_done(request, done, design)
    except StaleDraft as error:
        return _phase_refused(request, design, phase, form, practices, error)
    except DomainError as error:
        _phase_problems(form, error)
        return _phase_page(request, design, phase.version, form, practices, phase=phase, status=400)
    messages.success(request, f"{spec.name} is saved.")
    return redirect("designs:designer", design_id=design.public_id)


def _phase_refused(
    request: MemberRequest,
    design: Design,
    phase: Phase | None,
    form: PhaseEditForm,
    practices: Any,
    error: StaleDraft,
) -> HttpResponse:
    """The phase form again, with what was typed, and why it was not saved (409)."""
    if error.reason == Reason.CHANGED and phase is not None:
        # Show what was saved meanwhile beside what was typed; the next save, made knowing
        # both, goes through.
        saved = queries.saved_phase(phase)
        form = sent_again(PhaseEditForm, request.POST, error.message, revision=str(saved.revision))
        return _phase_page(
            request,
            design,
            saved.version,
            form,
            practices,
            phase=phase,
            saved_meanwhile=saved,
            status=409,
        )
    draft = queries.current_draft(design)
    if error.reason == Reason.PHASE_GONE and draft is not None:
        # The phase is gone, the words are not: offer them as a new phase of the draft.
        new = sent_again(
            PhaseAddForm,
            request.POST,
            error.message,
            draft=str(draft.public_id),
            idempotency_key=str(uuid4()),
        )
        return _phase_page(request, design, draft, new, practices, status=409)
    form.is_valid()
    practices.is_valid()
    form.add_error(None, error.message)
    version = phase.version if phase else version_for_page(design, None)
    return _phase_page(
        request, design, version, form, practices, phase=phase, closed=True, status=409
    )


@require_POST
@coaches_only
@with_editable_design
def phase_preview(request: MemberRequest, design: Design) -> HttpResponse:
    """The draft's arc with the phase being typed in place, before it is saved (htmx)."""
    form = PhaseForm(request.POST)
    form.is_valid()  # a half-typed phase still previews: fall back to what is saved
    preview = queries.draft_with_typed_phase(
        design,
        phase_id=request.POST.get("phase_id", ""),
        name=form.cleaned_data.get("name") or "New phase",
        weeks=form.cleaned_data.get("planned_weeks"),
        sessions=form.cleaned_data.get("planned_sessions"),
    )
    if preview is None:
        # Published or discarded in another tab: the form says so when it is sent.
        return HttpResponse(status=204)
    context = {"arc": arc(preview), "findings": check_design(preview)}
    return render(request, "designs/_arc_preview.html", context)
