"""Two clients choosing the same time of one coach at the same moment: one books it, the
other is told it was just taken, on SQLite (the locked check) and on PostgreSQL (the lock
and the exclusion constraint behind it)."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from arcwise.booking.models import Booking, MoveRequest
from arcwise.booking.services import Chosen, SlotTaken, move_decide, session_choose
from arcwise.journeys.errors import AlreadyChanged
from arcwise.journeys.models import Session
from tests.booking.factories import bookable_journey, london, publish_week, session_in
from tests.conftest import Cast
from tests.factories import make_client
from tests.races import in_two_threads


@pytest.mark.django_db(transaction=True)
def test_two_clients_choosing_one_time_at_once_book_it_once(cast: Cast) -> None:
    publish_week(cast.practice, cast.coach)
    first = session_in(bookable_journey(cast.coach, cast.client), "Experiment")
    second = session_in(bookable_journey(cast.coach, make_client(cast.practice)), "Experiment")
    friday = london(date(2027, 3, 26), 9)
    waiting = [first, second]
    lock = threading.Lock()

    def choose() -> Chosen:
        with lock:
            session = waiting.pop()
        return session_choose(session=session, starts_at=friday, from_starts_at=session.starts_at)

    outcomes = in_two_threads(choose)

    assert sorted(type(o).__name__ for o in outcomes) == ["Chosen", "SlotTaken"]
    taken = next(o for o in outcomes if isinstance(o, SlotTaken))
    assert taken.next_free  # the refusal offers the next free times
    assert Booking.objects.filter(starts_at=friday).count() == 1
    assert Session.objects.filter(starts_at=friday).count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_booking_sent_twice_at_once_books_once(cast: Cast) -> None:
    publish_week(cast.practice, cast.coach)
    session = session_in(bookable_journey(cast.coach, cast.client), "Experiment")
    shown = session.starts_at
    friday = london(date(2027, 3, 26), 9)

    outcomes = in_two_threads(
        lambda: session_choose(session=session, starts_at=friday, from_starts_at=shown)
    )

    assert sum(isinstance(o, AlreadyChanged) for o in outcomes) == 1
    assert Booking.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_coach_accepting_twice_at_once_moves_once(cast: Cast) -> None:
    publish_week(cast.practice, cast.coach)
    session = session_in(bookable_journey(cast.coach, cast.client), "Experiment")
    session_choose(
        session=session, starts_at=london(date(2027, 3, 30), 9), from_starts_at=session.starts_at
    )
    move = MoveRequest.objects.get()

    outcomes = in_two_threads(lambda: move_decide(move=move, accept=True, by=cast.coach))

    assert sum(isinstance(o, AlreadyChanged) for o in outcomes) == 1
    assert Booking.objects.count() == 1
