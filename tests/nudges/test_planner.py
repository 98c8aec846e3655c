"""The planner writes a reminder a day before each planned session, once, outside the
client's quiet hours; a reminder whose session moved or stopped is taken out while it waits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client as HttpClient
from django.urls import resolve, reverse
from django.utils import timezone

from arcwise.journeys.models import Journey, Session
from arcwise.nudges.models import Nudge, NudgeKind
from arcwise.nudges.planner import client_for_token, plan_session_reminders, unsubscribe_token
from tests.conftest import Cast
from tests.journeys.factories import START, at, make_journey

pytestmark = pytest.mark.django_db
# The first session is at 10:00 London time on START (09:00 UTC, summer time).
BEFORE_FIRST = at(START) - timedelta(hours=30)
# Session, user and membership, the fully loaded journey (select, 9 prefetches), the messages,
# and the count of the client's messages this week (against the weekly cap).
QUERIES = 14


def first_session(journey: Journey) -> Session:
    session = Session.objects.filter(journey=journey).order_by("starts_at").first()
    assert session is not None
    return session


def reminders() -> list[Nudge]:
    return list(Nudge.objects.filter(kind=NudgeKind.SESSION_REMINDER).order_by("due_at"))


def test_a_planned_session_gets_one_reminder_a_day_before(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)

    plan_session_reminders(now=BEFORE_FIRST)
    plan_session_reminders(now=BEFORE_FIRST + timedelta(minutes=5))

    (reminder,) = reminders()
    assert reminder.due_at == at(START) - timedelta(hours=24)
    assert reminder.to_address == cast.client.email
    assert reminder.journey == journey
    assert reminder.subject == "Your coaching session on Monday 7 September 2026 at 10:00"
    assert reminder.body.startswith("Hello Quentin,")
    assert "Cora Coach" in reminder.body
    # The token is signed with a timestamp, so it is read back rather than made again.
    link = reminder.headers["List-Unsubscribe"].strip("<>")
    match = resolve(urlsplit(link).path)
    assert match.view_name == "nudges:unsubscribe"
    assert client_for_token(match.kwargs["token"]) == cast.client
    assert reminder.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_reminder_that_would_land_in_the_night_waits_for_the_morning(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    late = datetime(2026, 9, 7, 21, 0, tzinfo=UTC)  # 22:00 in London
    Session.objects.filter(pk=first_session(journey).pk).update(starts_at=late)

    plan_session_reminders(now=late - timedelta(hours=30))

    (reminder,) = reminders()
    assert reminder.due_at == datetime(2026, 9, 7, 7, 0, tzinfo=UTC)  # 08:00 in London


def test_a_moved_session_gets_a_new_reminder_and_the_old_one_goes(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    plan_session_reminders(now=BEFORE_FIRST)
    session = first_session(journey)
    Session.objects.filter(pk=session.pk).update(starts_at=session.starts_at + timedelta(hours=3))

    plan_session_reminders(now=BEFORE_FIRST + timedelta(minutes=10))

    (reminder,) = reminders()
    assert reminder.due_at == at(START, 13) - timedelta(hours=24)


def test_a_sent_reminder_stays_in_the_record_when_its_session_is_cancelled(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    plan_session_reminders(now=BEFORE_FIRST)
    Nudge.objects.update(sent_at=timezone.now())
    Session.objects.filter(pk=first_session(journey).pk).update(status="cancelled")

    plan_session_reminders(now=BEFORE_FIRST + timedelta(minutes=10))

    assert len(reminders()) == 1


@pytest.mark.parametrize("stop", ["cancelled", "paused", "reminders off"])
def test_no_reminder_waits_for_a_session_that_will_not_happen(cast: Cast, stop: str) -> None:
    journey = make_journey(cast.coach, cast.client)
    plan_session_reminders(now=BEFORE_FIRST)
    if stop == "cancelled":
        Session.objects.filter(pk=first_session(journey).pk).update(status="cancelled")
    elif stop == "paused":
        Journey.objects.filter(pk=journey.pk).update(status="paused")
    else:
        type(cast.client).objects.filter(pk=cast.client.pk).update(reminders_off_at=timezone.now())

    plan_session_reminders(now=BEFORE_FIRST + timedelta(minutes=10))

    assert reminders() == []


def test_the_client_turns_reminders_off_with_one_click_and_the_coach_sees_it(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    plan_session_reminders(now=BEFORE_FIRST)
    url = reverse("nudges:unsubscribe", args=[unsubscribe_token(cast.client)])
    mail_program = HttpClient(enforce_csrf_checks=True)

    first = mail_program.post(url, {"List-Unsubscribe": "One-Click"})
    second = mail_program.post(url, {"List-Unsubscribe": "One-Click"})

    assert first.status_code == 200
    assert "You will get no more reminders from Harbour Coaching" in first.content.decode()
    assert "Reminders were already off" in second.content.decode()
    assert reminders() == []
    client_page = as_coach.get(reverse("clients:detail", args=[cast.client.public_id]))
    assert "Turned off by Quentin Confidential on" in client_page.content.decode()
    journey_page = as_coach.get(reverse("journeys:detail", args=[journey.public_id]))
    assert "Quentin Confidential turned reminders off on" in journey_page.content.decode()


def test_the_unsubscribe_page_asks_before_turning_anything_off(cast: Cast) -> None:
    url = reverse("nudges:unsubscribe", args=[unsubscribe_token(cast.client)])

    page = HttpClient().get(url)

    assert "Turn off reminders from Harbour Coaching?" in page.content.decode()
    cast.client.refresh_from_db()
    assert cast.client.reminders_off_at is None


def test_a_mangled_unsubscribe_link_says_so(cast: Cast) -> None:
    token = unsubscribe_token(cast.client)

    response = HttpClient().post(reverse("nudges:unsubscribe", args=[token[:-3] + "abc"]))

    assert response.status_code == 404
    assert "not one we recognise" in response.content.decode()
    cast.client.refresh_from_db()
    assert cast.client.reminders_off_at is None


def test_the_coach_sees_what_was_sent_what_waits_and_what_failed(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    plan_session_reminders(now=BEFORE_FIRST)
    Nudge.objects.create(
        dedupe_key="old",
        kind=NudgeKind.SESSION_REMINDER,
        journey=journey,
        client=cast.client,
        to_address=cast.client.email,
        subject="An earlier reminder",
        body="…",
        attempts=5,
        failed_at=timezone.now(),
        last_error="550 mailbox unavailable",
    )

    page = as_coach.get(reverse("nudges:journey_messages", args=[journey.public_id]))

    body = page.content.decode()
    assert "no-store" in page["Cache-Control"]
    waiting = body.split('id="waiting-heading"')[1].split('id="failed-heading"')[0]
    failed = body.split('id="failed-heading"')[1].split('id="sent-heading"')[0]
    assert "Your coaching session on Monday 7 September 2026 at 10:00" in waiting
    assert "550 mailbox unavailable" in failed
    assert "5 attempts" in failed
    assert "Nothing has been sent yet." in body


@pytest.mark.parametrize("count", [2, 40])
def test_the_messages_page_costs_the_same_queries_at_any_size(
    cast: Cast, as_coach: HttpClient, count: int, django_assert_num_queries: Any
) -> None:
    journey = make_journey(cast.coach, cast.client)
    Nudge.objects.bulk_create(
        Nudge(
            dedupe_key=f"m{number}",
            kind=NudgeKind.COACH_ALERT,
            journey=journey,
            to_address=cast.coach.email,
            subject=f"Message {number}",
            body="…",
            sent_at=timezone.now() if number % 2 else None,
        )
        for number in range(count)
    )
    url = reverse("nudges:journey_messages", args=[journey.public_id])

    with django_assert_num_queries(QUERIES):
        as_coach.get(url)
