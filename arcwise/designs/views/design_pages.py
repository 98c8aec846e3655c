"""Design pages: the list, creating a design (blank, from a starter or from a file), reading
its versions, exporting one, and the design's own buttons (edit, visibility, import)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST

from arcwise.accounts.http import MemberRequest, posted
from arcwise.accounts.tenancy import coaches_only
from arcwise.designs import queries
from arcwise.designs.design_file.writing import write_design
from arcwise.designs.forms import ImportForm, NewDesignForm, StarterForm, VisibilityForm
from arcwise.designs.models import Design, Visibility
from arcwise.designs.queries import DesignPage, get_design_for, may_edit
from arcwise.designs.services import creating, sharing
from arcwise.designs.services.refusals import DRAFT_EXISTS, AlreadyDone, StaleDraft
from arcwise.designs.starters import starter, starters
from arcwise.designs.views.common import (
    already_done,
    arc,
    page_context,
    read_upload,
    show_problems,
    with_editable_design,
)
from arcwise.errors import DomainError


@require_http_methods(["GET"])
@coaches_only
def design_list(request: MemberRequest) -> HttpResponse:
    rows = queries.design_list_for(request)
    return render(request, "designs/design_list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@coaches_only
def design_new(request: MemberRequest) -> HttpResponse:
    form = NewDesignForm(posted(request))
    if request.method == "POST" and form.is_valid():
        spec = form.to_spec()
        try:
            design = creating.design_create(
                practice=request.practice,
                owner=request.user,
                spec=spec,
                visibility=form.cleaned_data["visibility"],
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except AlreadyDone as done:
            return already_done(request, done)
        except DomainError as error:
            show_problems(form, error)
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
            (item, arc(item.spec), StarterForm(initial={"starter": item.key}))
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
        design = creating.design_create(
            practice=request.practice,
            owner=request.user,
            spec=chosen.spec,
            idempotency_key=form.cleaned_data["idempotency_key"],
        )
    except AlreadyDone as done:
        return already_done(request, done)
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
            design = creating.design_import(
                practice=request.practice,
                owner=request.user,
                data=read_upload(form.cleaned_data["file"]),
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except AlreadyDone as done:
            return already_done(request, done)
        except DomainError as error:
            show_problems(form, error)
        else:
            messages.success(request, "The design is imported as a draft. Check it, then publish.")
            return redirect("designs:designer", design_id=design.public_id)
    return _new_page(request, import_form=form, status=400)


def _detail_page(
    request: MemberRequest,
    page: DesignPage,
    *,
    import_form: ImportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = page_context(
        page,
        editable=may_edit(request, page.design),
        import_form=import_form or ImportForm(),
        visibility_form=VisibilityForm(initial={"visibility": page.design.visibility}),
    )
    return render(request, "designs/design_detail.html", context, status=status)


@require_http_methods(["GET"])
@coaches_only
def design_detail(
    request: MemberRequest, design_id: UUID, number: int | None = None
) -> HttpResponse:
    design = get_design_for(request, design_id)
    return _detail_page(request, queries.design_page(design, number))


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
        draft = creating.draft_start(design=design, user=request.user)
    except AlreadyDone as done:
        return already_done(request, done, design)
    messages.info(request, f"You are editing draft version {draft.number}.")
    return redirect("designs:designer", design_id=design.public_id)


@require_POST
@coaches_only
@with_editable_design
def design_visibility(request: MemberRequest, design: Design) -> HttpResponse:
    form = VisibilityForm(request.POST)
    if form.is_valid():
        sharing.design_set_visibility(design=design, visibility=form.cleaned_data["visibility"])
        messages.success(request, f"Visible to: {design.get_visibility_display().lower()}.")
    else:
        messages.error(request, "Nothing changed: choose who can see this design.")
    return redirect("designs:detail", design_id=design.public_id)


@require_POST
@coaches_only
@with_editable_design
def version_import(request: MemberRequest, design: Design) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            draft = creating.version_import(
                design=design,
                user=request.user,
                data=read_upload(form.cleaned_data["file"]),
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except AlreadyDone as done:
            return already_done(request, done, design)
        except StaleDraft as error:
            # The page offered the import because it showed no draft; there is one now.
            messages.error(request, error.message)
            return redirect("designs:detail", design_id=design.public_id)
        except DomainError as error:
            show_problems(form, error)
        else:
            messages.success(request, f"The file is now draft version {draft.number}.")
            return redirect("designs:designer", design_id=design.public_id)
    page = queries.design_page(design)
    if page.draft is not None and form.errors:
        # The page hides the import form while a draft exists, so its problems are said here.
        messages.error(request, DRAFT_EXISTS.format(number=page.draft.number))
        return redirect("designs:detail", design_id=design.public_id)
    return _detail_page(request, page, import_form=form, status=400)
