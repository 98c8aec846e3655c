"""The caseload: a coach's open journeys, where each stands, and the way into session prep."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from arcwise.http import MemberRequest
from arcwise.journeys.queries import caseload_for
from arcwise.svg.journey_map import render_journey_miniature
from arcwise.tenancy import coaches_only


@require_http_methods(["GET"])
@coaches_only
def caseload(request: MemberRequest) -> HttpResponse:
    rows = [
        (state, mark_safe(render_journey_miniature(state.picture())))  # noqa: S308 - escaped
        for state in caseload_for(request)
    ]
    return render(request, "insights/caseload.html", {"rows": rows})
