"""What every journey view shares: the coach's journey from the URL, the context the journey
pages render with (its state, map and pulse chart), and the way a refusal is shown."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.safestring import mark_safe

from arcwise.accounts.http import MemberRequest
from arcwise.errors import DomainError
from arcwise.journeys.models import Journey, Session
from arcwise.journeys.pages.access import get_journey_for
from arcwise.journeys.pages.state import JourneyState
from arcwise.privacy.audit import audit_record
from arcwise.privacy.models import AuditAction
from arcwise.svg.journey_map import journey_map_words, render_journey_map
from arcwise.svg.pulse_chart import render_pulse_chart

# The rest of a view's arguments, from the URL: `kind`, `session_id`, `experiment_id`.
P = ParamSpec("P")


def with_journey(
    view: Callable[Concatenate[MemberRequest, Journey, P], HttpResponse],
) -> Callable[Concatenate[MemberRequest, UUID, P], HttpResponse]:
    """Pass the view the signed-in coach's journey named in the URL (404 for anyone else)."""

    @wraps(view)
    def wrapper(
        request: MemberRequest, journey_id: UUID, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponse:
        return view(request, get_journey_for(request, journey_id), *args, **kwargs)

    return wrapper


def tz(request: MemberRequest) -> str:
    return request.user.time_zone


def journey_context(
    request: MemberRequest, journey: Journey, state: JourneyState | None = None, **extra: object
) -> dict[str, object]:
    """What every page about one journey shows around its own part: the map, the pulse."""
    state = state or JourneyState.of(journey)
    picture = state.picture()
    return {
        "journey": journey,
        "state": state,
        "map": mark_safe(render_journey_map(picture)),  # noqa: S308 - escapes all text
        "map_words": journey_map_words(picture),
        "pulse_chart": (
            render_pulse_chart(state.pulse, title=f"Weekly pulse: {journey.client.name}")
            if state.journey.pulse_answers.all()
            else None
        ),
        "tz": tz(request),
        **extra,
    }


def audit_reads(
    request: MemberRequest,
    journey: Journey,
    *actions: AuditAction,
    page: str,
    session: Session | None = None,
) -> None:
    """Record in the audit log that the coach opened `page` of `journey`, which shows what
    `actions` name (session notes, the client's reflections and check-ins): one event per
    kind of record the page shows, four queries each, however many notes it holds."""
    detail = {"page": page, **({"session": str(session.public_id)} if session else {})}
    for action in actions:
        audit_record(
            practice=request.practice,
            actor=request.user,
            action=action,
            subject_kind="journey",
            subject_id=journey.public_id,
            client=journey.client.public_id,
            detail=detail,
        )


def to_journey(journey: Journey) -> HttpResponse:
    return redirect("journeys:detail", journey_id=journey.public_id)


def refused(request: MemberRequest, journey: Journey, error: DomainError) -> HttpResponse:
    """Back to the journey page, with the refusal's message above it."""
    messages.error(request, error.message)
    return to_journey(journey)
