"""The designer, where a draft is looked over, and its buttons: move or remove a phase,
reorder the phases, publish or discard the draft.

A change names the draft its page showed and that draft's revision (`DraftState`): a second
tab, an earlier click or a retried request is refused by the service and changes nothing.
A refusal says why in place (409); a repeat of something done says so. Details and phases
are edited on pages of their own, so the designer holds no typed text and may be swapped
whole after every change: everything it shows is of one revision.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.tenancy import coaches_only
from arcwise.designs import queries
from arcwise.designs.models import Design
from arcwise.designs.queries import get_design_for, may_edit
from arcwise.designs.services import editing, publishing
from arcwise.designs.services.refusals import (
    ALREADY_DISCARDED,
    PHASE_ALREADY_REMOVED,
    PHASES_CHANGED,
    AlreadyDone,
    Reason,
    StaleDraft,
)
from arcwise.designs.views.common import (
    NO_DRAFT,
    forbidden,
    page_context,
    posted_draft,
    with_editable_design,
)
from arcwise.errors import DomainError

# Designs deleted in this browser session, so that a second click on "Delete" is told the
# design is gone instead of meeting a page that is not found.
DELETED_DESIGNS = "designs_deleted"


def _designer(
    request: MemberRequest,
    design: Design,
    *,
    status: int = 200,
    announcement: str = "",
    focus_phase: str = "",
    notice: str = "",
    refusal: str = "",
) -> HttpResponse:
    page = queries.design_page(design, prefer_draft=True)
    if not page.shown.is_draft():
        for level, text in ((messages.ERROR, refusal), (messages.INFO, notice)):
            if text:
                messages.add_message(request, level, text)
        messages.info(request, NO_DRAFT)
        if request.htmx:
            return HttpResponseClientRedirect(
                reverse("designs:detail", kwargs={"design_id": design.public_id})
            )
        return redirect("designs:detail", design_id=design.public_id)
    context = page_context(
        page, announcement=announcement, focus_phase=focus_phase, notice=notice, refusal=refusal
    )
    template = "designs/_designer_body.html" if request.htmx else "designs/designer.html"
    return render(request, template, context, status=status)


@require_http_methods(["GET"])
@coaches_only
@with_editable_design
def designer(request: MemberRequest, design: Design) -> HttpResponse:
    return _designer(request, design)


def _after_change(
    request: MemberRequest, design: Design, message: str, focus_phase: str = ""
) -> HttpResponse:
    if request.htmx:
        # The pressed button is replaced by the swap: say what happened, and put the keyboard
        # focus back on the phase that moved.
        return _designer(request, design, announcement=message, focus_phase=focus_phase)
    messages.success(request, message)
    return redirect("designs:designer", design_id=design.public_id)


def _refused(request: MemberRequest, design: Design, error: DomainError) -> HttpResponse:
    """A change that was not made: show the draft as it is now and say why, in place."""
    if isinstance(error, AlreadyDone):
        if request.htmx:
            return _designer(request, design, notice=error.message)
        messages.info(request, error.message)
    elif request.htmx:
        return _designer(request, design, refusal=error.message, status=409)
    else:
        messages.error(request, error.message)
    return redirect("designs:designer", design_id=design.public_id)


@require_POST
@coaches_only
@with_editable_design
def phase_move(request: MemberRequest, design: Design, phase_id: UUID) -> HttpResponse:
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        draft, revision = posted_draft(design, request.POST)
        phase = queries.get_draft_phase(draft, phase_id)
        if phase is None:
            raise StaleDraft(PHASES_CHANGED.format(action="move"), Reason.CHANGED)
        editing.phase_move(phase=phase, offset=offset, expected_revision=revision)
    except DomainError as error:
        return _refused(request, design, error)
    return _after_change(
        request,
        design,
        f"{phase.name} is moved {'up' if offset < 0 else 'down'}.",
        focus_phase=str(phase.public_id),
    )


@require_POST
@coaches_only
@with_editable_design
def phase_remove(request: MemberRequest, design: Design, phase_id: UUID) -> HttpResponse:
    try:
        draft, revision = posted_draft(design, request.POST)
        phase = queries.get_draft_phase(draft, phase_id)
        if phase is None:
            raise AlreadyDone(PHASE_ALREADY_REMOVED)
        editing.phase_remove(phase=phase, expected_revision=revision)
    except DomainError as error:
        return _refused(request, design, error)
    return _after_change(request, design, f"{phase.name} is removed from the draft.")


@require_POST
@coaches_only
@with_editable_design
def phases_reorder(request: MemberRequest, design: Design) -> HttpResponse:
    # Drag and drop posts the order from script; the state rides in the URL it posts to.
    try:
        draft, revision = posted_draft(design, request.GET)
        editing.phases_reorder(
            draft=draft, order=request.POST.getlist("order"), expected_revision=revision
        )
    except DomainError as error:
        return _refused(request, design, error)
    return _after_change(request, design, "The new order is saved.")


@require_POST
@coaches_only
@with_editable_design
def draft_publish(request: MemberRequest, design: Design) -> HttpResponse:
    try:
        draft, revision = posted_draft(design, request.POST)
        draft = publishing.draft_publish(draft=draft, expected_revision=revision)
    except AlreadyDone as done:
        messages.info(request, done.message)
        return redirect("designs:detail", design_id=design.public_id)
    except DomainError as error:
        problems = map(str, getattr(error, "problems", []))
        messages.error(request, " ".join([error.message, *problems]))
        return redirect("designs:designer", design_id=design.public_id)
    messages.success(request, f"Version {draft.number} is published. New journeys will use it.")
    return redirect("designs:detail", design_id=design.public_id)


@require_POST
@coaches_only
def draft_discard(request: MemberRequest, design_id: UUID) -> HttpResponse:
    design = _design_or_none_if_deleted(request, design_id)
    if design is None:
        messages.info(request, "This design is already deleted.")
        return redirect("designs:list")
    if not may_edit(request, design):
        return forbidden(request)
    try:
        draft, revision = posted_draft(design, request.POST, gone=AlreadyDone(ALREADY_DISCARDED))
        design_deleted = publishing.draft_discard(draft=draft, expected_revision=revision)
    except AlreadyDone as repeat:
        messages.info(request, repeat.message)
        design_deleted = not queries.design_exists(design)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("designs:designer", design_id=design.public_id)
    else:
        deleted = f"The unpublished design {draft.name} is deleted."
        messages.success(
            request, deleted if design_deleted else f"Draft version {draft.number} is discarded."
        )
    if not design_deleted:
        return redirect("designs:detail", design_id=design.public_id)
    _remember_deleted(request, design)
    return redirect("designs:list")


def _design_or_none_if_deleted(request: MemberRequest, design_id: UUID) -> Design | None:
    """The design, or None when this browser deleted it (404 for anything else not seen)."""
    try:
        return get_design_for(request, design_id)
    except Http404:
        if str(design_id) in request.session.get(DELETED_DESIGNS, []):
            return None
        raise


def _remember_deleted(request: MemberRequest, design: Design) -> None:
    request.session[DELETED_DESIGNS] = [
        *request.session.get(DELETED_DESIGNS, [])[-9:],
        str(design.public_id),
    ]
