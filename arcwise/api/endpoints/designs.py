"""The API's designs (docs/api.md): the designs an owner or coach sees on the design pages,
each version's phases, a version as its design file (YAML, as the page's download gives
it), and a design file made into a new design with the same checks as the page's import."""

from datetime import datetime
from typing import Literal
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from arcwise.api.access import coaches_only
from arcwise.api.once import WRITE, idempotent
from arcwise.api.paging import Pages
from arcwise.api.problems import REFUSALS, ErrorBody, answers
from arcwise.designs import queries
from arcwise.designs.design_file.writing import write_design
from arcwise.designs.queries import DesignRow, get_design_for, may_edit
from arcwise.designs.services import creating
from arcwise.designs.views.common import read_upload

router = Router(tags=["designs"])

YAML = "application/yaml"


class DesignSummary(Schema):
    id: UUID
    title: str
    owner: str
    visibility: str
    current_version: int | None
    draft_version: int | None


class VersionOut(Schema):
    number: int
    name: str
    created_at: datetime
    published_at: datetime | None


class PhaseOut(Schema):
    id: UUID = Field(validation_alias="public_id")
    key: str
    name: str
    intent: str
    planned_weeks: int
    planned_sessions: int
    readiness_signals: list[str]
    session_prompts: list[str]


class DesignDetail(DesignSummary):
    editable: bool = Field(description="Whether this token's person may change the design.")
    shown_version: int
    purpose: str
    audience: str
    cadence_days: int
    versions: list[VersionOut]
    phases: list[PhaseOut]


class DesignFilters(Schema):
    status: Literal["any", "published", "draft"] = Field(
        "any", description="Designs with a published version, or only a draft."
    )


def _summary(row: DesignRow) -> DesignSummary:
    design = row.design
    return DesignSummary(
        id=design.public_id,
        title=row.title,
        owner=design.owner.name or design.owner.email,
        visibility=design.visibility,
        current_version=row.current.number if row.current else None,
        draft_version=row.draft.number if row.draft else None,
    )


@router.get("", response=answers(list[DesignSummary]), summary="The designs you see")
@paginate(Pages)
def design_list(request: HttpRequest, filters: Query[DesignFilters]) -> list[DesignSummary]:
    rows = queries.design_list_for(coaches_only(request))
    if filters.status == "published":
        rows = [row for row in rows if row.current is not None]
    elif filters.status == "draft":
        rows = [row for row in rows if row.current is None]
    return [_summary(row) for row in rows]


@router.get("/{uuid:design_id}", response=answers(DesignDetail), summary="One design")
def design_get(
    request: HttpRequest,
    design_id: UUID,
    version: int | None = Query(
        None, ge=1, le=10_000, description="A version's number; the current one without it."
    ),
) -> DesignDetail:
    member = coaches_only(request)
    design = get_design_for(member, design_id)
    page = queries.design_page(design, version)
    shown = page.shown
    # Validated as a whole, so the versions and phases are read from their rows.
    return DesignDetail.model_validate(
        {
            **_summary(DesignRow(design, page.current, page.draft)).dict(),
            "editable": may_edit(member, design),
            "shown_version": shown.number,
            "purpose": shown.purpose,
            "audience": shown.audience,
            "cadence_days": shown.cadence_days,
            "versions": page.versions,
            "phases": page.phases,
        }
    )


@router.get(
    "/{uuid:design_id}/versions/{int:number}/file",
    response={REFUSALS: ErrorBody},
    summary="A version as its design file (YAML)",
    openapi_extra={
        "responses": {
            200: {
                "description": "The design file",
                # A YAML mapping: the design file format of the page's download.
                "content": {YAML: {"schema": {"type": "object", "required": ["arcwise"]}}},
            }
        }
    },
)
def design_file(request: HttpRequest, design_id: UUID, number: int) -> HttpResponse:
    design = get_design_for(coaches_only(request), design_id)
    page = queries.design_page(design, number)
    response = HttpResponse(write_design(page.spec), content_type=f"{YAML}; charset=utf-8")
    filename = f"{slugify(page.shown.name) or 'design'}-v{page.shown.number}.yaml"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.post(
    "/import",
    response=answers(DesignDetail, 201),
    summary="A design file made a new design",
    openapi_extra=WRITE,
)
@decorate_view(idempotent)
def design_import(
    request: HttpRequest,
    file: File[UploadedFile],
    visibility: Form[Literal["private", "practice"]] = "private",
) -> Status[DesignDetail]:
    member = coaches_only(request)
    design = creating.design_import(
        practice=member.practice,
        owner=member.user,
        data=read_upload(file),
        visibility=visibility,
    )
    return Status(201, design_get(request, design.public_id, version=None))
