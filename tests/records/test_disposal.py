"""Disposal with frozen time: the coach is told thirty days before, exactly once; nothing
goes before the day; on the day the journey's text goes and its structure stays, so
practice insight counts it as before; and nothing happens twice."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from arcwise.journeys.models import Journey, Session, Thread
from arcwise.nudges.models import Nudge, NudgeKind
from arcwise.nudges.planner import plan_all
from arcwise.privacy.audit import audit_verify
from arcwise.privacy.models import AuditAction, AuditEvent
from arcwise.records.disposal import disposal_notice_write, journey_dispose, plan_disposals
from arcwise.records.models import Disposal, DisposalCause, RetentionPolicy
from arcwise.records.removal import REMOVED
from arcwise.records.retention import retention_set
from tests.conftest import Cast, signed_in
from tests.outcomes.summary_factories import CLOSED_ON, PRIVATE_NOTE
from tests.races import in_two_threads
from tests.records.factories import THREAD, full_journey
from tests.records.insight import insight_figures

pytestmark = pytest.mark.django_db

# Ended on 17 October 2026; kept 24 months by default: disposed of on 17 October 2028.
DAY = date(2028, 10, 17)
NOTICE_DAY = DAY - timedelta(days=30)


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


def notices(journey: Journey) -> list[Nudge]:
    return list(Nudge.objects.filter(dedupe_key__startswith=f"disposal-notice:{journey.public_id}"))


def planner_pass(day: date) -> None:
    """One pass of the sender's planner, as `run_nudges --loop` makes it, on `day`."""
    with time_machine.travel(noon(day), tick=False):
        plan_all()


@pytest.fixture
def ended(cast: Cast) -> Journey:
    journey = full_journey(cast.coach, cast.client, mentor=cast.mentor)
    assert journey.ended_on == CLOSED_ON == date(2026, 10, 17)
    return journey


def test_the_coach_is_told_thirty_days_before_and_only_once(cast: Cast, ended: Journey) -> None:
    planner_pass(NOTICE_DAY - timedelta(days=1))
    assert notices(ended) == []

    planner_pass(NOTICE_DAY)
    planner_pass(NOTICE_DAY)
    planner_pass(NOTICE_DAY + timedelta(days=5))

    [notice] = notices(ended)
    assert notice.kind == NudgeKind.COACH_ALERT
    assert notice.to_address == cast.coach.email
    assert "17 October 2028" in notice.subject
    assert cast.client.name not in notice.subject
    assert "Quentin Confidential's journey" in notice.body
    assert "17 October 2026" in notice.body  # the day it ended
    assert reverse("records:export", args=[cast.client.public_id]) in notice.body
    assert Disposal.objects.get(journey=ended).told_on == NOTICE_DAY


def test_nothing_goes_before_the_day_and_everything_on_it(cast: Cast, ended: Journey) -> None:
    for day in (NOTICE_DAY, DAY - timedelta(days=1)):
        planner_pass(day)
    assert Session.objects.filter(journey=ended).exclude(notes="")[0].notes == PRIVATE_NOTE
    assert Disposal.objects.get(journey=ended).disposed_at is None

    planner_pass(DAY)

    disposal = Disposal.objects.get(journey=ended)
    assert disposal.disposed_at == noon(DAY)
    assert disposal.cause == DisposalCause.RETENTION
    assert {s.notes for s in Session.objects.filter(journey=ended)} <= {"", REMOVED}
    assert THREAD not in {t.text for t in Thread.objects.filter(journey=ended)}


def test_disposal_keeps_what_practice_insight_counts(cast: Cast, ended: Journey) -> None:
    before = insight_figures(cast.practice)
    structure = list(
        Session.objects.filter(journey=ended).values_list("starts_at", "status", "phase_id")
    )

    for day in (NOTICE_DAY, DAY):
        planner_pass(day)

    assert Disposal.objects.get(journey=ended).disposed_at is not None
    assert insight_figures(cast.practice) == before
    assert (
        list(Session.objects.filter(journey=ended).values_list("starts_at", "status", "phase_id"))
        == structure
    )


def test_disposal_happens_once_however_often_it_runs(cast: Cast, ended: Journey) -> None:
    for day in (NOTICE_DAY, DAY):
        planner_pass(day)
    disposed_at = Disposal.objects.get(journey=ended).disposed_at

    later = noon(DAY + timedelta(days=1))
    assert plan_disposals(later).disposed == 0
    assert journey_dispose(journey_id=ended.pk, today=later.date(), now=later) is False
    assert Disposal.objects.get(journey=ended).disposed_at == disposed_at
    # One disposal, on the practice's audit log, by no person, naming the client by id only.
    event = AuditEvent.objects.get(action=AuditAction.DISPOSAL)
    assert (event.subject_id, event.actor) == (str(ended.public_id), None)
    assert event.client_public_id == str(cast.client.public_id)
    assert audit_verify(cast.practice) == []


def test_a_journey_is_never_disposed_of_without_a_notice(cast: Cast, ended: Journey) -> None:
    # The sender was down for the whole notice period: the notice goes when it comes back,
    # and the text waits thirty days more.
    planner_pass(DAY + timedelta(days=3))
    assert Disposal.objects.get(journey=ended).disposed_at is None
    [notice] = notices(ended)
    assert "19 November 2028" in notice.body

    planner_pass(DAY + timedelta(days=32))
    assert Disposal.objects.get(journey=ended).disposed_at is None
    planner_pass(DAY + timedelta(days=33))
    assert Disposal.objects.get(journey=ended).disposed_at is not None


def test_the_practices_own_period_sets_the_day(cast: Cast, ended: Journey) -> None:
    retention_set(practice=cast.practice, months=6, expected_version=0, by=cast.owner)
    # Six months after 17 October 2026; told thirty days before.
    planner_pass(date(2027, 3, 17))
    assert len(notices(ended)) == 0
    planner_pass(date(2027, 3, 18))
    assert len(notices(ended)) == 1
    planner_pass(date(2027, 4, 17))
    assert Disposal.objects.get(journey=ended).disposed_at is not None


def test_a_longer_period_withdraws_a_notice_and_tells_again_later(
    cast: Cast, ended: Journey
) -> None:
    planner_pass(NOTICE_DAY)
    assert len(notices(ended)) == 1
    Nudge.objects.filter(dedupe_key__startswith="disposal-notice:").update(sent_at=noon(NOTICE_DAY))

    with time_machine.travel(noon(NOTICE_DAY + timedelta(days=1)), tick=False):
        retention_set(practice=cast.practice, months=36, expected_version=0, by=cast.owner)
    planner_pass(DAY)
    assert not Disposal.objects.filter(journey=ended).exists()

    later = date(2029, 10, 17)
    planner_pass(later - timedelta(days=30))
    assert len(notices(ended)) == 2  # the first, sent; the second for the new day
    planner_pass(later)
    assert Disposal.objects.get(journey=ended).disposed_at is not None


def test_a_shorter_period_still_gives_thirty_days_notice(cast: Cast, ended: Journey) -> None:
    planner_pass(date(2027, 10, 17))  # a year on: nothing due under 24 months
    assert notices(ended) == []
    with time_machine.travel(noon(date(2027, 10, 17)), tick=False):
        retention_set(practice=cast.practice, months=1, expected_version=0, by=cast.owner)
    planner_pass(date(2027, 10, 17))
    [notice] = notices(ended)
    assert "16 November 2027" in notice.body
    planner_pass(date(2027, 11, 15))
    assert Disposal.objects.get(journey=ended).disposed_at is None
    planner_pass(date(2027, 11, 16))
    assert Disposal.objects.get(journey=ended).disposed_at is not None


def test_open_journeys_are_never_told_or_disposed_of(cast: Cast) -> None:
    from tests.journeys.factories import make_journey

    journey = make_journey(cast.coach, cast.client)
    planner_pass(date(2036, 1, 1))
    assert notices(journey) == []
    assert not Disposal.objects.filter(journey=journey).exists()


def test_the_journey_page_says_until_when_and_then_when_it_went(cast: Cast, ended: Journey) -> None:
    url = reverse("journeys:detail", args=[ended.public_id])
    with time_machine.travel(noon(NOTICE_DAY - timedelta(days=2)), tick=False):
        page = signed_in(cast.coach).get(url).content.decode()
    assert "Records kept until 17 October 2028" in page
    assert "You will be told 30 days before" in page
    assert reverse("records:export", args=[cast.client.public_id]) in page

    for day in (NOTICE_DAY, DAY):
        planner_pass(day)
    with time_machine.travel(noon(DAY + timedelta(days=1)), tick=False):
        page = signed_in(cast.coach).get(url).content.decode()
    assert "Records disposed of on 17 October 2028" in page
    assert PRIVATE_NOTE not in page


def test_the_command_runs_one_pass(cast: Cast, ended: Journey) -> None:
    out = StringIO()
    with time_machine.travel(noon(NOTICE_DAY), tick=False):
        call_command("dispose_records", stdout=out)
    assert "1 coach told, 0 journeys disposed of" in out.getvalue()


def test_a_former_coachs_notice_goes_to_the_owner(cast: Cast, ended: Journey) -> None:
    cast.coach.memberships.all().delete()
    planner_pass(NOTICE_DAY)
    [notice] = notices(ended)
    assert notice.to_address == cast.owner.email


@pytest.mark.parametrize("waiting", [1, 6])
def test_each_pass_costs_the_same_queries_however_many_journeys_wait(
    cast: Cast, waiting: int, django_assert_num_queries: Any
) -> None:
    from tests.journeys.factories import make_journey

    RetentionPolicy.objects.create(practice=cast.practice, months=12)
    for _ in range(waiting):
        journey = make_journey(cast.coach, cast.client, another_open_confirmed=True)
        Journey.objects.filter(pk=journey.pk).update(status="closed", ended_on=CLOSED_ON)
    # The periods practices chose, the journeys due a notice, the journeys told: none due.
    with django_assert_num_queries(3):
        plan_disposals(noon(date(2027, 1, 1)))


@pytest.mark.django_db(transaction=True)
def test_two_planners_at_once_tell_once_and_dispose_once(cast: Cast) -> None:
    ended = full_journey(cast.coach, cast.client)
    told = in_two_threads(
        lambda: disposal_notice_write(journey=ended, today=NOTICE_DAY, now=noon(NOTICE_DAY))
    )
    assert sorted(told, key=str) == [False, True]
    assert len(notices(ended)) == 1

    disposed = in_two_threads(
        lambda: journey_dispose(journey_id=ended.pk, today=DAY, now=noon(DAY))
    )
    assert sorted(disposed, key=str) == [False, True]
    assert Disposal.objects.get(journey=ended).disposed_at == noon(DAY)
