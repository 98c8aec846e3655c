"""Replaying a demo journey's history through the services a coach uses, oldest first.

A `Story` starts a journey with the plan the planner proposes, then holds its sessions one
after another (moving on to the next phase when a session belongs to it), agrees
experiments, answers reflections and the weekly pulse as the client would, adapts
(`arcwise.demo.closing` closes it through the closing review).
Nothing is written around the services: a demo journey is one a coach could have made.

Dates come from `today`: `start_for` finds the start day whose proposed plan puts a chosen
session on a chosen day, so a journey's state holds whatever day the demo is loaded on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from arcwise.accounts.models import Practice, User
from arcwise.clients.models import Client
from arcwise.days import zone_or_utc
from arcwise.designs.models import DesignVersion, Phase
from arcwise.journeys import schedule
from arcwise.journeys.enrolment.services import Agreement, PlannedSessionInput, journey_enrol
from arcwise.journeys.experiments.services import experiment_agree
from arcwise.journeys.models import (
    Experiment,
    FeeBasis,
    Journey,
    PhaseRun,
    PulseAnswer,
    Session,
    SessionStatus,
)
from arcwise.journeys.plan.services import journey_adapt, phase_advance
from arcwise.journeys.pulse import pulse_record
from arcwise.journeys.schedule import PlanPhase, plan_phase, planned_end, propose_sessions, to_utc
from arcwise.journeys.sessions.services import session_record_save, session_set_status
from arcwise.portal.answers import experiment_check_in_save, reflection_answer_save
from arcwise.portal.models import ExperimentCheckIn, ReflectionRequest

CONFIDENTIALITY = "What we discuss stays between us, unless someone is at risk."


def start_for(phases: Sequence[PlanPhase], cadence_days: int, index: int, on: date) -> date:
    """The start day whose proposed plan puts session `index` (0-based) on `on`, or as near
    to it as weekends allow (the earlier day when two are as near)."""

    def session_on(start: date) -> date:
        return propose_sessions(start, phases, cadence_days=cadence_days)[index].on

    rough = on - (session_on(on) - on)
    candidates = [rough + timedelta(days=shift) for shift in range(-7, 8)]
    return min(
        candidates,
        key=lambda start: (
            abs((session_on(start) - on).days),
            session_on(start) > on,
            abs((start - rough).days),
        ),
    )


@dataclass(frozen=True)
class Record:
    """What the coach wrote after a session."""

    notes: str
    key_insights: str = ""
    agreements: str = ""


class Story:
    """One demo journey, told through the services in the order things happened."""

    def __init__(
        self,
        *,
        practice: Practice,
        coach: User,
        client: Client,
        version: DesignVersion,
        today: date,
        records: Sequence[Record] = (),
        reflections: Mapping[str, str] | None = None,
        at: time = time(9, 30),
    ) -> None:
        self.practice, self.coach, self.client, self.version = practice, coach, client, version
        self.today = today
        self.zone = zone_or_utc(coach.time_zone)
        self.phases: list[Phase] = list(version.phases.order_by("position"))
        self.plan_phases = [plan_phase(p) for p in self.phases]
        self.records = list(records)
        self.reflections = dict(reflections or {})
        self.at = at
        self.held = 0
        self._journey: Journey | None = None

    # --- Reading the journey as it is now --------------------------------------------------

    @property
    def journey(self) -> Journey:
        """The journey as stored now: every service checks the revision it was read at."""
        assert self._journey is not None, "start the story first"
        self._journey.refresh_from_db()
        return self._journey

    def day(self, session: Session) -> date:
        return timezone.localdate(session.starts_at, self.zone)

    def next_planned(self) -> Session | None:
        return (
            Session.objects.filter(journey=self._journey, status=SessionStatus.PLANNED)
            .select_related("phase")
            .order_by("starts_at")
            .first()
        )

    def _open_run(self) -> PhaseRun:
        return PhaseRun.objects.select_related("phase").get(journey=self._journey, left_on=None)

    # --- What the coach does ---------------------------------------------------------------

    def start(
        self,
        *,
        goals: str,
        session_index: int,
        on_day: date,
        pulse_scales: tuple[str, ...] = (),
        fee_basis: str = FeeBasis.PAID,
    ) -> Journey:
        """Enrol the client with the planner's proposal, starting on the day that puts
        session `session_index` on `on_day`."""
        cadence = self.version.cadence_days
        start = start_for(self.plan_phases, cadence, session_index, on_day)
        return self.start_on(start, goals=goals, pulse_scales=pulse_scales, fee_basis=fee_basis)

    def start_on(
        self,
        start: date,
        *,
        goals: str,
        pulse_scales: tuple[str, ...] = (),
        fee_basis: str = FeeBasis.PAID,
    ) -> Journey:
        cadence = self.version.cadence_days
        plan = [
            PlannedSessionInput(s.phase_key, to_utc(s.on, self.at, self.coach.time_zone))
            for s in propose_sessions(start, self.plan_phases, cadence_days=cadence)
        ]
        self._journey = journey_enrol(
            practice=self.practice,
            coach=self.coach,
            client=self.client,
            design_version=self.version,
            agreement=Agreement(
                goals=goals,
                start_date=start,
                planned_end=planned_end(start, self.plan_phases),
                cadence_days=cadence,
                session_minutes=60,
                confidentiality=CONFIDENTIALITY,
                pulse_scales=pulse_scales,
                fee_basis=fee_basis,
            ),
            plan=plan,
        )
        return self._journey

    def hold(self, count: int = 1) -> Session:
        """Hold the next `count` planned sessions, each with its record; a session planned
        for the next phase moves the journey on first, noting the phase's first readiness
        signal as what showed the client was ready."""
        session: Session | None = None
        for _ in range(count):
            session = self.next_planned()
            assert session is not None, f"{self.client.name} has no session left to hold"
            run = self._open_run()
            if session.phase_id != run.phase_id:
                signals = run.phase.readiness_signals or [f"Ready to leave {run.phase.name}."]
                phase_advance(
                    journey=self.journey,
                    readiness_note=signals[0],
                    on=self.day(session),
                    expected_revision=self.journey.revision,
                )
            session_set_status(
                session=session, status=SessionStatus.HELD, from_status=SessionStatus.PLANNED
            )
            record = (
                self.records[self.held]
                if self.held < len(self.records)
                else Record(
                    notes=f"Worked with the {session.phase.name} prompts; "
                    f"{self.client.name.split()[0]} set the agenda."
                )
            )
            session_record_save(
                session=session,
                by=self.journey.coach,
                expected_version=session.record_version,
                notes=record.notes,
                key_insights=record.key_insights,
                agreements=record.agreements,
            )
            self.held += 1
        assert session is not None
        return session

    def cancel_next(self) -> Session:
        """The client cancelled the next planned session, and it was not rebooked."""
        session = self.next_planned()
        assert session is not None
        return session_set_status(
            session=session, status=SessionStatus.CANCELLED, from_status=SessionStatus.PLANNED
        )

    def agree(self, session: Session, *, practice: int = 0) -> Experiment:
        """Agree one of the phase's practices as the experiment, due by the next session."""
        run = self._open_run()
        idea = run.phase.practices[practice % len(run.phase.practices)]
        upcoming = self.next_planned()
        by_when = (
            self.day(upcoming)
            if upcoming is not None
            else self.day(session) + timedelta(days=self.journey.cadence_days)
        )
        experiment = experiment_agree(
            session=session,
            title=idea["title"],
            what_to_try=idea["description"],
            by_when=by_when,
        )
        # Agreed in the session it came from, not when the demo was loaded.
        agreed = session.starts_at + timedelta(minutes=session.minutes)
        Experiment.objects.filter(pk=experiment.pk).update(created_at=agreed)
        experiment.created_at = agreed
        return experiment

    def adapt(self, change: schedule.Change, *, reason: str, on: date) -> None:
        journey_adapt(
            journey=self.journey,
            change=change,
            reason=reason,
            by=self.coach,
            today=on,
            expected_revision=self.journey.revision,
        )

    def phase_named(self, key: str) -> PlanPhase:
        return next(p for p in self.plan_phases if p.key == key)

    # --- What the client does in the portal --------------------------------------------------

    def answer_reflections(self, *, due_by: date) -> None:
        """Answer every reflection asked so far that fell due by `due_by`."""
        for reflection in ReflectionRequest.objects.filter(
            journey=self._journey, due_on__lte=due_by, answered_at=None
        ).order_by("due_on", "position"):
            reflection_answer_save(
                reflection=reflection,
                expected_version=reflection.version,
                answer=self.reflections.get(reflection.step, "I noticed it more than I expected."),
            )
            # Answered on the evening it fell due, as the story has it: the services stamp
            # the moment of loading, which would make every past week look unanswered.
            ReflectionRequest.objects.filter(pk=reflection.pk).update(
                answered_at=self.evening_of(reflection.due_on)
            )

    def check_in(self, experiment: Experiment, *, tried: str, happened: str, hard: str) -> None:
        experiment_check_in_save(
            experiment=experiment,
            expected_version=0,
            tried=tried,
            what_happened=happened,
            in_the_way=hard,
        )
        # The evening before the experiment was due.
        when = self.evening_of(experiment.by_when - timedelta(days=1))
        ExperimentCheckIn.objects.filter(experiment=experiment).update(
            created_at=when, updated_at=when
        )

    def pulses(self, answers: Sequence[Mapping[str, int]]) -> None:
        """Weekly pulses, oldest first, the last one this week."""
        for weeks_back, values in zip(range(len(answers) - 1, -1, -1), answers, strict=True):
            answered = pulse_record(
                journey=self.journey,
                on=self.today - timedelta(weeks=weeks_back),
                values=dict(values),
            )
            # Answered in the week it is for (by its Wednesday evening), not at loading.
            PulseAnswer.objects.filter(pk__in=[a.pk for a in answered]).update(
                answered_at=self.evening_of(answered[0].week_of + timedelta(days=2))
            )

    def evening_of(self, day: date) -> datetime:
        return evening_of(day, self.client.time_zone)


def evening_of(day: date, zone: str) -> datetime:
    """19:30 on `day` in `zone`, or now if that is still to come: when a client did what
    the story says they did (the services stamp the moment the demo is loaded)."""
    return min(to_utc(day, time(19, 30), zone), timezone.now())
