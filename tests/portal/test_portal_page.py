"""The client's portal: where the journey stands, reflections and check-ins that save as the
client types (refusing a stale save without losing text), calendar files, and never a note."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse
from icalendar import Calendar

from arcwise.clients.models import Client
from arcwise.designs.models import Phase
from arcwise.errors import DomainError
from arcwise.journeys.models import Experiment, Journey, PulseAnswer, Session
from arcwise.portal.answers import reflection_answer_save
from arcwise.portal.models import ExperimentCheckIn, ReflectionRequest, SessionCheckIn
from tests.conftest import Cast
from tests.factories import make_client
from tests.journeys.factories import START, at, days
from tests.portal.helpers import (
    DAY_AFTER,
    agree_experiment,
    hold,
    journey_with_prompts,
    open_portal,
    sessions_of,
)
from tests.races import in_two_threads

# A Wednesday with the next session on the Thursday after: its check-in is open.
WEDNESDAY = datetime(2026, 9, 16, 12, 0, tzinfo=UTC)
MONDAY = date(2026, 9, 14)
SCALES = ["Room for this work", "Energy"]

# A fortnight after the first session: every reflection it asked for is due.
LATER = DAY_AFTER + timedelta(days=12)


@pytest.fixture(autouse=True)
def clock() -> Any:
    with time_machine.travel(DAY_AFTER, tick=False) as traveller:
        yield traveller


@pytest.fixture
def held(cast: Cast, clock: Any) -> Session:
    journey = journey_with_prompts(cast)
    first = sessions_of(journey)[0]
    Session.objects.filter(pk=first.pk).update(
        notes="SECRET-NOTE about the divorce",
        key_insights="SECRET-INSIGHT rescuing",
        agreements="SECRET-AGREEMENT weekly",
    )
    hold(first)
    clock.move_to(LATER)
    return first


def home(http: HttpClient) -> str:
    return http.get(reverse("portal:home")).content.decode()


def save_answer(http: HttpClient, reflection: ReflectionRequest, answer: str, version: int) -> Any:
    return http.post(
        reverse("portal:reflection_save", args=[reflection.public_id]),
        {"answer": answer, "version": version},
        HTTP_HX_REQUEST="true",
    )


def test_the_portal_shows_where_the_journey_stands(cast: Cast, held: Session) -> None:
    page = home(open_portal(cast))

    assert "You are in <strong>Orient</strong>" in page
    assert "Phase 1 of 2, now: Orient. Ahead: Experiment." in page, "the arc says it in words"
    assert 'class="portal-arc__phase portal-arc__phase--current"' in page
    assert "Your next session" in page
    assert "What happened when you said no?" in page
    assert "Add to calendar" in page
    asked = [page.index(p) for p in ("said no?", "notice in yourself?", "keep doing?")]
    assert asked == sorted(asked), "the reflections are asked in cycle order"


def test_the_portal_shows_the_phase_in_words_written_for_the_client(
    cast: Cast, held: Session
) -> None:
    Phase.objects.filter(pk=held.phase_id).update(
        client_intent="These first weeks are for finding your feet."
    )

    page = home(open_portal(cast))

    assert "These first weeks are for finding your feet." in page
    assert "What orient is for." not in page, "the intent is written for the coach"


def test_a_phase_without_client_wording_says_nothing_about_its_intent(
    cast: Cast, held: Session
) -> None:
    page = home(open_portal(cast))

    assert "What orient is for." not in page, "the intent is written for the coach"
    assert "portal__intent" not in page


def test_the_portal_never_shows_notes_or_anyone_elses_data(cast: Cast, held: Session) -> None:
    other = make_client(cast.practice, name="Olga Other", email="olga@example.org")
    other_journey = journey_with_prompts(cast, client=other)
    agree_experiment(other_journey, title="OTHER-EXPERIMENT")

    page = home(open_portal(cast))

    for secret in (
        "SECRET-NOTE",
        "SECRET-INSIGHT",
        "SECRET-AGREEMENT",
        "Grieving a parent",  # the client's own private notes field
        "Olga",
        "OTHER-EXPERIMENT",
        "To lead without rescuing everyone.",
    ):
        assert secret not in page


def test_a_reflection_autosaves_and_reaches_the_coach(
    cast: Cast, held: Session, as_coach: HttpClient
) -> None:
    http = open_portal(cast)
    reflection = ReflectionRequest.objects.filter(step="experience").get()

    response = save_answer(http, reflection, "I said no to the Friday report.", 1)

    assert response.status_code == 200
    assert "Saved at" in response.content.decode()
    assert 'name="version" value="2"' in response.content.decode()
    prep = as_coach.get(reverse("journeys:prep", args=[held.journey.public_id])).content.decode()
    assert "I said no to the Friday report." in prep


def test_a_stale_save_is_refused_and_says_the_text_is_kept(cast: Cast, held: Session) -> None:
    http = open_portal(cast)
    reflection = ReflectionRequest.objects.filter(step="experience").get()
    save_answer(http, reflection, "From the phone.", 1)

    response = save_answer(http, reflection, "From the laptop.", 1)

    assert response.status_code == 409
    assert "Your text is still here" in response.content.decode()
    assert ReflectionRequest.objects.get(pk=reflection.pk).answer == "From the phone."


def test_the_same_save_sent_twice_saves_once(cast: Cast, held: Session) -> None:
    http = open_portal(cast)
    reflection = ReflectionRequest.objects.filter(step="experience").get()

    first = save_answer(http, reflection, "Same words.", 1)
    second = save_answer(http, reflection, "Same words.", 1)

    assert (first.status_code, second.status_code) == (200, 200)
    assert ReflectionRequest.objects.get(pk=reflection.pk).version == 2


def test_without_javascript_the_save_button_saves_and_comes_back(cast: Cast, held: Session) -> None:
    http = open_portal(cast)
    reflection = ReflectionRequest.objects.filter(step="experience").get()

    response = http.post(
        reverse("portal:reflection_save", args=[reflection.public_id]),
        {"answer": "Typed without scripts.", "version": 1},
        follow=True,
    )

    assert response.redirect_chain == [(reverse("portal:home"), 302)]
    assert "Saved." in response.content.decode()
    assert "Typed without scripts." in response.content.decode()


def test_odd_input_is_refused_with_a_message_not_an_error(cast: Cast, held: Session) -> None:
    http = open_portal(cast)
    reflection = ReflectionRequest.objects.filter(step="experience").get()
    url = reverse("portal:reflection_save", args=[reflection.public_id])

    for data in (
        {"answer": "x", "version": "abc"},
        {"answer": "x", "version": 10**30},
        {"answer": "a\u202eb", "version": 1},
        {},
    ):
        response = http.post(url, data, HTTP_HX_REQUEST="true")
        assert response.status_code == 400
        assert "Not saved." in response.content.decode()
    assert http.post(url.replace(str(reflection.public_id), "nonsense")).status_code == 404


def test_another_clients_reflection_cannot_be_answered(cast: Cast, held: Session) -> None:
    other = make_client(cast.practice, name="Olga Other", email="olga@example.org")
    http = open_portal(cast, client=other)
    reflection = ReflectionRequest.objects.filter(step="experience").get()

    assert save_answer(http, reflection, "Not mine", 1).status_code == 404
    assert ReflectionRequest.objects.get(pk=reflection.pk).answer == ""


def test_a_reflection_not_yet_due_is_not_shown(cast: Cast, clock: Any) -> None:
    journey = journey_with_prompts(cast)
    hold(sessions_of(journey)[0])

    page = home(open_portal(cast))

    assert "What happened when you said no?" not in page
    assert "Nothing waiting for you" in page


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_once_from_the_same_version_keep_one_and_refuse_the_other(
    cast: Cast, held: Session
) -> None:
    reflection = ReflectionRequest.objects.filter(step="experience").get()
    texts = iter(["First tab", "Second tab"])

    outcomes = in_two_threads(
        lambda: reflection_answer_save(
            reflection=reflection, expected_version=1, answer=next(texts)
        )
    )

    assert sum(isinstance(o, DomainError) for o in outcomes) == 1
    assert ReflectionRequest.objects.get(pk=reflection.pk).version == 2


def check_in(http: HttpClient, experiment_id: Any, version: int, **fields: str) -> Any:
    data = {"tried": "partly", "what_happened": "", "in_the_way": "", **fields}
    return http.post(
        reverse("portal:check_in_save", args=[experiment_id]),
        {**data, "version": version},
        HTTP_HX_REQUEST="true",
    )


def test_a_check_in_saves_and_shows_beside_the_experiment_for_the_coach(
    cast: Cast, held: Session, as_coach: HttpClient
) -> None:
    experiment = agree_experiment(held.journey)
    http = open_portal(cast)
    assert "Say no once" in home(http)

    first = check_in(http, experiment.public_id, 0, what_happened="Felt guilty, then free.")
    second = check_in(http, experiment.public_id, 1, in_the_way="My manager's face.")

    assert (first.status_code, second.status_code) == (200, 200)
    saved = ExperimentCheckIn.objects.get()
    assert (saved.tried, saved.in_the_way, saved.version) == ("partly", "My manager's face.", 2)
    journey_page = as_coach.get(reverse("journeys:detail", args=[held.journey.public_id]))
    assert "The client's check-in" in journey_page.content.decode()
    assert "My manager&#x27;s face." in journey_page.content.decode()


def test_a_stale_check_in_is_refused(cast: Cast, held: Session) -> None:
    experiment = agree_experiment(held.journey)
    http = open_portal(cast)
    check_in(http, experiment.public_id, 0, what_happened="On the phone")

    response = check_in(http, experiment.public_id, 0, what_happened="On the laptop")

    assert response.status_code == 409
    assert ExperimentCheckIn.objects.get().what_happened == "On the phone"


def test_an_invitation_file_parses_and_keeps_wall_time_across_a_clock_change(
    cast: Cast, held: Session
) -> None:
    Client.objects.filter(pk=cast.client.pk).update(time_zone="Europe/London")
    http = open_portal(cast)
    # 10:00 in London on 2 November, after the clocks went back on 25 October.
    session = sessions_of(held.journey)[1]
    Session.objects.filter(pk=session.pk).update(starts_at=at(datetime(2026, 11, 2).date()))

    response = http.get(reverse("portal:session_ics", args=[session.public_id]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    event = next(iter(Calendar.from_ical(response.content).walk("VEVENT")))
    starts = event.decoded("dtstart")
    assert starts.tzinfo is not None
    assert (starts.hour, starts.minute) == (10, 0)
    assert str(event["dtstart"].params["TZID"]) == "Europe/London"
    assert starts.astimezone(UTC) == datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
    assert event.decoded("dtend") - starts == timedelta(minutes=60)
    assert b"SECRET" not in response.content
    assert b"VTIMEZONE" in response.content
    assert ZoneInfo("Europe/London").utcoffset(datetime(2026, 9, 7)) == days(0) + timedelta(hours=1)


def test_a_held_sessions_invitation_is_not_offered(cast: Cast, held: Session) -> None:
    http = open_portal(cast)
    assert http.get(reverse("portal:session_ics", args=[held.public_id])).status_code == 404


@pytest.mark.parametrize("size", [3, 60])
def test_the_portal_page_costs_the_same_queries_however_many_rows(
    cast: Cast, clock: Any, size: int, django_assert_num_queries: Any
) -> None:
    clock.move_to(WEDNESDAY)
    journey = journey_with_prompts(cast)
    Journey.objects.filter(pk=journey.pk).update(pulse_scales=SCALES)
    first = sessions_of(journey)[0]
    hold(first)
    phase = ReflectionRequest.objects.first().phase  # type: ignore[union-attr]
    ReflectionRequest.objects.bulk_create(
        ReflectionRequest(
            journey=journey,
            session=first,
            phase=phase,
            position=10 + n,
            step="reflection",
            prompt=f"Prompt {n}",
            due_on=START,
        )
        for n in range(size)
    )
    for n in range(size):
        experiment = agree_experiment(journey, title=f"Try {n}")
        ExperimentCheckIn.objects.create(experiment=experiment, what_happened=f"Did {n}")
    # More sessions ahead, the next within two days with its check-in answered.
    Session.objects.bulk_create(
        Session(journey=journey, phase=phase, starts_at=at(date(2026, 9, 17) + days(n)))
        for n in range(size)
    )
    soon = Session.objects.filter(journey=journey, starts_at=at(date(2026, 9, 17))).get()
    SessionCheckIn.objects.create(session=soon, journey=journey, since_last="A week of no.")
    PulseAnswer.objects.bulk_create(
        PulseAnswer(journey=journey, week_of=MONDAY - days(7 * n), scale=scale, value=n % 11)
        for n in range(size)
        for scale in SCALES
    )
    assert Experiment.objects.filter(journey=journey).count() == size
    http = open_portal(cast)

    # session, link with client; journeys, phases, runs, sessions ahead with their check-ins,
    # reflections due, open experiments with theirs, pulse answers; goals, their ratings,
    # the wheel's areas, their ratings, closing reviews; ended journeys' summaries; the
    # progress summaries for a sponsor; the intakes waiting (the intake card); the messages
    # card's journeys and unread counts; the next session's video link and the moves waiting
    # (the booking card)
    with django_assert_num_queries(21):
        page = http.get(reverse("portal:home")).content.decode()

    assert page.count("Prompt ") == size
    assert page.count('class="portal-check-in"') == size
    assert "A week of no." in page
    assert page.count('<tr><th scope="row">') == size
