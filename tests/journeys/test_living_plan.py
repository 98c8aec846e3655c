"""The plan follows every adaptation, in the database: sessions, their phases, the stages,
the runs and the planned end agree afterwards; a repeat or a stale tab changes nothing."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from arcwise.errors import DomainError
from arcwise.journeys.models import (
    Adaptation,
    Journey,
    JourneyStatus,
    PhaseRun,
    PlanStage,
    Session,
    SessionStatus,
)
from arcwise.journeys.pages.state import JourneyState
from arcwise.journeys.plan.services import journey_adapt, phase_advance
from arcwise.journeys.schedule import (
    Change,
    Extend,
    InsertSession,
    Pause,
    Resume,
    Revisit,
    Skip,
    plan_phase,
)
from tests.conftest import Cast
from tests.journeys.factories import START, days, make_journey
from tests.races import in_two_threads

START_TIME = time(15, 0)

pytestmark = pytest.mark.django_db
WEEK = timedelta(weeks=1)
PHASES = ("orient", "understand", "experiment", "close")


def journey_of(cast: Cast) -> Journey:
    return make_journey(cast.coach, cast.client, *PHASES)


def fresh(journey: Journey) -> Journey:
    return Journey.objects.get(pk=journey.pk)


def sessions(journey: Journey) -> list[tuple[str, date, str]]:
    return [
        (s.phase.key, s.starts_at.date(), s.status)
        for s in Session.objects.filter(journey=journey)
        .select_related("phase")
        .order_by("starts_at")
    ]


def stages(journey: Journey) -> list[str]:
    return list(
        PlanStage.objects.filter(journey=journey)
        .order_by("position")
        .values_list("phase__key", flat=True)
    )


def adapt(journey: Journey, change: Change, today: date, reason: str = "Right for her now") -> None:
    journey_adapt(
        journey=journey,
        change=change,
        reason=reason,
        by=journey.coach,
        today=today,
        expected_revision=fresh(journey).revision,
    )


def advance(journey: Journey, on: date, revision: int | None = None) -> PhaseRun:
    return phase_advance(
        journey=journey,
        readiness_note="Names the goal as hers.",
        on=on,
        expected_revision=revision if revision is not None else fresh(journey).revision,
    )


def test_a_new_journey_plans_every_phase_in_order(cast: Cast) -> None:
    journey = journey_of(cast)

    assert stages(journey) == list(PHASES)
    last = PlanStage.objects.filter(journey=journey).order_by("position").last()
    assert last is not None
    assert last.ends == journey.planned_end


def test_moving_on_records_the_note_and_opens_the_next_run(cast: Cast) -> None:
    journey = journey_of(cast)

    advance(journey, START + days(14))

    runs = PhaseRun.objects.filter(journey=journey).order_by("sequence")
    assert [(r.phase.key, r.left_on) for r in runs] == [
        ("orient", START + days(14)),
        ("understand", None),
    ]
    assert runs[0].readiness_note == "Names the goal as hers."
    assert stages(journey) == ["understand", "experiment", "close"]


def test_a_double_clicked_move_on_moves_one_phase_and_says_where_it_is(cast: Cast) -> None:
    journey = journey_of(cast)
    revision = journey.revision
    advance(journey, START + days(14), revision)

    with pytest.raises(DomainError, match="already moved on to Understand"):
        advance(journey, START + days(14), revision)

    assert PhaseRun.objects.filter(journey=journey).count() == 2
    assert stages(journey) == ["understand", "experiment", "close"]


@pytest.mark.django_db(transaction=True)
def test_move_on_sent_from_two_threads_moves_one_phase(cast: Cast) -> None:
    journey = journey_of(cast)
    revision = journey.revision

    outcomes = in_two_threads(lambda: advance(journey, START + days(14), revision))

    assert sum(isinstance(o, PhaseRun) for o in outcomes) == 1
    assert sum(isinstance(o, DomainError) for o in outcomes) == 1
    assert PhaseRun.objects.filter(journey=journey).count() == 2


def test_extending_moves_later_sessions_and_the_planned_end(cast: Cast) -> None:
    journey = journey_of(cast)
    before = sessions(journey)

    adapt(journey, Extend(weeks=2), START)

    after = sessions(journey)
    assert after[0] == before[0]
    assert [day for _, day, _ in after[1:]] == [day + 2 * WEEK for _, day, _ in before[1:]]
    assert fresh(journey).planned_end == journey.planned_end + 2 * WEEK
    assert PhaseRun.objects.get(journey=journey).planned_weeks == 4
    log = JourneyState.of(fresh(journey)).log
    assert [line.label for line in log] == ["Extended Orient by 2 weeks"]


def test_extending_with_sessions_adds_them_to_the_phase_under_way(cast: Cast) -> None:
    journey = journey_of(cast)

    adapt(journey, Extend(weeks=2, add_sessions=1), START)

    orient = [row for row in sessions(journey) if row[0] == "orient"]
    assert len(orient) == 2
    assert all(s.phase_run_id for s in Session.objects.filter(journey=journey, phase__key="orient"))


def test_skipping_with_sessions_kept_puts_them_in_the_next_phase(cast: Cast) -> None:
    journey = journey_of(cast)
    before = sessions(journey)

    adapt(journey, Skip("understand", carry_sessions=True), START)

    after = sessions(journey)
    assert "understand" not in {key for key, _, _ in after}
    assert [day for _, day, _ in after] == [day for _, day, _ in before]
    assert stages(journey) == ["orient", "experiment", "close"]
    assert fresh(journey).planned_end == journey.planned_end
    state = JourneyState.of(fresh(journey))
    assert {row.phase_name for row in state.session_rows} == {"Orient", "Experiment", "Close"}


def test_skipping_with_sessions_dropped_brings_the_end_forward(cast: Cast) -> None:
    journey = journey_of(cast)

    adapt(journey, Skip("understand", carry_sessions=False), START)

    assert [key for key, _, _ in sessions(journey)] == ["orient", "experiment", "close"]
    assert fresh(journey).planned_end == journey.planned_end - 2 * WEEK


def test_revisiting_opens_a_run_with_sessions_and_moves_what_follows(cast: Cast) -> None:
    journey = journey_of(cast)
    advance(journey, START + days(14))
    orient = journey.design_version.phases.get(key="orient")
    today = START + days(15)
    later = [day for key, day, _ in sessions(journey) if day >= today]

    adapt(journey, Revisit(plan_phase(orient)), today)

    runs = PhaseRun.objects.filter(journey=journey).order_by("sequence")
    assert [r.phase.key for r in runs] == ["orient", "understand", "orient"]
    assert stages(journey) == ["orient", "understand", "experiment", "close"]
    after = sessions(journey)
    assert sum(1 for key, day, _ in after if key == "orient" and day >= today) == 1
    moved = sorted(day for key, day, _ in after if day >= today and key != "orient")
    assert moved == [day + 2 * WEEK for day in later]


def test_a_pause_suspends_the_sessions_inside_it_and_hides_the_next_session(cast: Cast) -> None:
    journey = journey_of(cast)
    today = START + days(1)

    adapt(journey, Pause(until=START + days(30)), today)

    journey = fresh(journey)
    assert journey.status == JourneyStatus.PAUSED
    assert journey.paused_until == START + days(30)
    statuses = [(day, status) for _, day, status in sessions(journey)]
    assert all(
        (status == SessionStatus.SUSPENDED) == (today <= day < START + days(30))
        for day, status in statuses
    )
    assert JourneyState.of(journey).next_session is None


def test_resuming_plans_the_suspended_sessions_again_from_today(cast: Cast) -> None:
    journey = journey_of(cast)
    adapt(journey, Pause(until=START + days(30)), START + days(1))
    today = START + days(22)

    adapt(fresh(journey), Resume(paused_on=START + days(1)), today)

    journey = fresh(journey)
    assert journey.status == JourneyStatus.ACTIVE
    after = sessions(journey)
    assert SessionStatus.SUSPENDED not in {status for _, _, status in after}
    assert all(day >= today for _, day, _ in after[1:])
    assert [a.kind for a in Adaptation.objects.filter(journey=journey)] == ["pause", "resume"]


def test_an_inserted_session_joins_the_phase_under_way(cast: Cast) -> None:
    journey = journey_of(cast)

    adapt(journey, InsertSession(START + days(4), START_TIME), START)

    inserted = Session.objects.get(journey=journey, inserted=True)
    assert inserted.phase.key == "orient"
    assert inserted.phase_run == PhaseRun.objects.get(journey=journey)


def test_held_sessions_never_move(cast: Cast) -> None:
    journey = journey_of(cast)
    first = Session.objects.filter(journey=journey).order_by("starts_at").first()
    assert first is not None
    Session.objects.filter(pk=first.pk).update(status=SessionStatus.HELD)

    adapt(journey, Extend(weeks=3), START)
    adapt(fresh(journey), Skip("understand", carry_sessions=False), START)

    assert Session.objects.get(pk=first.pk).starts_at == first.starts_at


@pytest.mark.parametrize(
    "change",
    [Extend(weeks=1), Skip("experiment", carry_sessions=True), Pause(until=START + days(20))],
    ids=["extend", "skip", "pause"],
)
def test_a_repeat_from_a_stale_page_changes_nothing(cast: Cast, change: Change) -> None:
    journey = journey_of(cast)
    revision = journey.revision
    journey_adapt(
        journey=journey,
        change=change,
        reason="Once",
        by=cast.coach,
        today=START,
        expected_revision=revision,
    )
    before = (sessions(journey), stages(journey), fresh(journey).planned_end)

    with pytest.raises(DomainError, match="Nothing was changed"):
        journey_adapt(
            journey=journey,
            change=change,
            reason="Once",
            by=cast.coach,
            today=START,
            expected_revision=revision,
        )

    assert (sessions(journey), stages(journey), fresh(journey).planned_end) == before
    assert Adaptation.objects.filter(journey=journey).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_pause_sent_from_two_threads_pauses_once(cast: Cast) -> None:
    journey = journey_of(cast)
    revision = journey.revision

    def pause() -> object:
        return journey_adapt(
            journey=journey,
            change=Pause(until=START + days(20)),
            reason="Surgery",
            by=cast.coach,
            today=START,
            expected_revision=revision,
        )

    outcomes = in_two_threads(pause)

    assert sum(isinstance(o, DomainError) for o in outcomes) == 1
    assert Adaptation.objects.filter(journey=journey).count() == 1
    assert fresh(journey).revision == revision + 1


def test_a_paused_journey_refuses_to_move_on(cast: Cast) -> None:
    journey = journey_of(cast)
    adapt(journey, Pause(until=START + days(20)), START)

    with pytest.raises(DomainError, match="paused"):
        advance(journey, START + days(1))


def test_every_adaptation_needs_a_one_line_reason(cast: Cast) -> None:
    journey = journey_of(cast)

    with pytest.raises(DomainError, match="Say in one line why"):
        adapt(journey, Extend(weeks=2), START, reason=" ")
    with pytest.raises(DomainError, match="Keep the reason to one line"):
        adapt(journey, Extend(weeks=2), START, reason="x" * 201)
    assert not Adaptation.objects.exists()
