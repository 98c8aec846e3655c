"""The draft's intake questionnaire: its questions with Edit, Move and Remove, and a form
that adds one; and the page that changes one question.

Every change carries the draft and its revision; a refusal keeps what was typed (409)
and says why, and a repeat of a change already made says so.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.tenancy import coaches_only
from arcwise.designs import queries
from arcwise.designs.intake_forms import IntakeQuestionForm, question_initial
from arcwise.designs.intake_spec import KIND_LABELS
from arcwise.designs.models import Design, DesignVersion
from arcwise.designs.services import intake_editing
from arcwise.designs.services.refusals import AlreadyDone, missing_draft
from arcwise.designs.views.common import no_draft, posted_draft, show_problems, with_editable_design
from arcwise.errors import DomainError


def _page(
    request: MemberRequest,
    design: Design,
    draft: DesignVersion,
    form: IntakeQuestionForm,
    *,
    editing: str = "",
    status: int = 200,
) -> HttpResponse:
    questions = queries.version_intake(draft)
    context = {
        "design": design,
        "version": draft,
        "questions": [(q, KIND_LABELS[q.kind]) for q in questions],
        "form": form,
        "editing": editing,
    }
    return render(request, "designs/intake_form.html", context, status=status)


def _refused(form: IntakeQuestionForm, error: DomainError) -> None:
    if error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        show_problems(form, error)


@require_http_methods(["GET", "POST"])
@coaches_only
@with_editable_design
def intake_page(request: MemberRequest, design: Design) -> HttpResponse:
    """The intake's questions, and the form that adds one at the end."""
    draft = queries.current_draft(design)
    if draft is None:
        return no_draft(request, design)
    if request.method == "GET":
        state = {"draft": draft.public_id, "revision": draft.revision}
        form = IntakeQuestionForm(initial=state, wheel_areas=tuple(draft.wheel_areas))
        return _page(request, design, draft, form)
    form = IntakeQuestionForm(request.POST, wheel_areas=tuple(draft.wheel_areas))
    if not form.is_valid():
        return _page(request, design, draft, form, status=400)
    try:
        posted, revision = posted_draft(design, request.POST)
        added = intake_editing.intake_question_add(
            draft=posted, question=form.to_question(), expected_revision=revision
        )
    except AlreadyDone as done:
        messages.info(request, done.message)
        return redirect("designs:intake", design_id=design.public_id)
    except DomainError as error:
        _refused(form, error)
        return _page(request, design, draft, form, status=409)
    messages.success(request, f"“{added.prompt}” is added to the intake.")
    return redirect("designs:intake", design_id=design.public_id)


@require_http_methods(["GET", "POST"])
@coaches_only
@with_editable_design
def intake_question_edit(request: MemberRequest, design: Design, key: str) -> HttpResponse:
    """Change what one question asks; its place stays."""
    draft = queries.current_draft(design)
    if draft is None:
        return no_draft(request, design)
    areas = tuple(draft.wheel_areas)
    question = next((q for q in queries.version_intake(draft) if q.key == key), None)
    if request.method == "GET":
        if question is None:
            messages.info(request, "This question is no longer in the intake.")
            return redirect("designs:intake", design_id=design.public_id)
        initial = {**question_initial(question), "draft": draft.public_id}
        form = IntakeQuestionForm(
            initial={**initial, "revision": draft.revision}, wheel_areas=areas
        )
        return _page(request, design, draft, form, editing=key)
    form = IntakeQuestionForm(request.POST, wheel_areas=areas)
    if not form.is_valid():
        return _page(request, design, draft, form, editing=key, status=400)
    try:
        posted, revision = posted_draft(design, request.POST)
        intake_editing.intake_question_update(
            draft=posted, key=key, question=form.to_question(), expected_revision=revision
        )
    except AlreadyDone as done:
        messages.info(request, done.message)
        return redirect("designs:intake", design_id=design.public_id)
    except DomainError as error:
        _refused(form, error)
        return _page(request, design, draft, form, editing=key, status=409)
    messages.success(request, "The question is saved.")
    return redirect("designs:intake", design_id=design.public_id)


@require_POST
@coaches_only
@with_editable_design
def intake_question_move(request: MemberRequest, design: Design, key: str) -> HttpResponse:
    offset = -1 if request.POST.get("direction") == "up" else 1
    return _button(
        request,
        design,
        lambda draft, revision: intake_editing.intake_question_move(
            draft=draft, key=key, offset=offset, expected_revision=revision
        ),
        f"The question is moved {'up' if offset < 0 else 'down'}.",
    )


@require_POST
@coaches_only
@with_editable_design
def intake_question_remove(request: MemberRequest, design: Design, key: str) -> HttpResponse:
    return _button(
        request,
        design,
        lambda draft, revision: intake_editing.intake_question_remove(
            draft=draft, key=key, expected_revision=revision
        ),
        "The question is removed from the intake.",
    )


def _button(
    request: MemberRequest,
    design: Design,
    change: Callable[[DesignVersion, int], None],
    done: str,
) -> HttpResponse:
    """A button's change: made and said, or refused and said why; the intake page again."""
    try:
        draft, revision = posted_draft(design, request.POST)
        if not draft.is_draft():
            raise missing_draft(typed=False)
        change(draft, revision)
    except AlreadyDone as repeat:
        messages.info(request, repeat.message)
    except DomainError as error:
        messages.error(
            request, " ".join([error.message, *map(str, getattr(error, "problems", []))])
        )
    else:
        messages.success(request, done)
    return redirect("designs:intake", design_id=design.public_id)
