"""The practice owner's audit log: the page with its filter, the download, and the practice
page's way to them. Owners only: the log says who read which client's records."""

from __future__ import annotations

import csv

from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.models import Role
from arcwise.accounts.queries import members_of
from arcwise.accounts.sections import AccountSection
from arcwise.accounts.tenancy import member_required
from arcwise.days import zone_or_utc
from arcwise.privacy import queries
from arcwise.privacy.audit import audit_record
from arcwise.privacy.forms import AuditFilterForm
from arcwise.privacy.models import AuditAction

owners_only = member_required(roles=(Role.OWNER,))


def _filters(request: MemberRequest) -> QueryDict:
    """The filter the address asks for, without the page number."""
    filters = request.GET.copy()
    filters.pop("page", None)
    return filters


def _form(request: MemberRequest) -> AuditFilterForm:
    return AuditFilterForm(_filters(request) or None, members=list(members_of(request.practice)))


# The log names members and the public ids of clients: a shared computer's cache must not
# keep it (privacy is not among the security headers' note-showing namespaces).
@require_http_methods(["GET"])
@owners_only
def audit_log(request: MemberRequest) -> HttpResponse:
    form = _form(request)
    if form.is_bound and not form.is_valid():
        # No log for a filter that cannot be read: some other part of the log would mislead.
        return render(request, "privacy/audit_log.html", {"form": form}, status=400)
    chosen = form.chosen(zone_or_utc(request.user.time_zone))
    page = queries.audit_page(request.practice, chosen, request.GET.get("page"))
    context = {"form": form, "page": page, "query": _filters(request).urlencode()}
    return render(request, "privacy/audit_log.html", context)


@require_http_methods(["GET"])
@owners_only
def audit_log_csv(request: MemberRequest) -> HttpResponse:
    form = _form(request)
    if form.is_bound and not form.is_valid():
        # The page says what is wrong with the filter; a file cannot.
        return redirect(f"{reverse('privacy:audit_log')}?{request.GET.urlencode()}")
    audit_record(
        practice=request.practice,
        actor=request.user,
        action=AuditAction.AUDIT_DOWNLOAD,
        subject_kind="audit_log",
        subject_id=str(request.practice.public_id),
        detail=form.facts(),
    )
    chosen = form.chosen(zone_or_utc(request.user.time_zone))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    csv.writer(response).writerows(queries.audit_csv_rows(request.practice, chosen))
    return response


def audit_practice_section(request: MemberRequest) -> AccountSection | None:
    """The practice page's way to the audit log: for owners only."""
    if not request.membership.is_owner:
        return None
    return AccountSection("privacy/_practice_audit.html")
