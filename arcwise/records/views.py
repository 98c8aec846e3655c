"""The records' pages: the practice's retention, a client's export, a client's erasure.

Owners and coaches of the practice reach a client's export and erasure (a client of another
practice is 404, mentors get 403); only owners change the retention.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from arcwise.accounts.http import MemberRequest, posted
from arcwise.accounts.tenancy import coaches_only
from arcwise.clients.models import Client
from arcwise.errors import DomainError
from arcwise.journeys.models import ENDED_STATUSES, Journey
from arcwise.privacy.audit import audit_record
from arcwise.privacy.models import AuditAction
from arcwise.records.access import records_client_for
from arcwise.records.erasure import AlreadyErased, client_erase, erased_on, erasure_preview
from arcwise.records.export import MAX_SUMMARIES, client_export, export_contents, summary_pdf
from arcwise.records.forms import ErasureForm, RetentionForm
from arcwise.records.retention import retention_of, retention_set
from arcwise.records.retention_days import NOTICE_DAYS


@require_http_methods(["GET", "POST"])
@coaches_only
def retention(request: MemberRequest) -> HttpResponse:
    current = retention_of(request.practice.pk)
    initial = {"months": current.months, "version": current.version}
    form = RetentionForm(posted(request), initial=initial)
    if request.method == "POST" and not request.membership.is_owner:
        refused = {"role": request.membership.get_role_display(), "allowed": "owners"}
        return render(request, "forbidden.html", refused, status=403)
    if request.method == "POST" and form.is_valid():
        try:
            changed = retention_set(
                practice=request.practice,
                months=form.cleaned_data["months"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except DomainError as error:
            if not error.field:  # changed meanwhile: the page shows it as it is now
                messages.error(request, error.message)
                return redirect("records:retention")
            form.add_error(error.field, error.message)
        else:
            _said_saved(request, changed, form.cleaned_data["months"])
            return redirect("accounts:practice")
    context = {
        "retention": current,
        "form": form,
        "is_owner": request.membership.is_owner,
        "notice_days": NOTICE_DAYS,
    }
    return render(request, "records/retention.html", context)


def _said_saved(request: MemberRequest, changed: bool, months: int) -> None:
    if changed:
        messages.success(request, f"Saved: records are kept {months} months after a journey ends.")
    else:
        messages.info(request, f"Records already were kept {months} months; nothing changed.")


@require_http_methods(["GET"])
@coaches_only
def export(request: MemberRequest, client_id: UUID) -> HttpResponse:
    client, refusal = records_client_for(request, client_id)
    if refusal:
        return _refused(request, client, refusal)
    context = {
        "client": client,
        "contents": export_contents(client),
        "max_summaries": MAX_SUMMARIES,
    }
    return render(request, "records/export.html", context)


@require_http_methods(["GET"])
@coaches_only
def export_zip(request: MemberRequest, client_id: UUID) -> HttpResponse:
    client, refusal = records_client_for(request, client_id)
    if refusal:
        return _refused(request, client, refusal)
    made = client_export(client)
    _audit_export(request, client, what="zip")
    response = HttpResponse(made.content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    return response


@require_http_methods(["GET"])
@coaches_only
def export_summary(request: MemberRequest, client_id: UUID, journey_id: UUID) -> HttpResponse:
    """An ended journey's summary that the export file leaves out (it holds the latest)."""
    client, refusal = records_client_for(request, client_id)
    if refusal:
        return _refused(request, client, refusal)
    journey = Journey.objects.filter(client=client, public_id=journey_id).first()
    if journey is None or journey.status not in ENDED_STATUSES:
        raise Http404("No such ended journey")
    content = summary_pdf(journey)
    _audit_export(request, client, what="summary", journey=str(journey.public_id))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="journey-summary-{journey.public_id}.pdf"'
    )
    return response


def _audit_export(request: MemberRequest, client: Client, **detail: str) -> None:
    audit_record(
        practice=request.practice,
        actor=request.user,
        action=AuditAction.EXPORT,
        subject_kind="client",
        subject_id=client.public_id,
        client=client.public_id,
        detail=detail,
    )


@require_http_methods(["GET", "POST"])
@coaches_only
def erase(request: MemberRequest, client_id: UUID) -> HttpResponse:
    client, refusal = records_client_for(request, client_id)
    if refusal:
        return _refused(request, client, refusal)
    form = ErasureForm(posted(request), initial={"version": client.version})
    if request.method == "POST" and form.is_valid():
        try:
            client_erase(
                client=client,
                typed_name=form.cleaned_data["typed_name"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except AlreadyErased as error:
            messages.info(request, error.message)
            return redirect("clients:detail", client_id=client.public_id)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            # The message names no one: it is kept in the session until it is shown.
            messages.success(request, "The client is erased. This page shows what is kept.")
            return redirect("clients:detail", client_id=client.public_id)
    context = {
        "client": client,
        "form": form,
        "erasure": erased_on(client),
        "preview": erasure_preview(client),
    }
    return render(request, "records/erase.html", context)


def _refused(request: MemberRequest, client: Client, refusal: str) -> HttpResponse:
    return render(
        request, "records/not_yours.html", {"client": client, "refusal": refusal}, status=403
    )
