"""The client's booking page in the portal: free times inside the window, times to ask for
outside it, each choice once; and what reaches the calendar files across a clock change."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import vobject
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from arcwise.accounts.models import Membership
from arcwise.booking.models import Booking, MoveRequest, VideoLink
from arcwise.journeys.models import Session
from arcwise.nudges.feed_services import feed_reset
from arcwise.nudges.models import Nudge, NudgeKind
from tests.booking.factories import bookable_journey, london, publish_week, session_in
from tests.conftest import Cast
from tests.factories import make_client
from tests.portal.helpers import open_portal


def _choose(http: HttpClient, session: Session, starts_at: datetime, shown: datetime) -> Any:
    return http.post(
        reverse("portal:book_choose", args=[session.public_id]),
        {"starts_at": starts_at.isoformat(), "from_starts_at": shown.isoformat()},
        follow=True,
    )


def _page(http: HttpClient, session: Session | None = None) -> str:
    url = reverse("portal:book")
    if session is not None:
        url += f"?session={session.public_id}"
    response = http.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_offers_free_times_in_the_window_and_others_to_ask_for(cast: Cast) -> None:
    publish_week(cast.practice, cast.coach)
    journey = bookable_journey(cast.coach, cast.client)
    experiment = session_in(journey, "Experiment")

    page = _page(open_portal(cast), experiment)

    assert "The plan gives this part of your journey 15 March 2027 to 28 March 2027" in page
    assert "Free times in those weeks" in page
    assert 'value="2027-03-26T09:00:00+00:00"' in page  # Friday 26 March, 09:00 GMT
    assert "Other times: your coach decides" in page
    assert 'value="2027-03-30T08:00:00+00:00"' in page  # Tuesday 30 March, 09:00 BST
    assert "Ask for 09:00" in page


def test_a_page_before_the_coach_publishes_says_so(cast: Cast) -> None:
    bookable_journey(cast.coach, cast.client)

    assert "has not published the times" in _page(open_portal(cast))


def test_booking_sent_twice_books_once_and_the_second_says_why(cast: Cast) -> None:
    publish_week(cast.practice, cast.coach)
    session = session_in(bookable_journey(cast.coach, cast.client), "Experiment")
    http = open_portal(cast)
    friday = london(date(2027, 3, 26), 9)

    first = _choose(http, session, friday, session.starts_at)
    second = _choose(http, session, friday, session.starts_at)

    assert "Booked: your session is on Friday 26 March 2027 at 09:00" in first.content.decode()
    assert "already on Friday 26 March 2027 at 09:00" in second.content.decode()
    assert "message--success" not in second.content.decode()
    assert Booking.objects.count() == 1
    assert Nudge.objects.filter(kind=NudgeKind.BOOKING_NOTICE).count() == 1


def test_a_time_outside_the_window_is_asked_for_and_the_page_says_so(cast: Cast) -> None:
    publish_week(cast.practice, cast.coach)
    session = session_in(bookable_journey(cast.coach, cast.client), "Experiment")
    http = open_portal(cast)

    page = _choose(http, session, london(date(2027, 3, 30), 9), session.starts_at).content.decode()

    assert "Asked: Tuesday 30 March 2027 at 09:00" in page
    assert "your coach has not answered yet" in page
    again = _choose(http, session, london(date(2027, 3, 30), 9), session.starts_at)
    assert "already asked" in again.content.decode()
    assert MoveRequest.objects.count() == 1


def test_a_taken_time_answers_409_with_the_next_free_times(cast: Cast) -> None:
    publish_week(cast.practice, cast.coach)
    mine = session_in(bookable_journey(cast.coach, cast.client), "Experiment")
    theirs = session_in(bookable_journey(cast.coach, make_client(cast.practice)), "Experiment")
    friday = london(date(2027, 3, 26), 9)
    Session.objects.filter(pk=theirs.pk).update(starts_at=friday)

    response = _choose(open_portal(cast), mine, friday, mine.starts_at)

    assert response.status_code == 409
    page = response.content.decode()
    assert "That time was just taken; here are the next free times." in page
    assert 'value="2027-03-26T10:30:00+00:00"' in page


def test_an_unreadable_time_is_refused_in_words(cast: Cast) -> None:
    publish_week(cast.practice, cast.coach)
    session = session_in(bookable_journey(cast.coach, cast.client), "Experiment")

    response = open_portal(cast).post(
        reverse("portal:book_choose", args=[session.public_id]),
        {"starts_at": "next tuesday", "from_starts_at": session.starts_at.isoformat()},
        follow=True,
    )

    assert "This time could not be read" in response.content.decode()
    assert not Booking.objects.exists()


def test_another_clients_session_is_not_found(cast: Cast) -> None:
    publish_week(cast.practice, cast.coach)
    theirs = session_in(bookable_journey(cast.coach, make_client(cast.practice)), "Experiment")
    http = open_portal(cast)

    assert http.get(reverse("portal:book") + f"?session={theirs.public_id}").status_code == 404
    assert _choose(http, theirs, london(date(2027, 3, 26), 9), theirs.starts_at).status_code == 404


@pytest.mark.parametrize("size", [1, 12])
def test_the_booking_page_costs_the_same_queries_however_many_rows(
    cast: Cast, size: int, django_assert_max_num_queries: Any
) -> None:
    publish_week(cast.practice, cast.coach)
    journey = bookable_journey(cast.coach, cast.client)
    experiment = session_in(journey, "Experiment")
    for n in range(size):  # other clients' sessions, booked one after another in the window
        other = session_in(bookable_journey(cast.coach, make_client(cast.practice)), "Experiment")
        starts = datetime(2027, 3, 16, 9, 0, tzinfo=UTC) + timedelta(hours=2 * n)
        Session.objects.filter(pk=other.pk).update(starts_at=starts)
        Booking.objects.create(
            session=other,
            practice=cast.practice,
            coach=cast.coach,
            starts_at=starts,
            held_until=starts + timedelta(minutes=75),
            booked_by="client",
        )
    VideoLink.objects.create(journey=journey, url="https://meet.example.com/q")
    http = open_portal(cast)
    url = reverse("portal:book") + f"?session={experiment.public_id}"

    with CaptureQueriesContext(connection) as counted:
        assert "https://meet.example.com/q" in http.get(url).content.decode()

    # The guard's reads, the page's eight at most; the same at either size.
    assert len(counted) == QUERIES_ON_THE_BOOKING_PAGE


QUERIES_ON_THE_BOOKING_PAGE = 10


def test_a_booking_reaches_the_coach_feed_and_the_client_file_across_the_clock_change(
    cast: Cast,
) -> None:
    publish_week(cast.practice, cast.coach)
    journey = bookable_journey(cast.coach, cast.client)
    close = session_in(journey, "Close")  # 29 March 2027, after London's clocks go forward
    VideoLink.objects.create(journey=journey, url="https://meet.example.com/quentin")
    http = open_portal(cast)
    thursday = london(date(2027, 4, 1), 9)  # 08:00 UTC

    _choose(http, close, thursday, close.starts_at)

    membership = Membership.objects.get(user=cast.coach, practice=cast.practice)
    _, secret = feed_reset(membership=membership, from_address=None)
    feed = HttpClient().get(reverse("calendar:coach_feed", args=[secret])).content
    invitation = http.get(reverse("portal:session_ics", args=[close.public_id])).content
    for body in (feed, invitation):
        parsed = vobject.readOne(body.decode())
        starts = [
            e.dtstart.value.astimezone(UTC)
            for e in parsed.vevent_list
            if "meet.example.com/quentin" in e.location.value
        ]
        assert datetime(2027, 4, 1, 8, 0, tzinfo=UTC) in starts
        events = Calendar.from_ical(body).walk("VEVENT")
        assert any(e.decoded("DTSTART") == thursday for e in events)
        assert b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in body
        assert re.search(rb"DTSTART;TZID=Europe/London:20270401T090000", body)
