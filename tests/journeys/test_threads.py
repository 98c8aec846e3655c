"""Open threads: kept from a session, listed on prep with the session they came from, and
closed with a line on where they went."""

from __future__ import annotations

from uuid import uuid4

import pytest
from django.test import Client as HttpClient

from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyChanged, JourneyEnded
from arcwise.journeys.models import Journey, JourneyStatus, Session, Thread, ThreadKind
from arcwise.journeys.threads.services import thread_close, thread_open
from tests.conftest import Cast
from tests.journeys.factories import make_journey
from tests.journeys.pages import journey_url
from tests.races import in_two_threads


def first_session(journey: Journey) -> Session:
    session = Session.objects.filter(journey=journey).order_by("starts_at")[0]
    session.journey = journey
    return session


def session_url(name: str, session: Session) -> str:
    return journey_url(name, session.journey, session_id=session.public_id)


def keep(session: Session, text: str = "Asks whether she wants the role at all") -> Thread:
    return thread_open(session=session, kind=ThreadKind.QUESTION, text=text, token=uuid4())


def close_url(thread: Thread) -> str:
    return journey_url("thread_close", thread.journey, thread_id=thread.public_id)


def test_a_thread_kept_on_the_session_page_appears_on_prep_with_its_session(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    session = first_session(journey)
    form = {
        "thread-kind": "agreement",
        "thread-text": "Will  talk to\nher manager",
        "thread-token": str(uuid4()),
    }

    response = as_coach.post(session_url("thread_open", session), form, follow=True)

    assert "The thread is kept" in response.content.decode()
    prep = as_coach.get(journey_url("prep", journey)).content.decode()
    assert "Will talk to her manager" in prep
    assert "session on 7 Sep 2026" in prep
    assert session_url("session", session) in prep


def test_the_same_keep_form_sent_twice_keeps_one_thread(cast: Cast, as_coach: HttpClient) -> None:
    session = first_session(make_journey(cast.coach, cast.client))
    form = {
        "thread-kind": "insight",
        "thread-text": "Rescuing is care",
        "thread-token": str(uuid4()),
    }

    as_coach.post(session_url("thread_open", session), form)
    second = as_coach.post(session_url("thread_open", session), form, follow=True)

    assert Thread.objects.count() == 1
    assert "This thread is already kept: “Rescuing is care”." in second.content.decode()


def test_a_thread_without_words_is_refused_at_its_field(cast: Cast, as_coach: HttpClient) -> None:
    session = first_session(make_journey(cast.coach, cast.client))
    form = {"thread-kind": "insight", "thread-text": "   ", "thread-token": str(uuid4())}

    response = as_coach.post(session_url("thread_open", session), form)

    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert not Thread.objects.exists()


def test_a_bidi_control_in_a_thread_is_refused(cast: Cast, as_coach: HttpClient) -> None:
    session = first_session(make_journey(cast.coach, cast.client))
    form = {"thread-kind": "insight", "thread-text": "a\u202eb", "thread-token": str(uuid4())}
    assert as_coach.post(session_url("thread_open", session), form).status_code == 400
    assert not Thread.objects.exists()


def test_closing_a_thread_drops_it_from_prep_and_shows_it_closed_on_its_session(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    session = first_session(journey)
    thread = keep(session)
    form = {"where_it_went": "She chose to stay and reshape it", "version": "1", "back": "prep"}

    response = as_coach.post(close_url(thread), form, follow=True)

    prep = response.content.decode()
    assert "is closed" in prep
    assert (
        "Asks whether she wants the role at all"
        not in prep.split("Open threads")[1].split("</section>")[0]
    )
    page = as_coach.get(session_url("session", session)).content.decode()
    assert "Where it went: She chose to stay and reshape it" in page


def test_closing_sent_twice_closes_once_and_says_so(cast: Cast, as_coach: HttpClient) -> None:
    thread = keep(first_session(make_journey(cast.coach, cast.client)))
    form = {"where_it_went": "Settled in session 2", "version": "1"}

    as_coach.post(close_url(thread), form)
    closed_at = Thread.objects.get().closed_at
    again = as_coach.post(close_url(thread), {**form, "where_it_went": "Other"}, follow=True)

    thread.refresh_from_db()
    assert (thread.closed_at, thread.where_it_went, thread.version) == (
        closed_at,
        "Settled in session 2",
        2,
    )
    assert "was already closed: Settled in session 2" in again.content.decode()


def test_closing_without_where_it_went_leaves_it_open(cast: Cast, as_coach: HttpClient) -> None:
    thread = keep(first_session(make_journey(cast.coach, cast.client)))
    response = as_coach.post(close_url(thread), {"where_it_went": "", "version": "1"}, follow=True)
    assert "is still open" in response.content.decode()
    assert Thread.objects.get().closed_at is None


def test_a_close_form_with_a_broken_version_changes_nothing(
    cast: Cast, as_coach: HttpClient
) -> None:
    thread = keep(first_session(make_journey(cast.coach, cast.client)))
    response = as_coach.post(close_url(thread), {"where_it_went": "x", "version": "x"}, follow=True)
    assert "This form is out of date" in response.content.decode()
    assert Thread.objects.get().closed_at is None


def test_another_coachs_thread_is_not_found(cast: Cast, as_owner: HttpClient) -> None:
    thread = keep(first_session(make_journey(cast.coach, cast.client)))
    response = as_owner.post(close_url(thread), {"where_it_went": "x", "version": "1"})
    assert response.status_code == 404
    assert Thread.objects.get().closed_at is None


def test_an_ended_journey_keeps_no_new_threads(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    Journey.objects.filter(pk=journey.pk).update(status=JourneyStatus.CLOSED)
    with pytest.raises(JourneyEnded):
        keep(first_session(journey))


def test_the_service_refuses_empty_words_and_unknown_kinds(cast: Cast) -> None:
    session = first_session(make_journey(cast.coach, cast.client))
    with pytest.raises(DomainError, match="Say what"):
        thread_open(session=session, kind="insight", text=" \n ", token=uuid4())
    with pytest.raises(DomainError, match="Choose"):
        thread_open(session=session, kind="rumour", text="x", token=uuid4())
    thread = keep(session)
    with pytest.raises(DomainError, match="where it went"):
        thread_close(thread=thread, where_it_went="  ", from_version=1)


@pytest.mark.django_db(transaction=True)
def test_two_keeps_of_one_form_at_once_keep_one_thread(cast: Cast) -> None:
    session = first_session(make_journey(cast.coach, cast.client))
    token = uuid4()
    outcomes = in_two_threads(
        lambda: thread_open(session=session, kind="insight", text="Once", token=token)
    )
    assert Thread.objects.count() == 1
    assert sum(isinstance(o, AlreadyChanged) for o in outcomes) == 1


@pytest.mark.django_db(transaction=True)
def test_two_closes_at_once_close_once(cast: Cast) -> None:
    thread = keep(first_session(make_journey(cast.coach, cast.client)))
    outcomes = in_two_threads(
        lambda: thread_close(thread=thread, where_it_went="Done", from_version=1)
    )
    assert sum(isinstance(o, AlreadyChanged) for o in outcomes) == 1
    assert Thread.objects.get().version == 2
