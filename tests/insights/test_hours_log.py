"""The hours log's query: held sessions only, split paid and pro bono by each journey's
agreement, one row per journey, a date range inclusive in the coach's time zone, only the
coach's own sessions, and a query count that does not grow with the rows."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arcwise.accounts.models import Role, User
from arcwise.insights.hours_log import CSV_HEADER, HoursLog, csv_rows, hours, hours_log
from arcwise.journeys.models import FeeBasis, Journey, Session, SessionStatus
from tests.conftest import Cast
from tests.factories import make_client, make_member
from tests.journeys.factories import make_journey

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")


def local(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A moment of 2026 on New York's clock (the coach's zone in these tests)."""
    return datetime(2026, month, day, hour, minute, tzinfo=NEW_YORK)


def sessions(
    journey: Journey,
    *moments: datetime,
    status: str = SessionStatus.HELD,
    minutes: int = 60,
    skip: int = 0,
) -> None:
    """Give the journey's sessions (after the first `skip`) these moments and this status."""
    planned = list(Session.objects.filter(journey=journey).order_by("starts_at"))[skip:]
    assert len(planned) >= len(moments), "the journey has too few sessions"
    for session, moment in zip(planned, moments, strict=False):
        Session.objects.filter(pk=session.pk).update(
            status=status, starts_at=moment, minutes=minutes
        )


def log_of(cast: Cast, coach: User | None = None, **dates: date) -> HoursLog:
    return hours_log(practice=cast.practice, coach=coach or cast.coach, zone=NEW_YORK, **dates)


def test_hours_are_minutes_over_sixty_to_at_most_two_decimals() -> None:
    assert [hours(m) for m in (0, 60, 90, 50, 45, 100, 1)] == [
        "0.0",
        "1.0",
        "1.5",
        "0.83",
        "0.75",
        "1.67",
        "0.02",
    ]


def test_only_held_sessions_count(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client, sessions_per_phase=2)
    sessions(journey, local(9, 7), local(9, 21), minutes=90)
    for n, status in enumerate(
        (SessionStatus.CANCELLED, SessionStatus.NO_SHOW, SessionStatus.SUSPENDED), start=2
    ):
        sessions(journey, local(10, n), status=status, skip=n)
    # The sixth session stays planned.

    log = log_of(cast)

    [row] = log.rows
    assert (row.sessions, row.minutes) == (2, 180)
    assert (row.first_session, row.latest_session) == (date(2026, 9, 7), date(2026, 9, 21))
    assert (row.paid_hours, row.pro_bono_hours, row.agreement) == ("3.0", "0.0", "Paid")
    assert (row.client_name, row.client_email, row.kind) == (
        "Quentin Confidential",
        "quentin@example.org",
        "Individual",
    )


def test_a_journey_with_no_held_session_has_no_row(cast: Cast) -> None:
    make_journey(cast.coach, cast.client)

    assert log_of(cast).rows == []


def test_hours_split_into_paid_and_pro_bono_by_each_agreement(cast: Cast) -> None:
    paid = make_journey(cast.coach, cast.client)
    pro_bono = make_journey(
        cast.coach, make_client(cast.practice, name="Pia Probono"), fee_basis=FeeBasis.PRO_BONO
    )
    sessions(paid, local(9, 7), local(9, 21), minutes=60)
    sessions(pro_bono, local(9, 8), minutes=45)

    log = log_of(cast)

    assert [(r.client_name, r.paid_hours, r.pro_bono_hours) for r in log.rows] == [
        ("Quentin Confidential", "2.0", "0.0"),
        ("Pia Probono", "0.0", "0.75"),
    ]
    assert (log.paid_hours, log.pro_bono_hours, log.total_hours) == ("2.0", "0.75", "2.75")
    assert (log.sessions, log.clients) == (3, 2)


def test_a_client_with_two_journeys_has_a_row_for_each(cast: Cast) -> None:
    first = make_journey(cast.coach, cast.client)
    second = make_journey(
        cast.coach, cast.client, fee_basis=FeeBasis.PRO_BONO, another_open_confirmed=True
    )
    sessions(first, local(3, 2), local(3, 16))
    sessions(second, local(10, 5))

    log = log_of(cast)

    assert [(r.journey_id, r.agreement, r.sessions) for r in log.rows] == [
        (first.public_id, "Paid", 2),
        (second.public_id, "Pro bono", 1),
    ]
    assert log.clients == 1


def test_the_range_includes_both_whole_days_on_the_coachs_clock(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client, sessions_per_phase=2)
    sessions(
        journey,
        local(9, 30, 23, 45),  # the evening before the range: out
        local(10, 1, 0, 15),  # the first minutes of the first day: in (30 Sep in UTC)
        local(10, 31, 23, 30),  # the last evening: in (1 Nov in UTC)
        local(11, 1, 0, 30),  # the day after the range: out
    )

    log = log_of(cast, since=date(2026, 10, 1), until=date(2026, 10, 31))

    [row] = log.rows
    assert row.sessions == 2
    assert (row.first_session, row.latest_session) == (date(2026, 10, 1), date(2026, 10, 31))
    assert log.range_text == "from 1 October 2026 to 31 October 2026"


def test_the_first_and_latest_dates_are_those_inside_the_range(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    sessions(journey, local(9, 7), local(9, 21), local(10, 5))

    [row] = log_of(cast, since=date(2026, 9, 14)).rows
    assert (row.first_session, row.latest_session, row.sessions) == (
        date(2026, 9, 21),
        date(2026, 10, 5),
        2,
    )
    [row] = log_of(cast, until=date(2026, 9, 21)).rows
    assert (row.first_session, row.latest_session, row.sessions) == (
        date(2026, 9, 7),
        date(2026, 9, 21),
        2,
    )


def test_another_coachs_sessions_never_appear(cast: Cast) -> None:
    colleague = make_member(cast.practice, Role.COACH)
    owner_journey = make_journey(cast.owner, make_client(cast.practice))
    colleague_journey = make_journey(colleague, make_client(cast.practice))
    outsider_journey = make_journey(cast.outsider, cast.outsiders_client)
    for journey in (owner_journey, colleague_journey, outsider_journey):
        sessions(journey, local(9, 7))

    assert log_of(cast).rows == []
    assert [r.journey_id for r in log_of(cast, coach=cast.owner).rows] == [owner_journey.public_id]
    # The outsider's own practice is not this one: asked about this practice, nothing.
    assert log_of(cast, coach=cast.outsider).rows == []


def test_the_csv_has_the_credential_columns_a_totals_row_and_safe_cells(cast: Cast) -> None:
    hostile = make_client(cast.practice, name='=HYPERLINK("http://x")', email="-a@example.org")
    journey = make_journey(cast.coach, hostile, fee_basis=FeeBasis.PRO_BONO)
    sessions(journey, local(9, 7), minutes=90)

    rows = csv_rows(log_of(cast))

    assert rows == [
        CSV_HEADER,
        (
            '\'=HYPERLINK("http://x")',
            "'-a@example.org",
            "Individual",
            "2026-09-07",
            "2026-09-07",
            1,
            "0.0",
            "1.5",
            "Pro bono",
        ),
        ("Total", "", "", "", "", 1, "0.0", "1.5", ""),
    ]


def make_held_journeys(cast: Cast, count: int) -> None:
    for n in range(count):
        journey = make_journey(
            cast.coach,
            make_client(cast.practice),
            fee_basis=FeeBasis.PRO_BONO if n % 2 else FeeBasis.PAID,
        )
        sessions(journey, local(9, 7), local(9, 21))


@pytest.mark.parametrize("count", [2, 6])
def test_the_log_costs_one_query_however_many_rows(cast: Cast, count: int) -> None:
    make_held_journeys(cast, count)

    with CaptureQueriesContext(connection) as queries:
        log = log_of(cast, since=date(2026, 9, 1), until=date(2026, 9, 30))
        csv_rows(log)

    assert len(log.rows) == count
    assert len(queries) == 1
