from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest
from django.utils import timezone

from arcwise.conversations.models import BODY_LIMIT, Author, Conversation, Message
from arcwise.conversations.queries import unread_counts
from arcwise.conversations.services import (
    ConversationClosed,
    conversation_mark_read,
    message_send_as_client,
    message_send_as_coach,
    message_to_experiment,
    message_to_thread,
)
from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyChanged
from arcwise.journeys.models import Experiment, Journey, Thread
from tests.conftest import Cast
from tests.conversations.helpers import client_writes, coach_writes, end
from tests.factories import make_client


def test_a_coach_and_a_client_write_to_each_other_in_order(cast: Cast, journey: Journey) -> None:
    first = coach_writes(cast, journey, "How did Tuesday go?")
    second = client_writes(journey, "Better than I feared.")
    rows = list(Message.objects.filter(journey=journey).order_by("pk"))
    assert [(m.author, m.body) for m in rows] == [
        (Author.COACH, "How did Tuesday go?"),
        (Author.CLIENT, "Better than I feared."),
    ]
    assert first.written_by == cast.coach
    assert second.written_by is None
    state = Conversation.objects.get(journey=journey)
    assert state.last_coach_message == first.pk
    assert state.last_client_message == second.pk


def test_the_same_form_sent_twice_makes_one_message_and_says_so(
    cast: Cast, journey: Journey
) -> None:
    token = uuid4()
    message_send_as_coach(journey=journey, coach=cast.coach, body="Hello", token=token)
    with pytest.raises(AlreadyChanged, match="already sent"):
        message_send_as_coach(journey=journey, coach=cast.coach, body="Hello", token=token)
    assert Message.objects.filter(journey=journey).count() == 1


def test_sending_after_the_journey_ends_is_refused_and_nothing_is_kept(
    cast: Cast, journey: Journey
) -> None:
    end(journey)
    with pytest.raises(ConversationClosed, match="read-only"):
        coach_writes(cast, journey)
    with pytest.raises(ConversationClosed, match="read-only"):
        client_writes(journey)
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("   \n ", "Write a message"),
        ("x" * (BODY_LIMIT + 1), "up to 2,000 characters"),
        ("Pay to \u202eevil", "invisible right-to-left override"),
    ],
)
def test_an_empty_too_long_or_disguised_message_is_refused_at_its_field(
    cast: Cast, journey: Journey, body: str, says: str
) -> None:
    with pytest.raises(DomainError, match=says) as refused:
        coach_writes(cast, journey, body)
    assert refused.value.field == "body"
    assert not Message.objects.exists()


def test_a_client_cannot_write_into_someone_elses_journey(cast: Cast, journey: Journey) -> None:
    stranger = make_client(cast.practice, name="Sam Stranger", email="sam@example.org")
    with pytest.raises(DomainError, match="not yours"):
        message_send_as_client(journey=journey, client=stranger, body="Hi", token=uuid4())


def test_unread_counts_are_the_other_sides_messages_after_the_last_read(
    cast: Cast, journey: Journey
) -> None:
    coach_writes(cast, journey)
    client_writes(journey, "One")
    last = client_writes(journey, "Two")
    assert unread_counts([journey.pk], side=Author.COACH) == {journey.pk: 2}
    assert unread_counts([journey.pk], side=Author.CLIENT) == {}
    assert conversation_mark_read(journey=journey, side=Author.COACH, through=last.pk)
    assert unread_counts([journey.pk], side=Author.COACH) == {}
    # Reading again, or an older tab reloaded, changes nothing.
    assert not conversation_mark_read(journey=journey, side=Author.COACH, through=last.pk)
    assert not conversation_mark_read(journey=journey, side=Author.COACH, through=last.pk - 1)


def test_writing_marks_what_came_before_as_read_by_the_writer(cast: Cast, journey: Journey) -> None:
    client_writes(journey)
    coach_writes(cast, journey)
    assert unread_counts([journey.pk], side=Author.COACH) == {}
    assert unread_counts([journey.pk], side=Author.CLIENT) == {journey.pk: 1}


def test_a_message_becomes_a_thread_once_linked_both_ways(cast: Cast, journey: Journey) -> None:
    message = client_writes(journey, "I keep saying yes to\neveryone.")
    made = message_to_thread(message=message, kind="insight")
    thread = Thread.objects.get()
    assert made.thread == thread
    assert thread.text == "I keep saying yes to everyone."
    assert thread.from_message == message
    with pytest.raises(AlreadyChanged, match="already a thread"):
        message_to_thread(message=message, kind="insight")
    assert Thread.objects.count() == 1


def test_a_message_becomes_an_agreed_experiment_once(cast: Cast, journey: Journey) -> None:
    message = coach_writes(cast, journey, "Try saying no to one meeting this week.")
    by_when = timezone.localdate() + timedelta(days=7)
    message_to_experiment(message=message, title="Say no once", by_when=by_when)
    experiment = Experiment.objects.get()
    assert experiment.what_to_try == "Try saying no to one meeting this week."
    assert experiment.from_message == message
    with pytest.raises(AlreadyChanged, match="already an experiment"):
        message_to_experiment(message=message, title="Say no once", by_when=by_when)
    assert Experiment.objects.count() == 1
