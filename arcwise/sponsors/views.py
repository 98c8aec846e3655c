"""The sponsor's pages: the journeys they sponsor, and one journey as its terms show it.

Both answer only a member with the sponsor role (403 for every other role, as on the
mentor's pages); a journey they do not sponsor now is 404 (`sponsor_reads`). Like every
response, they are never stored by a browser's cache (arcwise/security_headers.py).
"""

from __future__ import annotations

from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.models import Role
from arcwise.accounts.tenancy import member_required
from arcwise.sponsors import sponsor_reads

sponsors_only = member_required(roles=(Role.SPONSOR,))


@require_http_methods(["GET"])
@sponsors_only
def sponsored_list(request: MemberRequest) -> HttpResponse:
    rows = sponsor_reads.sponsored_by(request)
    return render(request, "sponsors/sponsored_list.html", {"rows": rows})


@require_http_methods(["GET"])
@sponsors_only
def sponsored_journey(request: MemberRequest, journey_id: UUID) -> HttpResponse:
    page = sponsor_reads.sponsor_page_for(request, journey_id)
    sponsor_reads.sponsor_view_record(request, page)
    return render(request, "sponsors/sponsored_journey.html", {"page": page})
