"""What the design pages share: who may change a design, the page parts every design page
shows, and how a refusal or a repeat is said."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

from arcwise.accounts.http import MemberRequest
from arcwise.designs import queries
from arcwise.designs.arc_input import arc_input
from arcwise.designs.design_file.format import MAX_FILE_BYTES, DesignFileError
from arcwise.designs.design_file.parsing import check_size
from arcwise.designs.forms import PAGE_OUT_OF_DATE, DraftState
from arcwise.designs.models import Design, DesignVersion
from arcwise.designs.queries import DesignPage, get_design_for, may_edit
from arcwise.designs.services.refusals import (
    NOT_IMPORTED,
    AlreadyDone,
    DesignProblems,
    Reason,
    StaleDraft,
    missing_draft,
)
from arcwise.designs.spec import DesignSpec, check_design
from arcwise.errors import DomainError
from arcwise.svg.design_arc import render_design_arc

NO_DRAFT = "Press “Edit design” to start a new draft version."


def forbidden(request: MemberRequest) -> HttpResponse:
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
            return forbidden(request)
        return view(request, design, **kwargs)

    return wrapper


def arc(spec: DesignSpec) -> str:
    """The design's arc picture, ready to put in a page."""
    return mark_safe(render_design_arc(arc_input(spec)))  # noqa: S308 - it escapes every text


def page_context(page: DesignPage, **extra: Any) -> dict[str, Any]:
    """What a page showing one version of a design needs: its phases, arc and findings."""
    spec = page.spec
    return {
        "page": page,
        "design": page.design,
        "version": page.shown,
        "phases": list(zip(page.phases, spec.phases, strict=True)),
        "spec": spec,
        "arc": arc(spec),
        "findings": check_design(spec),
        **extra,
    }


def show_problems(form: Any, error: DomainError) -> None:
    """Say a refusal at the top of the form, with every problem it found."""
    form.add_error(None, error.message)
    for problem in getattr(error, "problems", []):
        form.add_error(None, str(problem))


def already_done(
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


def no_draft(request: MemberRequest, design: Design) -> HttpResponse:
    messages.info(request, NO_DRAFT)
    return redirect("designs:detail", design_id=design.public_id)


def version_for_page(design: Design, version_id: UUID | None) -> DesignVersion:
    """The version a form page was made for, or (when it is gone) the one the design shows."""
    version = queries.get_version(design, version_id) if version_id else None
    return version or queries.design_page(design, prefer_draft=True).shown


F = TypeVar("F", bound=forms.Form)


def sent_again(form_class: type[F], data: QueryDict, refusal: str, **state: str) -> F:
    """The form as it was sent, with the refusal said and some hidden state replaced (the
    typed text stays as it was), so that sending it again goes where the refusal says."""
    changed = data.copy()
    for name, value in state.items():
        changed[name] = value
    form = form_class(changed)
    form.is_valid()
    form.add_error(None, refusal)
    return form


def posted_draft(
    design: Design, data: QueryDict, *, gone: DomainError | None = None
) -> tuple[DesignVersion, int]:
    """The draft a page was made for and the revision it showed, or the refusal to say."""
    state = DraftState(data)
    if not state.is_valid():
        raise StaleDraft(PAGE_OUT_OF_DATE, Reason.CHANGED)
    draft = queries.get_version(design, state.cleaned_data["draft"])
    if draft is None:
        raise gone or missing_draft(typed=False)
    return draft, state.cleaned_data["revision"]


def read_upload(upload: Any) -> bytes:
    """The uploaded bytes; an oversized file is refused by its size without being read."""
    try:
        check_size(upload.size or 0)
    except DesignFileError as error:
        raise DesignProblems(NOT_IMPORTED, error.problems) from None
    data: bytes = upload.read(MAX_FILE_BYTES + 1)
    return data
