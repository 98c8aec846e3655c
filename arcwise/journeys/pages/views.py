"""The journey pages every stage leads back to: the list, the journey with its map, and
session prep."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from arcwise.accounts.coach_filter import coach_filter_for
from arcwise.accounts.http import MemberRequest
from arcwise.accounts.tenancy import coaches_only
from arcwise.journeys import hooks
from arcwise.journeys.pages.access import SESSION_TEXTS, get_journey_for, journeys_for
from arcwise.journeys.pages.common import audit_reads, journey_context, tz
from arcwise.journeys.pages.session_table import session_rows
from arcwise.journeys.pages.state import JourneyState
from arcwise.journeys.plan.forms import AdvanceForm, available_adaptations
from arcwise.privacy.models import AuditAction


@require_http_methods(["GET"])
@coaches_only
def journey_list(request: MemberRequest) -> HttpResponse:
    """Open journeys by default; `?show=ended` lists the closed and ended ones; an owner's
    `?coach=` shows another coach's, or every coach's (`all`)."""
    coaches = coach_filter_for(request, request.GET)
    listing = journeys_for(request, ended=request.GET.get("show") == "ended", coaches=coaches)
    context = {"listing": listing, "coaches": coaches}
    return render(request, "journeys/journey_list.html", context)


@require_http_methods(["GET"])
@coaches_only
def journey_detail(request: MemberRequest, journey_id: UUID) -> HttpResponse:
    # The page shows no session's notes, insights or agreements: they stay encrypted.
    journey = get_journey_for(request, journey_id, unread=SESSION_TEXTS)
    # The page shows the client's reflections and check-ins (the portal's sections).
    audit_reads(request, journey, AuditAction.REFLECTION_READ, page="journey")
    state = JourneyState.of(journey)
    initial = {"on": state.today, "revision": journey.revision}
    context = journey_context(
        request,
        journey,
        state,
        advance_form=AdvanceForm(initial=initial),
        adaptations=available_adaptations(state, tz(request)),
        session_rows=session_rows(state),
        sections=hooks.journey_sections(state, "journey"),
        experiment_notes=hooks.experiment_notes(state),
    )
    return render(request, "journeys/journey_detail.html", context)


@require_http_methods(["GET"])
@coaches_only
def session_prep(request: MemberRequest, journey_id: UUID) -> HttpResponse:
    # Prep shows the last held session's insights and agreements, no session's notes.
    journey = get_journey_for(request, journey_id, unread=("notes",))
    # Prep shows the last session's insights and agreements, and the client's reflections
    # and check-ins since.
    audit_reads(request, journey, AuditAction.NOTE_READ, AuditAction.REFLECTION_READ, page="prep")
    state = JourneyState.of(journey)
    context = journey_context(
        request,
        journey,
        state,
        sections=hooks.journey_sections(state, "prep"),
        experiment_notes=hooks.experiment_notes(state),
    )
    return render(request, "journeys/prep.html", context)
