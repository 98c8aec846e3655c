"""Reads for the client pages; each costs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, Q, QuerySet

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.tenancy import get_scoped_or_404, scoped
from arcwise.clients.models import Client
from arcwise.privacy.audit import audit_record
from arcwise.privacy.models import AuditAction


def get_client_for(request: MemberRequest, client_id: UUID) -> Client:
    """A client of the request's practice; 404 for anyone else's."""
    return get_scoped_or_404(
        Client.objects.select_related("practice"), request, public_id=client_id
    )


@dataclass(frozen=True)
class ClientList:
    clients: QuerySet[Client]
    active_count: int
    archived_count: int


def client_list_for(request: MemberRequest, *, search: str, archived: bool) -> ClientList:
    """The practice's clients, active or archived, filtered by name or e-mail, by name."""
    rows = scoped(Client, request)
    counts = rows.aggregate(
        active=Count("pk", filter=Q(archived_at=None)),
        archived=Count("pk", filter=Q(archived_at__isnull=False)),
    )
    rows = rows.filter(archived_at__isnull=not archived)
    if search:
        rows = rows.filter(Q(name__icontains=search) | Q(email__icontains=search))
    return ClientList(
        clients=rows.order_by("name", "pk").only(
            "public_id", "name", "email", "time_zone", "archived_at", "created_at"
        ),
        active_count=counts["active"],
        archived_count=counts["archived"],
    )


def notes_read_record(request: MemberRequest, client: Client, *, page: str) -> None:
    """The coaches' private notes about a client are read whenever a page or the API shows
    them: an audit event naming where (`page`), when the client has notes."""
    if client.notes:
        audit_record(
            practice=request.practice,
            actor=request.user,
            action=AuditAction.NOTE_READ,
            subject_kind="client",
            subject_id=client.public_id,
            client=client.public_id,
            detail={"page": page},
        )
