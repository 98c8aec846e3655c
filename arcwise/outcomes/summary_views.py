"""The coach's journey summary: the page (a draft while the journey runs) and its PDF (once
the journey has closed or ended early), and the link to them in the journey's header.

Only the journey's own coach reaches them (`get_journey_for`: 404 for anyone else), as for
the journey page: the summary is made from the journey's record.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.tenancy import coaches_only
from arcwise.journeys.hooks import HeaderLink
from arcwise.journeys.models import ENDED_STATUSES, Journey
from arcwise.journeys.pages.access import get_journey_for
from arcwise.journeys.pages.state import JourneyState
from arcwise.outcomes.summary import journey_summary
from arcwise.outcomes.summary_pdf import pdf_response


def summary_link(journey: Journey) -> HeaderLink | None:
    """The journey header's way to the summary, once there is one to keep: after the end."""
    if journey.status not in ENDED_STATUSES:
        return None
    return HeaderLink("Summary", reverse("outcomes:summary", args=[journey.public_id]))


@require_http_methods(["GET"])
@coaches_only
def summary_page(request: MemberRequest, journey_id: UUID) -> HttpResponse:
    journey = get_journey_for(request, journey_id)
    context = {
        "journey": journey,
        "state": JourneyState.of(journey),  # for the journey header; already loaded
        "summary": journey_summary(journey),
    }
    return render(request, "outcomes/summary.html", context)


@require_http_methods(["GET"])
@coaches_only
def summary_pdf(request: MemberRequest, journey_id: UUID) -> HttpResponse:
    journey = get_journey_for(request, journey_id)
    if journey.status not in ENDED_STATUSES:
        messages.info(
            request,
            "The PDF is ready once the journey closes or ends early; here is the draft so far.",
        )
        return redirect("outcomes:summary", journey_id=journey.public_id)
    return pdf_response(journey_summary(journey))
