"""The coach's hours log: the page, its CSV download, and the account page's way to it.

Each coach and each owner who coaches sees only their own log: the hours are a person's
evidence for a credential, not the practice's (practice insight counts the practice). The
log names clients and their e-mail addresses, so mentors get 403, as on the caseload.
"""

from __future__ import annotations

import csv

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.models import CLIENT_ROLES
from arcwise.accounts.sections import AccountSection
from arcwise.accounts.tenancy import coaches_only
from arcwise.days import zone_or_utc
from arcwise.insights.forms import HoursFilterForm
from arcwise.insights.hours_log import HoursLog, csv_rows, hours_log


def _log(request: MemberRequest, form: HoursFilterForm) -> HoursLog:
    cleaned = form.cleaned_data if form.is_bound else {}
    return hours_log(
        practice=request.practice,
        coach=request.user,
        zone=zone_or_utc(request.user.time_zone),
        since=cleaned.get("since"),
        until=cleaned.get("until"),
    )


# Both name clients and their e-mail addresses: a shared computer's cache must not keep them
# (insights is not among the security headers' note-showing namespaces as a whole).
@require_http_methods(["GET"])
@coaches_only
def hours_log_page(request: MemberRequest) -> HttpResponse:
    form = HoursFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # No log for a range that cannot be read: a log of some other range would mislead.
        refused: dict[str, object] = {"form": form, "log": None}
        return render(request, "insights/hours_log.html", refused, status=400)
    context = {"form": form, "log": _log(request, form), "query": request.GET.urlencode()}
    return render(request, "insights/hours_log.html", context)


@require_http_methods(["GET"])
@coaches_only
def hours_log_csv(request: MemberRequest) -> HttpResponse:
    form = HoursFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # The page says what was wrong with the range; a file cannot.
        return redirect(f"{reverse('insights:hours_log')}?{request.GET.urlencode()}")
    log = _log(request, form)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    since = log.since.isoformat() if log.since else "start"
    until = (log.until or timezone.localdate()).isoformat()
    response["Content-Disposition"] = f'attachment; filename="hours-log-{since}-to-{until}.csv"'
    csv.writer(response).writerows(csv_rows(log))
    return response


def hours_account_section(request: MemberRequest) -> AccountSection | None:
    """The account page's link to the hours log: for owners and coaches, not mentors."""
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in CLIENT_ROLES:
        return None
    return AccountSection("insights/_hours_section.html")
