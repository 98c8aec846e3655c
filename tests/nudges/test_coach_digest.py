"""Each morning a coach gets one e-mail listing what arrived from their clients since the
last one (and which messages to clients failed), with links to the journeys: only when
there is something to say, and never what a client wrote."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from arcwise.journeys.models import Journey, PulseAnswer
from arcwise.nudges.models import Nudge, NudgeKind
from arcwise.nudges.planner import plan_all
from arcwise.nudges.preferences import client_reminders_off
from arcwise.portal.models import ReflectionRequest
from tests.conftest import Cast
from tests.journeys.factories import START
from tests.portal.helpers import DAY_AFTER, hold, journey_with_prompts, sessions_of

pytestmark = pytest.mark.django_db

# The coach is in London: 07:30 UTC is 08:30 for them, in their morning.
MORNING = datetime(2026, 9, 11, 7, 30, tzinfo=UTC)
ANSWER = "I said no to my manager and my hands shook."


def digests() -> list[Nudge]:
    return list(
        Nudge.objects.filter(
            kind=NudgeKind.COACH_ALERT, dedupe_key__startswith="coach-digest:"
        ).order_by("created_at")
    )


def plan(moment: datetime) -> None:
    with time_machine.travel(moment, tick=False):
        plan_all()


def answered_journey(cast: Cast, at: datetime) -> Journey:
    journey = journey_with_prompts(cast)
    with time_machine.travel(DAY_AFTER, tick=False):
        hold(sessions_of(journey)[0])
    first = ReflectionRequest.objects.filter(journey=journey).order_by("due_on").first()
    assert first is not None
    ReflectionRequest.objects.filter(pk=first.pk).update(answer=ANSWER, answered_at=at)
    return journey


def test_nothing_arrived_no_digest(cast: Cast) -> None:
    journey_with_prompts(cast)

    plan(MORNING)

    assert digests() == []


def test_the_morning_digest_lists_what_arrived_and_what_failed_without_what_was_written(
    cast: Cast,
) -> None:
    journey = answered_journey(cast, MORNING - timedelta(hours=12))
    PulseAnswer.objects.create(
        journey=journey, week_of=START, scale="Energy", value=4, answered_at=MORNING
    )
    PulseAnswer.objects.create(
        journey=journey, week_of=START, scale="Calm", value=7, answered_at=MORNING
    )
    Nudge.objects.create(
        dedupe_key="a-reminder",
        kind=NudgeKind.SESSION_REMINDER,
        journey=journey,
        client=cast.client,
        to_address=cast.client.email,
        subject="Your coaching session",
        body="…",
        attempts=8,
        failed_at=MORNING - timedelta(hours=2),
        last_error="550 mailbox unavailable",
    )

    plan(MORNING)

    (digest,) = digests()
    assert digest.to_address == cast.coach.email
    assert digest.user == cast.coach
    assert digest.due_at == MORNING
    journey_url = settings.SITE_URL + reverse("journeys:detail", args=[journey.public_id])
    assert digest.body.count(journey_url) == 3
    assert "- Quentin answered a reflection." in digest.body
    assert "- Quentin answered the weekly pulse." in digest.body  # once, for both scales
    assert "- Quentin did not get a message (session reminder)" in digest.body
    assert ANSWER not in digest.body
    assert "Confidential" not in digest.body  # the first name only
    assert "550" not in digest.body


def test_one_digest_a_day_and_the_next_only_with_what_arrived_since(cast: Cast) -> None:
    journey = answered_journey(cast, MORNING - timedelta(hours=12))
    plan(MORNING)
    plan(MORNING + timedelta(minutes=30))
    assert len(digests()) == 1

    plan(MORNING + timedelta(days=1))  # nothing new since yesterday's
    assert len(digests()) == 1

    with time_machine.travel(MORNING + timedelta(days=1, hours=1), tick=False):
        client_reminders_off(client=cast.client)
    plan(MORNING + timedelta(days=2))

    first, second = digests()
    assert "answered a reflection" in first.body
    assert "turned reminders off" in second.body
    assert "answered a reflection" not in second.body
    assert str(journey.public_id) in second.body


def test_no_digest_outside_the_coachs_morning(cast: Cast) -> None:
    answered_journey(cast, MORNING - timedelta(hours=12))

    plan(MORNING + timedelta(hours=6))  # 14:30 in London

    assert digests() == []


def test_an_answer_of_another_coachs_client_is_not_in_this_coachs_digest(cast: Cast) -> None:
    journey = answered_journey(cast, timezone.now())
    Journey.objects.filter(pk=journey.pk).update(coach=cast.owner)
    answered = ReflectionRequest.objects.exclude(answer="")
    answered.update(answered_at=MORNING - timedelta(hours=1))

    plan(MORNING)

    (digest,) = digests()
    assert digest.user == cast.owner
