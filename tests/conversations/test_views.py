from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from arcwise.conversations.models import Author, Message
from arcwise.conversations.queries import unread_counts
from arcwise.journeys.models import Experiment, Journey, Session, Thread
from arcwise.privacy.models import AuditEvent
from tests.conftest import Cast
from tests.conversations.helpers import client_writes, coach_writes, end
from tests.portal.helpers import hold


def page_url(journey: Journey) -> str:
    return reverse("conversations:journey", args=[journey.public_id])


def send_url(journey: Journey) -> str:
    return reverse("conversations:send", args=[journey.public_id])


def test_the_coach_reads_the_conversation_and_it_is_marked_read(
    cast: Cast, journey: Journey, as_coach: HttpClient
) -> None:
    client_writes(journey, "See https://example.org/a?b=1&c=2, and <b>this</b>.")
    assert unread_counts([journey.pk], side=Author.COACH) == {journey.pk: 1}
    page = as_coach.get(page_url(journey)).content.decode()
    assert (
        '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener">'
        "https://example.org/a?b=1&amp;c=2</a>, and &lt;b&gt;this&lt;/b&gt;." in page
    )
    assert "New" in page
    assert unread_counts([journey.pk], side=Author.COACH) == {}


def test_the_journey_header_leads_to_messages_with_the_unread_count_and_to_emails_sent(
    cast: Cast, journey: Journey, as_coach: HttpClient
) -> None:
    client_writes(journey)
    client_writes(journey)
    page = as_coach.get(reverse("journeys:detail", args=[journey.public_id])).content.decode()
    assert f'href="{page_url(journey)}">Messages (2 new)</a>' in page
    emails = reverse("nudges:journey_messages", args=[journey.public_id])
    assert f'href="{emails}">E-mails sent</a>' in page


def test_a_message_sent_twice_is_kept_once_and_the_second_says_why(
    cast: Cast, journey: Journey, as_coach: HttpClient
) -> None:
    form = {"body": "How did Tuesday go?", "token": str(uuid4())}
    first = as_coach.post(send_url(journey), form, follow=True)
    assert "Sent." in first.content.decode()
    second = as_coach.post(send_url(journey), form, follow=True)
    assert "already sent" in second.content.decode()
    assert Message.objects.filter(journey=journey).count() == 1


def test_a_refused_message_keeps_what_was_typed_and_names_the_field(
    cast: Cast, journey: Journey, as_coach: HttpClient
) -> None:
    form = {"body": "Hello \u202eworld", "token": str(uuid4())}
    response = as_coach.post(send_url(journey), form)
    assert response.status_code == 400
    page = response.content.decode()
    assert "invisible right-to-left override" in page
    assert "Hello \u202eworld</textarea>" in page
    assert not Message.objects.exists()


def test_after_the_journey_ends_the_page_is_read_only_and_a_send_is_refused(
    cast: Cast, journey: Journey, as_coach: HttpClient
) -> None:
    coach_writes(cast, journey)
    end(journey)
    page = as_coach.get(page_url(journey)).content.decode()
    assert "read-only" in page
    assert send_url(journey) not in page
    response = as_coach.post(send_url(journey), {"body": "Late", "token": str(uuid4())})
    assert response.status_code == 400
    assert "read-only" in response.content.decode()
    assert Message.objects.count() == 1


def test_another_practice_cannot_read_or_write_the_conversation(
    cast: Cast, journey: Journey, as_outsider: HttpClient
) -> None:
    assert as_outsider.get(page_url(journey)).status_code == 404
    form = {"body": "Hi", "token": str(uuid4())}
    assert as_outsider.post(send_url(journey), form).status_code == 404
    assert as_outsider.get(send_url(journey)).status_code in (404, 405)


def test_a_message_becomes_a_thread_and_an_experiment_once_each_from_the_page(
    cast: Cast, journey: Journey, as_coach: HttpClient
) -> None:
    message = client_writes(journey, "I keep rescuing people.")
    thread_url = reverse("conversations:thread", args=[journey.public_id, message.public_id])
    for _ in range(2):
        response = as_coach.post(thread_url, {"kind": "insight"}, follow=True)
    assert "already a thread" in response.content.decode()
    experiment_url = reverse(
        "conversations:experiment", args=[journey.public_id, message.public_id]
    )
    # A week after the session the message is agreed in: the latest begun, else the first.
    sessions = Session.objects.filter(journey=journey).order_by("starts_at")
    agreed_in = sessions.filter(starts_at__lte=timezone.now()).last() or sessions.first()
    assert agreed_in is not None
    by_when = timezone.localdate(agreed_in.starts_at) + timedelta(days=7)
    form = {"title": "Let one fall", "by_when": str(by_when)}
    for _ in range(2):
        response = as_coach.post(experiment_url, form, follow=True)
    page = response.content.decode()
    assert "already an experiment" in page
    assert "Became a thread" in page
    assert "Became an experiment" in page
    assert Thread.objects.count() == 1
    assert Experiment.objects.count() == 1


def _queries_for_page(as_coach: HttpClient, journey: Journey) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert as_coach.get(page_url(journey)).status_code == 200
    return len(queries)


def test_the_messages_page_costs_the_same_queries_for_few_or_many_messages(
    cast: Cast, journey: Journey, as_coach: HttpClient
) -> None:
    client_writes(journey)
    coach_writes(cast, journey)
    few = _queries_for_page(as_coach, journey)
    for n in range(20):
        client_writes(journey, f"Note {n}")
        coach_writes(cast, journey, f"Reply {n}")
    message_to_thread_of = Message.objects.filter(journey=journey).last()
    assert message_to_thread_of is not None
    many = _queries_for_page(as_coach, journey)
    assert few == many, (few, many)
    print(f"messages page: {few} queries")


def test_prep_shows_the_messages_since_the_last_held_session(
    cast: Cast, journey: Journey, as_coach: HttpClient
) -> None:
    old = client_writes(journey, "Before the session.")
    client_writes(journey, "After the session.")
    first = Session.objects.filter(journey=journey).order_by("starts_at").first()
    assert first is not None
    hold(first)
    Message.objects.filter(pk=old.pk).update(created_at=first.starts_at - timedelta(days=1))
    page = as_coach.get(reverse("journeys:prep", args=[journey.public_id])).content.decode()
    assert "Messages since the last session" in page
    assert "After the session." in page
    assert "Before the session." not in page


def test_opening_the_messages_records_a_read_of_the_clients_words(
    cast: Cast, journey: Journey, as_coach: HttpClient
) -> None:
    as_coach.get(page_url(journey))
    events = list(AuditEvent.objects.values_list("action", "subject_id", "detail"))
    assert events == [("reflection_read", str(journey.public_id), {"page": "messages"})]
