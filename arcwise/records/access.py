"""Who may export or erase a client's records.

A client belongs to the practice, but a journey's notes are its own coach's alone (nobody
else opens a journey, not even the owner). An export holds every note and an erasure removes
them, so each is for the practice's owner, who answers a client's request for the practice,
and for a coach whose own journeys are all the client has (they see nothing new). A
colleague whose journey it is not gets a page that says so; anyone outside the practice a
404, and mentors a 403, as on every client page.
"""

from __future__ import annotations

from uuid import UUID

from arcwise.accounts.http import MemberRequest
from arcwise.clients.models import Client
from arcwise.clients.queries import get_client_for
from arcwise.journeys.models import Journey

NOT_YOURS = (
    "Another coach of the practice coaches this client: their journeys hold notes only that "
    "coach opens. The practice's owner can export or erase this client's records."
)


def records_client_for(request: MemberRequest, client_id: UUID) -> tuple[Client, str | None]:
    """The practice's client (404 for anyone else's), and why the person asking may not
    handle their records, or None when they may. Two queries."""
    client = get_client_for(request, client_id)
    return client, records_refusal(request, client)


def records_refusal(request: MemberRequest, client: Client) -> str | None:
    """Why the person asking may not handle `client`'s records, or None when they may. One
    query (none for the owner)."""
    if request.membership.is_owner:
        return None
    others = Journey.objects.filter(client=client).exclude(coach=request.user).exists()
    return NOT_YOURS if others else None
