"""A journey with a conversation, for the conversations tests."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

from django.utils import timezone

from arcwise.conversations.models import Message
from arcwise.conversations.services import message_send_as_client, message_send_as_coach
from arcwise.journeys.models import Journey, JourneyStatus
from tests.conftest import Cast
from tests.journeys.factories import make_journey


def coach_writes(cast: Cast, journey: Journey, body: str = "How did Tuesday go?") -> Message:
    return message_send_as_coach(journey=journey, coach=cast.coach, body=body, token=uuid4())


def client_writes(journey: Journey, body: str = "It went better than I feared.") -> Message:
    return message_send_as_client(journey=journey, client=journey.client, body=body, token=uuid4())


def end(journey: Journey) -> None:
    Journey.objects.filter(pk=journey.pk).update(status=JourneyStatus.CLOSED)
    journey.refresh_from_db()


def running_journey(cast: Cast) -> Journey:
    """An active journey begun two weeks ago, so its first session has passed."""
    return make_journey(cast.coach, cast.client, start=timezone.localdate() - timedelta(days=14))
