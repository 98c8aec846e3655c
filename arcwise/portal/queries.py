"""Reads for the portal and for the sections portal adds to coach pages, each a fixed
number of queries. Portal pages read only what a client may see: never a session's notes,
key insights or agreements, nor the client's private notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.http import Http404
from django.utils import timezone

from arcwise.accounts.http import MemberRequest
from arcwise.clients.models import Client
from arcwise.clients.sections import ClientSection
from arcwise.days import zone_or_utc
from arcwise.journeys.hooks import ExperimentNote, JourneySection, Page
from arcwise.journeys.models import (
    OPEN_STATUSES,
    Experiment,
    Journey,
    Session,
    SessionStatus,
)
from arcwise.journeys.pages.state import JourneyState
from arcwise.portal.days import check_in_opens_on
from arcwise.portal.models import (
    CHECK_IN_QUESTIONS,
    ExperimentCheckIn,
    PortalLink,
    ReflectionRequest,
    SessionCheckIn,
)
from arcwise.text import first_name

# The only session columns a portal page loads: notes and the record never leave the database.
SESSION_FIELDS = ("public_id", "journey_id", "phase_id", "starts_at", "minutes", "status")


def reflection_for(client: Client, reflection_id: UUID, today: date) -> ReflectionRequest:
    """A reflection asked of this client and already due; 404 for anything else."""
    reflection = ReflectionRequest.objects.filter(
        public_id=reflection_id, journey__client=client, due_on__lte=today
    ).first()
    if reflection is None:
        raise Http404("No such reflection")
    return reflection


def check_in_session_for(client: Client, session_id: UUID) -> Session:
    """A session of one of this client's journeys, whatever its status (saving says why a
    held or cancelled one takes no answers); 404 for anything else."""
    session = (
        Session.objects.only(*SESSION_FIELDS)
        .filter(public_id=session_id, journey__client=client)
        .first()
    )
    if session is None:
        raise Http404("No such session")
    return session


def pulse_journey_for(client: Client, journey_id: UUID) -> Journey:
    """One of this client's journeys, open or not (saving says why a closed one takes no
    pulse); 404 for anything else."""
    journey = Journey.objects.filter(public_id=journey_id, client=client).first()
    if journey is None:
        raise Http404("No such journey")
    return journey


def experiment_for(client: Client, experiment_id: UUID) -> Experiment:
    """An experiment of one of this client's journeys; 404 for anything else."""
    experiment = (
        Experiment.objects.only("pk", "public_id", "journey_id", "title", "status")
        .filter(public_id=experiment_id, journey__client=client)
        .first()
    )
    if experiment is None:
        raise Http404("No such experiment")
    return experiment


def upcoming_session_for(client: Client, session_id: UUID) -> Session:
    """A planned session of one of this client's open journeys; 404 for anything else."""
    session = (
        Session.objects.only(*SESSION_FIELDS)
        .filter(
            public_id=session_id,
            journey__client=client,
            journey__status__in=OPEN_STATUSES,
            status=SessionStatus.PLANNED,
        )
        .first()
    )
    if session is None:
        raise Http404("No such session")
    return session


# --- Sections on coach pages -----------------------------------------------------------


@dataclass(frozen=True)
class LinkState:
    usable: PortalLink | None
    last: PortalLink | None


def portal_link_section(request: MemberRequest, client: Client) -> ClientSection:
    """The client page's portal section: the link that works now, with send and revoke."""
    now = timezone.now()
    links = list(PortalLink.objects.filter(client=client).order_by("-created_at", "-pk")[:1])
    last = links[0] if links else None
    usable = last if last is not None and last.is_usable(now) else None
    return ClientSection(
        "portal/_client_section.html", {"client": client, "state": LinkState(usable, last)}
    )


def reflections_section(state: JourneyState, page: Page) -> JourneySection:
    """Prep: the answers to reflections asked after the last held session. The journey
    page: every answered reflection, newest first. One query either way."""
    if page == "prep":
        last = state.last_held_session
        rows = (
            list(ReflectionRequest.objects.filter(session_id=last.pk).order_by("due_on", "pk"))
            if last
            else []
        )
        return JourneySection("portal/_prep_reflections.html", {"reflections": rows, "last": last})
    answered = list(
        ReflectionRequest.objects.filter(journey=state.journey)
        .exclude(answer="")
        .order_by("-answered_at", "-pk")
    )
    return JourneySection("portal/_journey_reflections.html", {"reflections": answered})


def check_in_notes(state: JourneyState) -> list[ExperimentNote]:
    """The client's check-in beside each experiment that has one. One query."""
    check_ins = ExperimentCheckIn.objects.filter(experiment__journey=state.journey)
    return [
        ExperimentNote(c.experiment_id, "portal/_check_in_note.html", {"check_in": c})
        for c in check_ins
    ]


def session_check_in_section(state: JourneyState, page: Page) -> JourneySection | None:
    """Heads session prep: the client's answers before the next planned session, or when
    the portal starts asking for them. One query, whether a session is planned or not."""
    if page != "prep":
        return None
    client = state.journey.client
    session = state.next_session
    # The soonest check-in of a session still ahead: the next session's, if it has one.
    soonest = (
        SessionCheckIn.objects.filter(
            journey=state.journey,
            session__status=SessionStatus.PLANNED,
            session__starts_at__gte=state.now,
        )
        .order_by("session__starts_at", "session_id")
        .first()
    )
    check_in = soonest if session and soonest and soonest.session_id == session.pk else None
    context = {
        "first_name": first_name(client.name, empty="the client"),
        "session": session,
        "check_in": check_in,
        "answers": [
            (question, getattr(check_in, name)) for name, question in CHECK_IN_QUESTIONS.items()
        ]
        if check_in
        else [],
        "opens_on": (
            check_in_opens_on(session.starts_at, zone_or_utc(client.time_zone)) if session else None
        ),
    }
    return JourneySection("portal/_prep_check_in.html", context, slot="head")
