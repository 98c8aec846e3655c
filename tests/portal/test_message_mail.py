from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core import mail

from arcwise.conversations.models import Author, Conversation
from arcwise.conversations.services import conversation_mark_read
from arcwise.journeys.models import Journey
from arcwise.nudges.models import Nudge, NudgeKind
from arcwise.nudges.sender import Sender
from arcwise.portal.message_mail import FOLD_WAIT, plan_message_notices
from arcwise.portal.models import PortalLink
from tests.conftest import Cast
from tests.conversations.helpers import client_writes, coach_writes, end, running_journey

# Noon in London in winter: no quiet hours in the way.
NOON = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


@pytest.fixture
def journey(cast: Cast) -> Journey:
    return running_journey(cast)


def notices(to: str) -> list[Nudge]:
    return list(Nudge.objects.filter(kind=NudgeKind.MESSAGE_NOTICE, to_address=to))


def test_several_messages_in_a_row_make_one_notice_without_their_words(
    cast: Cast, journey: Journey
) -> None:
    client_writes(journey, "Something private about my manager.")
    plan_message_notices(NOON)
    client_writes(journey, "And one more thing.")
    plan_message_notices(NOON + timedelta(minutes=2))
    plan_message_notices(NOON + timedelta(minutes=3))
    [notice] = notices(cast.coach.email)
    assert notice.subject == "Quentin Confidential wrote to you"
    assert f"/journeys/{journey.public_id}/messages/" in notice.body
    assert "private" not in notice.body
    assert "one more thing" not in notice.body
    assert notice.due_at == NOON + FOLD_WAIT
    assert Conversation.objects.get(journey=journey).coach_told_through > 0


def test_the_client_is_told_with_a_fresh_portal_link_and_it_counts_against_the_cap(
    cast: Cast, journey: Journey
) -> None:
    coach_writes(cast, journey, "How did the talk with Ana go?")
    plan_message_notices(NOON)
    [notice] = notices(cast.client.email)
    assert notice.subject == "Cora Coach wrote to you"
    assert "/portal/open/" in notice.body
    assert "Ana" not in notice.body
    assert notice.client == cast.client
    assert notice.sign_in_link is not None
    assert PortalLink.objects.filter(public_id=notice.sign_in_link).exists()
    assert "List-Unsubscribe" in notice.headers


def test_a_message_after_the_notice_went_makes_a_new_one(cast: Cast, journey: Journey) -> None:
    client_writes(journey)
    plan_message_notices(NOON)
    Nudge.objects.filter(kind=NudgeKind.MESSAGE_NOTICE).update(sent_at=NOON + FOLD_WAIT)
    client_writes(journey, "Another thought.")
    plan_message_notices(NOON + timedelta(hours=1))
    assert len(notices(cast.coach.email)) == 2


def test_a_notice_waits_out_the_clients_quiet_hours(cast: Cast, journey: Journey) -> None:
    coach_writes(cast, journey)
    late = datetime(2026, 12, 7, 22, 30, tzinfo=UTC)  # 22:30 in London
    plan_message_notices(late)
    [notice] = notices(cast.client.email)
    assert notice.due_at == datetime(2026, 12, 8, 8, 0, tzinfo=UTC)


def test_a_full_weekly_cap_holds_the_clients_notice_back(cast: Cast, journey: Journey) -> None:
    for n in range(journey.weekly_message_cap):
        Nudge.objects.create(
            dedupe_key=f"earlier-{n}",
            kind=NudgeKind.WEEKLY_PULSE,
            to_address=cast.client.email,
            subject="Pulse",
            body="…",
            client=cast.client,
            journey=journey,
            due_at=NOON - timedelta(days=1),
            sent_at=NOON - timedelta(days=1),
        )
    coach_writes(cast, journey)
    plan_message_notices(NOON)
    [notice] = notices(cast.client.email)
    assert notice.due_at >= NOON + timedelta(days=6)
    assert notice.held_back


def test_reading_the_messages_before_the_notice_goes_takes_it_out(
    cast: Cast, journey: Journey
) -> None:
    message = coach_writes(cast, journey)
    plan_message_notices(NOON)
    [notice] = notices(cast.client.email)
    conversation_mark_read(journey=journey, side=Author.CLIENT, through=message.pk)
    plan_message_notices(NOON + timedelta(minutes=1))
    assert notices(cast.client.email) == []
    assert notice.sign_in_link is not None
    assert PortalLink.objects.get(public_id=notice.sign_in_link).revoked_at is not None


def test_nothing_is_planned_or_sent_once_the_journey_ends(
    cast: Cast, journey: Journey, time_machine: Any
) -> None:
    time_machine.move_to(NOON + FOLD_WAIT, tick=False)
    coach_writes(cast, journey)
    plan_message_notices(NOON)
    assert len(notices(cast.client.email)) == 1
    end(journey)
    # Ended after the planner's last pass: the sender itself drops the notices.
    with Sender() as sender:
        sender.send_due()
    assert mail.outbox == []
    assert not Nudge.objects.filter(kind=NudgeKind.MESSAGE_NOTICE).exists()
    plan_message_notices(NOON + FOLD_WAIT)
    assert not Nudge.objects.filter(kind=NudgeKind.MESSAGE_NOTICE).exists()


def test_a_due_notice_is_sent_while_the_journey_runs(
    cast: Cast, journey: Journey, time_machine: Any
) -> None:
    time_machine.move_to(NOON + FOLD_WAIT, tick=False)
    client_writes(journey)
    plan_message_notices(NOON)
    with Sender() as sender:
        sender.send_due()
    assert [m.subject for m in mail.outbox] == ["Quentin Confidential wrote to you"]
