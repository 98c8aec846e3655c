"""Reads for the portal and for the sections portal adds to coach pages, each a fixed
number of queries. Portal pages read only what a client may see: never a session's notes,
key insights or agreements, nor the client's private notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from arcwise.clients.models import Client
from arcwise.clients.sections import ClientSection
from arcwise.designs.models import Phase
from arcwise.http import MemberRequest
from arcwise.journeys.hooks import ExperimentNote, JourneySection, Page
from arcwise.journeys.models import (
    OPEN_STATUSES,
    Experiment,
    ExperimentStatus,
    Journey,
    JourneyStatus,
    PhaseRun,
    Session,
    SessionStatus,
)
from arcwise.journeys.queries import JourneyState
from arcwise.portal.models import ExperimentCheckIn, PortalLink, ReflectionRequest
from arcwise.portal.services import _zone

# The only session columns a portal page loads: notes and the record never leave the database.
SESSION_FIELDS = ("public_id", "journey_id", "phase_id", "starts_at", "minutes", "status")


def portal_link_of(request_session_value: object) -> PortalLink | None:
    """The link a portal visitor's session was opened with, with its client; usable or not."""
    if not isinstance(request_session_value, int):
        return None
    return PortalLink.objects.select_related("client").filter(pk=request_session_value).first()


@dataclass(frozen=True)
class ArcStep:
    name: str
    state: str  # done, current or ahead


@dataclass
class PortalJourney:
    journey: Journey
    phase: Phase | None
    arc: list[ArcStep]
    next_session: Session | None
    upcoming: list[Session]
    reflections: list[ReflectionRequest]
    experiments: list[Experiment]

    @property
    def waiting(self) -> list[ReflectionRequest]:
        return [r for r in self.reflections if not r.answer]


@dataclass
class PortalPage:
    client: Client
    journeys: list[PortalJourney]
    today: date


def portal_page(client: Client, *, now: datetime | None = None) -> PortalPage:
    """Everything the client's portal shows, for the client's open journeys: 6 queries."""
    now = now or timezone.now()
    today = timezone.localdate(now, _zone(client.time_zone))
    journeys = (
        Journey.objects.filter(client=client, status__in=OPEN_STATUSES)
        .select_related("design_version")
        .order_by("start_date", "pk")
        .prefetch_related(
            Prefetch("design_version__phases", queryset=Phase.objects.order_by("position")),
            Prefetch("phase_runs", queryset=PhaseRun.objects.order_by("sequence")),
            Prefetch(
                "sessions",
                queryset=Session.objects.only(*SESSION_FIELDS)
                .filter(status=SessionStatus.PLANNED, starts_at__gte=now)
                .order_by("starts_at", "pk"),
                to_attr="portal_upcoming",
            ),
            Prefetch(
                "reflection_requests",
                # In cycle order: experience, then reflection, then integration.
                queryset=ReflectionRequest.objects.filter(due_on__lte=today).order_by(
                    "due_on", "pk"
                ),
                to_attr="portal_reflections",
            ),
            Prefetch(
                "experiments",
                queryset=Experiment.objects.filter(status=ExperimentStatus.OPEN)
                .select_related("check_in")
                .order_by("by_when", "created_at"),
                to_attr="portal_experiments",
            ),
        )
    )
    return PortalPage(client=client, journeys=[_portal_journey(j) for j in journeys], today=today)


def _portal_journey(journey: Journey) -> PortalJourney:
    phases = list(journey.design_version.phases.all())
    runs = list(journey.phase_runs.all())
    current = next((run for run in runs if run.left_on is None), None)
    visited = {run.phase_id for run in runs}
    phase = next((p for p in phases if current and p.pk == current.phase_id), None)
    arc = [
        ArcStep(
            p.name,
            "current" if phase and p.pk == phase.pk else "done" if p.pk in visited else "ahead",
        )
        for p in phases
    ]
    upcoming: list[Session] = journey.portal_upcoming  # type: ignore[attr-defined]
    paused = journey.status == JourneyStatus.PAUSED
    return PortalJourney(
        journey=journey,
        phase=phase,
        arc=arc,
        next_session=None if paused or not upcoming else upcoming[0],
        upcoming=[] if paused else upcoming,
        reflections=journey.portal_reflections,  # type: ignore[attr-defined]
        experiments=journey.portal_experiments,  # type: ignore[attr-defined]
    )


def reflection_for(client: Client, reflection_id: UUID, today: date) -> ReflectionRequest:
    """A reflection asked of this client and already due; 404 for anything else."""
    reflection = ReflectionRequest.objects.filter(
        public_id=reflection_id, journey__client=client, due_on__lte=today
    ).first()
    if reflection is None:
        raise Http404("No such reflection")
    return reflection


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
