"""What momentum costs on top of loading its rows, for 10,000 journeys.

Fills a throwaway SQLite file (in a temporary directory) with 10,000 journeys and their
facts in bulk, then times (a) the seven queries that read the rows momentum needs, and
(b) `momentum_for`: the same queries, the rows grouped into facts and every journey
judged. Reports the median of a few rounds and the ratio b/a against the target of 1.5.

Run with `.venv/bin/python bench/momentum.py` (about 90 seconds); JOURNEYS=1000 in the
environment for a quicker look.
"""

from __future__ import annotations

import gc
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# A file, not memory: the rows are read as a deployed SQLite would read them.
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='arcwise-bench-')}/bench.db"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arcwise.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from arcwise.accounts.models import Role  # noqa: E402
from arcwise.clients.models import Client  # noqa: E402
from arcwise.designs.models import Phase  # noqa: E402
from arcwise.insights.momentum.judgement import assess_all  # noqa: E402
from arcwise.insights.momentum.states import Momentum  # noqa: E402
from arcwise.insights.momentum_facts import fact_rows, facts_from, momentum_for  # noqa: E402
from arcwise.journeys.models import (  # noqa: E402
    Adaptation,
    AdaptationKind,
    Experiment,
    ExperimentStatus,
    Journey,
    JourneyStatus,
    PhaseRun,
    PulseAnswer,
    Session,
    SessionStatus,
)
from arcwise.portal.models import CycleStep, ExperimentCheckIn, ReflectionRequest  # noqa: E402
from tests.factories import make_client, make_member, make_practice  # noqa: E402
from tests.journeys.factories import make_version  # noqa: E402

JOURNEYS = int(os.environ.get("JOURNEYS", "10000"))
ROUNDS = 5
TARGET = 1.5
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
SCALES = ("room for this work", "confidence saying no")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def fill(count: int) -> None:
    """`count` journeys of one coach, each with a life of its own: started up to eight
    months ago, weekly or fortnightly, most of those past their planned end closed, a few
    paused; sessions mostly held, some cancelled or left unrecorded; two reflections asked
    after each held session, experiments after half of them, and two pulse scales most weeks.
    Some clients are keen and some fading, so every state turns up."""
    rng = random.Random(10)  # noqa: S311 - the same data every run, nothing secret
    practice = make_practice(name="Bench Coaching")
    coach = make_member(practice, Role.COACH, time_zone="Europe/London")
    version = make_version(make_client(practice), coach, ["orient", "experiment", "close"])
    phases = list(Phase.objects.filter(version=version).order_by("position"))
    clients = Client.objects.bulk_create(
        (
            Client(practice=practice, name=f"Client {n}", email=f"c{n}@example.org")
            for n in range(count)
        ),
        batch_size=5000,
    )
    journeys = []
    for client in clients:
        start = TODAY - timedelta(days=rng.randint(0, 240))
        planned_end = start + timedelta(weeks=rng.choice((12, 16, 24)))
        status, ended_on, paused_on = JourneyStatus.ACTIVE, None, None
        if planned_end < TODAY - timedelta(days=10) and rng.random() < 0.85:
            status = JourneyStatus.CLOSED
            ended_on = min(TODAY, planned_end + timedelta(days=rng.randint(-7, 10)))
        elif start < TODAY - timedelta(days=20) and rng.random() < 0.08:
            status, paused_on = JourneyStatus.PAUSED, TODAY - timedelta(days=rng.randint(1, 20))
        journeys.append(
            Journey(
                practice=practice,
                client=client,
                coach=coach,
                design_version=version,
                status=status,
                goals="To lead without rescuing everyone.",
                start_date=start,
                planned_end=planned_end,
                cadence_days=rng.choice((7, 14, 14)),
                ended_on=ended_on,
                paused_on=paused_on,
                paused_until=paused_on + timedelta(days=30) if paused_on else None,
                pulse_scales=list(SCALES),
            )
        )
    journeys = Journey.objects.bulk_create(journeys, batch_size=5000)

    runs, sessions, adaptations, pulses = [], [], [], []
    keen: dict[int, float] = {}
    for journey in journeys:
        keen[journey.pk] = rng.choice((0.9, 0.9, 0.9, 0.4))
        last = journey.ended_on or journey.paused_on or TODAY
        entered, sequence = journey.start_date, 1
        while True:
            left = entered + timedelta(days=rng.randint(14, 45))
            still_in = left >= last or sequence == 4
            runs.append(
                PhaseRun(
                    journey=journey,
                    phase=phases[min(sequence, len(phases)) - 1],
                    sequence=sequence,
                    entered_on=entered,
                    left_on=journey.ended_on if still_in else left,
                    planned_weeks=rng.choice((2, 4, 6)),
                )
            )
            if still_in:
                break
            entered, sequence = left, sequence + 1
        day = journey.start_date
        while day <= (journey.ended_on or journey.planned_end):
            past = day < TODAY - timedelta(days=1) and day < (journey.paused_on or TODAY)
            if past:
                held = rng.random() < keen[journey.pk]
                kept = rng.choice((SessionStatus.CANCELLED, SessionStatus.PLANNED))
                outcome = SessionStatus.HELD if held else kept
            else:
                outcome = SessionStatus.SUSPENDED if journey.paused_on else SessionStatus.PLANNED
            sessions.append(
                Session(journey=journey, phase=phases[0], starts_at=at(day), status=outcome)
            )
            day += timedelta(days=journey.cadence_days + rng.randint(-1, 2))
        if journey.paused_on:
            adaptations.append(
                Adaptation(
                    journey=journey,
                    kind=AdaptationKind.PAUSE,
                    reason="Moving.",
                    on=journey.paused_on,
                )
            )
        monday = journey.start_date - timedelta(days=journey.start_date.weekday())
        value = {scale: rng.randint(4, 8) for scale in SCALES}
        while monday <= min(last, TODAY - timedelta(days=2)):
            if rng.random() < keen[journey.pk]:
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
    PhaseRun.objects.bulk_create(runs, batch_size=5000)
    sessions = Session.objects.bulk_create(sessions, batch_size=5000)
    Adaptation.objects.bulk_create(adaptations, batch_size=5000)
    PulseAnswer.objects.bulk_create(pulses, batch_size=5000)

    reflections, experiments = [], []
    for session in sessions:
        if session.status != SessionStatus.HELD:
            continue
        held_on = session.starts_at.date()
        for position in range(2):
            due = held_on + timedelta(days=2 + 4 * position)
            answered = due < TODAY and rng.random() < keen[session.journey_id]
            reflections.append(
                ReflectionRequest(
                    journey_id=session.journey_id,
                    session=session,
                    phase=phases[0],
                    position=position,
                    step=CycleStep.EXPERIENCE,
                    prompt="What happened?",
                    due_on=due,
                    answer="Something." if answered else "",
                    answered_at=at(due, 20) if answered else None,
                )
            )
        if rng.random() < 0.5:
            closed = held_on + timedelta(days=14) < TODAY and rng.random() < 0.7
            experiments.append(
                Experiment(
                    journey_id=session.journey_id,
                    session=session,
                    title=f"Experiment after {held_on}",
                    what_to_try="Notice the rescue.",
                    by_when=held_on + timedelta(days=10),
                    created_at=session.starts_at,
                    status=ExperimentStatus.DONE if closed else ExperimentStatus.OPEN,
                    debrief="Learned." if closed else "",
                    closed_at=at(held_on + timedelta(days=14)) if closed else None,
                )
            )
    ReflectionRequest.objects.bulk_create(reflections, batch_size=5000)
    experiments = Experiment.objects.bulk_create(experiments, batch_size=5000)
    ExperimentCheckIn.objects.bulk_create(
        (
            ExperimentCheckIn(
                experiment=experiment,
                tried="yes",
                created_at=experiment.created_at + timedelta(days=5),
            )
            for experiment in experiments
            if rng.random() < keen[experiment.journey_id]
        ),
        batch_size=5000,
    )


def seconds(work: Callable[[], object]) -> float:
    gc.collect()  # start each timing from the same heap, not another's leftovers
    began = time.perf_counter()
    work()  # the result is dropped inside the timing: freeing it is part of the cost
    return time.perf_counter() - began


def main() -> None:
    try:
        run()
    finally:
        shutil.rmtree(Path(settings.DATABASES["default"]["NAME"]).parent, ignore_errors=True)


def run() -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    with transaction.atomic():
        fill(JOURNEYS)
    made = time.perf_counter() - began
    journeys = Journey.objects.all()
    counts = {
        model.__name__: model.objects.count()
        for model in (Session, PhaseRun, ReflectionRequest, Experiment, PulseAnswer, Adaptation)
    }
    print(
        f"{JOURNEYS} journeys made in {made:.1f} s: "
        + ", ".join(f"{n} {name}" for name, n in counts.items())
    )

    def load() -> object:
        return fact_rows(journeys)

    def judge() -> dict[int, Momentum]:
        return momentum_for(journeys, NOW)

    load(), judge()  # warm the connection, the caches and the zones
    # (a) and (b) alternate, and the ratio is taken in each round: a machine whose load
    # changes over the minute (other work, CPU frequency) then moves both sides together.
    rounds = [(seconds(load), seconds(judge)) for _ in range(ROUNDS)]
    loading = statistics.median(a for a, _ in rounds)
    judging = statistics.median(b for _, b in rounds)
    ratio = statistics.median(b / a for a, b in rounds)

    rows = fact_rows(journeys)
    facts_took = seconds(lambda: facts_from(rows))
    facts = facts_from(rows)
    judged = assess_all(facts, NOW)
    judge_took = seconds(lambda: assess_all(facts, NOW))
    states = Counter(momentum.state for momentum in judged.values())
    print("states: " + ", ".join(f"{state.label} {n}" for state, n in sorted(states.items())))
    print(f"(a) load the rows:            {loading * 1000:6.0f} ms (median of {ROUNDS} rounds)")
    print(f"(b) load, build facts, judge: {judging * 1000:6.0f} ms")
    print(
        f"    measured apart: facts {facts_took * 1000:.0f} ms, judging {judge_took * 1000:.0f} ms"
    )
    verdict = "met" if ratio <= TARGET else "MISSED"
    print(f"ratio b/a {ratio:.2f} (median of the rounds' ratios), at most {TARGET}: {verdict}")


if __name__ == "__main__":
    main()
