"""Before a session: the portal asks three questions from CHECK_IN_OPENS_DAYS days before it
(in the client's days) until it starts, autosaves the answers with a version guard, and the
answers head the coach's session prep."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.clients.models import Client
from arcwise.errors import DomainError
from arcwise.journeys.models import Journey, Session
from arcwise.portal.answers import StaleSave, session_check_in_save
from arcwise.portal.models import CHECK_IN_QUESTIONS, SessionCheckIn
from tests.conftest import Cast
from tests.portal.helpers import journey_with_prompts, open_portal, sessions_of
from tests.races import in_two_threads

# The second session is on Monday 21 September 2026, 10:00 in London (09:00 UTC).
SECOND_STARTS = datetime(2026, 9, 21, 9, 0, tzinfo=UTC)
# Saturday 19 September, noon: two days before, in London and in UTC alike.
TWO_DAYS_BEFORE = datetime(2026, 9, 19, 12, 0, tzinfo=UTC)
# Friday 18 September, 13:00 UTC: three days before in London, already Saturday in Auckland.
THREE_DAYS_BEFORE = datetime(2026, 9, 18, 13, 0, tzinfo=UTC)

ANSWERS: dict[str, Any] = {
    "since_last": "I said no twice.",
    "want_from_session": "To plan the talk with my manager.",
    "arriving_with": "Tired but clear.",
}


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(TWO_DAYS_BEFORE, tick=False) as traveller:
        yield traveller


@pytest.fixture
def second(cast: Cast, clock: Any) -> Session:
    journey = journey_with_prompts(cast)
    session = sessions_of(journey)[1]
    assert session.starts_at == SECOND_STARTS
    return session


def post(http: HttpClient, session: Session, version: int, htmx: bool = True, **fields: Any) -> Any:
    data = {**dict.fromkeys(CHECK_IN_QUESTIONS, ""), **fields, "version": version}
    extra: dict[str, Any] = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return http.post(
        reverse("portal:session_check_in_save", args=[session.public_id]), data, **extra
    )


def home(http: HttpClient) -> str:
    return http.get(reverse("portal:home")).content.decode()


def save(session: Session, version: int, **fields: str) -> SessionCheckIn:
    answers: dict[str, Any] = {**dict.fromkeys(CHECK_IN_QUESTIONS, ""), **fields}
    return session_check_in_save(session=session, expected_version=version, **answers)


# --- When the portal asks -----------------------------------------------------------------


def test_the_portal_asks_the_three_questions_two_days_before(cast: Cast, second: Session) -> None:
    page = home(open_portal(cast))

    assert "Before your session on Monday 21 September" in page
    for question in CHECK_IN_QUESTIONS.values():
        assert question in page
    assert reverse("portal:session_check_in_save", args=[second.public_id]) in page


def test_the_portal_does_not_ask_three_days_before(cast: Cast, second: Session, clock: Any) -> None:
    clock.move_to(THREE_DAYS_BEFORE)

    http = open_portal(cast)
    page = home(http)

    assert "Before your session" not in page
    response = post(http, second, 0, since_last="Too early")
    assert response.status_code == 409
    assert "These questions open on Saturday 19 September" in response.content.decode()
    assert not SessionCheckIn.objects.exists()


def test_days_are_counted_in_the_clients_time_zone(cast: Cast, second: Session, clock: Any) -> None:
    Client.objects.filter(pk=cast.client.pk).update(time_zone="Pacific/Auckland")
    clock.move_to(THREE_DAYS_BEFORE)  # already Saturday 19 September, 01:00, in Auckland

    http = open_portal(cast)
    page = home(http)

    # 09:00 UTC is 21:00 in Auckland: the heading names the client's day.
    assert "Before your session on Monday 21 September" in page
    assert post(http, second, 0, since_last="From Auckland").status_code == 200


def test_once_the_session_has_started_the_questions_are_gone_and_saves_refused(
    cast: Cast, second: Session, clock: Any
) -> None:
    save(second, 0, since_last="Early words")
    clock.move_to(SECOND_STARTS)

    assert "Before your session" not in home(open_portal(cast))
    with pytest.raises(DomainError, match="Your session started at 10:00 on Monday 21 September"):
        save(second, 1, since_last="Late words")
    assert SessionCheckIn.objects.get().since_last == "Early words"


def test_a_session_no_longer_planned_takes_no_answers(cast: Cast, second: Session) -> None:
    Session.objects.filter(pk=second.pk).update(status="cancelled")

    with pytest.raises(DomainError, match="no longer planned"):
        save(second, 0, since_last="Words")


def test_a_closed_journey_takes_no_answers(cast: Cast, second: Session) -> None:
    http = open_portal(cast)
    Journey.objects.filter(pk=second.journey_id).update(status="closed")

    response = post(http, second, 0, since_last="Words")

    assert response.status_code == 409
    assert "This journey has ended" in response.content.decode()
    assert not SessionCheckIn.objects.exists()


# --- Saving ---------------------------------------------------------------------------------


def test_answers_autosave_and_come_back_on_the_page(cast: Cast, second: Session) -> None:
    http = open_portal(cast)

    first = post(http, second, 0, since_last=ANSWERS["since_last"])
    then = post(http, second, 1, **ANSWERS)

    assert (first.status_code, then.status_code) == (200, 200)
    assert 'name="version" value="2"' in then.content.decode()
    assert "Saved at" in then.content.decode()
    saved = SessionCheckIn.objects.get()
    assert (saved.journey_id, saved.session_id, saved.version) == (
        second.journey_id,
        second.pk,
        2,
    )
    assert saved.arriving_with == "Tired but clear."
    assert "To plan the talk with my manager." in home(http)


def test_the_same_save_posted_twice_saves_once(cast: Cast, second: Session) -> None:
    http = open_portal(cast)

    first = post(http, second, 0, **ANSWERS)
    again = post(http, second, 0, **ANSWERS)

    # The second found the same answers already stored under version 1: nothing to change.
    assert (first.status_code, again.status_code) == (200, 200)
    assert SessionCheckIn.objects.get().version == 1


def test_a_stale_save_is_refused_and_says_the_text_is_kept(cast: Cast, second: Session) -> None:
    http = open_portal(cast)
    post(http, second, 0, since_last="From the phone")
    post(http, second, 1, since_last="From the phone, more")

    response = post(http, second, 1, since_last="From the laptop")

    assert response.status_code == 409
    assert "Your text is still here" in response.content.decode()
    assert SessionCheckIn.objects.get().since_last == "From the phone, more"


def test_without_javascript_the_save_button_saves_and_comes_back(
    cast: Cast, second: Session
) -> None:
    http = open_portal(cast)

    response = post(http, second, 0, htmx=False, since_last="Typed without scripts.")

    assert response.status_code == 302
    page = home(http)
    assert "Saved." in page
    assert "Typed without scripts." in page


def test_odd_input_is_refused_with_a_message_not_an_error(cast: Cast, second: Session) -> None:
    http = open_portal(cast)

    for fields in ({"version": "abc"}, {"version": str(10**30)}, {"since_last": "a\u202eb"}):
        data = {**dict.fromkeys(CHECK_IN_QUESTIONS, ""), "version": "0", **fields}
        response = http.post(
            reverse("portal:session_check_in_save", args=[second.public_id]),
            data,
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 400
        assert "Not saved." in response.content.decode()
    assert not SessionCheckIn.objects.exists()


def test_another_clients_session_cannot_be_answered(cast: Cast, second: Session) -> None:
    from tests.factories import make_client

    other = make_client(cast.practice, name="Olga Other", email="olga@example.org")
    http = open_portal(cast, client=other)

    assert post(http, second, 0, since_last="Not mine").status_code == 404
    assert not SessionCheckIn.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_first_saves_at_once_keep_one_and_refuse_the_other(cast: Cast, second: Session) -> None:
    texts = iter(["First tab", "Second tab"])

    outcomes = in_two_threads(lambda: save(second, 0, since_last=next(texts)))

    # One made the check-in; the other found it made meanwhile with other words.
    assert sum(isinstance(o, StaleSave) for o in outcomes) == 1
    assert SessionCheckIn.objects.get().version == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_save_from_two_threads_succeeds_twice_and_stores_once(
    cast: Cast, second: Session
) -> None:
    outcomes = in_two_threads(lambda: save(second, 0, **ANSWERS))

    # The later one found the very same answers stored: nothing to refuse, nothing to change.
    assert all(isinstance(o, SessionCheckIn) for o in outcomes)
    assert SessionCheckIn.objects.get().version == 1


# --- The coach's prep -------------------------------------------------------------------------


def test_the_check_in_heads_the_coachs_session_prep(
    cast: Cast, second: Session, as_coach: HttpClient
) -> None:
    save(second, 0, **ANSWERS)
    first_name = cast.client.name.split()[0]

    prep = as_coach.get(reverse("journeys:prep", args=[second.journey.public_id])).content.decode()

    heading = f"From {first_name} before this session"
    assert heading in prep
    assert prep.index(heading) < prep.index("Where we are"), "it comes first"
    for question, answer in zip(CHECK_IN_QUESTIONS.values(), ANSWERS.values(), strict=True):
        assert question in prep
        assert answer in prep


def test_prep_says_when_the_portal_will_ask_if_there_is_no_check_in_yet(
    cast: Cast, second: Session, as_coach: HttpClient, clock: Any
) -> None:
    clock.move_to(THREE_DAYS_BEFORE)

    prep = as_coach.get(reverse("journeys:prep", args=[second.journey.public_id])).content.decode()

    assert "No check-in yet; the portal asks from Saturday 19 September." in prep


def test_prep_shows_only_the_next_sessions_check_in(
    cast: Cast, second: Session, as_coach: HttpClient, clock: Any
) -> None:
    save(second, 0, since_last="Before the second")
    clock.move_to(datetime(2026, 9, 21, 12, 0, tzinfo=UTC))  # after the second started

    prep = as_coach.get(reverse("journeys:prep", args=[second.journey.public_id])).content.decode()

    assert "Before the second" not in prep
    assert "No check-in yet; the portal asks from Saturday 3 October." in prep
