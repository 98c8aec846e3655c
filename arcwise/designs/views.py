"""Design pages: the list, creating (blank, starter or file), reading versions, exporting,
and the designer where a draft is edited, previewed and published."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from typing import Any, TypeVar
from uuid import UUID, uuid4

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from arcwise.designs import queries, services
from arcwise.designs.arc_input import arc_input
from arcwise.designs.design_file import MAX_FILE_BYTES, DesignFileError, check_size, write_design
from arcwise.designs.forms import (
    PAGE_OUT_OF_DATE,
    DraftDetailsForm,
    DraftState,
    ImportForm,
    NewDesignForm,
    PhaseAddForm,
    PhaseEditForm,
    PhaseForm,
    PracticeFormSet,
    StarterForm,
    VisibilityForm,
    practices_from,
)
from arcwise.designs.models import Design, DesignVersion, Phase, Visibility
from arcwise.designs.queries import DesignPage, get_design_for, may_edit
from arcwise.designs.services import AlreadyDone, Reason, StaleDraft
from arcwise.designs.spec import DesignSpec, PhaseSpec, check_design
from arcwise.designs.starters import starter, starters
from arcwise.errors import DomainError
from arcwise.http import MemberRequest
from arcwise.svg.design_arc import render_design_arc
from arcwise.tenancy import coaches_only

NO_DRAFT = "Press “Edit design” to start a new draft version."


def _forbidden(request: MemberRequest) -> HttpResponse:
    return render(
        request,
        "forbidden.html",
        {"role": request.membership.get_role_display(), "allowed": "design's owner"},
        status=403,
    )


def with_editable_design(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pass the view the design named in the URL, if the member may change it (else 403)."""

    @wraps(view)
    def wrapper(request: MemberRequest, design_id: UUID, **kwargs: Any) -> HttpResponse:
        design = get_design_for(request, design_id)
        if not may_edit(request, design):
            return _forbidden(request)
        return view(request, design, **kwargs)

    return wrapper


def _arc(spec: DesignSpec) -> str:
    return mark_safe(render_design_arc(arc_input(spec)))  # noqa: S308 - it escapes every text


def _page_context(page: DesignPage, **extra: Any) -> dict[str, Any]:
    spec = page.spec
    return {
        "page": page,
        "design": page.design,
        "version": page.shown,
        "phases": list(zip(page.phases, spec.phases, strict=True)),
        "spec": spec,
        "arc": _arc(spec),
        "findings": check_design(spec),
        **extra,
    }


def _problems(form: Any, error: DomainError) -> None:
    form.add_error(None, error.message)
    for problem in getattr(error, "problems", []):
        form.add_error(None, str(problem))


def _already_done(
    request: MemberRequest, done: AlreadyDone, design: Design | None = None
) -> HttpResponse:
    """A repeat of something that already happened: say so, and go to the design it made or
    changed, whose designer shows the draft (or sends on to the design when there is none)."""
    messages.info(request, done.message)
    if design is None and isinstance(done.made, Design):
        design = done.made
    if design is None:
        return redirect("designs:list")
    return redirect("designs:designer", design_id=design.public_id)


@require_http_methods(["GET"])
@coaches_only
def design_list(request: MemberRequest) -> HttpResponse:
    rows = queries.design_list_for(request)
    return render(request, "designs/design_list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@coaches_only
def design_new(request: MemberRequest) -> HttpResponse:
    form = NewDesignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        spec = DesignSpec(
            name=data["name"],
            purpose=data["purpose"],
            audience=data["audience"],
            cadence_days=data["cadence_days"],
            pulse_scales=data["pulse_scales"],
        )
        try:
            design = services.design_create(
                practice=request.practice,
                owner=request.user,
                spec=spec,
                visibility=data["visibility"],
                idempotency_key=data["idempotency_key"],
            )
        except AlreadyDone as done:
            return _already_done(request, done)
        except DomainError as error:
            _problems(form, error)
        else:
            messages.success(request, f"{spec.name} is created. Add its phases.")
            return redirect("designs:designer", design_id=design.public_id)
    return _new_page(request, form=form)


def _new_page(
    request: MemberRequest,
    *,
    form: NewDesignForm | None = None,
    import_form: ImportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form or NewDesignForm(),
        "import_form": import_form or ImportForm(),
        "starters": [
            (item, _arc(item.spec), StarterForm(initial={"starter": item.key}))
            for item in starters()
        ],
        "visibility_choices": Visibility.choices,
    }
    return render(request, "designs/design_new.html", context, status=status)


@require_POST
@coaches_only
def design_from_starter(request: MemberRequest) -> HttpResponse:
    form = StarterForm(request.POST)
    chosen = starter(form.cleaned_data["starter"]) if form.is_valid() else None
    if chosen is None:
        messages.error(request, "Choose one of the starter designs.")
        return redirect("designs:new")
    try:
        design = services.design_create(
            practice=request.practice,
            owner=request.user,
            spec=chosen.spec,
            idempotency_key=form.cleaned_data["idempotency_key"],
        )
    except AlreadyDone as done:
        return _already_done(request, done)
    messages.success(
        request, f"{chosen.spec.name} is copied into your designs as a draft. Make it yours."
    )
    return redirect("designs:designer", design_id=design.public_id)


@require_POST
@coaches_only
def design_import(request: MemberRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            design = services.design_import(
                practice=request.practice,
                owner=request.user,
                data=_read_upload(form.cleaned_data["file"]),
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except AlreadyDone as done:
            return _already_done(request, done)
        except DomainError as error:
            _problems(form, error)
        else:
            messages.success(request, "The design is imported as a draft. Check it, then publish.")
            return redirect("designs:designer", design_id=design.public_id)
    return _new_page(request, import_form=form, status=400)


def _read_upload(upload: Any) -> bytes:
    """The uploaded bytes; an oversized file is refused by its size without being read."""
    try:
        check_size(upload.size or 0)
    except DesignFileError as error:
        raise services.DesignProblems(services.NOT_IMPORTED, error.problems) from None
    data: bytes = upload.read(MAX_FILE_BYTES + 1)
    return data


@require_http_methods(["GET"])
@coaches_only
def design_detail(
    request: MemberRequest, design_id: UUID, number: int | None = None
) -> HttpResponse:
    design = get_design_for(request, design_id)
    page = queries.design_page(design, number)
    context = _page_context(
        page,
        editable=may_edit(request, design),
        import_form=ImportForm(),
        visibility_form=VisibilityForm(initial={"visibility": design.visibility}),
    )
    return render(request, "designs/design_detail.html", context)


@require_http_methods(["GET"])
@coaches_only
def design_export(request: MemberRequest, design_id: UUID, number: int) -> HttpResponse:
    design = get_design_for(request, design_id)
    page = queries.design_page(design, number)
    response = HttpResponse(write_design(page.spec), content_type="application/yaml; charset=utf-8")
    filename = f"{slugify(page.shown.name) or 'design'}-v{page.shown.number}.yaml"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@coaches_only
@with_editable_design
def design_edit(request: MemberRequest, design: Design) -> HttpResponse:
    try:
        draft = services.draft_start(design=design, user=request.user)
    except AlreadyDone as done:
        return _already_done(request, done, design)
    messages.info(request, f"You are editing draft version {draft.number}.")
    return redirect("designs:designer", design_id=design.public_id)


@require_POST
@coaches_only
@with_editable_design
def design_visibility(request: MemberRequest, design: Design) -> HttpResponse:
    form = VisibilityForm(request.POST)
    if form.is_valid():
        services.design_set_visibility(design=design, visibility=form.cleaned_data["visibility"])
        messages.success(request, f"Visible to: {design.get_visibility_display().lower()}.")
    return redirect("designs:detail", design_id=design.public_id)


@require_POST
@coaches_only
@with_editable_design
def version_import(request: MemberRequest, design: Design) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            draft = services.version_import(
                design=design,
                user=request.user,
                data=_read_upload(form.cleaned_data["file"]),
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except AlreadyDone as done:
            return _already_done(request, done, design)
        except StaleDraft as error:
            # The page offered the import because it showed no draft; there is one now.
            messages.error(request, error.message)
            return redirect("designs:detail", design_id=design.public_id)
        except DomainError as error:
            _problems(form, error)
        else:
            messages.success(request, f"The file is now draft version {draft.number}.")
            return redirect("designs:designer", design_id=design.public_id)
    page = queries.design_page(design)
    context = _page_context(
        page,
        editable=True,
        import_form=form,
        visibility_form=VisibilityForm(initial={"visibility": design.visibility}),
    )
    return render(request, "designs/design_detail.html", context, status=400)


# --- The designer: everything below changes the draft -----------------------------------
# A change names the draft its page showed and that draft's revision (`DraftState`), or the
# phase's revision, or the key of the form that adds a phase: a second tab, an earlier click
# or a retried request is refused by the service and changes nothing. A refusal keeps what
# was typed on the screen (409) and says why; a repeat of something done says so.


def _no_draft(request: MemberRequest, design: Design) -> HttpResponse:
    messages.info(request, NO_DRAFT)
    return redirect("designs:detail", design_id=design.public_id)


def _version_for_page(design: Design, version_id: UUID | None) -> DesignVersion:
    """The version a form page was made for, or (when it is gone) the one the design shows."""
    version = queries.get_version(design, version_id) if version_id else None
    return version or queries.design_page(design, prefer_draft=True).shown


F = TypeVar("F", bound=forms.Form)


def _sent_again(form_class: type[F], data: QueryDict, refusal: str, **state: str) -> F:
    """The form as it was sent, with the refusal said and some hidden state replaced (the
    typed text stays as it was), so that sending it again goes where the refusal says."""
    changed = data.copy()
    for name, value in state.items():
        changed[name] = value
    form = form_class(changed)
    form.is_valid()
    form.add_error(None, refusal)
    return form


def _posted_draft(
    design: Design, data: QueryDict, *, gone: DomainError | None = None
) -> tuple[DesignVersion, int]:
    """The draft a page was made for and the revision it showed, or the refusal to say."""
    state = DraftState(data)
    if not state.is_valid():
        raise StaleDraft(PAGE_OUT_OF_DATE, Reason.CHANGED)
    draft = queries.get_version(design, state.cleaned_data["draft"])
    if draft is None:
        raise gone or services.missing_draft(typed=False)
    return draft, state.cleaned_data["revision"]


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
    context = _page_context(
        page,
        announcement=announcement,
        focus_phase=focus_phase,
        notice=notice,
        refusal=refusal,
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


# Details and phases are edited on pages of their own, so the designer holds no typed text
# and may be swapped whole after every change: everything it shows is of one revision.


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
        return _no_draft(request, design)
    form = DraftDetailsForm(
        initial={
            "name": draft.name,
            "purpose": draft.purpose,
            "audience": draft.audience,
            "cadence_days": draft.cadence_days,
            "pulse_scales": "\n".join(draft.pulse_scales),
            "draft": draft.public_id,
            "revision": draft.revision,
        }
    )
    return _details_page(request, design, draft, form)


def _save_details(request: MemberRequest, design: Design) -> HttpResponse:
    form = DraftDetailsForm(request.POST)
    if not form.is_valid():
        version = _version_for_page(design, form.cleaned_data.get("draft"))
        return _details_page(request, design, version, form, status=400)
    data = form.cleaned_data
    draft = queries.get_version(design, data["draft"])
    try:
        if draft is None:
            raise services.missing_draft(typed=True)
        services.draft_update_details(
            draft=draft,
            name=data["name"],
            purpose=data["purpose"],
            audience=data["audience"],
            cadence_days=data["cadence_days"],
            pulse_scales=data["pulse_scales"],
            expected_revision=data["revision"],
        )
    except AlreadyDone as done:
        return _already_done(request, done, design)
    except StaleDraft as error:
        saved = queries.get_version(design, data["draft"])
        if error.reason == Reason.CHANGED and saved is not None:
            # Keep what was typed and show what was saved meanwhile; the next save, made
            # knowing both, goes through.
            form = _sent_again(
                DraftDetailsForm, request.POST, error.message, revision=str(saved.revision)
            )
            return _details_page(request, design, saved, form, saved_meanwhile=saved, status=409)
        form.add_error(None, error.message)
        version = saved or _version_for_page(design, None)
        return _details_page(request, design, version, form, closed=True, status=409)
    except DomainError as error:
        _problems(form, error)
        version = draft or _version_for_page(design, None)
        return _details_page(request, design, version, form, status=400)
    messages.success(request, "The design's details are saved.")
    return redirect("designs:designer", design_id=design.public_id)


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
        "arc": _arc(version_spec),
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
        _problems(form, error)


@require_http_methods(["GET", "POST"])
@coaches_only
@with_editable_design
def phase_new(request: MemberRequest, design: Design) -> HttpResponse:
    if request.method == "GET":
        draft = queries.current_draft(design)
        if draft is None:
            return _no_draft(request, design)
        form = PhaseAddForm(initial={"draft": draft.public_id})
        return _phase_page(request, design, draft, form, PracticeFormSet(prefix="practices"))
    form = PhaseAddForm(request.POST)
    practices = PracticeFormSet(request.POST, prefix="practices")
    if not (form.is_valid() and practices.is_valid()):
        version = _version_for_page(design, form.cleaned_data.get("draft"))
        return _phase_page(request, design, version, form, practices, status=400)
    data = form.cleaned_data
    spec = form.to_spec(practices_from(practices))
    draft = queries.get_version(design, data["draft"])
    try:
        if draft is None:
            raise services.missing_draft(typed=True)
        services.phase_add(draft=draft, spec=spec, idempotency_key=data["idempotency_key"])
    except AlreadyDone as done:
        return _already_done(request, done, design)
    except StaleDraft as error:
        # Published or discarded since the form was opened: the text stays to be copied.
        form.add_error(None, error.message)
        version = draft or _version_for_page(design, None)
        return _phase_page(request, design, version, form, practices, closed=True, status=409)
    except DomainError as error:
        _phase_problems(form, error)
        version = draft or _version_for_page(design, None)
        return _phase_page(request, design, version, form, practices, status=400)
    messages.success(request, f"{spec.name} is saved.")
    return redirect("designs:designer", design_id=design.public_id)


@require_http_methods(["GET", "POST"])
@coaches_only
@with_editable_design
def phase_edit(request: MemberRequest, design: Design, phase_id: UUID) -> HttpResponse:
    phase = queries.get_design_phase(design, phase_id)
    if request.method == "GET":
        draft = queries.current_draft(design)
        if draft is None:
            return _no_draft(request, design)
        if phase is None or phase.version_id != draft.pk:
            raise Http404("No such phase")
        spec = queries.phase_spec(phase)
        form = PhaseEditForm(initial={**PhaseForm.initial_from(spec), "revision": phase.revision})
        practices = PracticeFormSet(
            initial=[{"title": p.title, "description": p.description} for p in spec.practices],
            prefix="practices",
        )
        return _phase_page(request, design, draft, form, practices, phase=phase)
    form = PhaseEditForm(request.POST)
    practices = PracticeFormSet(request.POST, prefix="practices")
    if phase is None:  # removed, or its draft discarded, since the form was opened
        gone = (
            StaleDraft(services.PHASE_GONE, Reason.PHASE_GONE)
            if queries.current_draft(design)
            else services.missing_draft(typed=True)
        )
        return _phase_refused(request, design, None, form, practices, gone)
    if not (form.is_valid() and practices.is_valid()):
        return _phase_page(request, design, phase.version, form, practices, phase=phase, status=400)
    spec = form.to_spec(practices_from(practices))
    try:
        services.phase_update(
            phase=phase, spec=spec, expected_revision=form.cleaned_data["revision"]
        )
    except AlreadyDone as done:
        return _already_done(request, done, design)
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
        saved = Phase.objects.select_related("version").get(pk=phase.pk)
        form = _sent_again(PhaseEditForm, request.POST, error.message, revision=str(saved.revision))
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
        new = _sent_again(
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
    version = phase.version if phase else _version_for_page(design, None)
    return _phase_page(
        request, design, version, form, practices, phase=phase, closed=True, status=409
    )


@require_POST
@coaches_only
@with_editable_design
def phase_preview(request: MemberRequest, design: Design) -> HttpResponse:
    """The draft's arc with the phase being typed in place, before it is saved (htmx)."""
    page = queries.design_page(design, prefer_draft=True)
    if not page.shown.is_draft():
        # Published or discarded in another tab: the form says so when it is sent.
        return HttpResponse(status=204)
    spec = page.spec
    edited = request.POST.get("phase_id", "")
    form = PhaseForm(request.POST)
    form.is_valid()  # a half-typed phase still previews: fall back to what is saved
    weeks = form.cleaned_data.get("planned_weeks")
    sessions = form.cleaned_data.get("planned_sessions")
    name = form.cleaned_data.get("name") or "New phase"
    preview_phases = []
    replaced = False
    for phase, phase_spec in zip(page.phases, spec.phases, strict=True):
        if str(phase.public_id) == edited:
            phase_spec = replace(
                phase_spec,
                name=name,
                planned_weeks=weeks or phase_spec.planned_weeks,
                planned_sessions=sessions or phase_spec.planned_sessions,
            )
            replaced = True
        preview_phases.append(phase_spec)
    if not replaced and weeks and sessions:
        preview_phases.append(
            PhaseSpec(
                key="new", name=name, intent="-", planned_weeks=weeks, planned_sessions=sessions
            )
        )
    preview = replace(spec, phases=tuple(preview_phases))
    return render(
        request,
        "designs/_arc_preview.html",
        {"arc": _arc(preview), "findings": check_design(preview)},
    )


@require_POST
@coaches_only
@with_editable_design
def phase_move(request: MemberRequest, design: Design, phase_id: UUID) -> HttpResponse:
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        draft, revision = _posted_draft(design, request.POST)
        phase = Phase.objects.filter(version=draft, public_id=phase_id).first()
        if phase is None:
            raise StaleDraft(services.PHASES_CHANGED.format(action="move"), Reason.CHANGED)
        phase.version = draft
        services.phase_move(phase=phase, offset=offset, expected_revision=revision)
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
        draft, revision = _posted_draft(design, request.POST)
        phase = Phase.objects.filter(version=draft, public_id=phase_id).first()
        if phase is None:
            raise AlreadyDone(services.PHASE_ALREADY_REMOVED)
        phase.version = draft
        services.phase_remove(phase=phase, expected_revision=revision)
    except DomainError as error:
        return _refused(request, design, error)
    return _after_change(request, design, f"{phase.name} is removed from the draft.")


@require_POST
@coaches_only
@with_editable_design
def phases_reorder(request: MemberRequest, design: Design) -> HttpResponse:
    # Drag and drop posts the order from script; the state rides in the URL it posts to.
    try:
        draft, revision = _posted_draft(design, request.GET)
        services.phases_reorder(
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
        draft, revision = _posted_draft(design, request.POST)
        draft = services.draft_publish(draft=draft, expected_revision=revision)
    except AlreadyDone as done:
        messages.info(request, done.message)
        return redirect("designs:detail", design_id=design.public_id)
    except DomainError as error:
        messages.error(
            request, " ".join([error.message, *map(str, getattr(error, "problems", []))])
        )
        return redirect("designs:designer", design_id=design.public_id)
    messages.success(request, f"Version {draft.number} is published. New journeys will use it.")
    return redirect("designs:detail", design_id=design.public_id)


# Designs deleted in this browser session, so that a second click on "Delete" is told the
# design is gone instead of meeting a page that is not found.
DELETED_DESIGNS = "designs_deleted"


@require_POST
@coaches_only
def draft_discard(request: MemberRequest, design_id: UUID) -> HttpResponse:
    try:
        design = get_design_for(request, design_id)
    except Http404:
        if str(design_id) in request.session.get(DELETED_DESIGNS, []):
            messages.info(request, "This design is already deleted.")
            return redirect("designs:list")
        raise
    if not may_edit(request, design):
        return _forbidden(request)
    try:
        draft, revision = _posted_draft(
            design, request.POST, gone=AlreadyDone(services.ALREADY_DISCARDED)
        )
        design_deleted = services.draft_discard(draft=draft, expected_revision=revision)
    except AlreadyDone as repeat:
        messages.info(request, repeat.message)
        design_deleted = not Design.objects.filter(pk=design.pk).exists()
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("designs:designer", design_id=design.public_id)
    else:
        messages.success(
            request,
            f"The unpublished design {draft.name} is deleted."
            if design_deleted
            else f"Draft version {draft.number} is discarded.",
        )
    if not design_deleted:
        return redirect("designs:detail", design_id=design.public_id)
    request.session[DELETED_DESIGNS] = [
        *request.session.get(DELETED_DESIGNS, [])[-9:],
        str(design.public_id),
    ]
    return redirect("designs:list")
