"""Reads for the portal and for the sections portal adds to coach pages, each a fixed
number of queries. Portal pages read only what a client may see: never a session's notes,
key insights or agreements, nor the client's private notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

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
    PulseAnswer,
    Session,
    SessionStatus,
)
from arcwise.journeys.pages.state import JourneyState
from arcwise.portal.models import (
    CHECK_IN_QUESTIONS,
    ExperimentCheckIn,
    PortalLink,
    ReflectionRequest,
    SessionCheckIn,
)
from arcwise.portal.services import _zone, check_in_is_open, check_in_opens_on
from arcwise.svg.portal_arc import render_portal_arc
from arcwise.svg.pulse_chart import PulseSeries, render_pulse_chart

# The only session columns a portal page loads: notes and the record never leave the database.
SESSION_FIELDS = ("public_id", "journey_id", "phase_id", "starts_at", "minutes", "status")
CHECK_IN_FIELDS = tuple(
    f"client_check_in__{name}"
    for name in ("public_id", "session", "version", "updated_at", *CHECK_IN_QUESTIONS)
)


def portal_link_of(request_session_value: object) -> PortalLink | None:
    """The link a portal visitor's session was opened with, with its client; usable or not."""
    if not isinstance(request_session_value, int):
        return None
    return PortalLink.objects.select_related("client").filter(pk=request_session_value).first()


@dataclass(frozen=True)
class ArcStep:
    name: str
    state: str  # done, current or ahead


@dataclass(frozen=True)
class CheckInAsk:
    """The questions before the next session, while they are open, with any answers."""

    session: Session
    check_in: SessionCheckIn | None

    @property
    def version(self) -> int:
        return self.check_in.version if self.check_in else 0

    @property
    def questions(self) -> list[tuple[str, str, str]]:
        """(field name, question, answer so far) for each question, in order."""
        return [
            (name, question, getattr(self.check_in, name) if self.check_in else "")
            for name, question in CHECK_IN_QUESTIONS.items()
        ]


@dataclass(frozen=True)
class PulseRow:
    """One scale of the weekly pulse form: its name, the form field, the value to show."""

    scale: str
    field: str
    value: str


@dataclass
class PortalPulse:
    week_of: date
    rows: list[PulseRow]
    series: list[PulseSeries]
    weeks: list[tuple[date, list[int | None]]]
    answered_this_week: bool
    error: str = ""

    @cached_property
    def chart(self) -> SafeString | None:
        if not any(s.points for s in self.series):
            return None
        chart = render_pulse_chart(self.series, title="Your weekly pulse")
        return mark_safe(chart)  # noqa: S308 - the renderer escapes every text

    @property
    def choices(self) -> range:
        return range(11)

    def with_typed(self, values: dict[str, str], error: str) -> None:
        """Show what the client typed (a refused save), with why it was refused."""
        self.rows = [PulseRow(r.scale, r.field, values.get(r.field, "")) for r in self.rows]
        self.error = error


def pulse_field(index: int) -> str:
    # Scale names are the client's own words: the form names fields by position instead.
    return f"scale_{index}"


@dataclass
class PortalJourney:
    journey: Journey
    phase: Phase | None
    arc: list[ArcStep]
    next_session: Session | None
    upcoming: list[Session]
    reflections: list[ReflectionRequest]
    experiments: list[Experiment]
    check_in: CheckInAsk | None = None
    pulse: PortalPulse | None = None
    arc_picture: SafeString = field(default_factory=lambda: SafeString(""))

    @property
    def waiting(self) -> list[ReflectionRequest]:
        return [r for r in self.reflections if not r.answer]


@dataclass
class PortalPage:
    client: Client
    journeys: list[PortalJourney]
    today: date
    # The client's time zone: the page shows every time in it.
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))

    def journey(self, public_id: UUID) -> PortalJourney | None:
        return next((j for j in self.journeys if j.journey.public_id == public_id), None)


def portal_page(client: Client, *, now: datetime | None = None) -> PortalPage:
    """Everything the client's portal shows, for the client's open journeys: 7 queries."""
    now = now or timezone.now()
    zone = _zone(client.time_zone)
    today = timezone.localdate(now, zone)
    journeys = (
        Journey.objects.filter(client=client, status__in=OPEN_STATUSES)
        .select_related("design_version")
        .order_by("start_date", "pk")
        .prefetch_related(
            Prefetch("design_version__phases", queryset=Phase.objects.order_by("position")),
            Prefetch("phase_runs", queryset=PhaseRun.objects.order_by("sequence")),
            Prefetch(
                "sessions",
                # With the client's check-in joined: the next session's is asked on the page.
                queryset=Session.objects.only(*SESSION_FIELDS, *CHECK_IN_FIELDS)
                .select_related("client_check_in")
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
            Prefetch(
                "pulse_answers",
                queryset=PulseAnswer.objects.order_by("week_of", "scale"),
                to_attr="portal_pulse",
            ),
        )
    )
    return PortalPage(
        client=client,
        journeys=[_portal_journey(j, now=now, zone=zone, today=today) for j in journeys],
        today=today,
        zone=zone,
    )


def _portal_journey(
    journey: Journey, *, now: datetime, zone: ZoneInfo, today: date
) -> PortalJourney:
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
    next_session = None if paused or not upcoming else upcoming[0]
    check_in = None
    if next_session is not None and check_in_is_open(next_session.starts_at, zone, now):
        check_in = CheckInAsk(next_session, _check_in_of(next_session))
    return PortalJourney(
        journey=journey,
        phase=phase,
        arc=arc,
        next_session=next_session,
        upcoming=[] if paused else upcoming,
        reflections=journey.portal_reflections,  # type: ignore[attr-defined]
        experiments=journey.portal_experiments,  # type: ignore[attr-defined]
        check_in=check_in,
        pulse=_pulse(journey, today),
        arc_picture=mark_safe(  # noqa: S308 - the renderer escapes every text
            render_portal_arc(
                [(step.name, step.state) for step in arc], title="The arc of your journey"
            )
        ),
    )


def _check_in_of(session: Session) -> SessionCheckIn | None:
    try:
        return session.client_check_in
    except SessionCheckIn.DoesNotExist:
        return None


def _pulse(journey: Journey, today: date) -> PortalPulse | None:
    scales = [str(scale) for scale in journey.pulse_scales or []]
    if not scales:
        return None
    answers: list[PulseAnswer] = journey.portal_pulse  # type: ignore[attr-defined]
    week_of = today - timedelta(days=today.weekday())
    this_week = {a.scale: a.value for a in answers if a.week_of == week_of}
    values = {(a.week_of, a.scale): a.value for a in answers}
    weeks = sorted({week for week, _ in values})
    return PortalPulse(
        week_of=week_of,
        rows=[
            PulseRow(scale, pulse_field(index), str(this_week.get(scale, "")))
            for index, scale in enumerate(scales)
        ],
        series=[
            PulseSeries(scale, tuple((a.week_of, a.value) for a in answers if a.scale == scale))
            for scale in scales
        ],
        weeks=[(week, [values.get((week, scale)) for scale in scales]) for week in weeks],
        answered_this_week=all(scale in this_week for scale in scales),
    )


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
        "first_name": (client.name.split() or ["the client"])[0],
        "session": session,
        "check_in": check_in,
        "answers": [
            (question, getattr(check_in, name)) for name, question in CHECK_IN_QUESTIONS.items()
        ]
        if check_in
        else [],
        "opens_on": (
            check_in_opens_on(session.starts_at, _zone(client.time_zone)) if session else None
        ),
    }
    return JourneySection("portal/_prep_check_in.html", context, slot="head")
