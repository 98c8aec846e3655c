"""The client's answer to a progress summary their coach wrote for their sponsor: approve it
(only then does it reach the sponsor) or ask for changes, saying what to change.

It passes the portal's one guard (access.py) and answers through the sponsors' service. A
refusal shows the portal page again with the note kept and the reason beside the summary;
a repeat changes nothing and says why.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from arcwise.accounts.http import ArcwiseRequest
from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyChanged
from arcwise.portal.access import portal_view
from arcwise.portal.models import PortalLink
from arcwise.portal.page import portal_page
from arcwise.portal.summary_views import ended_journeys_of
from arcwise.sponsors.forms import AnswerForm
from arcwise.sponsors.models import CLIENT_NOTE_LIMIT, ProgressSummary
from arcwise.sponsors.summary_services import summary_answer


def _again(request: ArcwiseRequest, link: PortalLink, summary_id: UUID, error: str) -> HttpResponse:
    """The portal page with the refusal beside the summary and the note as typed."""
    page = portal_page(link.client)
    for row in page.sponsor_summaries:
        if row.summary.public_id == summary_id:
            row.error = error
            row.note = str(request.POST.get("note", ""))[:CLIENT_NOTE_LIMIT]
    context = {"page": page, "summaries": ended_journeys_of(link.client)}
    return render(request, "portal/home.html", context, status=400)


@require_POST
@portal_view()
def sponsor_summary_answer(
    request: ArcwiseRequest, link: PortalLink, summary_id: UUID
) -> HttpResponse:
    """Approve a summary for the sponsor, or ask the coach to change it."""
    summary = ProgressSummary.objects.filter(
        public_id=summary_id, sponsorship__journey__client=link.client
    ).first()
    if summary is None:
        raise Http404("No such summary")
    form = AnswerForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(" ".join(str(e) for es in form.errors.values() for e in es))
        summary_answer(
            summary=summary,
            client=link.client,
            approve=form.approves(),
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )
    except AlreadyChanged as repeat:
        messages.info(request, repeat.message)
    except DomainError as error:
        return _again(request, link, summary_id, f"Not sent. {error.message}")
    else:
        messages.success(
            request,
            "Thank you: you approved the summary, so your sponsor may read it."
            if form.approves()
            else "Thank you: your coach will change the summary and ask you again.",
        )
    return redirect("portal:home")
