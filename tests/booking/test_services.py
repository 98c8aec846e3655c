"""Booking writes: a client books inside the phase's window, asks outside it, the coach
answers; each once, each reaching the outbox in the reader's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.db import IntegrityError, connection, transaction

from arcwise.booking.models import Booking, MoveRequest, MoveStatus
from arcwise.booking.services import SlotTaken, move_decide, session_choose
from arcwise.booking.week import availability_save
from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyChanged
from arcwise.journeys.models import Session, SessionStatus
from arcwise.nudges.models import Nudge, NudgeKind
from tests.booking.factories import (
    bookable_journey,
    london,
    publish_week,
    session_in,
)
from tests.conftest import Cast
from tests.factories import make_client


def _choose(session: Session, starts_at: datetime) -> object:
    session.refresh_from_db()
    return session_choose(session=session, starts_at=starts_at, from_starts_at=session.starts_at)


def _notices() -> list[Nudge]:
    return list(Nudge.objects.filter(kind=NudgeKind.BOOKING_NOTICE).order_by("pk"))


def test_a_time_inside_the_window_is_booked_and_the_coach_told_in_their_zone(cast: Cast) -> None:
    publish_week(cast.practice, cast.coach)
    journey = bookable_journey(cast.coach, cast.client)
    session = session_in(journey, "Experiment")
    friday = london(date(2027, 3, 26), 9)

    chosen = session_choose(session=session, starts_at=friday, from_starts_at=session.starts_at)

    assert chosen.outcome == "booked"
    session.refresh_from_db()
    assert session.starts_at == friday
    booking = Booking.objects.get(session=session)
    assert booking.held_until == friday + timedelta(minutes=60 + 15)
    (notice,) = _notices()
    assert notice.to_address == cast.coach.email
    assert "Friday 26 March 2027 at 09:00 (Europe/London)" in notice.body
    assert "it was Monday 15 March 2027 at 10:00" in notice.body


def test_the_same_booking_sent_twice_books_once_and_says_so(cast: Cast) -> None:
    publish_week(cast.practice, cast.coach)
    session = session_in(bookable_journey(cast.coach, cast.client), "Experiment")
    shown = session.starts_at
    friday = london(date(2027, 3, 26), 9)
    session_choose(session=session, starts_at=friday, from_starts_at=shown)

    with pytest.raises(AlreadyChanged, match="already on Friday 26 March 2027 at 09:00"):
        session_choose(session=session, starts_at=friday, from_starts_at=shown)

    assert Booking.objects.count() == 1
    assert len(_notices()) == 1


def test_a_stale_page_moving_a_session_moved_meanwhile_changes_nothing(cast: Cast) -> None:
    publish_week(cast.practice, cast.coach)
    session = session_in(bookable_journey(cast.coach, cast.client), "Experiment")
    shown = session.starts_at
    session_choose(session=session, starts_at=london(date(2027, 3, 26), 9), from_starts_at=shown)

    with pytest.raises(
        AlreadyChanged, match=r"moved to Friday 26 March 2027 at 09:00 \(Europe/London\) meanwhile"
    ):
        session_choose(
            session=session, starts_at=london(date(2027, 3, 25), 9), from_starts_at=shown
        )


def test_a_time_outside_the_window_becomes_a_request_and_asking_twice_asks_once(
    cast: Cast,
) -> None:
    publish_week(cast.practice, cast.coach)
    session = session_in(bookable_journey(cast.coach, cast.client), "Experiment")
    was = session.starts_at
    after_the_change = london(date(2027, 3, 30), 9)  # in Close's weeks, after clocks go forward

    chosen = _choose(session, after_the_change)

    assert chosen.outcome == "asked"  # type: ignore[attr-defined]
    session.refresh_from_db()
    assert session.starts_at == was
    move = MoveRequest.objects.get()
    assert move.status == MoveStatus.WAITING
    assert move.to_starts_at == datetime(2027, 3, 30, 8, 0, tzinfo=UTC)
    (notice,) = _notices()
    assert "to Tuesday 30 March 2027 at 09:00 (Europe/London)" in notice.body
    with pytest.raises(AlreadyChanged, match="already asked"):
        _choose(session, after_the_change)
    assert MoveRequest.objects.count() == 1


def test_the_coach_accepting_moves_the_session_and_tells_the_client_once(cast: Cast) -> None:
    publish_week(cast.practice, cast.coach)
    cast.client.time_zone = "America/New_York"
    cast.client.save()
    session = session_in(bookable_journey(cast.coach, cast.client), "Experiment")
    _choose(session, london(date(2027, 3, 30), 9))
    move = MoveRequest.objects.get()

    move_decide(move=move, accept=True, by=cast.coach)

    session.refresh_from_db()
    assert session.starts_at == datetime(2027, 3, 30, 8, 0, tzinfo=UTC)
    assert Booking.objects.get(session=session).booked_by == "coach"
    told = _notices()[-1]
    assert told.to_address == cast.client.email
    assert "now on Tuesday 30 March 2027 at 04:00 (America/New_York)" in told.body
    with pytest.raises(AlreadyChanged, match="accepted already"):
        move_decide(move=move, accept=True, by=cast.coach)
    assert len(_notices()) == 2


def test_the_coach_declining_keeps_the_time_and_tells_the_client(cast: Cast) -> None:
    publish_week(cast.practice, cast.coach)
    session = session_in(bookable_journey(cast.coach, cast.client), "Experiment")
    was = session.starts_at
    _choose(session, london(date(2027, 3, 30), 9))

    move_decide(move=MoveRequest.objects.get(), accept=False, by=cast.coach)

    session.refresh_from_db()
    assert session.starts_at == was
    assert not Booking.objects.exists()
    assert "stays on Monday 15 March 2027 at 10:00" in _notices()[-1].body
    with pytest.raises(AlreadyChanged, match="declined already"):
        move_decide(move=MoveRequest.objects.get(), accept=True, by=cast.coach)


def test_a_time_taken_by_another_client_is_refused_with_the_next_free_times(cast: Cast) -> None:
    publish_week(cast.practice, cast.coach)
    first = session_in(bookable_journey(cast.coach, cast.client), "Experiment")
    other = make_client(cast.practice)
    second = session_in(bookable_journey(cast.coach, other), "Experiment")
    friday = london(date(2027, 3, 26), 9)
    _choose(first, friday)

    with pytest.raises(SlotTaken, match="just taken") as refused:
        _choose(second, friday)

    # 09:00-10:00 plus a 15-minute buffer: the next start on the half-hour grid is 10:30.
    assert refused.value.next_free[0] == london(date(2027, 3, 26), 10, 30)
    second.refresh_from_db()
    assert second.starts_at != friday


def test_a_time_inside_the_buffer_of_another_session_is_refused(cast: Cast) -> None:
    publish_week(cast.practice, cast.coach, buffer_minutes=30)
    first = session_in(bookable_journey(cast.coach, cast.client), "Experiment")
    second = session_in(bookable_journey(cast.coach, make_client(cast.practice)), "Experiment")
    _choose(first, london(date(2027, 3, 26), 9))

    with pytest.raises(SlotTaken):
        _choose(second, london(date(2027, 3, 26), 10))
    _choose(second, london(date(2027, 3, 26), 10, 30))


def test_a_time_outside_the_published_week_is_refused(cast: Cast) -> None:
    publish_week(cast.practice, cast.coach)
    session = session_in(bookable_journey(cast.coach, cast.client), "Experiment")

    with pytest.raises(SlotTaken):
        _choose(session, london(date(2027, 3, 27), 10))  # a Saturday


def test_nothing_is_booked_before_the_coach_publishes_a_week(cast: Cast) -> None:
    session = session_in(bookable_journey(cast.coach, cast.client), "Experiment")

    with pytest.raises(DomainError, match="not published"):
        _choose(session, london(date(2027, 3, 26), 9))


def test_a_cancelled_session_releases_the_time_it_held(cast: Cast) -> None:
    publish_week(cast.practice, cast.coach)
    first = session_in(bookable_journey(cast.coach, cast.client), "Experiment")
    second = session_in(bookable_journey(cast.coach, make_client(cast.practice)), "Experiment")
    friday = london(date(2027, 3, 26), 9)
    _choose(first, friday)
    Session.objects.filter(pk=first.pk).update(status=SessionStatus.CANCELLED)

    assert _choose(second, friday).outcome == "booked"  # type: ignore[attr-defined]
    assert Booking.objects.get(session=first).released_at is not None


def test_the_week_saved_twice_from_one_page_saves_once(cast: Cast) -> None:
    week = publish_week(cast.practice, cast.coach)
    ranges = [(0, time(9), time(12))]
    availability_save(
        practice=cast.practice,
        coach=cast.coach,
        expected_version=week.version,
        buffer_minutes=10,
        notice_hours=2,
        ranges=ranges,
    )

    with pytest.raises(AlreadyChanged, match="saved meanwhile"):
        availability_save(
            practice=cast.practice,
            coach=cast.coach,
            expected_version=week.version,
            buffer_minutes=10,
            notice_hours=2,
            ranges=ranges,
        )


def test_overlapping_ranges_of_one_day_are_refused_at_that_day(cast: Cast) -> None:
    with pytest.raises(DomainError, match="Monday 09:00-12:00 and 11:00-13:00 overlap") as no:
        availability_save(
            practice=cast.practice,
            coach=cast.coach,
            expected_version=0,
            buffer_minutes=10,
            notice_hours=2,
            ranges=[(0, time(9), time(12)), (0, time(11), time(13))],
        )
    assert no.value.field == "day0"


def test_two_overlapping_bookings_typed_past_the_service_are_refused_by_postgresql(
    cast: Cast,
) -> None:
    journey = bookable_journey(cast.coach, cast.client)
    first, second = list(journey.sessions.order_by("starts_at"))[:2]
    nine = datetime(2027, 3, 26, 9, 0, tzinfo=UTC)
    fields = {"practice": cast.practice, "coach": cast.coach, "booked_by": "client"}
    Booking.objects.create(
        session=first, starts_at=nine, held_until=nine + timedelta(minutes=75), **fields
    )

    def overlap() -> None:
        with transaction.atomic():
            Booking.objects.create(
                session=second,
                starts_at=nine + timedelta(minutes=70),
                held_until=nine + timedelta(minutes=145),
                **fields,
            )

    if connection.vendor == "postgresql":
        with pytest.raises(IntegrityError, match="booking_never_overlaps"):
            overlap()
        assert Booking.objects.count() == 1
    else:  # SQLite has no exclusion constraint: the service's locked check is the guard
        overlap()
        assert Booking.objects.count() == 2


def test_booking_inside_the_window_withdraws_a_move_still_waiting(cast: Cast) -> None:
    publish_week(cast.practice, cast.coach)
    session = session_in(bookable_journey(cast.coach, cast.client), "Experiment")
    _choose(session, london(date(2027, 3, 30), 9))

    _choose(session, london(date(2027, 3, 26), 9))

    assert MoveRequest.objects.get().status == MoveStatus.WITHDRAWN
    with pytest.raises(AlreadyChanged, match="withdrawn already"):
        move_decide(move=MoveRequest.objects.get(), accept=True, by=cast.coach)
