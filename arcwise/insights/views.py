"""The caseload: a coach's open journeys, where each stands, and the way into session prep."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from arcwise.accounts.coach_filter import coach_filter_for
from arcwise.accounts.http import MemberRequest
from arcwise.accounts.tenancy import coaches_only
from arcwise.insights.caseload import caseload_page
from arcwise.insights.momentum.thresholds import Thresholds
from arcwise.journeys.pages.access import caseload_for


@require_http_methods(["GET"])
@coaches_only
def caseload(request: MemberRequest) -> HttpResponse:
    coaches = coach_filter_for(request, request.GET)
    page = caseload_page(
        caseload_for(request, coaches),
        request.GET,
        zone_name=request.user.time_zone,
        thresholds=Thresholds.from_overrides(request.practice.momentum_thresholds or {}),
        coaches=coaches,
    )
    # htmx filters swap only the list; the same URL without htmx is the whole page.
    template = "insights/_caseload_list.html" if request.htmx else "insights/caseload.html"
    context = {"caseload": page, "form": page.form, "coaches": coaches}
    return render(request, template, context)
