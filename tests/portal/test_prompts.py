"""What the portal asks of a client is folded into one message a day, after their quiet
hours, with a link that opens their portal; nothing is asked more than twice, the weekly cap
holds prompts back (never a session reminder), and clients who said no get nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from arcwise.clients.models import Client
from arcwise.journeys.models import Experiment, Journey, PulseAnswer
from arcwise.nudges.models import LINK_REMOVED, Nudge, NudgeKind
from arcwise.nudges.planner import client_for_token, plan_all
from arcwise.nudges.sender import Sender
from arcwise.portal.models import ExperimentCheckIn, PortalLink, ReflectionRequest, SessionCheckIn
from arcwise.portal.prompts import plan_client_prompts
from tests.conftest import Cast
from tests.factories import make_client
from tests.journeys.factories import START
from tests.portal.helpers import (
    DAY_AFTER,
    agree_experiment,
    hold,
    journey_with_prompts,
    link_url_in,
    send_link,
    sessions_of,
)

pytestmark = pytest.mark.django_db

# START is Monday 7 September 2026; London is an hour ahead of UTC.
THURSDAY = datetime(2026, 9, 10, 12, 0, tzinfo=UTC)  # 13:00 in London
SATURDAY_AFTER = datetime(2026, 9, 19, 12, 0, tzinfo=UTC)  # the next session is on Monday


def journey_with_three_due_things(cast: Cast, client: Client | None = None) -> Journey:
    """On THURSDAY: the first reflection is due, an experiment's day is tomorrow, and the
    week's pulse has no answers."""
    journey = journey_with_prompts(cast, client)
    with time_machine.travel(DAY_AFTER, tick=False):
        hold(sessions_of(journey)[0])
    experiment = agree_experiment(journey)
    Experiment.objects.filter(pk=experiment.pk).update(by_when=date(2026, 9, 11))
    Journey.objects.filter(pk=journey.pk).update(pulse_scales=["Energy", "Calm"])
    return journey


def plan(moment: datetime) -> None:
    with time_machine.travel(moment, tick=False):
        plan_all()


def prompts() -> list[Nudge]:
    return list(Nudge.objects.filter(kind=NudgeKind.CLIENT_PROMPTS).order_by("created_at"))


def mark_sent(nudge: Nudge, at: datetime) -> None:
    Nudge.objects.filter(pk=nudge.pk).update(sent_at=at)


def test_three_due_things_fold_into_one_message(cast: Cast) -> None:
    journey = journey_with_three_due_things(cast)

    plan(THURSDAY)

    (message,) = prompts()
    assert message.subject == "Three things from your coaching journey"
    assert message.to_address == cast.client.email
    assert message.journey == journey
    assert message.due_at == THURSDAY
    assert message.body.startswith("Hello Quentin,\n\nThree things from your coaching journey:")
    assert '- A reflection: "What happened when you said no?"' in message.body
    assert '- Your experiment "Say no once" (by Friday 11 September 2026)' in message.body
    assert "- This week's pulse: 2 quick scales, 0 to 10." in message.body
    unsubscribe = message.body.rstrip().splitlines()[-1]
    assert message.headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    token = unsubscribe.rstrip("/").rsplit("/", 1)[1]
    assert client_for_token(token) == cast.client


def test_planning_again_writes_nothing_more_and_makes_no_second_link(cast: Cast) -> None:
    journey_with_three_due_things(cast)

    plan(THURSDAY)
    plan(THURSDAY + timedelta(minutes=1))
    plan(THURSDAY + timedelta(hours=5))

    assert len(prompts()) == 1
    assert PortalLink.objects.filter(client=cast.client).count() == 1


def test_the_link_in_the_message_opens_the_portal_and_leaves_the_coachs_link_working(
    cast: Cast,
) -> None:
    journey_with_three_due_things(cast)
    with time_machine.travel(THURSDAY - timedelta(days=1), tick=False):
        coach_sent = HttpClient()
        coachs_link = send_link(cast).removeprefix("http://testserver")
    plan(THURSDAY)
    (message,) = prompts()
    url = link_url_in(message).split("/portal/", 1)[1]

    with time_machine.travel(THURSDAY + timedelta(hours=1), tick=False):
        client_browser = HttpClient()
        opened = client_browser.get(f"/portal/{url}")
        home = client_browser.get(reverse("portal:home"))
        still = coach_sent.get(coachs_link)

    assert opened.status_code == 302
    assert opened["Location"] == reverse("portal:home")
    assert "What happened when you said no?" in home.content.decode()
    assert still["Location"] == reverse("portal:home")


def test_once_sent_the_message_keeps_no_working_link(cast: Cast) -> None:
    journey_with_three_due_things(cast)
    plan(THURSDAY)

    with time_machine.travel(THURSDAY + timedelta(minutes=1), tick=False), Sender() as sender:
        sender.send_due()

    (message,) = prompts()
    assert message.sent_at is not None
    assert message.body == LINK_REMOVED


def test_a_message_planned_in_the_evening_waits_for_the_morning(cast: Cast) -> None:
    journey_with_three_due_things(cast)

    plan(datetime(2026, 9, 10, 20, 30, tzinfo=UTC))  # 21:30 in London

    (message,) = prompts()
    assert message.due_at == datetime(2026, 9, 11, 7, 0, tzinfo=UTC)  # 08:00 in London


def test_a_thing_is_asked_once_then_once_more_three_days_later_then_never(cast: Cast) -> None:
    journey_with_three_due_things(cast)
    plan(THURSDAY)
    first = prompts()[0]
    mark_sent(first, THURSDAY)

    plan(THURSDAY + timedelta(days=1))  # Friday: nothing new is due
    assert prompts() == [first]

    plan(THURSDAY + timedelta(days=3))  # Sunday: still unanswered, asked once more
    second = prompts()[1]
    assert second.covers == first.covers
    mark_sent(second, THURSDAY + timedelta(days=3))

    plan(THURSDAY + timedelta(days=5))  # Tuesday: only the reflection due on Monday
    third = prompts()[2]
    assert third.subject == "One thing from your coaching journey"
    assert "What did you notice in yourself?" in third.body
    assert "What happened when you said no?" not in third.body
    mark_sent(third, THURSDAY + timedelta(days=5))

    plan(THURSDAY + timedelta(days=9))  # the next Saturday: the first three, never again
    assert all("What happened when you said no?" not in n.body for n in prompts()[3:])


def test_what_the_client_answered_is_not_asked(cast: Cast) -> None:
    journey = journey_with_three_due_things(cast)
    ReflectionRequest.objects.filter(journey=journey).update(
        answer="I said no to the Friday report.", answered_at=timezone.now()
    )
    experiment = Experiment.objects.get(journey=journey)
    ExperimentCheckIn.objects.create(experiment=experiment, tried="yes")
    for scale in ("Energy", "Calm"):
        PulseAnswer.objects.create(journey=journey, week_of=START, scale=scale, value=6)

    plan(THURSDAY)

    assert prompts() == []


def test_a_waiting_message_whose_things_were_all_answered_is_taken_out(cast: Cast) -> None:
    journey = journey_with_three_due_things(cast)
    plan(datetime(2026, 9, 10, 20, 30, tzinfo=UTC))  # waits for the morning
    (waiting,) = prompts()
    ReflectionRequest.objects.filter(journey=journey).update(answer="Done.")
    ExperimentCheckIn.objects.create(experiment=Experiment.objects.get(journey=journey), tried="no")
    for scale in ("Energy", "Calm"):
        PulseAnswer.objects.create(journey=journey, week_of=START, scale=scale, value=6)

    plan(datetime(2026, 9, 10, 21, 0, tzinfo=UTC))

    assert prompts() == []
    assert waiting.sign_in_link is not None
    link = PortalLink.objects.get(public_id=waiting.sign_in_link)
    assert link.revoked_at is not None


def test_the_portal_asks_before_a_session_from_two_days_ahead(cast: Cast) -> None:
    journey = journey_with_prompts(cast)
    second = sessions_of(journey)[1]  # Monday 21 September, 10:00 in London

    plan(SATURDAY_AFTER - timedelta(days=1))  # Friday: not yet
    assert prompts() == []
    plan(SATURDAY_AFTER)

    (message,) = prompts()
    assert "A few lines before your session on Monday 21 September 2026 at 10:00" in message.body
    assert message.covers == [f"session-check-in:{second.public_id}"]


def test_an_answered_pre_session_check_in_is_not_asked(cast: Cast) -> None:
    journey = journey_with_prompts(cast)
    second = sessions_of(journey)[1]
    SessionCheckIn.objects.create(session=second, journey=journey, since_last="A calm week.")

    plan(SATURDAY_AFTER)

    assert prompts() == []


def test_the_fourth_message_of_the_week_waits_but_the_session_reminder_does_not(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = journey_with_prompts(cast)
    oldest = SATURDAY_AFTER - timedelta(days=6)
    for number, sent in enumerate((oldest, oldest + timedelta(days=1), oldest + timedelta(days=2))):
        Nudge.objects.create(
            dedupe_key=f"earlier:{number}",
            kind=NudgeKind.CLIENT_PROMPTS,
            journey=journey,
            client=cast.client,
            to_address=cast.client.email,
            subject="Earlier",
            body="…",
            due_at=sent,
            sent_at=sent,
        )

    plan(SATURDAY_AFTER)

    reminder = Nudge.objects.get(kind=NudgeKind.SESSION_REMINDER)
    assert reminder.due_at == sessions_of(journey)[1].starts_at - timedelta(hours=24)
    (held,) = [n for n in prompts() if n.sent_at is None]
    # Three sent and the reminder waiting: two must drop out before a fifth can go.
    assert held.due_at == oldest + timedelta(days=8)
    assert held.held_back.startswith("Waits for the weekly cap")
    with time_machine.travel(SATURDAY_AFTER, tick=False):
        page = as_coach.get(reverse("nudges:journey_messages", args=[journey.public_id]))
    body = page.content.decode()
    assert "4 messages this week, above the cap of 3 because session reminders always go" in body
    waiting = body.split('id="waiting-heading"')[1].split('id="failed-heading"')[0]
    assert "Waits for the weekly cap: 3 messages reached Quentin Confidential" in waiting


def test_a_higher_cap_lets_the_message_go_now(cast: Cast) -> None:
    journey = journey_with_three_due_things(cast)
    Journey.objects.filter(pk=journey.pk).update(weekly_message_cap=5)
    for number in range(3):
        Nudge.objects.create(
            dedupe_key=f"earlier:{number}",
            kind=NudgeKind.SESSION_REMINDER,
            client=cast.client,
            to_address=cast.client.email,
            subject="Earlier",
            body="…",
            sent_at=THURSDAY - timedelta(days=number + 1),
        )

    plan(THURSDAY)

    (message,) = prompts()
    assert message.due_at == THURSDAY
    assert message.held_back == ""


def test_raising_the_cap_lets_a_held_message_go_on_the_next_pass(cast: Cast) -> None:
    journey = journey_with_three_due_things(cast)
    for number in range(3):
        Nudge.objects.create(
            dedupe_key=f"earlier:{number}",
            kind=NudgeKind.SESSION_REMINDER,
            client=cast.client,
            to_address=cast.client.email,
            subject="Earlier",
            body="…",
            sent_at=THURSDAY - timedelta(days=number + 1),
        )
    plan(THURSDAY)
    (held,) = prompts()
    assert held.due_at == THURSDAY + timedelta(days=4)  # when the oldest of three drops out

    Journey.objects.filter(pk=journey.pk).update(weekly_message_cap=4)
    plan(THURSDAY + timedelta(minutes=1))

    (released,) = prompts()
    assert released.due_at == THURSDAY + timedelta(minutes=1)
    assert released.held_back == ""


@pytest.mark.parametrize("stop", ["reminders off", "archived", "paused", "closed"])
def test_a_client_who_said_no_or_whose_journey_stopped_gets_nothing(cast: Cast, stop: str) -> None:
    journey = journey_with_three_due_things(cast)
    client_rows = type(cast.client).objects.filter(pk=cast.client.pk)
    if stop == "reminders off":
        client_rows.update(reminders_off_at=timezone.now())
    elif stop == "archived":
        client_rows.update(archived_at=timezone.now())
    else:
        Journey.objects.filter(pk=journey.pk).update(status=stop)

    plan(THURSDAY)

    assert prompts() == []
    assert not PortalLink.objects.exists()


def idle_pass_queries(moment: datetime) -> int:
    """Queries of a planner pass that finds every message already written."""
    plan(moment)
    with time_machine.travel(moment, tick=False), CaptureQueriesContext(connection) as queries:
        plan_client_prompts()
    return len(queries)


def test_a_pass_costs_the_same_queries_however_many_clients(cast: Cast) -> None:
    journey_with_three_due_things(cast)
    one = idle_pass_queries(THURSDAY)
    for number in range(3):
        other = make_client(cast.practice, name=f"Client {number}", email=f"c{number}@example.org")
        journey_with_three_due_things(cast, other)

    many = idle_pass_queries(THURSDAY)

    assert len(prompts()) == 4
    assert many == one
