"""Starting a journey: the agreement, then the proposed plan, then the start."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from arcwise.accounts.http import MemberRequest, posted
from arcwise.accounts.tenancy import coaches_only, scoped
from arcwise.clients.models import Client
from arcwise.designs.queries import design_list_for
from arcwise.journeys.enrolment import flow
from arcwise.journeys.enrolment.forms import AgreementForm, StartForm
from arcwise.journeys.pages.common import tz


def _choices(request: MemberRequest) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    clients = scoped(Client, request).filter(archived_at=None).order_by("name")
    designs = [
        (str(row.current.pk), f"{row.current.name} (version {row.current.number})")
        for row in design_list_for(request)
        if row.current is not None
    ]
    return [(str(c.public_id), c.name) for c in clients], designs


def _agreement_form(request: MemberRequest, data: QueryDict | None = None) -> AgreementForm:
    clients, designs = _choices(request)
    initial = {"client": request.GET.get("client", ""), "start_date": timezone.localdate()}
    return AgreementForm(data, clients=clients, designs=designs, initial=initial)


@require_http_methods(["GET", "POST"])
@coaches_only
def journey_new(request: MemberRequest) -> HttpResponse:
    """Agreement, then the proposed plan, then the start: `flow.next_step` decides which."""
    if request.method != "POST":
        return render(request, "journeys/enrol.html", {"form": _agreement_form(request)})
    enroller = flow.Enroller(
        practice=request.practice,
        coach=request.user,
        clients=scoped(Client, request),
        time_zone=tz(request),
    )
    sent = flow.Sent(
        action=flow.Action.of(request.POST.get("action")),
        agreement=_agreement_form(request, posted(request)),
        plan=flow.plan_formset(enroller, request.POST),
        start=StartForm(request.POST),
    )
    step = flow.next_step(enroller, sent)
    if isinstance(step, flow.Started):
        if step.repeat:
            messages.info(request, step.message)
        else:
            messages.success(request, step.message)
        return redirect("journeys:detail", journey_id=step.journey.public_id)
    if isinstance(step, flow.PlanStep):
        return render(request, "journeys/plan.html", {"step": step}, status=step.status)
    return render(request, "journeys/enrol.html", {"form": step.form}, status=step.status)
