"""The client's portal page: for each open journey, where it stands (the arc), the sessions
ahead, the reflections and experiments waiting, the questions before the next session, and
the weekly pulse. A fixed number of queries; never a session's notes, key insights or
agreements, nor the client's private notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from arcwise.clients.models import Client
from arcwise.days import zone_or_utc
from arcwise.designs.models import Phase
from arcwise.intake.queries import IntakeCard, intake_cards_for
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
from arcwise.portal.days import check_in_is_open
from arcwise.portal.models import CHECK_IN_QUESTIONS, ReflectionRequest, SessionCheckIn
from arcwise.portal.next_action import NextAction, next_action
from arcwise.portal.queries import SESSION_FIELDS
from arcwise.portal.ratings import PortalClosing, PortalRatings, asked_of, closing_of, measures_of
from arcwise.sponsors.queries import ClientSummary, client_summaries
from arcwise.svg.portal_arc import render_portal_arc
from arcwise.svg.pulse_chart import PulseSeries, render_pulse_chart

CHECK_IN_FIELDS = tuple(
    f"client_check_in__{name}"
    for name in ("public_id", "session", "version", "updated_at", *CHECK_IN_QUESTIONS)
)


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
    def answered(self) -> bool:
        """Some question has an answer."""
        return any(answer for _, _, answer in self.questions)

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
    # "Rate your goals" while a moment is open to the client and unrated; the closing
    # section once the coach asks for it.
    ratings: PortalRatings | None = None
    closing: PortalClosing | None = None
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
    # The progress summaries written for a sponsor, those waiting for an answer first; a
    # refused answer's reason and note are set on its row before the page is shown.
    sponsor_summaries: list[ClientSummary] = field(default_factory=list)

    def journey(self, public_id: UUID) -> PortalJourney | None:
        return next((j for j in self.journeys if j.journey.public_id == public_id), None)

    @cached_property
    def intakes(self) -> list[IntakeCard]:
        """The intakes waiting for the client's answers: one query, read once a page (the
        next action and the intake cards both look)."""
        return intake_cards_for(self.client)

    @cached_property
    def next(self) -> NextAction | None:
        """What is asked of the client now, shown first (next_action.py has the order).
        Read when the page is shown, after a refused form has put its reason in place."""
        return next_action(self)

    @property
    def shown_first(self) -> object:
        """The subject of the next action (None when nothing is asked): each section leaves it
        out with `|without:page.shown_first`."""
        return self.next.subject if self.next else None

    @property
    def next_session(self) -> tuple[PortalJourney, Session] | None:
        """The soonest session ahead across the client's journeys, with its journey."""
        ahead = [(item, item.next_session) for item in self.journeys if item.next_session]
        if not ahead:
            return None
        item, session = min(ahead, key=lambda pair: pair[1].starts_at)
        return item, session


def portal_page(client: Client, *, now: datetime | None = None) -> PortalPage:
    """Everything the client's portal shows, for the client's open journeys, and the
    summaries written for their sponsors: 13 queries."""
    now = now or timezone.now()
    zone = zone_or_utc(client.time_zone)
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
    loaded = list(journeys)
    measures = measures_of(loaded)
    shown = [_portal_journey(j, now=now, zone=zone, today=today) for j in loaded]
    for item in shown:
        item.ratings = asked_of(item.journey, measures[item.journey.pk], today)
        item.closing = closing_of(measures[item.journey.pk])
    return PortalPage(
        client=client,
        journeys=shown,
        today=today,
        zone=zone,
        sponsor_summaries=client_summaries(client),
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
