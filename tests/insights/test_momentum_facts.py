"""Loading momentum's facts: every kind of fact read from the database for many journeys at
once, in the same seven queries however many journeys there are."""

from __future__ import annotations

import gc
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from pytest_django import DjangoAssertNumQueries

from arcwise.designs.models import Phase
from arcwise.insights.alerts import judge_momentum
from arcwise.insights.caseload_rows import caseload_rows
from arcwise.insights.momentum.facts import (
    ExperimentFact,
    Pause,
    PhaseRunFact,
    PulseFact,
    ReflectionFact,
    SessionFact,
)
from arcwise.insights.momentum.judgement import assess
from arcwise.insights.momentum.states import State
from arcwise.insights.momentum.thresholds import DEFAULT
from arcwise.insights.momentum_facts import FACT_QUERIES, _aware, load_facts, momentum_for
from arcwise.journeys.models import (
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
from arcwise.portal.models import CycleStep, ExperimentCheckIn, ReflectionRequest
from tests.conftest import Cast
from tests.factories import make_client
from tests.journeys.factories import START, at, days, make_journey

pytestmark = pytest.mark.django_db


def first_session(journey: Journey) -> Session:
    return Session.objects.filter(journey=journey).order_by("starts_at").first()  # type: ignore[return-value]


def test_it_loads_the_sessions_runs_and_agreement_in_the_coachs_zone(cast: Cast) -> None:
    cast.coach.time_zone = "Pacific/Auckland"
    cast.coach.save()
    journey = make_journey(cast.coach, cast.client, cadence_days=7)
    Session.objects.filter(pk=first_session(journey).pk).update(status=SessionStatus.HELD)

    facts = load_facts(Journey.objects.all())[journey.pk]

    sessions = Session.objects.filter(journey=journey).order_by("starts_at")
    assert (facts.zone, facts.start_date, facts.planned_end, facts.cadence_days) == (
        "Pacific/Auckland",
        START,
        journey.planned_end,
        7,
    )
    assert sorted(map(SessionFact._make, facts.sessions), key=lambda s: s.starts_at) == [
        SessionFact(s.starts_at, s.status) for s in sessions
    ]
    assert SessionFact(sessions[0].starts_at, SessionStatus.HELD) in facts.sessions
    assert facts.runs == (PhaseRunFact("Orient", START, None, 2),)
    assert (facts.pauses, facts.ended_on) == ((), None)


def test_a_revisited_phase_is_a_second_run_in_order(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    orient = PhaseRun.objects.get(journey=journey)
    experiment = Phase.objects.get(version=journey.design_version, key="experiment")
    PhaseRun.objects.filter(pk=orient.pk).update(left_on=START + days(14))
    PhaseRun.objects.create(
        journey=journey,
        phase=experiment,
        sequence=2,
        entered_on=START + days(14),
        left_on=START + days(30),
        planned_weeks=2,
    )
    PhaseRun.objects.create(
        journey=journey,
        phase=orient.phase,
        sequence=3,
        entered_on=START + days(30),
        planned_weeks=1,
    )

    runs = load_facts([journey.pk])[journey.pk].runs

    assert runs == (
        PhaseRunFact("Orient", START, START + days(14), 2),
        PhaseRunFact("Experiment", START + days(14), START + days(30), 2),
        PhaseRunFact("Orient", START + days(30), None, 1),
    )


def test_it_loads_reflections_experiments_and_pulses(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    session = first_session(journey)
    answered = datetime(2026, 9, 9, 20, 0, tzinfo=UTC)
    for position, answered_at in enumerate((answered, None)):
        ReflectionRequest.objects.create(
            journey=journey,
            session=session,
            phase=session.phase,
            position=position,
            step=CycleStep.EXPERIENCE,
            prompt="What happened?",
            due_on=START + days(2 + position),
            answer="A lot." if answered_at else "",
            answered_at=answered_at,
        )
    agreed = at(START)
    tried = Experiment.objects.create(
        journey=journey,
        session=session,
        title="Notice the rescue",
        what_to_try="Notice it.",
        by_when=START + days(10),
        created_at=agreed,
    )
    checked = datetime(2026, 9, 15, 8, 0, tzinfo=UTC)
    ExperimentCheckIn.objects.create(experiment=tried, tried="yes", created_at=checked)
    closed_at = datetime(2026, 9, 20, 8, 0, tzinfo=UTC)
    Experiment.objects.create(
        journey=journey,
        session=session,
        title="Say no once",
        what_to_try="Say no.",
        by_when=START + days(12),
        created_at=agreed,
        status=ExperimentStatus.DROPPED,
        debrief="Not now.",
        closed_at=closed_at,
    )
    pulse_at = datetime(2026, 9, 13, 18, 0, tzinfo=UTC)
    PulseAnswer.objects.create(
        journey=journey, week_of=START, scale="energy", value=6, answered_at=pulse_at
    )

    facts = load_facts(Journey.objects.filter(pk=journey.pk))[journey.pk]

    assert sorted(map(ReflectionFact._make, facts.reflections), key=lambda r: r.due_on) == [
        ReflectionFact(START + days(2), answered),
        ReflectionFact(START + days(3), None),
    ]
    assert sorted(map(ExperimentFact._make, facts.experiments), key=lambda e: e.title) == [
        ExperimentFact("Notice the rescue", agreed, START + days(10), checked, False, None),
        ExperimentFact("Say no once", agreed, START + days(12), None, True, closed_at),
    ]
    assert facts.pulses == (PulseFact(START, "energy", 6, pulse_at),)


def log(journey: Journey, kind: str, on: date) -> None:
    Adaptation.objects.create(journey=journey, kind=kind, reason="Life happened.", on=on)


PAUSES = [
    pytest.param(
        [(AdaptationKind.PAUSE, 10), (AdaptationKind.RESUME, 24)],
        {},
        (Pause(START + days(10), START + days(24)),),
        id="paused and resumed",
    ),
    pytest.param(
        [(AdaptationKind.PAUSE, 10)],
        {
            "status": JourneyStatus.PAUSED,
            "paused_on": START + days(10),
            "paused_until": START + days(40),
        },
        (Pause(START + days(10), None, START + days(40)),),
        id="still paused, expected back",
    ),
    pytest.param(
        [],
        {"status": JourneyStatus.PAUSED, "paused_on": START + days(5), "paused_until": None},
        (Pause(START + days(5)),),
        id="paused with no pause in the log",
    ),
    pytest.param(
        [(AdaptationKind.PAUSE, 10)],
        {"status": JourneyStatus.ENDED_EARLY, "ended_on": START + days(20)},
        (Pause(START + days(10), START + days(20)),),
        id="ended while paused: the pause ends with the journey",
    ),
    pytest.param(
        [(AdaptationKind.PAUSE, 10)],
        {},
        (),
        id="a pause the journey's status says is over is not taken as still going",
    ),
]


@pytest.mark.parametrize(("logged", "journey_fields", "expected"), PAUSES)
def test_pauses_come_from_the_adaptation_log_and_the_status(
    cast: Cast,
    logged: list[tuple[str, int]],
    journey_fields: dict[str, object],
    expected: tuple[Pause, ...],
) -> None:
    journey = make_journey(cast.coach, cast.client)
    for kind, offset in logged:
        log(journey, kind, START + days(offset))
    Journey.objects.filter(pk=journey.pk).update(**journey_fields)

    assert load_facts([journey.pk])[journey.pk].pauses == expected


ENDINGS = [
    pytest.param(JourneyStatus.CLOSED, False, id="closed"),
    pytest.param(JourneyStatus.ENDED_EARLY, True, id="ended early"),
]


@pytest.mark.parametrize(("status", "early"), ENDINGS)
def test_an_ended_journey_carries_its_end(cast: Cast, status: str, early: bool) -> None:
    journey = make_journey(cast.coach, cast.client)
    Journey.objects.filter(pk=journey.pk).update(status=status, ended_on=START + days(30))

    facts = load_facts([journey.pk])[journey.pk]

    assert (facts.ended_on, facts.ended_early) == (START + days(30), early)


def test_an_end_day_left_on_an_open_journey_is_not_an_ending(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    Journey.objects.filter(pk=journey.pk).update(ended_on=START + days(30))

    assert load_facts([journey.pk])[journey.pk].ended_on is None


def journeys_with_everything(cast: Cast, count: int) -> list[Journey]:
    made = []
    for number in range(count):
        journey = make_journey(cast.coach, make_client(cast.practice, name=f"C{number}"))
        session = first_session(journey)
        ReflectionRequest.objects.create(
            journey=journey,
            session=session,
            phase=session.phase,
            position=0,
            step=CycleStep.EXPERIENCE,
            prompt="What happened?",
            due_on=START + days(2),
        )
        experiment = Experiment.objects.create(
            journey=journey, session=session, title="Try", what_to_try="It.", by_when=START
        )
        ExperimentCheckIn.objects.create(experiment=experiment, tried="yes")
        PulseAnswer.objects.create(journey=journey, week_of=START, scale="energy", value=5)
        log(journey, AdaptationKind.PAUSE, START + days(3))
        log(journey, AdaptationKind.RESUME, START + days(6))
        made.append(journey)
    return made


@pytest.mark.parametrize("count", [1, 4])
def test_loading_costs_the_same_queries_for_one_journey_or_many(
    cast: Cast, django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    made = journeys_with_everything(cast, count)

    with django_assert_num_queries(FACT_QUERIES):
        facts = load_facts(Journey.objects.filter(coach=cast.coach))

    assert sorted(facts) == sorted(j.pk for j in made)
    assert all(
        (len(f.reflections), len(f.experiments), len(f.pulses), len(f.pauses)) == (1, 1, 1, 1)
        for f in facts.values()
    )
    assert FACT_QUERIES == 7


def test_only_the_journeys_asked_for_are_loaded(cast: Cast) -> None:
    mine, _theirs = journeys_with_everything(cast, 2)

    facts = load_facts(Journey.objects.filter(pk=mine.pk))

    assert list(facts) == [mine.pk]
    assert (len(facts[mine.pk].sessions), len(facts[mine.pk].pulses)) == (
        Session.objects.filter(journey=mine).count(),
        1,
    )
    assert load_facts([]) == {}


def test_loaded_facts_judge_a_journey_left_without_sessions_as_stalled(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client, cadence_days=7)
    Session.objects.filter(pk=first_session(journey).pk).update(status=SessionStatus.HELD)
    facts = load_facts([journey.pk])[journey.pk]
    five_weeks_on = at(START) + timedelta(weeks=5)

    momentum = assess(facts, five_weeks_on)

    assert momentum.state == State.STALLED
    assert "35 days since the last session; the agreed cadence is every 7 days" in [
        s.reason for s in momentum.signals
    ]


def test_momentum_for_a_caseload_is_each_journeys_own_in_the_same_seven_queries(
    cast: Cast, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    made = journeys_with_everything(cast, 3)
    Session.objects.filter(journey=made[0]).update(status=SessionStatus.HELD)
    five_weeks_on = at(START) + timedelta(weeks=5)

    with django_assert_num_queries(FACT_QUERIES):
        judged = momentum_for(Journey.objects.filter(coach=cast.coach), five_weeks_on)

    facts = load_facts([j.pk for j in made])
    assert judged == {pk: assess(one, five_weeks_on) for pk, one in facts.items()}
    assert judged[made[0].pk].state != judged[made[1].pk].state


def test_days_are_dates_and_moments_are_aware_whatever_the_database_returns(
    cast: Cast,
) -> None:
    # The rows are read from the cursor: SQLite gives moments naive (in UTC), PostgreSQL
    # aware. Either way momentum must get dates as dates and moments aware, or judging a
    # journey would fail on comparing naive and aware moments.
    journey = make_journey(cast.coach, cast.client)
    session = first_session(journey)
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.HELD)
    ReflectionRequest.objects.create(
        journey=journey,
        session=session,
        phase=session.phase,
        position=0,
        step=CycleStep.EXPERIENCE,
        prompt="What happened?",
        due_on=START + days(2),
        answer="A lot.",
        answered_at=datetime(2026, 9, 9, 20, 0, tzinfo=UTC),
    )
    experiment = Experiment.objects.create(
        journey=journey,
        session=session,
        title="Notice the rescue",
        what_to_try="Notice it.",
        by_when=START + days(10),
        created_at=at(START),
        status=ExperimentStatus.DONE,
        debrief="Learned.",
        closed_at=datetime(2026, 9, 20, 8, 0, tzinfo=UTC),
    )
    ExperimentCheckIn.objects.create(
        experiment=experiment, tried="yes", created_at=datetime(2026, 9, 15, 8, 0, tzinfo=UTC)
    )
    PulseAnswer.objects.create(
        journey=journey, week_of=START, scale="energy", value=6, answered_at=at(START)
    )
    log(journey, AdaptationKind.PAUSE, START + days(10))
    log(journey, AdaptationKind.RESUME, START + days(20))

    facts = load_facts([journey.pk])[journey.pk]
    runs = [PhaseRunFact._make(run) for run in facts.runs]
    reflections = [ReflectionFact._make(r) for r in facts.reflections]
    experiments = [ExperimentFact._make(e) for e in facts.experiments]
    pulses = [PulseFact._make(p) for p in facts.pulses]

    days_ = [facts.start_date, facts.planned_end]
    days_ += [day for run in runs for day in (run.entered_on, run.left_on) if day]
    days_ += [r.due_on for r in reflections] + [e.by_when for e in experiments]
    days_ += [p.week_of for p in pulses]
    days_ += [day for pause in facts.pauses for day in (pause.since, pause.until) if day]
    moments: list[datetime | None] = [starts_at for starts_at, _ in facts.sessions]
    moments += [p.answered_at for p in pulses]
    moments += [r.answered_at for r in reflections]
    moments += [m for e in experiments for m in (e.agreed_at, e.checked_in_at, e.closed_at)]
    assert len(days_) == 8  # the one run is still going: no day left
    assert len(moments) == len(facts.sessions) + 5
    assert all(type(day) is date for day in days_)
    assert all(isinstance(m, datetime) and m.utcoffset() == timedelta(0) for m in moments)
    assert experiments[0].closed is True
    assert assess(facts, at(START + days(30))).state in (State.ON_TRACK, State.DRIFTING)


@pytest.mark.parametrize(
    "moment",
    [
        pytest.param(datetime(2026, 9, 9, 20, 0), id="naive, as SQLite returns it"),
        pytest.param(datetime(2026, 9, 9, 20, 0, tzinfo=UTC), id="aware, as PostgreSQL does"),
    ],
)
def test_a_moment_from_the_database_is_the_same_aware_moment_either_way(
    moment: datetime,
) -> None:
    made = _aware(moment)

    assert made == datetime(2026, 9, 9, 20, 0, tzinfo=UTC)
    assert made is not None
    assert made.tzinfo is not None
    assert _aware(None) is None


def test_loading_and_judging_a_caseload_never_turns_off_the_garbage_collector(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A web process or a nudge worker must keep its cyclic collector: switching it off, even
    # for a while, leaks every cycle any other thread makes meanwhile.
    def refuse() -> None:
        raise AssertionError("momentum turned the garbage collector off")

    monkeypatch.setattr(gc, "disable", refuse)
    journeys_with_everything(cast, 2)
    mine = Journey.objects.filter(coach=cast.coach)
    five_weeks_on = at(START) + timedelta(weeks=5)

    judged = momentum_for(mine, five_weeks_on)
    rows = caseload_rows(mine, now=five_weeks_on, zone_name="UTC", thresholds=DEFAULT)
    alerts = judge_momentum(five_weeks_on, mine)

    assert len(judged) == len(rows) == alerts.journeys == 2
    assert gc.isenabled()


HOSTILE = "O'Hara\"); DROP TABLE journeys_journey; --"


def test_a_hostile_name_in_the_selection_travels_as_a_parameter_and_loads_the_same_facts(
    cast: Cast,
) -> None:
    made = journeys_with_everything(cast, 2)
    Journey.objects.filter(pk=made[0].pk).update(client=make_client(cast.practice, name=HOSTILE))
    statements: list[tuple[str, tuple[object, ...]]] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        by_name = load_facts(Journey.objects.filter(client__name=HOSTILE))

    assert by_name == load_facts([made[0].pk])
    assert len(statements) == FACT_QUERIES
    assert all(HOSTILE not in sql and HOSTILE in params for sql, params in statements)
    assert Journey.objects.count() == 2
