"""A coach hears once, in their morning, when a journey of theirs turns stalled or closure
at risk: changes of one day fold into one message with the reasons and a link to session
prep, a journey that turns stalled again later is told again, paused and ended journeys
never are, and two planners at once record and tell each change once."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arcwise.accounts.models import Role
from arcwise.clients.models import Client
from arcwise.insights import alerts as alerts_module
from arcwise.insights.alerts import (
    SLOTS,
    judge_momentum,
    plan_momentum_alerts,
    write_alerts,
)
from arcwise.insights.momentum.states import State
from arcwise.journeys.models import Journey, JourneyStatus, Session, SessionStatus
from arcwise.nudges.models import Nudge, NudgeKind
from arcwise.nudges.planner import plan_all
from arcwise.portal.models import CycleStep, ReflectionRequest
from tests.conftest import Cast
from tests.factories import make_client, make_member
from tests.journeys.factories import START, at, days, make_journey
from tests.races import in_two_threads

pytestmark = pytest.mark.django_db

# The coach is in London. A journey of make_journey (fortnightly, six weeks planned, no
# session ever held) is on track on day 1, drifting from about day 20 (sessions in the past
# still planned), stalled on day 30 (three drifting signals at once), and closure at risk
# from day 50 (its planned end, day 42, passed more than a week before).
NOTES = "Talked about the divorce; she cried."
ANSWER = "I froze when my manager shouted."


def morning(day: int, hour: int = 9) -> datetime:
    return at(START + days(day), hour)


def judge(moment: datetime) -> None:
    judge_momentum(moment, Journey.objects.all())


def alerts() -> list[Nudge]:
    return list(
        Nudge.objects.filter(
            kind=NudgeKind.COACH_ALERT, dedupe_key__startswith="momentum-alert:"
        ).order_by("created_at", "pk")
    )


def stored(journey: Journey) -> str:
    journey.refresh_from_db()
    return journey.momentum_state


def judged_on_track(cast: Cast, client: Client | None = None) -> Journey:
    journey = make_journey(
        cast.coach, client or cast.client, another_open_confirmed=client is not None
    )
    judge(morning(1))
    assert stored(journey) == State.ON_TRACK
    return journey


def test_a_journey_turning_stalled_alerts_its_coach_once(cast: Cast) -> None:
    journey = judged_on_track(cast)

    judge(morning(30))
    assert write_alerts(morning(30)) == 1

    (alert,) = alerts()
    assert alert.to_address == cast.coach.email
    assert alert.subject == "Momentum: one journey needs your attention"
    assert "Quentin Confidential: stalled since 7 Oct" in alert.body
    assert stored(journey) == State.STALLED
    # Planned again the same morning, later that day and the next morning: nothing more.
    for moment in (morning(30, 10), morning(30, 18), morning(31), morning(33)):
        judge(moment)
        assert write_alerts(moment) == 0
    assert len(alerts()) == 1


def test_the_message_holds_the_top_reasons_and_a_link_to_prep_and_no_notes(cast: Cast) -> None:
    journey = judged_on_track(cast)
    Session.objects.filter(journey=journey).update(notes=NOTES, key_insights=NOTES)
    session = Session.objects.filter(journey=journey).order_by("starts_at").first()
    assert session is not None
    ReflectionRequest.objects.create(
        journey=journey,
        session=session,
        phase=session.phase,
        position=1,
        step=CycleStep.REFLECTION,
        prompt="What did you notice?",
        due_on=START + days(3),
        answer=ANSWER,
        answered_at=morning(4),
    )
    Journey.objects.filter(pk=journey.pk).update(what_shifted=NOTES)

    judge(morning(30))
    write_alerts(morning(30))

    (alert,) = alerts()
    prep = settings.SITE_URL + reverse("journeys:prep", args=[journey.public_id])
    assert f"Session prep: {prep}" in alert.body
    assert "no session held yet; 30 days since the start on 7 Sep" in alert.body
    assert "2 sessions in the past still marked planned" in alert.body
    # Two reasons only: the third (the phase overrun) is on the caseload.
    assert "weeks in Orient" not in alert.body
    for secret in (NOTES, ANSWER, cast.client.notes, "divorce", "Grieving"):
        assert secret not in alert.body
        assert secret not in alert.subject


def test_a_journey_first_judged_already_stalled_tells_no_one(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)

    judge(morning(30))
    write_alerts(morning(30))

    assert stored(journey) == State.STALLED
    assert alerts() == []


def test_drifting_tells_no_one(cast: Cast) -> None:
    journey = judged_on_track(cast)

    judge(morning(20))
    write_alerts(morning(20))

    assert stored(journey) == State.DRIFTING
    assert alerts() == []


def test_two_changes_the_same_day_fold_into_one_message(cast: Cast) -> None:
    first = judged_on_track(cast)
    other = make_client(cast.practice, name="Rhea Second")
    second = make_journey(cast.coach, other)
    judge(morning(1))
    # The first stalls in the night, the second turns closure at risk, both before 08:00.
    judge(morning(30, 3))
    Journey.objects.filter(pk=second.pk).update(planned_end=START + days(20))
    judge(morning(30, 7))
    assert (stored(first), stored(second)) == (State.STALLED, State.CLOSURE_AT_RISK)

    assert write_alerts(morning(30, 7)) == 0  # before the coach's morning
    assert write_alerts(morning(30, 8)) == 1

    (alert,) = alerts()
    assert alert.subject == "Momentum: two journeys need your attention"
    assert "Quentin Confidential: stalled since" in alert.body
    assert "Rhea Second: closure at risk since" in alert.body
    assert len(alert.covers) == 2


def test_a_change_after_the_mornings_alert_waits_for_the_next_morning(cast: Cast) -> None:
    judged_on_track(cast)
    other = make_client(cast.practice, name="Rhea Second")
    second = make_journey(cast.coach, other, start=START + days(10))  # drifting on day 30
    judge(morning(1))
    judge(morning(30))
    write_alerts(morning(30))
    Journey.objects.filter(pk=second.pk).update(planned_end=START + days(20))

    judge(morning(30, 11))
    assert write_alerts(morning(30, 11)) == 0
    assert write_alerts(morning(31, 9)) == 1

    first, next_day = alerts()
    assert "Rhea Second" not in first.body
    assert "Rhea Second: closure at risk since 7 Oct" in next_day.body
    assert "Quentin" not in next_day.body


def test_a_journey_that_recovers_then_stalls_again_alerts_again(cast: Cast) -> None:
    journey = judged_on_track(cast)
    judge(morning(30))
    write_alerts(morning(30))
    last = Session.objects.filter(journey=journey).order_by("starts_at")[1]

    # The coach records a session as held: no longer stalled.
    Session.objects.filter(pk=last.pk).update(status=SessionStatus.HELD)
    judge(morning(31))
    assert stored(journey) == State.DRIFTING
    write_alerts(morning(31))
    assert len(alerts()) == 1
    # It was recorded by mistake: stalled again, a new change, told the next morning.
    Session.objects.filter(pk=last.pk).update(status=SessionStatus.PLANNED)
    judge(morning(31, 15))
    assert write_alerts(morning(31, 15)) == 0
    assert write_alerts(morning(32)) == 1
    assert "Quentin Confidential: stalled since 8 Oct" in alerts()[1].body


@pytest.mark.parametrize("status", [JourneyStatus.PAUSED, JourneyStatus.CLOSED])
def test_paused_and_closed_journeys_never_alert(cast: Cast, status: str) -> None:
    journey = judged_on_track(cast)
    judge(morning(30, 6))  # stalled before the morning's alert ...
    Journey.objects.filter(pk=journey.pk).update(
        status=status, paused_on=START + days(30), ended_on=START + days(30)
    )

    judge(morning(30, 9))  # ... then paused or closed: told to no one
    write_alerts(morning(30, 9))
    judge(morning(45))
    write_alerts(morning(45))

    assert alerts() == []
    assert stored(journey) == (State.PAUSED if status == JourneyStatus.PAUSED else State.STALLED)


def test_a_journey_resumed_stalled_alerts(cast: Cast) -> None:
    journey = judged_on_track(cast)
    Journey.objects.filter(pk=journey.pk).update(
        status=JourneyStatus.PAUSED, paused_on=START + days(2)
    )
    judge(morning(3))
    assert stored(journey) == State.PAUSED
    Journey.objects.filter(pk=journey.pk).update(status=JourneyStatus.ACTIVE, paused_on=None)

    judge(morning(40))
    write_alerts(morning(40))

    assert len(alerts()) == 1


def test_the_practices_thresholds_change_the_verdict(cast: Cast) -> None:
    journey = judged_on_track(cast)
    # Three drifting signals make a stall by default; this practice wants four.
    type(cast.practice).objects.filter(pk=cast.practice.pk).update(
        momentum_thresholds={"drift_signals_for_stall": 4}
    )

    judge(morning(30))
    write_alerts(morning(30))

    assert stored(journey) == State.DRIFTING
    assert alerts() == []


def test_a_journey_handed_to_another_coach_alerts_the_new_coach(cast: Cast) -> None:
    journey = judged_on_track(cast)
    judge(morning(30, 6))
    newcomer = make_member(cast.practice, Role.COACH, name="Nadia New", time_zone="Asia/Tokyo")
    Journey.objects.filter(pk=journey.pk).update(coach=newcomer)

    # Her morning is London's night.
    assert write_alerts(morning(30, 9)) == 0
    assert write_alerts(morning(31, 1)) == 1

    (alert,) = alerts()
    assert alert.to_address == newcomer.email
    assert alert.body.startswith("Hello Nadia,")


def test_a_pass_judges_a_twelfth_and_every_open_journey_within_the_hour(cast: Cast) -> None:
    journeys = [judged_on_track(cast)]
    for number in range(SLOTS + 1):
        other = make_client(cast.practice, name=f"Client {number}")
        journeys.append(make_journey(cast.coach, other, version=journeys[0].design_version))
    Journey.objects.update(momentum_state="")
    hour = morning(30)

    plan_all(now=hour)
    judged = Journey.objects.exclude(momentum_state="").count()
    for minute in range(0, 60, 60 // SLOTS):
        plan_all(now=hour + timedelta(minutes=minute))

    assert judged in (1, 2)
    assert set(Journey.objects.values_list("momentum_state", flat=True)) == {State.STALLED}


@pytest.mark.django_db(transaction=True)
def test_two_planners_at_once_record_the_change_once_and_alert_once(cast: Cast) -> None:
    journey = judged_on_track(cast)
    # Two moments a minute apart in this journey's five-minute slot, one per sender process.
    first = morning(30).replace(minute=journey.pk % SLOTS * (60 // SLOTS))
    moments = iter([first, first + timedelta(minutes=1)])
    lock = threading.Lock()

    def one_pass() -> None:
        with lock:
            moment = next(moments)
        plan_momentum_alerts(moment)

    outcomes = in_two_threads(one_pass)

    assert outcomes == [None, None]
    journey.refresh_from_db()
    assert journey.momentum_state == State.STALLED
    assert len(alerts()) == 1
    # Why nothing happens again, today or tomorrow: the state is stored, the change covered.
    plan_momentum_alerts(first + timedelta(minutes=2))
    write_alerts(morning(31))
    assert len(alerts()) == 1


def test_a_planner_that_judged_a_state_another_then_stored_changes_nothing(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    journey = judged_on_track(cast)
    # Process A reads the stored state (on track); before it writes, process B judges the
    # journey stalled, stores the change and tells the coach.
    load_facts = alerts_module.load_facts

    def process_b_meanwhile(selection: object) -> object:
        monkeypatch.setattr(alerts_module, "load_facts", load_facts)
        judge(morning(30))
        write_alerts(morning(30))
        return load_facts(selection)  # type: ignore[arg-type]

    monkeypatch.setattr(alerts_module, "load_facts", process_b_meanwhile)
    judge(morning(30, 10))  # process A, an hour later

    journey.refresh_from_db()
    assert journey.momentum_changed_at == morning(30)  # B's change stands, not A's
    write_alerts(morning(31))
    assert len(alerts()) == 1


def pass_queries(moment: datetime) -> int:
    with CaptureQueriesContext(connection) as queries:
        judge(moment)
        write_alerts(moment)
    return len(queries)


def journeys_turning_stalled(cast: Cast, count: int) -> None:
    first = judged_on_track(cast)
    for number in range(count - 1):
        other = make_client(cast.practice, name=f"Client {number}")
        make_journey(cast.coach, other, version=first.design_version)
    judge(morning(1))


@pytest.mark.parametrize("count", [2, 20])
def test_a_pass_costs_the_same_queries_for_2_and_20_journeys(cast: Cast, count: int) -> None:
    journeys_turning_stalled(cast, count)

    # Judging (8), one compare-and-set (1); the alert: journeys that turned (1), earlier
    # alerts (1), the reasons (7), the message (4: look, savepoint, insert, release).
    assert pass_queries(morning(30)) == 22
    # Nothing changed, nothing new to tell: judging (8), journeys that turned, earlier alerts.
    assert pass_queries(morning(30, 10)) == 10
    (alert,) = alerts()
    assert len(alert.covers) == count
