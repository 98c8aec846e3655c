"""The coach's side of a journey's sponsor, reached from the journey page's Sponsor section:
the terms, ending the sponsor's access, inviting a sponsor, writing and changing summaries.

Each finds the journey through the coach's own access (`with_journey`: 404 for anyone
else's). A refused form comes back on a page of its own with the field marked and nothing
typed lost; a repeat (a double click, a second tab) changes nothing and says why.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from arcwise.accounts.http import MemberRequest, posted
from arcwise.accounts.tenancy import coaches_only
from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyChanged
from arcwise.journeys.models import Journey
from arcwise.journeys.pages.common import with_journey
from arcwise.sponsors import queries, services, summary_services
from arcwise.sponsors.forms import OUT_OF_DATE, InviteForm, RevokeForm, SummaryForm, TermsForm


def _to_section(journey: Journey) -> HttpResponse:
    url = reverse("journeys:detail", args=[journey.public_id])
    return redirect(f"{url}#sponsor-heading")


def _terms_page(
    request: MemberRequest,
    journey: Journey,
    *,
    terms_form: TermsForm | None = None,
    invite_form: InviteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    sponsorship = queries.sponsorship_of(journey)
    context = {
        "journey": journey,
        "sponsorship": sponsorship,
        "terms_form": terms_form
        or TermsForm.for_sponsorship(sponsorship, queries.sponsor_members(journey.practice_id)),
        "invite_form": invite_form or InviteForm(),
    }
    return render(request, "sponsors/terms.html", context, status=status)


@require_http_methods(["GET", "POST"])
@coaches_only
@with_journey
def terms(request: MemberRequest, journey: Journey) -> HttpResponse:
    """What the sponsor sees of this journey, each a yes or no, and who the sponsor is."""
    members = queries.sponsor_members(journey.practice_id)
    form = TermsForm.for_sponsorship(queries.sponsorship_of(journey), members, posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.sponsorship_save(
                journey=journey,
                by=request.user,
                terms=services.TermsInput(
                    organisation=data["organisation"],
                    sponsor=form.chosen_sponsor(),
                    attendance=data["attendance"],
                    summaries=data["summaries"],
                    closing_measures=data["closing_measures"],
                ),
                expected_version=data["version"],
            )
        except AlreadyChanged as repeat:
            messages.info(request, repeat.message)
            return _to_section(journey)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "The sponsor's terms are saved, and the change is logged.")
            return _to_section(journey)
    status = 400 if request.method == "POST" else 200
    return _terms_page(request, journey, terms_form=form, status=status)


@require_POST
@coaches_only
@with_journey
def revoke(request: MemberRequest, journey: Journey) -> HttpResponse:
    """End the sponsor's access to this journey, at once."""
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, OUT_OF_DATE)
        return _to_section(journey)
    try:
        services.sponsorship_revoke(
            journey=journey, by=request.user, expected_version=form.cleaned_data["version"]
        )
    except AlreadyChanged as repeat:
        messages.info(request, repeat.message)
    else:
        messages.success(request, "The sponsor no longer sees anything of this journey.")
    return _to_section(journey)


@require_POST
@coaches_only
@with_journey
def invite(request: MemberRequest, journey: Journey) -> HttpResponse:
    """Invite the sponsor to the practice by e-mail, as a sponsor."""
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.sponsor_invite(
                journey=journey,
                by=request.user,
                email=form.cleaned_data["email"],
                site_url=request.build_absolute_uri("/"),
            )
        except AlreadyChanged as repeat:
            messages.info(request, repeat.message)
            return _to_section(journey)
        except DomainError as error:
            form.add_error("email" if error.field in (None, "email") else None, error.message)
        else:
            messages.success(
                request,
                f"Invitation sent to {invitation.email}. Once they accept, choose them as "
                "this journey's sponsor.",
            )
            return _to_section(journey)
    return _terms_page(request, journey, invite_form=form, status=400)


def _summary_page(
    request: MemberRequest,
    journey: Journey,
    form: SummaryForm,
    *,
    summary: object = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "journey": journey,
        "sponsorship": queries.sponsorship_of(journey),
        "form": form,
        "summary": summary,
    }
    return render(request, "sponsors/summary_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@coaches_only
@with_journey
def summary_new(request: MemberRequest, journey: Journey) -> HttpResponse:
    """Write a progress summary for the sponsor; it waits for the client's approval."""
    form = SummaryForm(posted(request)) if request.method == "POST" else SummaryForm.blank()
    if request.method == "POST" and form.is_valid():
        try:
            summary_services.summary_write(
                journey=journey,
                by=request.user,
                text=form.cleaned_data["text"],
                token=form.cleaned_data["token"],
            )
        except AlreadyChanged as repeat:
            messages.info(request, repeat.message)
            return _to_section(journey)
        except DomainError as error:
            form.add_error("text" if error.field == "text" else None, error.message)
        else:
            messages.success(
                request,
                f"The summary is with {journey.client.name} for approval; the sponsor sees "
                "it once they approve it.",
            )
            return _to_section(journey)
    status = 400 if request.method == "POST" else 200
    return _summary_page(request, journey, form, status=status)


@require_http_methods(["GET", "POST"])
@coaches_only
@with_journey
def summary_edit(request: MemberRequest, journey: Journey, summary_id: UUID) -> HttpResponse:
    """Change a summary: it goes back to the client for approval."""
    summary = queries.summary_for(journey, summary_id)
    form = SummaryForm(posted(request)) if request.method == "POST" else SummaryForm.of(summary)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["version"] is None:
                raise DomainError(OUT_OF_DATE)
            summary_services.summary_edit(
                summary=summary,
                by=request.user,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
            )
        except summary_services.StaleSummary as stale:
            # Another tab or the client's answer came first: the words typed stay on screen.
            form.add_error(None, stale.message)
            return _summary_page(request, journey, form, summary=summary, status=409)
        except AlreadyChanged as repeat:
            messages.info(request, repeat.message)
            return _to_section(journey)
        except DomainError as error:
            form.add_error("text" if error.field == "text" else None, error.message)
        else:
            messages.success(
                request, f"The new version is with {journey.client.name} for approval."
            )
            return _to_section(journey)
    status = 400 if request.method == "POST" else 200
    return _summary_page(request, journey, form, summary=summary, status=status)
