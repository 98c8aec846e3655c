"""A journey with everything loaded, and what follows from it on a given day: the state the
journey page, session prep, the session page and the apps above journeys read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from arcwise.designs.models import Phase
from arcwise.journeys.models import (
    Adaptation,
    Experiment,
    ExperimentStatus,
    Journey,
    JourneyStatus,
    PhaseRun,
    PlanStage,
    Session,
    SessionStatus,
    Thread,
)
from arcwise.journeys.wording import adaptation_wording, weeks_and_days
from arcwise.svg.journey_map import (
    AdaptationMarker,
    JourneyPicture,
    PhaseRunBar,
    PlannedPhase,
    SessionMark,
)
from arcwise.svg.pulse_chart import PulseSeries


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

    def phase_name_of(self, session: Session) -> str:
        """The name of the phase a session belongs to now."""
        return self._phase(session).name

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
        return [SessionRow(s, self.phase_name_of(s), s == upcoming) for s in self.sessions]

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
        zone = timezone.get_current_timezone()  # each session's day, as the viewer sees it
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
                SessionMark(on=s.starts_at.astimezone(zone).date(), status=s.status)
                for s in self.sessions
            ),
            adaptations=tuple(
                AdaptationMarker(on=line.adaptation.on, kind=line.adaptation.kind, label=line.text)
                for line in self.log
            ),
            ended=None if self.journey.is_open() else self.journey.ended_on,
        )
