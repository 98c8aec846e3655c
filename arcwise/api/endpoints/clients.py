"""The API's clients (docs/api.md): the practice's clients, as the client pages show them to
an owner or a coach, with the same checks and messages as the client form."""

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from arcwise.accounts.coach_filter import coach_filter_for
from arcwise.accounts.tenancy import scoped
from arcwise.api.access import coaches_only
from arcwise.api.once import WRITE, idempotent
from arcwise.api.paging import Pages
from arcwise.api.problems import Refused, answers, form_refused
from arcwise.clients import services
from arcwise.clients.forms import ClientEditForm, ClientForm
from arcwise.clients.models import CLIENT_NOTES_LIMIT, EMPLOYER_MAX, Client
from arcwise.clients.queries import get_client_for, notes_read_record
from arcwise.ui.timezones import time_zone_choices

router = Router(tags=["clients"])


class ClientSummary(Schema):
    id: UUID = Field(validation_alias="public_id")
    name: str
    email: str
    time_zone: str
    archived: bool
    created_at: datetime

    @staticmethod
    def resolve_archived(client: Client) -> bool:
        return client.is_archived()


class ClientDetail(ClientSummary):
    employer: str
    # Private to the practice's coaches; reading it is written in the audit log.
    notes: str
    updated_at: datetime
    version: int = Field(description="Send it back with an update: a stale one is refused.")


def _documented(**schema: Any) -> Any:
    # Limits said in the schema for tools, and checked by the client form, so a refusal
    # carries the form's own message rather than pydantic's.
    return Field(json_schema_extra=schema)


class ClientIn(Schema):
    name: str = _documented(minLength=1, maxLength=150)
    email: str = _documented(format="email", maxLength=254)
    time_zone: str = Field(
        "UTC", json_schema_extra={"enum": [name for name, _ in time_zone_choices()]}
    )
    employer: str = Field("", json_schema_extra={"maxLength": EMPLOYER_MAX})
    notes: str = Field("", json_schema_extra={"maxLength": CLIENT_NOTES_LIMIT})


class ClientEdit(ClientIn):
    version: int


class ClientFilters(Schema):
    status: Literal["active", "archived", "all"] = "active"
    coach: str = Field(
        "",
        max_length=64,
        description="Clients with a journey of this coach (a member's id, or “all”). Owners "
        "choose any coach; anyone else gets their own, whatever they ask.",
    )
    q: str = Field("", max_length=100, description="Part of a name or e-mail address.")


@router.get("", response=answers(list[ClientSummary]), summary="The practice's clients")
@paginate(Pages)
def client_list(
    request: HttpRequest,
    filters: ClientFilters = Query(...),  # noqa: B008
) -> QuerySet[Client]:
    member = coaches_only(request)
    rows = scoped(Client, member)
    if filters.status != "all":
        rows = rows.filter(archived_at__isnull=filters.status == "active")
    if filters.q.strip():
        search = filters.q.strip()
        rows = rows.filter(Q(name__icontains=search) | Q(email__icontains=search))
    if filters.coach:
        coaches = coach_filter_for(member, {"coach": filters.coach})
        if coaches.form is not None and coaches.form.errors:
            raise form_refused(coaches.form)
        if coaches.coach_ids is not None:
            rows = rows.filter(journeys__coach_id__in=coaches.ids).distinct()
    return rows.order_by("name", "pk")


@router.get("/{uuid:client_id}", response=answers(ClientDetail), summary="One client")
def client_get(request: HttpRequest, client_id: UUID) -> Client:
    member = coaches_only(request)
    client = get_client_for(member, client_id)
    notes_read_record(member, client, page="api")
    return client


@router.post("", response=answers(ClientDetail, 201), summary="Add a client", openapi_extra=WRITE)
@decorate_view(idempotent)
def client_create(request: HttpRequest, payload: ClientIn) -> Status[Client]:
    member = coaches_only(request)
    data = _checked(ClientForm, payload.dict())
    client = services.client_create(practice=member.practice, created_by=member.user, **data)
    return Status(201, client)


@router.put(
    "/{uuid:client_id}",
    response=answers(ClientDetail),
    summary="Change a client",
    openapi_extra=WRITE,
)
@decorate_view(idempotent)
def client_update(request: HttpRequest, client_id: UUID, payload: ClientEdit) -> Client:
    member = coaches_only(request)
    client = get_client_for(member, client_id)
    data = _checked(ClientEditForm, payload.dict())
    try:
        updated = services.client_update(
            client=client, expected_version=data.pop("version"), **data
        )
    except services.StaleEdit as error:
        raise Refused(409, error.message, {"version": error.message}) from None
    notes_read_record(member, updated, page="api")
    return updated


def _checked(form_class: type[ClientForm], data: dict[str, Any]) -> dict[str, Any]:
    form = form_class(data)
    if not form.is_valid():
        raise form_refused(form)
    return dict(form.cleaned_data)
