"""The rows under a chunk of journeys of the large practice (bench/seed_practice.py): phase
runs (some revisiting a phase), plan stages, sessions held, cancelled and planned across
past and future, adaptations, pulse answers, goals rated at the start, and after held
sessions reflections, experiments with check-ins and threads. Each table is one bulk insert
a chunk; every encrypted value goes through its field, so it is real ciphertext.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from arcwise.designs.models import Phase
from arcwise.journeys.models import (
    Adaptation,
    AdaptationKind,
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
    ThreadKind,
)
from arcwise.outcomes.models import Goal, GoalRating, Moment, Rater
from arcwise.portal.models import CycleStep, ExperimentCheckIn, ReflectionRequest

BATCH = 2000
SCALES = ["room for this work", "confidence saying no"]
# Two asked after this share of held sessions (about 93,000 of them): ~60,000 in all.
REFLECTIONS_PER_HELD = 0.32


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


class Chunk:
    """The rows of up to CHUNK journeys, gathered in memory and inserted table by table."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng, self.today = rng, today
        self.plans: list[tuple[Journey, list[Phase], int]] = []

    def add(self, journey: Journey, phases: list[Phase], sessions: int) -> None:
        self.plans.append((journey, phases, sessions))

    def save(self) -> dict[str, int]:
        rng, today = self.rng, self.today
        journeys = Journey.objects.bulk_create([j for j, _, _ in self.plans], batch_size=BATCH)
        runs: list[PhaseRun] = []
        stages: list[PlanStage] = []
        adaptations: list[Adaptation] = []
        pulses: list[PulseAnswer] = []
        goals: list[Goal] = []
        # session → (journey, index of the run it belongs to in `runs`)
        sessions: list[tuple[Session, int | None]] = []
        for journey, (_, phases, count) in zip(journeys, self.plans, strict=True):
            last = journey.ended_on or journey.paused_on or today
            dates = [
                journey.start_date + timedelta(days=journey.cadence_days * n) for n in range(count)
            ]
            phase_of = [min(n * len(phases) // count, len(phases) - 1) for n in range(count)]
            past = [n for n, day in enumerate(dates) if day < last]
            current = phase_of[past[-1]] if past else 0
            path = list(range(current + 1))
            if current >= 2 and rng.random() < 0.1:
                path.append(current - 1)  # went back to a phase before moving on
                adaptations.append(
                    Adaptation(
                        journey=journey,
                        kind=AdaptationKind.REVISIT,
                        reason="The client asked to go back to it.",
                        phase=phases[current - 1],
                        on=last - timedelta(days=3),
                    )
                )
            entered = [journey.start_date]
            for number, step in enumerate(path[1:], start=1):
                if number <= current:  # moved on: entered with the phase's first session
                    first = next(dates[n] for n in range(count) if phase_of[n] == step)
                else:  # the revisit, half-way between the last move and today
                    first = entered[-1] + (last - entered[-1]) / 2
                entered.append(max(first, entered[-1]))
            open_journey = journey.status not in (JourneyStatus.CLOSED, JourneyStatus.ENDED_EARLY)
            first_run = len(runs)
            for sequence, (step, day) in enumerate(zip(path, entered, strict=True), start=1):
                closing = sequence == len(path)
                left = journey.ended_on if closing else entered[sequence]
                runs.append(
                    PhaseRun(
                        journey=journey,
                        phase=phases[step],
                        sequence=sequence,
                        entered_on=day,
                        left_on=None if closing and open_journey else left,
                        planned_weeks=phases[step].planned_weeks,
                        readiness_note="Names the goal in her own words." if not closing else "",
                    )
                )
            if open_journey:
                ahead = [phases[path[-1]], *phases[current + 1 :]]
                starts = max(entered[-1], today - timedelta(days=7))
                for position, phase in enumerate(ahead, start=1):
                    ends = starts + timedelta(weeks=phase.planned_weeks)
                    stages.append(
                        PlanStage(
                            journey=journey,
                            position=position,
                            phase=phase,
                            starts=starts,
                            ends=ends,
                        )
                    )
                    starts = ends
            for n, day in enumerate(dates):
                if day < last:
                    status = rng.choices(
                        (SessionStatus.HELD, SessionStatus.CANCELLED, SessionStatus.NO_SHOW),
                        (85, 12, 3),
                    )[0]
                elif journey.status == JourneyStatus.PAUSED:
                    status = SessionStatus.SUSPENDED
                elif open_journey:
                    status = SessionStatus.PLANNED
                else:
                    status = SessionStatus.CANCELLED
                run = None
                if status == SessionStatus.HELD:
                    run = first_run + max(i for i, e in enumerate(entered) if e <= day or i == 0)
                held = status == SessionStatus.HELD
                sessions.append(
                    (
                        Session(
                            journey=journey,
                            phase=phases[phase_of[n]],
                            starts_at=at(day, 9 + n % 8),
                            status=status,
                            notes=f"Session {n + 1}: talked about the board and her team."
                            if held
                            else "",
                            agreements="Try one no this week." if held and n % 3 == 0 else "",
                            record_saved_at=at(day, 18) if held else None,
                        ),
                        run,
                    )
                )
            if journey.status == JourneyStatus.PAUSED and journey.paused_on:
                adaptations.append(
                    Adaptation(
                        journey=journey, kind=AdaptationKind.PAUSE, reason="Moving home.", on=last
                    )
                )
            if open_journey:
                value = {scale: rng.randint(3, 8) for scale in SCALES}
                monday = today - timedelta(days=today.weekday() + 7 * 8)
                while monday < today:
                    if monday >= journey.start_date and rng.random() < 0.75:
                        for scale in SCALES:
                            value[scale] = min(10, max(0, value[scale] + rng.randint(-2, 2)))
                            pulses.append(
                                PulseAnswer(
                                    journey=journey,
                                    week_of=monday,
                                    scale=scale,
                                    value=value[scale],
                                    answered_at=at(monday + timedelta(days=2), 19),
                                )
                            )
                    monday += timedelta(weeks=1)
            if rng.random() < 0.3:
                goals.extend(
                    Goal(
                        journey=journey,
                        position=position,
                        text=f"Goal {position}: lead the team without rescuing it",
                        much_less="Rescues every day",
                        less="Rescues most days",
                        expected="Rescues once a week",
                        more="Rarely rescues",
                        much_more="The team solves it alone",
                    )
                    for position in (1, 2)
                )
        runs = PhaseRun.objects.bulk_create(runs, batch_size=BATCH)
        PlanStage.objects.bulk_create(stages, batch_size=BATCH)
        Adaptation.objects.bulk_create(adaptations, batch_size=BATCH)
        PulseAnswer.objects.bulk_create(pulses, batch_size=BATCH)
        goals = Goal.objects.bulk_create(goals, batch_size=BATCH)
        GoalRating.objects.bulk_create(
            (
                GoalRating(goal=goal, moment=Moment.BASELINE, rater=rater, level=rng.randint(-2, 0))
                for goal in goals
                for rater in (Rater.COACH, Rater.CLIENT)
            ),
            batch_size=BATCH,
        )
        for session, run in sessions:
            if run is not None:
                session.phase_run = runs[run]
        made = Session.objects.bulk_create([s for s, _ in sessions], batch_size=BATCH)
        counts = self.under_sessions(made)
        counts.update(
            journeys=len(journeys),
            sessions=len(made),
            phase_runs=len(runs),
            plan_stages=len(stages),
            adaptations=len(adaptations),
            pulse_answers=len(pulses),
            goals=len(goals),
        )
        return counts

    def under_sessions(self, sessions: Sequence[Session]) -> dict[str, int]:
        """Reflections, experiments (with check-ins) and threads after held sessions."""
        rng, today = self.rng, self.today
        reflections, experiments, threads = [], [], []
        for session in sessions:
            if session.status != SessionStatus.HELD:
                continue
            held_on = session.starts_at.date()
            if rng.random() < REFLECTIONS_PER_HELD:
                for position in range(2):
                    due = held_on + timedelta(days=2 + 4 * position)
                    answered = due < today and rng.random() < 0.7
                    reflections.append(
                        ReflectionRequest(
                            journey_id=session.journey_id,
                            session=session,
                            phase_id=session.phase_id,
                            position=position,
                            step=(CycleStep.EXPERIENCE, CycleStep.REFLECTION)[position],
                            prompt="What happened?",
                            due_on=due,
                            answer="I said no to the extra project." if answered else "",
                            answered_at=at(due, 20) if answered else None,
                        )
                    )
            if rng.random() < 0.3:
                closed = held_on + timedelta(days=14) < today and rng.random() < 0.7
                experiments.append(
                    Experiment(
                        journey_id=session.journey_id,
                        session=session,
                        title="Notice the rescue",
                        what_to_try="Each time you step in, wait ten seconds first.",
                        by_when=held_on + timedelta(days=10),
                        created_at=session.starts_at,
                        status=ExperimentStatus.DONE if closed else ExperimentStatus.OPEN,
                        debrief="She waited, and the team answered." if closed else "",
                        closed_at=at(held_on + timedelta(days=14)) if closed else None,
                    )
                )
            if rng.random() < 0.25:
                closed = rng.random() < 0.5
                threads.append(
                    Thread(
                        journey_id=session.journey_id,
                        session=session,
                        kind=rng.choice(ThreadKind.values),
                        text="Whether the promotion is what she wants.",
                        opened_at=session.starts_at,
                        closed_at=session.starts_at + timedelta(days=20) if closed else None,
                        where_it_went="She turned it down." if closed else "",
                    )
                )
        ReflectionRequest.objects.bulk_create(reflections, batch_size=BATCH)
        experiments = Experiment.objects.bulk_create(experiments, batch_size=BATCH)
        check_ins = ExperimentCheckIn.objects.bulk_create(
            (
                ExperimentCheckIn(
                    experiment=experiment,
                    tried=rng.choice(("yes", "partly", "no")),
                    what_happened="The team found the answer before I did.",
                    created_at=experiment.created_at + timedelta(days=5),
                )
                for experiment in experiments
                if experiment.created_at.date() + timedelta(days=5) < today and rng.random() < 0.6
            ),
            batch_size=BATCH,
        )
        Thread.objects.bulk_create(threads, batch_size=BATCH)
        return {
            "reflections": len(reflections),
            "experiments": len(experiments),
            "check_ins": len(check_ins),
            "threads": len(threads),
        }
