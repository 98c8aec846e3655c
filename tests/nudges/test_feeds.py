"""The coach's calendar feed: a secret address that calendar apps read without signing in."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from arcwise.accounts.models import Membership
from arcwise.journeys.models import JourneyStatus, Session, SessionStatus
from arcwise.nudges.feed_services import FeedAlreadyReset, feed_reset, secret_hash
from arcwise.nudges.feeds import sessions_calendar
from arcwise.nudges.models import CalendarFeed
from tests.conftest import Cast, signed_in
from tests.factories import make_client
from tests.journeys.factories import make_journey
from tests.races import in_two_threads

LONDON = ZoneInfo("Europe/London")


def _membership(cast: Cast) -> Membership:
    return Membership.objects.get(user=cast.coach, practice=cast.practice)


def _made(cast: Cast) -> tuple[CalendarFeed, str]:
    """A new feed and its address (the only moment the address can be known)."""
    feed, secret = feed_reset(membership=_membership(cast), from_address=None)
    return feed, _url(secret)


def _url(secret: str) -> str:
    return reverse("calendar:coach_feed", args=[secret])


def _events(body: bytes) -> list:
    return list(Calendar.from_ical(body).walk("VEVENT"))


def test_the_feed_is_icalendar_naming_clients_by_first_name_only(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    Session.objects.filter(journey=journey).update(notes="Grieving a parent", key_insights="x")
    response = HttpClient().get(_made(cast)[1])

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    events = _events(response.content)
    assert len(events) == journey.sessions.count() == 3
    assert {str(e["SUMMARY"]) for e in events} == {"Session with Quentin"}
    body = response.content.decode()
    for private in ("Confidential", "quentin@example.org", "Grieving", cast.coach.email):
        assert private not in body


def test_each_session_keeps_one_uid_from_one_reading_to_the_next(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    url = _made(cast)[1]
    first = [str(e["UID"]) for e in _events(HttpClient().get(url).content)]
    Session.objects.filter(journey=journey).update(notes="changed")
    again = [str(e["UID"]) for e in _events(HttpClient().get(url).content)]

    assert first == again
    assert len(set(first)) == 3
    sessions = journey.sessions.order_by("starts_at")
    assert first == [f"session-{s.public_id}@arcwise" for s in sessions]


def test_only_planned_and_held_sessions_of_open_journeys_are_listed(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    first, second, third = journey.sessions.order_by("starts_at")
    Session.objects.filter(pk=first.pk).update(status=SessionStatus.HELD)
    Session.objects.filter(pk=second.pk).update(status=SessionStatus.CANCELLED)
    paused = make_journey(cast.coach, make_client(cast.practice, name="Ana Paused"))
    paused.sessions.update(status=SessionStatus.SUSPENDED)
    ended = make_journey(cast.coach, make_client(cast.practice, name="Bo Ended"))
    ended.status = JourneyStatus.CLOSED
    ended.save()
    # Another coach's journey, and the coach's journey in no other practice, stay out.
    make_journey(cast.owner, make_client(cast.practice, name="Olga Owners"))

    events = _events(HttpClient().get(_made(cast)[1]).content)

    assert sorted(str(e["UID"]) for e in events) == sorted(
        f"session-{s.public_id}@arcwise" for s in (first, third)
    )


def test_a_reset_address_answers_404_and_the_new_one_works(cast: Cast) -> None:
    make_journey(cast.coach, cast.client)
    feed, old = _made(cast)
    _, secret = feed_reset(membership=_membership(cast), from_address=feed.address_id)

    assert HttpClient().get(old).status_code == 404
    assert HttpClient().get(_url(secret)).status_code == 200


@pytest.mark.parametrize(
    "secret",
    ["nothing", "0" * 64, "zz" * 32, "a" * 200],
    ids=["short", "unknown", "not-hex", "long"],
)
def test_a_made_up_address_answers_404(cast: Cast, secret: str) -> None:
    _made(cast)
    assert HttpClient().get(f"/calendar/{secret}/sessions.ics").status_code == 404


def test_the_database_holds_only_a_hash_of_the_address(cast: Cast) -> None:
    _, url = _made(cast)
    secret = url.split("/")[-2]
    stored = CalendarFeed.objects.values_list("token_hash", "address_id").get()
    assert secret not in " ".join(str(value) for value in stored)
    # Neither what is stored nor the address id opens the feed.
    for value in stored:
        assert HttpClient().get(f"/calendar/{value}/sessions.ics").status_code == 404


def test_an_address_made_before_secrets_were_hashed_keeps_working(cast: Cast) -> None:
    # The migration stored the hash of the old address: the key and an HMAC of it.
    feed, _ = _made(cast)
    old_secret = "5" * 32 + "a" * 32
    CalendarFeed.objects.filter(pk=feed.pk).update(token_hash=secret_hash(old_secret))
    assert HttpClient().get(_url(old_secret)).status_code == 200


def test_a_coach_who_became_a_mentor_has_no_feed(cast: Cast) -> None:
    feed, url = _made(cast)
    Membership.objects.filter(pk=feed.membership_id).update(role="mentor")
    assert HttpClient().get(url).status_code == 404


@pytest.mark.parametrize("now", ["2026-10-24 12:00", "2026-10-26 12:00"], ids=["bst", "gmt"])
def test_session_times_are_right_on_both_sides_of_the_clocks_going_back(
    cast: Cast, now: str
) -> None:
    """London leaves summer time on 25 October 2026: a 10:00 session is 09:00 UTC the week
    before and 10:00 UTC the week after, and the calendar shows 10:00 for both."""
    journey = make_journey(cast.coach, cast.client)
    phase = journey.sessions.first().phase  # type: ignore[union-attr]
    journey.sessions.all().delete()
    before = datetime(2026, 10, 19, 10, tzinfo=LONDON)
    after = datetime(2026, 11, 2, 10, tzinfo=LONDON)
    for starts in (before, after):
        Session.objects.create(journey=journey, phase=phase, starts_at=starts, minutes=90)
    _, url = _made(cast)

    with time_machine.travel(datetime.fromisoformat(now).replace(tzinfo=LONDON), tick=False):
        body = HttpClient().get(url).content

    calendar = Calendar.from_ical(body)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    begins = sorted(e.decoded("DTSTART") for e in calendar.walk("VEVENT"))
    ends = sorted(e.decoded("DTEND") for e in calendar.walk("VEVENT"))
    assert [s.astimezone(UTC).hour for s in begins] == [9, 10]
    assert [s.astimezone(LONDON).time() for s in begins] == [time(10), time(10)]
    assert [e.astimezone(LONDON).time() for e in ends] == [time(11, 30), time(11, 30)]
    assert "TZID=Europe/London" in body.decode()


def test_the_feed_costs_the_same_queries_however_many_sessions(cast: Cast) -> None:
    url = _made(cast)[1]
    make_journey(cast.coach, cast.client)
    with CaptureQueriesContext(connection) as few:
        assert len(_events(HttpClient().get(url).content)) == 3
    for _ in range(3):
        make_journey(cast.coach, make_client(cast.practice), sessions_per_phase=2)
    with CaptureQueriesContext(connection) as many:
        assert len(_events(HttpClient().get(url).content)) == 21
    assert len(many) == len(few)


def test_the_builder_marks_a_cancelled_session_and_falls_back_to_utc(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    session = journey.sessions.first()
    assert session is not None
    session.status = SessionStatus.CANCELLED
    body = sessions_calendar(
        [session],
        name="Quentin's sessions",
        time_zone="Not/A_Zone",
        summary=lambda s: "Coaching session",
        now=timezone.now(),
    )
    (event,) = _events(body)
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("DTSTART") == session.starts_at


# --- The account page and resetting ------------------------------------------------------


def test_the_account_page_offers_a_feed_then_shows_its_address(cast: Cast) -> None:
    http = signed_in(cast.coach)
    page = http.get(reverse("accounts:account")).content.decode()
    assert "Make a calendar address" in page

    response = http.post(reverse("calendar:reset"), {"from_address": ""}, follow=True)

    page = response.content.decode()
    assert "Your calendar address is ready" in page
    address = re.search(r'value="(http://testserver/calendar/[^"]+)"', page)
    assert address is not None
    assert "shown this once" in page
    assert "Reset the feed address" in page
    assert HttpClient().get(address.group(1)).status_code == 200
    # Shown once: the next visit says how to get a new one instead.
    again = http.get(reverse("accounts:account")).content.decode()
    assert address.group(1) not in again
    assert "reset it" in again


def test_a_mentor_has_no_feed_section_and_cannot_make_one(cast: Cast) -> None:
    http = signed_in(cast.mentor)
    assert "calendar" not in http.get(reverse("accounts:account")).content.decode().lower()
    assert http.post(reverse("calendar:reset"), {"from_address": ""}).status_code == 403
    assert not CalendarFeed.objects.exists()


def test_reset_sent_twice_resets_once_and_says_so(cast: Cast) -> None:
    feed, _ = _made(cast)
    http = signed_in(cast.coach)
    form = {"from_address": str(feed.address_id)}

    http.post(reverse("calendar:reset"), form)
    after_first = CalendarFeed.objects.get().token_hash
    page = http.post(reverse("calendar:reset"), form, follow=True).content.decode()

    assert CalendarFeed.objects.get().token_hash == after_first != feed.token_hash
    assert "already changed" in page


def test_reset_with_a_malformed_form_changes_nothing(cast: Cast) -> None:
    feed, _ = _made(cast)
    page = (
        signed_in(cast.coach)
        .post(reverse("calendar:reset"), {"from_address": "not-a-key"}, follow=True)
        .content.decode()
    )
    assert CalendarFeed.objects.get().token_hash == feed.token_hash
    assert "Nothing was changed" in page


@pytest.mark.django_db(transaction=True)
def test_two_first_feeds_at_once_make_one(cast: Cast) -> None:
    membership = _membership(cast)
    outcomes = in_two_threads(lambda: feed_reset(membership=membership, from_address=None))
    assert CalendarFeed.objects.count() == 1
    assert sum(isinstance(o, FeedAlreadyReset) for o in outcomes) == 1


@pytest.mark.django_db(transaction=True)
def test_two_resets_at_once_reset_once(cast: Cast) -> None:
    feed, _ = _made(cast)
    membership = _membership(cast)
    outcomes = in_two_threads(
        lambda: feed_reset(membership=membership, from_address=feed.address_id)
    )
    assert sum(isinstance(o, FeedAlreadyReset) for o in outcomes) == 1
    assert CalendarFeed.objects.get().token_hash != feed.token_hash
