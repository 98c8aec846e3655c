"""The practice's momentum thresholds: owners adjust them, coaches read them, mentors
get 403 (as on the caseload)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.tenancy import coaches_only
from arcwise.errors import DomainError
from arcwise.insights.forms import MomentumThresholdsForm
from arcwise.insights.momentum_settings import (
    ThresholdRow,
    momentum_thresholds_set,
    revision_of,
    stored_overrides,
    threshold_rows,
)


@require_http_methods(["GET", "POST"])
@coaches_only
def momentum_settings(request: MemberRequest) -> HttpResponse:
    practice = request.practice
    rows = threshold_rows(practice)
    if request.method == "POST" and not request.membership.is_owner:
        context = {"role": request.membership.get_role_display(), "allowed": "owners"}
        return render(request, "forbidden.html", context, status=403)
    if request.method != "POST":
        form = MomentumThresholdsForm(
            rows=rows, initial={"was": revision_of(stored_overrides(practice))}
        )
        return _page(request, rows, form)
    form = MomentumThresholdsForm(request.POST, rows=rows)
    reset = "reset" in request.POST
    if not reset and not form.is_valid():
        return _page(request, rows, form)
    try:
        changed = momentum_thresholds_set(
            practice=practice,
            values={} if reset else form.values(),
            was=request.POST.get("was", ""),
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("insights:momentum_settings")
    if changed:
        messages.success(
            request,
            "The defaults are back." if reset else "Saved: momentum uses these thresholds now.",
        )
    else:
        messages.info(request, "The thresholds already were these; nothing changed.")
    return redirect("insights:momentum_settings")


def _page(
    request: MemberRequest, rows: list[ThresholdRow], form: MomentumThresholdsForm
) -> HttpResponse:
    context = {
        "rows": rows,
        "form": form,
        "owner": request.membership.is_owner,
        "changed": sum(1 for row in rows if row.changed),
    }
    return render(request, "insights/momentum_settings.html", context)
