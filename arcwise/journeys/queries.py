"""Reads for journey pages: the journey page, session prep and the caseload each cost a fixed
number of queries, however many sessions, experiments or journeys there are."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from arcwise.accounts.models import CLIENT_ROLES, Membership
from arcwise.accounts.removal import RemovalBlocker
from arcwise.clients.models import Client
from arcwise.clients.sections import ClientSection
from arcwise.designs.models import DesignVersion, Phase
from arcwise.http import MemberRequest
from arcwise.journeys.models import (
    ENDED_STATUSES,
    OPEN_STATUSES,
    Adaptation,
    Experiment,
    ExperimentStatus,
    Journey,
    JourneyStatus,
    PhaseRun,
    PlanStage,
    PulseAnswer,
    Session,
    SessionStatus,
    Thread,
)
from arcwise.journeys.schedule import PlanDiff, PlanSession
from arcwise.journeys.wording import adaptation_wording, weeks_and_days
from arcwise.svg.journey_map import (
    AdaptationMarker,
    JourneyPicture,
    PhaseRunBar,
    PlannedPhase,
    SessionMark,
)
from arcwise.svg.pulse_chart import PulseSeries
from arcwise.tenancy import get_scoped_or_404, scoped


def _own_journeys(request: MemberRequest) -> QuerySet[Journey]:
    # Journeys hold session notes: only the coach running a journey sees it.
    return scoped(Journey, request).filter(coach=request.user)


def _with_everything(journeys: QuerySet[Journey]) -> QuerySet[Journey]:
    newest = (
        DesignVersion.objects.filter(
            design=OuterRef("design_version__design"), published_at__isnull=False
        )
        .order_by("-number")
        .values("number")[:1]
    )
    return (
        journeys.select_related("client", "design_version", "design_version__design")
        .annotate(newest_published=Subquery(newest))
        .prefetch_related(
            Prefetch("design_version__phases", queryset=Phase.objects.order_by("position")),
            # Each with its phase joined: after a move to a newer version of the design, history
            # can name a phase the current version no longer has.
            Prefetch(
                "phase_runs", queryset=PhaseRun.objects.select_related("phase").order_by("sequence")
            ),
            Prefetch("plan_stages", queryset=PlanStage.objects.order_by("position")),
            # By time, then by creation, so sessions at the same moment keep one order and the
            # session page's previous and next links never skip or repeat one.
            Prefetch(
                "sessions",
                queryset=Session.objects.select_related("phase").order_by("starts_at", "pk"),
            ),
            Prefetch(
                "adaptations",
                queryset=Adaptation.objects.select_related("phase").order_by("on", "created_at"),
            ),
            Prefetch("experiments", queryset=Experiment.objects.order_by("by_when", "created_at")),
            Prefetch("threads", queryset=Thread.objects.order_by("opened_at", "pk")),
            Prefetch("pulse_answers", queryset=PulseAnswer.objects.order_by("week_of")),
        )
    )


@dataclass(frozen=True)
class SessionRow:
    session: Session
    phase_name: str
    is_next: bool


@dataclass(frozen=True)
class PhaseHistoryRow:
    """One phase run as the journey page lists it, with what told the coach to move on."""

    run: PhaseRun
    phase_name: str
    days_spent: int

    @property
    def spent(self) -> str:
        """“3 weeks 2 days”: how long the run lasted, or has lasted so far."""
        return weeks_and_days(self.days_spent)

    @property
    def over_plan(self) -> bool:
        return self.days_spent > 7 * self.run.planned_weeks


@dataclass(frozen=True)
class SessionPlace:
    """A session with its phase as it is now, and the sessions either side of it in time."""

    session: Session
    phase: Phase
    previous: Session | None
    next: Session | None


@dataclass(frozen=True)
class ThreadRow:
    thread: Thread
    session: Session


@dataclass(frozen=True)
class LogLine:
    adaptation: Adaptation
    label: str

    @property
    def text(self) -> str:
        return f"{self.label}: {self.adaptation.reason}"


@dataclass
class JourneyState:
    """A journey with everything loaded, and what follows from it on a given day."""

    journey: Journey
    phases: list[Phase]
    runs: list[PhaseRun]
    stages: list[PlanStage]
    sessions: list[Session]
    adaptations: list[Adaptation]
    experiments: list[Experiment]
    threads: list[Thread]
    today: date
    now: datetime
    phase_by_id: dict[int, Phase] = field(init=False)

    def __post_init__(self) -> None:
        self.phase_by_id = {phase.pk: phase for phase in self.phases}

    @classmethod
    def of(cls, journey: Journey, *, now: datetime | None = None) -> JourneyState:
        now = now or timezone.now()
        return cls(
            journey=journey,
            phases=list(journey.design_version.phases.all()),
            runs=list(journey.phase_runs.all()),
            stages=list(journey.plan_stages.all()),
            sessions=list(journey.sessions.all()),
            adaptations=list(journey.adaptations.all()),
            experiments=list(journey.experiments.all()),
            threads=list(journey.threads.all()),
            today=timezone.localdate(now),
            now=now,
        )

    @property
    def current_run(self) -> PhaseRun | None:
        return next((run for run in self.runs if run.left_on is None), None)

    @property
    def current_phase(self) -> Phase | None:
        run = self.current_run
        return self.phase_by_id.get(run.phase_id) if run else None

    @property
    def week_in_phase(self) -> tuple[int, int] | None:
        """(week N, of M planned) of the current phase run."""
        run = self.current_run
        if run is None:
            return None
        return max(1, (self.today - run.entered_on).days // 7 + 1), run.planned_weeks

    @property
    def next_session(self) -> Session | None:
        """The next planned session; none while paused, whatever the calendar holds."""
        if self.journey.status == JourneyStatus.PAUSED:
            return None
        return next(
            (
                s
                for s in self.sessions
                if s.status == SessionStatus.PLANNED and s.starts_at >= self.now
            ),
            None,
        )

    @property
    def last_held_session(self) -> Session | None:
        held = [
            s for s in self.sessions if s.status == SessionStatus.HELD and s.starts_at <= self.now
        ]
        return held[-1] if held else None

    @property
    def held_count(self) -> int:
        return sum(1 for s in self.sessions if s.status == SessionStatus.HELD)

    @property
    def open_experiments(self) -> list[Experiment]:
        return [e for e in self.experiments if e.status == ExperimentStatus.OPEN]

    @property
    def open_threads(self) -> list[ThreadRow]:
        """Threads not yet followed up, oldest first, each with the session it came from."""
        by_id = {s.pk: s for s in self.sessions}
        return [ThreadRow(t, by_id[t.session_id]) for t in self.threads if t.is_open()]

    def threads_of(self, session: Session) -> list[Thread]:
        """The threads kept from `session`, open and closed."""
        return [t for t in self.threads if t.session_id == session.pk]

    def phase_of(self, item: PhaseRun | Session | Adaptation) -> Phase | None:
        return self._phase(item) if item.phase_id else None

    def _phase(self, item: PhaseRun | Session | Adaptation | PlanStage) -> Phase:
        """The item's phase: of the journey's version, or of an older one it moved on from."""
        phase = (self.phase_by_id.get(item.phase_id) if item.phase_id else None) or item.phase
        assert phase is not None, "only called for items with a phase"
        return phase

    def later_phases(self) -> list[Phase]:
        """The phases still ahead in the plan, in the order the plan has them."""
        return [self.phase_by_id[stage.phase_id] for stage in self.stages[1:]]

    def earlier_phases(self) -> list[Phase]:
        """Phases the journey could go back to: before the current one, not in the plan."""
        phase = self.current_phase
        planned = {stage.phase_id for stage in self.stages}
        return [
            p for p in self.phases if phase and p.position < phase.position and p.pk not in planned
        ]

    @property
    def pulse(self) -> list[PulseSeries]:
        """Each of the journey's pulse scales with the client's weekly answers, oldest first."""
        answers = list(self.journey.pulse_answers.all())
        return [
            PulseSeries(scale, tuple((a.week_of, a.value) for a in answers if a.scale == scale))
            for scale in self.journey.pulse_scales
        ]

    @property
    def pulse_weeks(self) -> list[tuple[date, list[int | None]]]:
        """The table beside the chart: each week answered, and the value on each scale."""
        values = {(a.week_of, a.scale): a.value for a in self.journey.pulse_answers.all()}
        weeks = sorted({week for week, _ in values})
        return [
            (week, [values.get((week, scale)) for scale in self.journey.pulse_scales])
            for week in weeks
        ]

    @property
    def phase_names(self) -> dict[str, str]:
        return {p.key: p.name for p in self.phases}

    @property
    def newer_version_number(self) -> int | None:
        """The newest published version of the design, if newer than the journey's."""
        newest: int | None = getattr(self.journey, "newest_published", None)
        if newest is None or newest <= self.journey.design_version.number:
            return None
        return newest

    @property
    def is_paused(self) -> bool:
        return self.journey.status == JourneyStatus.PAUSED

    @property
    def session_rows(self) -> list[SessionRow]:
        """Each session with the name of the phase it belongs to now, and whether it is next."""
        upcoming = self.next_session
        return [SessionRow(s, self._phase(s).name, s == upcoming) for s in self.sessions]

    @property
    def phase_history(self) -> list[PhaseHistoryRow]:
        """Every run so far, oldest first; the one still going counts its days up to today."""
        return [
            PhaseHistoryRow(
                run,
                self._phase(run).name,
                max(((run.left_on or self.today) - run.entered_on).days, 0),
            )
            for run in self.runs
        ]

    def place_of(self, session: Session) -> SessionPlace:
        """Where a session stands: the phase it belongs to now (it follows the plan as the
        plan changes) and its neighbours by time within the journey."""
        index = next(i for i, s in enumerate(self.sessions) if s.pk == session.pk)
        return SessionPlace(
            session=session,
            phase=self._phase(session),
            previous=self.sessions[index - 1] if index > 0 else None,
            next=self.sessions[index + 1] if index + 1 < len(self.sessions) else None,
        )

    @property
    def log(self) -> list[LogLine]:
        """The adaptation log, each line worded once, in the one place wording is made."""
        return [
            LogLine(a, adaptation_wording(a.kind, self._phase_name(a), a.weeks, a.detail))
            for a in self.adaptations
        ]

    def _phase_name(self, adaptation: Adaptation) -> str:
        phase = self.phase_of(adaptation)
        return phase.name if phase else ""

    def picture(self) -> JourneyPicture:
        """The journey map's input: planned phases against what actually happened."""
        history = [run for run in self.runs if run.left_on is not None]
        planned = [
            (self._phase(run), run.entered_on, run.left_on) for run in history if run.left_on
        ] + [(self._phase(stage), stage.starts, stage.ends) for stage in self.stages]
        return JourneyPicture(
            title=f"Journey map: {self.journey.client.name}",
            starts=self.journey.start_date,
            planned_end=self.journey.planned_end,
            today=self.today,
            planned=tuple(
                PlannedPhase(number=phase.position, name=phase.name, starts=starts, ends=ends)
                for phase, starts, ends in planned
                if ends > starts
            ),
            runs=tuple(
                PhaseRunBar(
                    number=self._phase(run).position,
                    name=self._phase(run).name,
                    starts=run.entered_on,
                    ends=run.left_on,
                    readiness_note=run.readiness_note,
                )
                for run in self.runs
            ),
            sessions=tuple(
                SessionMark(on=timezone.localdate(s.starts_at), status=s.status)
                for s in self.sessions
            ),
            adaptations=tuple(
                AdaptationMarker(on=line.adaptation.on, kind=line.adaptation.kind, label=line.text)
                for line in self.log
            ),
            ended=None if self.journey.is_open() else self.journey.ended_on,
        )


def get_journey_for(request: MemberRequest, journey_id: UUID) -> Journey:
    """One of the signed-in coach's journeys, fully loaded; 404 for anyone else's."""
    journey = _with_everything(_own_journeys(request)).filter(public_id=journey_id).first()
    if journey is None:
        raise Http404("No such journey")
    return journey


def get_session_for(request: MemberRequest, journey: Journey, session_id: UUID) -> Session:
    session = next((s for s in journey.sessions.all() if s.public_id == session_id), None)
    if session is None:
        raise Http404("No such session")
    session.journey = journey  # already loaded; saves a query in services
    return session


def get_experiment_for(journey: Journey, experiment_id: UUID) -> Experiment:
    experiment = next((e for e in journey.experiments.all() if e.public_id == experiment_id), None)
    if experiment is None:
        raise Http404("No such experiment")
    return experiment


def get_thread_for(journey: Journey, thread_id: UUID) -> Thread:
    thread = next((t for t in journey.threads.all() if t.public_id == thread_id), None)
    if thread is None:
        raise Http404("No such thread")
    return thread


def caseload_for(request: MemberRequest) -> QuerySet[Journey]:
    """The coach's open journeys (paused and closing ones too), unloaded: the caseload reads
    what it shows of them in a fixed number of queries (insights/caseload.py)."""
    return _own_journeys(request).filter(status__in=OPEN_STATUSES)


@dataclass(frozen=True)
class JourneyList:
    journeys: list[Journey]
    ended: bool  # showing the closed and ended journeys, not the open ones
    open_count: int
    ended_count: int


def journeys_for(request: MemberRequest, *, ended: bool = False) -> JourneyList:
    """The coach's open journeys, newest first; with `ended`, the closed and ended ones,
    most recently ended first. Two queries, however many journeys."""
    own = _own_journeys(request)
    counts = own.aggregate(
        everything=Count("pk"), ended=Count("pk", filter=Q(status__in=ENDED_STATUSES))
    )
    if ended:
        rows = own.filter(status__in=ENDED_STATUSES).order_by("-ended_on", "-created_at")
    else:
        rows = own.exclude(status__in=ENDED_STATUSES).order_by("-start_date", "-created_at")
    return JourneyList(
        journeys=list(rows.select_related("client", "design_version")),
        ended=ended,
        open_count=counts["everything"] - counts["ended"],
        ended_count=counts["ended"],
    )


def client_journeys_section(request: MemberRequest, client: Client) -> ClientSection:
    """The client page's list of the client's journeys with any coach of the practice.

    Every coach sees that a journey exists (status, design, dates, whose it is); only its
    own coach gets the link, since a journey holds session notes. One query.
    """
    journeys = list(
        scoped(Journey, request)
        .filter(client=client)
        .select_related("design_version", "coach")
        .order_by("-start_date", "-created_at")
    )
    return ClientSection(
        "journeys/_client_journeys.html", {"journeys": journeys, "viewer_id": request.user.pk}
    )


def open_journeys_of(practice_id: int, coach_id: int) -> QuerySet[Journey]:
    return Journey.objects.filter(
        practice_id=practice_id, coach_id=coach_id, status__in=OPEN_STATUSES
    )


def open_journeys_block_removal(membership: Membership) -> RemovalBlocker | None:
    """A coach with open journeys leaves only once they are handed to another coach."""
    count = open_journeys_of(membership.practice_id, membership.user_id).count()
    if not count:
        return None
    name = membership.user.name
    journeys = "open journey" if count == 1 else "open journeys"
    return RemovalBlocker(
        message=(
            f"{name} still coaches {count} {journeys}. Hand them to another coach first; "
            f"then {name} can be removed or become a mentor."
        ),
        url=reverse("journeys:handover", args=[membership.public_id]),
    )


@dataclass(frozen=True)
class HandoverPage:
    leaving: Membership
    journeys: list[Journey]
    coaches: list[Membership]  # who can take them: the practice's other coaches and owners

    @property
    def seen(self) -> str:
        """The journeys and revisions the page shows, for the form to send back."""
        return ",".join(f"{j.public_id}:{j.revision}" for j in self.journeys)


def handover_for(request: MemberRequest, member_id: UUID) -> HandoverPage:
    """A member's open journeys in the request's practice, and who could take them.

    404 for a member of another practice. Two queries besides the member's own.
    """
    leaving = get_scoped_or_404(
        Membership.objects.select_related("user"), request, public_id=member_id
    )
    journeys = list(
        open_journeys_of(leaving.practice_id, leaving.user_id)
        .select_related("client", "design_version")
        .order_by("client__name", "start_date")
    )
    coaches = list(
        scoped(Membership, request)
        .filter(role__in=CLIENT_ROLES)
        .exclude(pk=leaving.pk)
        .select_related("user")
        .order_by("user__name")
    )
    return HandoverPage(leaving, journeys, coaches)


@dataclass(frozen=True)
class PreviewRow:
    """One session an adaptation would change, as the preview shows it."""

    before: PlanSession | None
    after: PlanSession | None
    phase_before: str
    phase_after: str
    what: str


def preview_rows(names: dict[str, str], diff: PlanDiff) -> list[PreviewRow]:
    """The preview's table: each changed session, before and after, with what happens to it.

    `names` gives each phase key its name (of the new version, when the design changes).
    """
    rows = []
    for change in diff.changes:
        before, after = change.before, change.after
        phase_before = names.get(before.phase_key, "") if before else ""
        phase_after = names.get(after.phase_key, "") if after else ""
        what = {
            "added": "added",
            "removed": "dropped",
            "suspended": "suspended while paused",
            "cancelled": "cancelled",
            "back": "back in the plan",
        }.get(change.kind, "")
        if change.kind in ("moved", "back") and before and after:
            days = (after.on - before.on).days
            weeks, rest = divmod(abs(days), 7)
            span = f"{weeks} week{'s' if weeks != 1 else ''}" if not rest else f"{abs(days)} days"
            what = f"{what + ', ' if what else ''}{span} {'later' if days > 0 else 'earlier'}"
        if before and after and before.phase_key != after.phase_key:
            what = f"{what + '; ' if what else ''}now in {phase_after}"
        rows.append(PreviewRow(before, after, phase_before, phase_after, what))
    return rows
