"""Design pages: the list, creating (blank, starter or file), reading versions, exporting,
and the designer where a draft is edited, previewed and published."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST

from arcwise.designs import queries, services
from arcwise.designs.design_file import MAX_FILE_BYTES, DesignFileError, check_size, write_design
from arcwise.designs.forms import (
    DesignDetailsForm,
    ImportForm,
    NewDesignForm,
    PhaseForm,
    PracticeFormSet,
    VisibilityForm,
    practices_from,
)
from arcwise.designs.models import Design, DesignVersion, Visibility
from arcwise.designs.queries import DesignPage, get_design_for, may_edit
from arcwise.designs.spec import DesignSpec, PhaseSpec, check_design
from arcwise.designs.starters import starter, starters
from arcwise.errors import DomainError
from arcwise.http import MemberRequest
from arcwise.svg.design_arc import render_design_arc
from arcwise.tenancy import coaches_only


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


def with_draft(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pass the view the design and its draft; without a draft, send the member to the design."""

    @with_editable_design
    @wraps(view)
    def wrapper(request: MemberRequest, design: Design, **kwargs: Any) -> HttpResponse:
        draft = DesignVersion.objects.filter(design=design, published_at=None).first()
        if draft is None:
            messages.info(request, "Press “Edit design” to start a new draft version.")
            return redirect("designs:detail", design_id=design.public_id)
        return view(request, design, draft, **kwargs)

    return wrapper


def _arc(spec: DesignSpec) -> str:
    return mark_safe(render_design_arc(spec))  # noqa: S308 - the renderer escapes every text


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
        )
        try:
            design = services.design_create(
                practice=request.practice,
                owner=request.user,
                spec=spec,
                visibility=data["visibility"],
            )
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
        "starters": [(item, _arc(item.spec)) for item in starters()],
        "visibility_choices": Visibility.choices,
    }
    return render(request, "designs/design_new.html", context, status=status)


@require_POST
@coaches_only
def design_from_starter(request: MemberRequest) -> HttpResponse:
    chosen = starter(request.POST.get("starter", ""))
    if chosen is None:
        messages.error(request, "Choose one of the starter designs.")
        return redirect("designs:new")
    design = services.design_create(practice=request.practice, owner=request.user, spec=chosen.spec)
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
            )
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
    draft = services.draft_start(design=design, user=request.user)
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
                design=design, user=request.user, data=_read_upload(form.cleaned_data["file"])
            )
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


def _designer(
    request: MemberRequest,
    design: Design,
    *,
    details_form: DesignDetailsForm | None = None,
    status: int = 200,
    announcement: str = "",
    focus_phase: str = "",
) -> HttpResponse:
    page = queries.design_page(design, prefer_draft=True)
    draft = page.shown
    if not draft.is_draft():
        messages.info(request, "Press “Edit design” to start a new draft version.")
        return redirect("designs:detail", design_id=design.public_id)
    form = details_form or DesignDetailsForm(
        initial={
            "name": draft.name,
            "purpose": draft.purpose,
            "audience": draft.audience,
            "cadence_days": draft.cadence_days,
        }
    )
    context = _page_context(
        page, details_form=form, announcement=announcement, focus_phase=focus_phase
    )
    template = "designs/_designer_body.html" if request.htmx else "designs/designer.html"
    return render(request, template, context, status=status)


@require_http_methods(["GET"])
@coaches_only
@with_editable_design
def designer(request: MemberRequest, design: Design) -> HttpResponse:
    return _designer(request, design)


@require_POST
@coaches_only
@with_draft
def draft_details(request: MemberRequest, design: Design, draft: DesignVersion) -> HttpResponse:
    form = DesignDetailsForm(request.POST)
    if form.is_valid():
        try:
            services.draft_update_details(draft=draft, **form.cleaned_data)
        except DomainError as error:
            _problems(form, error)
        else:
            messages.success(request, "The design's details are saved.")
            return redirect("designs:designer", design_id=design.public_id)
    return _designer(request, design, details_form=form, status=400)


@require_http_methods(["GET", "POST"])
@coaches_only
@with_draft
def phase_new(request: MemberRequest, design: Design, draft: DesignVersion) -> HttpResponse:
    return _phase_form(request, design, draft, phase=None)


@require_http_methods(["GET", "POST"])
@coaches_only
@with_draft
def phase_edit(
    request: MemberRequest, design: Design, draft: DesignVersion, phase_id: UUID
) -> HttpResponse:
    return _phase_form(request, design, draft, phase=queries.get_draft_phase(draft, phase_id))


def _phase_form(
    request: MemberRequest, design: Design, draft: DesignVersion, *, phase: Any
) -> HttpResponse:
    if request.method == "POST":
        form = PhaseForm(request.POST)
        practices = PracticeFormSet(request.POST, prefix="practices")
        if form.is_valid() and practices.is_valid():
            spec = form.to_spec(practices_from(practices))
            try:
                if phase is None:
                    services.phase_add(draft=draft, spec=spec)
                else:
                    services.phase_update(phase=phase, spec=spec)
            except DomainError as error:
                if error.field:
                    form.add_error(error.field, error.message)
                else:
                    _problems(form, error)
            else:
                messages.success(request, f"{spec.name} is saved.")
                return redirect("designs:designer", design_id=design.public_id)
    elif phase is not None:
        spec = queries.phase_spec(phase)
        form = PhaseForm(initial=PhaseForm.initial_from(spec))
        practices = PracticeFormSet(
            initial=[{"title": p.title, "description": p.description} for p in spec.practices],
            prefix="practices",
        )
    else:
        form = PhaseForm()
        practices = PracticeFormSet(prefix="practices")
    draft_spec = queries.version_spec(draft)
    context = {
        "design": design,
        "version": draft,
        "phase": phase,
        "form": form,
        "practices": practices,
        "cadence_days": draft.cadence_days,
        "arc": _arc(draft_spec),
        "findings": check_design(draft_spec),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "designs/phase_form.html", context, status=status)


@require_POST
@coaches_only
@with_draft
def phase_preview(request: MemberRequest, design: Design, draft: DesignVersion) -> HttpResponse:
    """The draft's arc with the phase being typed in place, before it is saved (htmx)."""
    page = queries.design_page(design, prefer_draft=True)
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


def _after_change(
    request: MemberRequest, design: Design, message: str | None, focus_phase: str = ""
) -> HttpResponse:
    if request.htmx:
        # The pressed button is replaced by the swap: say what happened, and put the keyboard
        # focus back on the phase that moved.
        return _designer(request, design, announcement=message or "", focus_phase=focus_phase)
    if message:
        messages.success(request, message)
    return redirect("designs:designer", design_id=design.public_id)


@require_POST
@coaches_only
@with_draft
def phase_move(
    request: MemberRequest, design: Design, draft: DesignVersion, phase_id: UUID
) -> HttpResponse:
    phase = queries.get_draft_phase(draft, phase_id)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.phase_move(phase=phase, offset=offset)
    return _after_change(
        request,
        design,
        f"{phase.name} is moved {'up' if offset < 0 else 'down'}.",
        focus_phase=str(phase.public_id),
    )


@require_POST
@coaches_only
@with_draft
def phase_remove(
    request: MemberRequest, design: Design, draft: DesignVersion, phase_id: UUID
) -> HttpResponse:
    phase = queries.get_draft_phase(draft, phase_id)
    services.phase_remove(phase=phase)
    return _after_change(request, design, f"{phase.name} is removed from the draft.")


@require_POST
@coaches_only
@with_draft
def phases_reorder(request: MemberRequest, design: Design, draft: DesignVersion) -> HttpResponse:
    try:
        services.phases_reorder(draft=draft, order=request.POST.getlist("order"))
    except DomainError as error:
        messages.error(request, error.message)
    return _after_change(request, design, "The new order is saved.")


@require_POST
@coaches_only
@with_draft
def draft_publish(request: MemberRequest, design: Design, draft: DesignVersion) -> HttpResponse:
    try:
        services.draft_publish(draft=draft)
    except DomainError as error:
        messages.error(
            request, " ".join([error.message, *map(str, getattr(error, "problems", []))])
        )
        return redirect("designs:designer", design_id=design.public_id)
    messages.success(request, f"Version {draft.number} is published. New journeys will use it.")
    return redirect("designs:detail", design_id=design.public_id)


@require_POST
@coaches_only
@with_draft
def draft_discard(request: MemberRequest, design: Design, draft: DesignVersion) -> HttpResponse:
    services.draft_discard(draft=draft)
    if not Design.objects.filter(pk=design.pk).exists():
        messages.success(request, f"The unpublished design {draft.name} is deleted.")
        return redirect("designs:list")
    messages.success(request, f"Draft version {draft.number} is discarded.")
    return redirect("designs:detail", design_id=design.public_id)
