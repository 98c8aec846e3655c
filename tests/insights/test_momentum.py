"""Momentum: each signal fires just past its threshold and not at it, with the line a coach
would write; the state follows from the signals; pauses, time zones, revisits, endings and a
practice's own thresholds; the sparkline; and the past never depends on the future."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arcwise.insights.momentum.facts import (
    ExperimentFact,
    JourneyFacts,
    Pause,
    PhaseRunFact,
    PulseFact,
    ReflectionFact,
    SessionFact,
    pauses_from,
)
from arcwise.insights.momentum.judgement import assess, assess_all, weekly_states
from arcwise.insights.momentum.states import ATTENTION, Kind, Momentum, State, needs_alert
from arcwise.insights.momentum.thresholds import DEFAULT, Thresholds
from arcwise.insights.momentum.words import short_day

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # a Wednesday
TODAY = date(2026, 11, 25)
SCALE = "room for this work"


def ago(days: float, hour: int = 12) -> datetime:
    return NOW.replace(hour=hour) - timedelta(days=days)


def day(days_ago: int) -> date:
    return TODAY - timedelta(days=days_ago)


def held(days_ago: float) -> SessionFact:
    return SessionFact(ago(days_ago), "held")


def planned(days_ago: float) -> SessionFact:
    return SessionFact(ago(days_ago), "planned")


def run(name: str, entered_ago: int, weeks: int, left_ago: int | None = None) -> PhaseRunFact:
    return PhaseRunFact(name, day(entered_ago), None if left_ago is None else day(left_ago), weeks)


def reflections(due_ago: int, answered: int, unanswered: int) -> tuple[ReflectionFact, ...]:
    return tuple(ReflectionFact(day(due_ago), ago(due_ago)) for _ in range(answered)) + tuple(
        ReflectionFact(day(due_ago), None) for _ in range(unanswered)
    )


def pulse(*values: int, last_week_ago: int = 0) -> tuple[PulseFact, ...]:
    """Weekly answers on SCALE, oldest first, the last in the week `last_week_ago` weeks back."""
    monday = TODAY - timedelta(days=TODAY.weekday(), weeks=last_week_ago)
    weeks = [monday - timedelta(weeks=len(values) - 1 - n) for n in range(len(values))]
    return tuple(
        PulseFact(week, SCALE, value, datetime(week.year, week.month, week.day, 9, tzinfo=UTC))
        for week, value in zip(weeks, values, strict=True)
    )


def experiment(
    title: str = "Notice the rescue",
    overdue: int = 8,
    checked_in_ago: float | None = None,
    closed: bool = False,
) -> ExperimentFact:
    return ExperimentFact(
        title=title,
        agreed_at=ago(overdue + 14),
        by_when=day(overdue),
        checked_in_at=None if checked_in_ago is None else ago(checked_in_ago),
        closed=closed,
        closed_at=ago(1) if closed else None,
    )


# A journey with nothing to say against it: weekly cadence, a session three days ago, a week
# into a three-week phase, its end far off.
CALM = JourneyFacts(
    start_date=date(2026, 9, 7),
    planned_end=date(2027, 2, 1),
    cadence_days=7,
    sessions=(held(10), held(3), planned(-4)),
    runs=(run("Orient", 80, 2, left_ago=7), run("Experiment", 7, 3)),
)


def facts(**changes: object) -> JourneyFacts:
    return replace(CALM, **changes)  # type: ignore[arg-type]


def test_the_calm_journey_is_on_track_with_full_momentum() -> None:
    assert assess(CALM, NOW) == Momentum(State.ON_TRACK, (), 100)


# Each row: the facts, then the one signal expected (kind, state it pushes to, reason), or
# None where the facts sit exactly at a threshold and nothing may fire.
SIGNALS = [
    pytest.param(facts(sessions=(held(10),)), None, id="gap of 10 days at weekly cadence: fine"),
    pytest.param(
        facts(sessions=(held(11),)),
        (
            Kind.SESSION_GAP,
            State.DRIFTING,
            "11 days since the last session; the agreed cadence is every 7 days",
        ),
        id="gap just past 1.5 cadences drifts",
    ),
    pytest.param(
        facts(sessions=(held(14),)),
        (
            Kind.SESSION_GAP,
            State.DRIFTING,
            "14 days since the last session; the agreed cadence is every 7 days",
        ),
        id="the issue's example gap",
    ),
    pytest.param(
        facts(sessions=(held(17),)),
        (
            Kind.SESSION_GAP,
            State.DRIFTING,
            "17 days since the last session; the agreed cadence is every 7 days",
        ),
        id="gap at 2.5 cadences still only drifts",
    ),
    pytest.param(
        facts(sessions=(held(18),)),
        (
            Kind.SESSION_GAP,
            State.STALLED,
            "18 days since the last session; the agreed cadence is every 7 days",
        ),
        id="gap past 2.5 cadences stalls",
    ),
    pytest.param(
        facts(sessions=(held(2),), cadence_days=1),
        (
            Kind.SESSION_GAP,
            State.DRIFTING,
            "2 days since the last session; the agreed cadence is every day",
        ),
        id="daily cadence in words",
    ),
    pytest.param(
        facts(
            sessions=(held(30), SessionFact(ago(3), "cancelled"), SessionFact(ago(5), "no_show"))
        ),
        (
            Kind.SESSION_GAP,
            State.STALLED,
            "30 days since the last session; the agreed cadence is every 7 days",
        ),
        id="cancelled and missed sessions are not held",
    ),
    pytest.param(
        facts(sessions=(held(12), SessionFact(ago(-1), "held"))),
        (
            Kind.SESSION_GAP,
            State.DRIFTING,
            "12 days since the last session; the agreed cadence is every 7 days",
        ),
        id="a session later today or tomorrow is not yet held",
    ),
    pytest.param(
        facts(sessions=(), start_date=day(10)), None, id="no session yet, 10 days in: fine"
    ),
    pytest.param(
        facts(sessions=(planned(-2),), start_date=day(11)),
        (
            Kind.NO_SESSION_YET,
            State.DRIFTING,
            "no session held yet; 11 days since the start on 14 Nov; "
            "the agreed cadence is every 7 days",
        ),
        id="no session yet, 11 days in: drifting",
    ),
    pytest.param(
        facts(sessions=(held(3), planned(2))),
        None,
        id="a session two days ago may still be written up",
    ),
    pytest.param(
        facts(sessions=(held(3), planned(3))),
        (Kind.UNRECORDED_SESSIONS, State.DRIFTING, "1 session in the past still marked planned"),
        id="one session three days ago still planned",
    ),
    pytest.param(
        facts(sessions=(held(3), planned(5), planned(4), planned(-3))),
        (Kind.UNRECORDED_SESSIONS, State.DRIFTING, "2 sessions in the past still marked planned"),
        id="two past sessions still planned, the future one not counted",
    ),
    pytest.param(
        facts(reflections=reflections(10, answered=2, unanswered=2)),
        None,
        id="half the reflections answered: fine",
    ),
    pytest.param(
        facts(reflections=reflections(10, answered=2, unanswered=3)),
        (Kind.REFLECTIONS, State.DRIFTING, "2 of 5 reflections answered since 28 Oct"),
        id="fewer than half the reflections answered",
    ),
    pytest.param(
        facts(reflections=reflections(10, answered=0, unanswered=2)),
        None,
        id="two reflections are too few to judge",
    ),
    pytest.param(
        facts(reflections=reflections(2, answered=0, unanswered=3)),
        None,
        id="reflections due two days ago are not yet late",
    ),
    pytest.param(
        facts(reflections=reflections(3, answered=0, unanswered=3)),
        (Kind.REFLECTIONS, State.DRIFTING, "0 of 3 reflections answered since 28 Oct"),
        id="reflections due three days ago are late",
    ),
    pytest.param(
        facts(reflections=reflections(29, answered=0, unanswered=3)),
        None,
        id="reflections due before the window do not count",
    ),
    pytest.param(
        facts(reflections=reflections(28, answered=0, unanswered=3)),
        (Kind.REFLECTIONS, State.DRIFTING, "0 of 3 reflections answered since 28 Oct"),
        id="reflections due on the window's first day count",
    ),
    pytest.param(facts(pulses=pulse(7, 6, 5)), None, id="pulse fell by two: noise"),
    pytest.param(
        facts(pulses=pulse(7, 5, 4)),
        (
            Kind.PULSE_FALL,
            State.DRIFTING,
            "\u2018room for this work\u2019 fell from 7 to 4 over three weekly pulses",
        ),
        id="pulse fell by three over three weeks",
    ),
    pytest.param(facts(pulses=pulse(7, 4)), None, id="two pulses are not a trend"),
    pytest.param(
        facts(pulses=(*pulse(7, 5, 4)[:2], pulse(7, 5, 4)[2]._replace(answered_at=ago(-0.1)))),
        None,
        id="this week's pulse answered after now is not yet known",
    ),
    pytest.param(facts(pulses=pulse(4, 5, 7)), None, id="a rising pulse says nothing against"),
    pytest.param(
        facts(pulses=pulse(7, 5, 4, last_week_ago=2)),
        None,
        id="a fall that began before the window is not counted",
    ),
    pytest.param(
        facts(pulses=pulse(9, 7, 6, 6)),
        (
            Kind.PULSE_FALL,
            State.DRIFTING,
            "\u2018room for this work\u2019 fell from 9 to 6 over four weekly pulses",
        ),
        id="four weekly pulses",
    ),
    pytest.param(
        facts(experiments=(experiment(overdue=7),)), None, id="experiment 7 days overdue: slack"
    ),
    pytest.param(
        facts(experiments=(experiment(overdue=9),)),
        (
            Kind.EXPERIMENT_OVERDUE,
            State.DRIFTING,
            "experiment \u2018Notice the rescue\u2019 9 days overdue",
        ),
        id="experiment 9 days overdue",
    ),
    pytest.param(
        facts(experiments=(experiment(overdue=9, checked_in_ago=5),)),
        None,
        id="a checked-in experiment is not overdue",
    ),
    pytest.param(
        facts(experiments=(experiment(overdue=9, closed=True),)),
        None,
        id="a closed experiment is not overdue",
    ),
    pytest.param(
        facts(experiments=(experiment("Say no once", overdue=12), experiment(overdue=9))),
        (
            Kind.EXPERIMENT_OVERDUE,
            State.DRIFTING,
            "experiment \u2018Say no once\u2019 12 days overdue, and 1 more",
        ),
        id="several overdue experiments: the oldest named",
    ),
    pytest.param(
        facts(runs=(run("Experiment", 21, 2),)),
        None,
        id="three weeks in a two-week phase: within 1.5 times",
    ),
    pytest.param(
        facts(runs=(run("Experiment", 22, 2),)),
        (Kind.PHASE_OVERRUN, State.DRIFTING, "3 weeks in Experiment; 2 planned"),
        id="past 1.5 times the planned weeks",
    ),
    pytest.param(
        facts(runs=(run("Experiment", 35, 3),)),
        (Kind.PHASE_OVERRUN, State.DRIFTING, "5 weeks in Experiment; 3 planned"),
        id="the issue's example phase",
    ),
    pytest.param(
        facts(planned_end=day(7)), None, id="planned end a week ago: the review may be due"
    ),
    pytest.param(
        facts(planned_end=day(8)),
        (
            Kind.PLANNED_END_PASSED,
            State.CLOSURE_AT_RISK,
            "planned end passed 8 days ago, not closed",
        ),
        id="planned end passed more than a week ago",
    ),
]


@pytest.mark.parametrize(("journey", "expected"), SIGNALS)
def test_each_signal_fires_past_its_threshold_and_not_at_it(
    journey: JourneyFacts, expected: tuple[Kind, State, str] | None
) -> None:
    signals = assess(journey, NOW).signals

    assert [(s.kind, s.severity, s.reason) for s in signals] == ([expected] if expected else [])


REVISITS = [
    pytest.param(
        (
            run("Experiment", 80, 2, left_ago=40),
            run("Reflect", 40, 2, left_ago=22),
            run("Experiment", 22, 2),
        ),
        "3 weeks in Experiment since returning to it; 2 planned",
        id="a revisit over plan says so",
    ),
    pytest.param(
        (
            run("Experiment", 80, 2, left_ago=40),
            run("Reflect", 40, 2, left_ago=7),
            run("Experiment", 7, 2),
        ),
        None,
        id="weeks of the earlier run are not counted",
    ),
    pytest.param(
        (run("Orient", 80, 2, left_ago=40), run("Experiment", 40, 2, left_ago=2)),
        None,
        id="between runs nothing overruns",
    ),
    pytest.param(
        (run("Orient", 30, 2, left_ago=3), run("Experiment", -2, 2)),
        None,
        id="a run entered after today is not yet the current one",
    ),
]


@pytest.mark.parametrize(("runs", "reason"), REVISITS)
def test_weeks_in_phase_count_the_current_run_only(
    runs: tuple[PhaseRunFact, ...], reason: str | None
) -> None:
    signals = assess(facts(runs=runs), NOW).signals

    assert [s.reason for s in signals if s.kind == Kind.PHASE_OVERRUN] == (
        [reason] if reason else []
    )


STATES = [
    pytest.param(CALM, State.ON_TRACK, [], id="on track"),
    pytest.param(
        facts(sessions=(held(3), planned(4))),
        State.DRIFTING,
        ["1 session in the past still marked planned"],
        id="one drifting signal: drifting",
    ),
    pytest.param(
        facts(
            sessions=(held(3), planned(4)),
            experiments=(experiment(overdue=9),),
        ),
        State.DRIFTING,
        [
            "1 session in the past still marked planned",
            "experiment \u2018Notice the rescue\u2019 9 days overdue",
        ],
        id="two drifting signals: still drifting",
    ),
    pytest.param(
        facts(
            sessions=(held(3), planned(4)),
            experiments=(experiment(overdue=9),),
            pulses=pulse(7, 5, 4),
        ),
        State.STALLED,
        [
            "1 session in the past still marked planned",
            "\u2018room for this work\u2019 fell from 7 to 4 over three weekly pulses",
            "experiment \u2018Notice the rescue\u2019 9 days overdue",
        ],
        id="three drifting signals at once: stalled",
    ),
    pytest.param(
        facts(sessions=(held(21),)),
        State.STALLED,
        ["21 days since the last session; the agreed cadence is every 7 days"],
        id="a long gap: stalled",
    ),
    pytest.param(
        facts(sessions=(held(21),), planned_end=day(9)),
        State.CLOSURE_AT_RISK,
        [
            "planned end passed 9 days ago, not closed",
            "21 days since the last session; the agreed cadence is every 7 days",
        ],
        id="past the planned end outranks a stall",
    ),
    pytest.param(
        facts(pauses=(Pause(day(20), None, day(-6)),), sessions=(held(25),)),
        State.PAUSED,
        ["paused since 5 Nov; back by 1 Dec expected"],
        id="paused",
    ),
    pytest.param(
        facts(ended_on=day(3), planned_end=day(30), sessions=(held(60),)),
        State.CLOSED,
        ["closed on 22 Nov"],
        id="closed, whatever else the facts say",
    ),
    pytest.param(
        facts(ended_on=day(3), ended_early=True),
        State.ENDED_EARLY,
        ["ended early on 22 Nov"],
        id="ended early, a state of its own, never 'closed'",
    ),
    pytest.param(
        facts(ended_on=day(-3), planned_end=day(9)),
        State.CLOSURE_AT_RISK,
        ["planned end passed 9 days ago, not closed"],
        id="an ending after now is not yet known",
    ),
    pytest.param(
        facts(start_date=day(-5), planned_end=day(-90), sessions=(), runs=()),
        State.ON_TRACK,
        [],
        id="a journey not yet started",
    ),
]


@pytest.mark.parametrize(("journey", "state", "reasons"), STATES)
def test_the_state_follows_from_the_signals(
    journey: JourneyFacts, state: State, reasons: list[str]
) -> None:
    momentum = assess(journey, NOW)

    assert (momentum.state, [s.reason for s in momentum.signals]) == (state, reasons)


def test_a_paused_journey_has_no_score_and_no_other_signals() -> None:
    paused = facts(
        pauses=(Pause(day(20)),),
        sessions=(held(25), planned(22)),
        experiments=(experiment(overdue=30),),
        planned_end=day(10),
    )

    momentum = assess(paused, NOW)

    assert (momentum.state, [s.kind for s in momentum.signals], momentum.score) == (
        State.PAUSED,
        [Kind.PAUSED],
        None,
    )


PAUSED_DAYS = [
    pytest.param(
        facts(sessions=(held(45),), pauses=(Pause(day(40), day(5)),)),
        [],
        id="10 days counted, 35 paused: fine",
    ),
    pytest.param(
        facts(sessions=(held(47),), pauses=(Pause(day(40), day(5)),)),
        [
            "12 days since the last session (not counting 35 paused); "
            "the agreed cadence is every 7 days"
        ],
        id="counting resumes after the pause",
    ),
    pytest.param(
        facts(
            runs=(run("Experiment", 40, 2),),
            pauses=(Pause(day(30), day(10)),),
        ),
        [],
        id="weeks paused are not weeks in the phase",
    ),
    pytest.param(
        facts(
            experiments=(experiment(overdue=20),),
            pauses=(Pause(day(18), day(5)),),
        ),
        [],
        id="days paused are not days overdue",
    ),
    pytest.param(
        facts(
            reflections=reflections(10, answered=0, unanswered=3),
            pauses=(Pause(day(12), day(8)),),
        ),
        [],
        id="reflections due while paused are not asked of the client",
    ),
]


@pytest.mark.parametrize(("journey", "reasons"), PAUSED_DAYS)
def test_days_spent_paused_are_not_counted_after_resuming(
    journey: JourneyFacts, reasons: list[str]
) -> None:
    assert [s.reason for s in assess(journey, NOW).signals] == reasons


AUCKLAND = [
    # 25 Nov 10:30 UTC is 23:30 in Auckland, still 25 Nov; the session at 11:30 UTC on
    # 14 Nov was 00:30 on 15 Nov there: 10 days ago in Auckland, 11 in UTC.
    pytest.param(
        "UTC",
        datetime(2026, 11, 25, 10, 30, tzinfo=UTC),
        datetime(2026, 11, 14, 11, 30, tzinfo=UTC),
        11,
        id="UTC counts the session on 14 Nov",
    ),
    pytest.param(
        "Pacific/Auckland",
        datetime(2026, 11, 25, 10, 30, tzinfo=UTC),
        datetime(2026, 11, 14, 11, 30, tzinfo=UTC),
        None,
        id="Auckland counts it on 15 Nov",
    ),
    # 25 Nov 11:30 UTC is already 00:30 on 26 Nov in Auckland; the session at 23:00 there
    # on 15 Nov (10:00 UTC) was 10 days ago in UTC, 11 in Auckland.
    pytest.param(
        "UTC",
        datetime(2026, 11, 25, 11, 30, tzinfo=UTC),
        datetime(2026, 11, 15, 10, 0, tzinfo=UTC),
        None,
        id="UTC: 10 days",
    ),
    pytest.param(
        "Pacific/Auckland",
        datetime(2026, 11, 25, 11, 30, tzinfo=UTC),
        datetime(2026, 11, 15, 10, 0, tzinfo=UTC),
        11,
        id="Auckland's day turned at midnight: 11 days",
    ),
    pytest.param(
        "Not/AZone",
        datetime(2026, 11, 25, 11, 30, tzinfo=UTC),
        datetime(2026, 11, 15, 10, 0, tzinfo=UTC),
        None,
        id="an unknown zone counts in UTC",
    ),
]


@pytest.mark.parametrize(("zone", "now", "session_at", "days"), AUCKLAND)
def test_days_are_counted_on_the_calendar_of_the_journeys_zone(
    zone: str, now: datetime, session_at: datetime, days: int | None
) -> None:
    journey = facts(zone=zone, sessions=(SessionFact(session_at, "held"),))

    reasons = [s.reason for s in assess(journey, now).signals]

    assert reasons == (
        [f"{days} days since the last session; the agreed cadence is every 7 days"] if days else []
    )


def test_a_session_in_the_small_hours_in_auckland_is_still_unrecorded_on_its_own_day() -> None:
    # 00:30 on 23 Nov in Auckland is 11:30 UTC on 22 Nov: three days ago in UTC, two there.
    late = SessionFact(datetime(2026, 11, 22, 11, 30, tzinfo=UTC), "planned")
    now = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # 23:00 on 25 Nov in Auckland

    in_utc = assess(facts(sessions=(held(3), late)), now).signals
    in_auckland = assess(facts(sessions=(held(3), late), zone="Pacific/Auckland"), now).signals

    assert ([s.kind for s in in_utc], in_auckland) == ([Kind.UNRECORDED_SESSIONS], ())


OVERRIDES = [
    pytest.param({}, DEFAULT, id="none: the defaults"),
    pytest.param(
        {"gap_drifting_cadences": 2, "unknown": 4},
        replace(DEFAULT, gap_drifting_cadences=2.0),
        id="unknown names are ignored",
    ),
    pytest.param(
        {"experiment_overdue_days": "14"},
        replace(DEFAULT, experiment_overdue_days=14),
        id="numbers written as text are read",
    ),
    pytest.param(
        {"experiment_overdue_days": 3.6},
        replace(DEFAULT, experiment_overdue_days=4),
        id="whole-day thresholds are rounded",
    ),
    pytest.param(
        {"pulse_fall_points": 400, "reflection_window_days": -5},
        replace(DEFAULT, pulse_fall_points=10, reflection_window_days=7),
        id="absurd values are clamped",
    ),
    pytest.param(
        {"reflection_min_asked": True, "pulse_window_weeks": "soon", "pulse_min_answers": None},
        DEFAULT,
        id="values that are not numbers are ignored",
    ),
    pytest.param(
        {"planned_end_grace_days": float("nan"), "phase_overrun_factor": float("inf")},
        DEFAULT,
        id="not-a-number and infinity are ignored",
    ),
    pytest.param(
        {"gap_drifting_cadences": 3, "gap_stalled_cadences": 2},
        replace(DEFAULT, gap_drifting_cadences=3.0, gap_stalled_cadences=3.0),
        id="stalling never comes before drifting",
    ),
]


@pytest.mark.parametrize(("overrides", "expected"), OVERRIDES)
def test_a_practice_adjusts_thresholds_within_limits(
    overrides: dict[str, object], expected: Thresholds
) -> None:
    assert Thresholds.from_overrides(overrides) == expected


OVERRIDDEN = [
    pytest.param(
        {"gap_drifting_cadences": 2}, facts(sessions=(held(14),)), [], id="a longer gap allowed"
    ),
    pytest.param(
        {"experiment_overdue_days": 0},
        facts(experiments=(experiment(overdue=1),)),
        ["experiment \u2018Notice the rescue\u2019 1 day overdue"],
        id="no slack for experiments, one day in words",
    ),
    pytest.param(
        {"planned_end_grace_days": 0},
        facts(planned_end=day(1)),
        ["planned end passed 1 day ago, not closed"],
        id="closure at risk the day after the planned end",
    ),
    pytest.param(
        {"reflection_min_asked": 1, "reflection_answered_share": 1},
        facts(reflections=reflections(5, answered=0, unanswered=1)),
        ["0 of 1 reflection answered since 28 Oct"],
        id="one reflection, in the singular",
    ),
]


@pytest.mark.parametrize(("overrides", "journey", "reasons"), OVERRIDDEN)
def test_adjusted_thresholds_change_what_fires(
    overrides: dict[str, object], journey: JourneyFacts, reasons: list[str]
) -> None:
    assert [
        s.reason for s in assess(journey, NOW, Thresholds.from_overrides(overrides)).signals
    ] == reasons


def test_a_practice_can_make_two_drifting_signals_a_stall() -> None:
    journey = facts(sessions=(held(3), planned(4)), experiments=(experiment(overdue=9),))

    stricter = Thresholds.from_overrides({"drift_signals_for_stall": 2})

    assert (assess(journey, NOW).state, assess(journey, NOW, stricter).state) == (
        State.DRIFTING,
        State.STALLED,
    )


def test_the_caseload_order_puts_the_most_urgent_first_and_the_weakest_within_a_state() -> None:
    journeys = {
        "closed": facts(ended_on=day(1)),
        "calm": CALM,
        "paused": facts(pauses=(Pause(day(3)),)),
        "drifting a little": facts(sessions=(held(3), planned(4))),
        "drifting more": facts(sessions=(held(3), planned(4)), pulses=pulse(7, 5, 4)),
        "stalled": facts(sessions=(held(30),)),
        "past its end": facts(planned_end=day(20)),
    }

    order = sorted(journeys, key=lambda name: assess(journeys[name], NOW).sort_key)

    assert order == [
        "past its end",
        "stalled",
        "drifting more",
        "drifting a little",
        "calm",
        "paused",
        "closed",
    ]
    assert ATTENTION[0] == State.CLOSURE_AT_RISK


ALERTS = [
    pytest.param(None, State.ON_TRACK, False, id="first judgement, on track: nothing to say"),
    pytest.param(None, State.DRIFTING, True, id="first judgement, drifting"),
    pytest.param(State.ON_TRACK, State.DRIFTING, True, id="starts drifting"),
    pytest.param(State.DRIFTING, State.DRIFTING, False, id="still drifting: told once"),
    pytest.param(State.DRIFTING, State.STALLED, True, id="drift becomes a stall"),
    pytest.param(State.STALLED, State.ON_TRACK, False, id="back on track needs no alert"),
    pytest.param(State.ON_TRACK, State.PAUSED, False, id="paused by the coach"),
    pytest.param(State.STALLED, State.CLOSURE_AT_RISK, True, id="closure at risk"),
]


@pytest.mark.parametrize(("previous", "current", "alert"), ALERTS)
def test_coaches_are_alerted_once_per_change_into_a_state_needing_attention(
    previous: State | None, current: State, alert: bool
) -> None:
    assert needs_alert(previous, current) is alert


def test_weekly_states_judge_each_week_from_what_was_known_then() -> None:
    # Fortnightly sessions until 36 days ago, then none: on track, drifting, then stalled.
    journey = facts(
        start_date=day(120),
        cadence_days=14,
        sessions=tuple(held(days) for days in range(36, 121, 14)),
        runs=(run("Experiment", 120, 20),),
    )

    points = weekly_states(journey, NOW)

    assert [p.on for p in points] == [day(7 * back) for back in range(11, -1, -1)]
    assert [p.state for p in points] == [State.ON_TRACK] * 9 + [
        State.DRIFTING,
        State.DRIFTING,
        State.STALLED,
    ]
    assert [p.score for p in points][-3:] == [85, 85, 60]


def test_a_young_journey_has_a_shorter_sparkline_and_a_pause_shows_as_paused() -> None:
    journey = facts(
        start_date=day(30),
        sessions=(held(29), held(26)),
        runs=(run("Orient", 30, 6),),
        pauses=(Pause(day(20), day(6)),),
    )

    points = weekly_states(journey, NOW)

    assert [(p.on, p.state) for p in points] == [
        (day(28), State.ON_TRACK),
        (day(21), State.ON_TRACK),
        (day(14), State.PAUSED),
        (day(7), State.PAUSED),
        (day(0), State.DRIFTING),  # 6 days before the pause and 6 since: 12 days
    ]


def test_a_whole_caseload_is_judged_as_each_journey_alone() -> None:
    caseload = {
        "calm": CALM,
        "stalled": facts(sessions=(held(30),)),
        "paused": facts(pauses=(Pause(day(3)),)),
    }

    judged = assess_all(caseload, NOW)

    assert judged == {key: assess(journey, NOW) for key, journey in caseload.items()}
    assert [m.state for m in judged.values()] == [State.ON_TRACK, State.STALLED, State.PAUSED]


def test_dates_carry_the_year_only_when_it_is_not_this_one() -> None:
    assert (short_day(date(2026, 11, 3), TODAY), short_day(date(2025, 12, 28), TODAY)) == (
        "3 Nov",
        "28 Dec 2025",
    )


PAUSE_EVENTS = [
    pytest.param([], None, (), id="never paused"),
    pytest.param(
        [(day(20), True), (day(5), False)], None, (Pause(day(20), day(5)),), id="paused, resumed"
    ),
    pytest.param(
        [(day(20), True), (day(5), False), (day(2), True)],
        day(-10),
        (Pause(day(20), day(5)), Pause(day(2), None, day(-10))),
        id="paused again, expected back",
    ),
    pytest.param([(day(5), False)], None, (), id="a resume without a pause is ignored"),
    pytest.param([(day(5), True), (day(5), False)], None, (), id="resumed the same day: no pause"),
]


@pytest.mark.parametrize(("events", "back", "expected"), PAUSE_EVENTS)
def test_pauses_are_made_from_pause_and_resume_days(
    events: list[tuple[date, bool]], back: date | None, expected: tuple[Pause, ...]
) -> None:
    assert pauses_from(events, back) == expected


# --- The past never depends on the future -------------------------------------------------

offsets = st.integers(min_value=-200, max_value=200)  # days before NOW; negative: after it
statuses = st.sampled_from(["planned", "held", "cancelled", "no_show", "suspended"])


@st.composite
def journeys(draw: st.DrawFn) -> JourneyFacts:
    start = draw(st.integers(0, 200))
    sessions = draw(st.lists(st.tuples(offsets, statuses), max_size=12))
    runs = sorted(draw(st.lists(st.integers(-30, 200), min_size=1, max_size=4)), reverse=True)
    reflections = draw(st.lists(st.tuples(offsets, st.none() | offsets), max_size=10))
    experiments = draw(
        st.lists(st.tuples(offsets, offsets, st.none() | offsets, st.booleans()), max_size=4)
    )
    pulses = draw(st.lists(st.tuples(offsets, st.integers(0, 10), st.integers(0, 6)), max_size=12))
    pause = draw(st.none() | st.tuples(offsets, st.none() | st.integers(1, 60)))
    ended = draw(st.none() | offsets)
    return JourneyFacts(
        start_date=day(start),
        planned_end=day(draw(offsets)),
        cadence_days=draw(st.integers(1, 56)),
        zone=draw(st.sampled_from(["UTC", "Pacific/Auckland", "America/Los_Angeles"])),
        sessions=tuple(SessionFact(ago(o), status) for o, status in sessions),
        runs=tuple(
            PhaseRunFact(
                "Experiment" if n % 2 else "Orient",
                day(entered),
                day(runs[n + 1]) if n + 1 < len(runs) else None,
                2,
            )
            for n, entered in enumerate(runs)
        ),
        reflections=tuple(
            ReflectionFact(day(due), None if answered is None else ago(answered))
            for due, answered in reflections
        ),
        experiments=tuple(
            ExperimentFact(
                "Try", ago(agreed), day(by), None if checked is None else ago(checked), closed
            )
            for agreed, by, checked, closed in experiments
        ),
        pulses=tuple(
            # Answered up to six days after its week's Monday.
            PulseFact(day(o + day(o).weekday()), SCALE, value, ago(o - lag))
            for o, value, lag in pulses
        ),
        pauses=()
        if pause is None
        else (Pause(day(pause[0]), None if pause[1] is None else day(pause[0] - pause[1])),),
        ended_on=None if ended is None else day(ended),
    )


def without_the_future(journey: JourneyFacts, moment: datetime) -> JourneyFacts:
    """The facts as they stood at `moment`: everything learned after it removed."""
    today = moment.astimezone(ZoneInfo(journey.zone)).date()

    def known(at: datetime | None) -> datetime | None:
        return at if at is not None and at <= moment else None

    return replace(
        journey,
        sessions=tuple(
            s for s in map(SessionFact._make, journey.sessions) if s.starts_at <= moment
        ),
        runs=tuple(
            r._replace(left_on=r.left_on if r.left_on and r.left_on <= today else None)
            for r in map(PhaseRunFact._make, journey.runs)
            if r.entered_on <= today
        ),
        reflections=tuple(
            r._replace(answered_at=known(r.answered_at))
            for r in map(ReflectionFact._make, journey.reflections)
            if r.due_on <= today
        ),
        experiments=tuple(
            e._replace(checked_in_at=known(e.checked_in_at))
            for e in map(ExperimentFact._make, journey.experiments)
            if e.agreed_at <= moment
        ),
        pulses=tuple(p for p in map(PulseFact._make, journey.pulses) if p.answered_at <= moment),
        pauses=tuple(
            replace(p, until=p.until if p.until and p.until <= today else None)
            for p in journey.pauses
            if p.since <= today
        ),
        ended_on=journey.ended_on if journey.ended_on and journey.ended_on <= today else None,
    )


@settings(max_examples=200)
@given(journeys(), st.integers(0, 120))
def test_momentum_never_depends_on_what_happened_after_the_moment_judged(
    journey: JourneyFacts, weeks_back: int
) -> None:
    moment = NOW - timedelta(days=weeks_back)

    assert assess(journey, moment) == assess(without_the_future(journey, moment), moment)


# --- The sparkline's weeks are judged as `assess` judges them --------------------------------


def judged_week_by_week(
    journey: JourneyFacts, now: datetime, weeks: int, thresholds: Thresholds
) -> list[tuple[date, State, int | None]]:
    """The sparkline as it was first made: one whole `assess` per week."""
    points = []
    for back in range(weeks - 1, -1, -1):
        moment = now - timedelta(weeks=back)
        on = moment.astimezone(ZoneInfo(journey.zone)).date()
        if on >= journey.start_date:
            judged = assess(journey, moment, thresholds)
            points.append((on, judged.state, judged.score))
    return points


@st.composite
def thresholds(draw: st.DrawFn) -> Thresholds:
    """The defaults, or a practice's thresholds with a few of them moved."""
    names = [
        "gap_drifting_cadences",
        "gap_stalled_cadences",
        "unrecorded_grace_days",
        "reflection_window_days",
        "reflection_grace_days",
        "reflection_min_asked",
        "reflection_answered_share",
        "pulse_window_weeks",
        "pulse_min_answers",
        "pulse_fall_points",
        "experiment_overdue_days",
        "phase_overrun_factor",
        "planned_end_grace_days",
        "drift_signals_for_stall",
    ]
    moved = draw(st.dictionaries(st.sampled_from(names), st.floats(0, 60), max_size=5))
    return Thresholds.from_overrides(moved)


@st.composite
def journeys_with_pauses(draw: st.DrawFn) -> JourneyFacts:
    """A journey as `journeys` makes it, with up to three pauses in time order, the last
    perhaps still going, and sessions on several days in one week (held, planned)."""
    journey = draw(journeys())
    bounds = sorted(draw(st.lists(st.integers(-60, 200), max_size=6, unique=True)), reverse=True)
    pauses = [Pause(day(bounds[n]), day(bounds[n + 1]), None) for n in range(0, len(bounds) - 1, 2)]
    if len(bounds) % 2:
        pauses.append(Pause(day(bounds[-1]), None, draw(st.none() | st.just(day(-5)))))
    more = draw(st.lists(st.tuples(st.integers(0, 90), statuses), max_size=6))
    # Weekly pulses on two scales and reflections due in recent weeks, so that the windows'
    # edges are often reached.
    monday = TODAY - timedelta(days=TODAY.weekday())
    pulses = draw(
        st.lists(st.tuples(st.integers(0, 8), st.integers(0, 10), st.booleans()), max_size=20)
    )
    due = draw(
        st.lists(st.tuples(st.integers(0, 40), st.none() | st.integers(-5, 40)), max_size=20)
    )
    return replace(
        journey,
        pauses=tuple(pauses) if pauses else journey.pauses,
        ended_on=draw(st.none() | st.just(journey.ended_on)),
        sessions=journey.sessions + tuple(SessionFact(ago(o, hour=23), s) for o, s in more),
        pulses=tuple(
            PulseFact(
                monday - timedelta(weeks=weeks),
                "other" if other else SCALE,
                value,
                at(monday - timedelta(weeks=weeks)),
            )
            for weeks, value, other in pulses
        ),
        reflections=tuple(
            ReflectionFact(day(o), None if answered is None else ago(min(o, answered)))
            for o, answered in due
        ),
    )


def at(on: date) -> datetime:
    return datetime(on.year, on.month, on.day, 9, tzinfo=UTC)


@settings(max_examples=300)
@given(
    journeys() | journeys_with_pauses(),
    thresholds(),
    st.integers(-30, 120),
    st.sampled_from([0, 9, 23]),
    st.integers(1, 12),
)
def test_the_sparklines_weeks_are_each_what_assess_says_of_that_week(
    journey: JourneyFacts, thresholds: Thresholds, days_back: int, hour: int, weeks: int
) -> None:
    now = NOW.replace(hour=hour) - timedelta(days=days_back)

    points = weekly_states(journey, now, weeks, thresholds)

    assert [(p.on, p.state, p.score) for p in points] == judged_week_by_week(
        journey, now, weeks, thresholds
    )


# Three drifting signals, each exactly at its threshold: a session 4 days past still marked
# planned, a pulse 3 points down over 3 answers, an experiment 8 days overdue.
AT_EVERY_EDGE = facts(
    sessions=(held(3), planned(4)), pulses=pulse(7, 5, 4), experiments=(experiment(),)
)


@pytest.mark.parametrize(
    ("journey", "thresholds", "expected"),
    [
        pytest.param(AT_EVERY_EDGE, DEFAULT, (State.STALLED, 55), id="three signals: stalled"),
        pytest.param(
            facts(sessions=(held(3), planned(4)), pulses=pulse(7, 5, 4)),
            DEFAULT,
            (State.DRIFTING, 70),
            id="two signals: drifting",
        ),
        pytest.param(
            facts(sessions=(held(3), planned(4)), pulses=pulse(7, 5, 4)),
            Thresholds.from_overrides({"drift_signals_for_stall": 2}),
            (State.STALLED, 70),
            id="two signals where two make a stall: stalled",
        ),
    ],
)
def test_the_sparkline_turns_stalled_at_exactly_the_drift_signals_that_make_a_stall(
    journey: JourneyFacts, thresholds: Thresholds, expected: tuple[State, int]
) -> None:
    (point,) = weekly_states(journey, NOW, weeks=1, thresholds=thresholds)
    now = assess(journey, NOW, thresholds)

    assert (point.on, point.state, point.score) == (TODAY, *expected)
    assert (now.state, now.score) == expected


def test_falls_on_several_scales_are_listed_in_the_order_their_answers_were_given() -> None:
    # "Sleep" was answered first, though its answers are for later weeks than "Energy"'s.
    sleep = tuple(p._replace(scale="Sleep") for p in pulse(8, 6, 4))
    energy = tuple(p._replace(scale="Energy") for p in pulse(9, 7, 5, last_week_ago=1))

    signals = assess(facts(pulses=sleep + energy), NOW).signals

    assert [s.reason.split(" fell")[0] for s in signals] == [
        "\u2018Sleep\u2019",
        "\u2018Energy\u2019",
    ]
