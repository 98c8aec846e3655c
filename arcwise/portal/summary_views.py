"""The client's copy of a journey summary: a PDF they download from the portal once the
journey has closed or ended early. Through the portal's one guard, like every portal view,
and only for a journey of the link's own client."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from arcwise.accounts.http import ArcwiseRequest
from arcwise.clients.models import Client
from arcwise.journeys.models import ENDED_STATUSES, Journey
from arcwise.outcomes.summary import journey_summary
from arcwise.outcomes.summary_pdf import pdf_response
from arcwise.portal.access import portal_view
from arcwise.portal.models import PortalLink


def ended_journeys_of(client: Client) -> list[Journey]:
    """The client's journeys that have a summary to download, most recently ended first."""
    return list(
        Journey.objects.filter(client=client, status__in=ENDED_STATUSES)
        .select_related("design_version")
        .order_by("-ended_on", "-pk")
    )


@require_http_methods(["GET"])
@portal_view()
def summary_pdf(request: ArcwiseRequest, link: PortalLink, journey_id: UUID) -> HttpResponse:
    journey = Journey.objects.filter(client=link.client, public_id=journey_id).first()
    if journey is None:
        raise Http404("No such journey")
    if journey.status not in ENDED_STATUSES:
        # The summary is what is kept of a journey once it ends; while it runs, the portal
        # shows where it stands instead.
        return render(request, "portal/summary_not_ready.html", {"journey": journey}, status=404)
    return pdf_response(journey_summary(journey))
