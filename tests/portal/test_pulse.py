"""The weekly pulse in the portal: one 0-10 answer per scale, saved with one button, once a
week per scale however often it is sent; and the client's own trend beside it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.errors import DomainError
from arcwise.journeys.models import Journey, PulseAnswer
from arcwise.portal.answers import pulse_save
from tests.conftest import Cast
from tests.portal.helpers import journey_with_prompts, open_portal
from tests.races import in_two_threads

SCALES = ["Room for this work", "Energy <on> Mondays & after"]
# Wednesday 16 September 2026: the week of Monday 14 September.
WEDNESDAY = datetime(2026, 9, 16, 12, 0, tzinfo=UTC)
MONDAY = date(2026, 9, 14)


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def journey(cast: Cast, clock: Any) -> Journey:
    journey = journey_with_prompts(cast)
    Journey.objects.filter(pk=journey.pk).update(pulse_scales=SCALES)
    journey.refresh_from_db()
    return journey


def send(http: HttpClient, journey: Journey, **values: Any) -> Any:
    return http.post(reverse("portal:pulse_save", args=[journey.public_id]), values)


def stored(journey: Journey) -> dict[tuple[date, str], int]:
    return {(a.week_of, a.scale): a.value for a in PulseAnswer.objects.filter(journey=journey)}


def test_the_portal_asks_one_labelled_0_to_10_question_per_scale(
    cast: Cast, journey: Journey
) -> None:
    page = open_portal(cast).get(reverse("portal:home")).content.decode()

    assert "This week's pulse" in page
    assert "<legend>Room for this work</legend>" in page
    assert "<legend>Energy &lt;on&gt; Mondays &amp; after</legend>" in page
    assert "0 = not at all, 10 = completely" in page
    for field in ("scale_0", "scale_1"):
        assert page.count(f'name="{field}"') == 11, "a radio for each of 0 to 10"
    assert "checked" not in page


def test_no_pulse_is_asked_without_scales(cast: Cast, clock: Any) -> None:
    journey_with_prompts(cast)

    page = open_portal(cast).get(reverse("portal:home")).content.decode()

    assert "This week's pulse" not in page


def test_saving_twice_in_a_week_updates_the_weeks_answers(cast: Cast, journey: Journey) -> None:
    http = open_portal(cast)

    first = send(http, journey, scale_0=7, scale_1=3)
    again = send(http, journey, scale_0=8, scale_1=3)

    assert (first.status_code, again.status_code) == (302, 302)
    # One answer per scale and week: the second save replaced the first.
    assert stored(journey) == {(MONDAY, SCALES[0]): 8, (MONDAY, SCALES[1]): 3}
    page = http.get(reverse("portal:home")).content.decode()
    assert "Your pulse for this week is saved" in page
    assert 'name="scale_0" value="8" checked' in page, "prefilled with this week's answer"
    assert 'name="scale_1" value="3" checked' in page


def test_a_new_week_adds_a_row_and_the_trend_shows_in_chart_and_table(
    cast: Cast, journey: Journey, clock: Any
) -> None:
    http = open_portal(cast)
    send(http, journey, scale_0=7, scale_1=3)
    clock.move_to(WEDNESDAY + timedelta(days=7))

    page = http.get(reverse("portal:home")).content.decode()
    assert "checked" not in page, "a new week starts blank"
    send(http, journey, scale_0=4, scale_1=5)
    page = http.get(reverse("portal:home")).content.decode()

    assert len(stored(journey)) == 4
    assert "“Room for this work” fell from 7 to 4 over 2 weekly answers" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert '<th scope="row">14 Sep</th><td>7</td><td>3</td>' in page
    assert '<th scope="row">21 Sep</th><td>4</td><td>5</td>' in page


@pytest.mark.parametrize(
    "values",
    [
        {"scale_0": 11, "scale_1": 3},
        {"scale_0": -1, "scale_1": 3},
        {"scale_0": "seven", "scale_1": 3},
        {"scale_0": 10**30, "scale_1": 3},
        {"scale_1": 3},
    ],
)
def test_a_missing_or_out_of_range_answer_is_refused_keeping_the_others(
    cast: Cast, journey: Journey, values: dict[str, Any]
) -> None:
    http = open_portal(cast)

    response = send(http, journey, **values)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Not saved. Choose a number from 0 to 10 for “Room for this work”." in page
    assert 'name="scale_1" value="3" checked' in page, "the other answer is still chosen"
    assert not PulseAnswer.objects.exists()


def test_a_closed_journey_takes_no_pulse(cast: Cast, journey: Journey) -> None:
    http = open_portal(cast)
    Journey.objects.filter(pk=journey.pk).update(status="closed")

    response = send(http, journey, scale_0=5, scale_1=5)

    assert response.status_code == 302
    page = http.get(reverse("portal:home")).content.decode()
    assert "This journey has ended" in page
    assert not PulseAnswer.objects.exists()


def test_another_clients_journey_takes_no_pulse(cast: Cast, journey: Journey) -> None:
    from tests.factories import make_client

    other = make_client(cast.practice, name="Olga Other", email="olga@example.org")
    http = open_portal(cast, client=other)

    assert send(http, journey, scale_0=5, scale_1=5).status_code == 404
    assert not PulseAnswer.objects.exists()


def test_the_service_wants_every_scale(journey: Journey) -> None:
    with pytest.raises(DomainError, match="for “Energy"):
        pulse_save(journey=journey, values={SCALES[0]: 4}, today=MONDAY)
    assert not PulseAnswer.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_once_leave_one_answer_per_scale(journey: Journey) -> None:
    values = iter([{SCALES[0]: 2, SCALES[1]: 2}, {SCALES[0]: 9, SCALES[1]: 9}])

    outcomes = in_two_threads(
        lambda: pulse_save(journey=journey, values=next(values), today=MONDAY)
    )

    # Both went through, one after the other on the locked journey: the later one's answers
    # replaced the earlier's, so the week holds one answer per scale, not two.
    assert not any(isinstance(o, Exception) for o in outcomes), outcomes
    answers = stored(journey)
    assert len(answers) == 2
    assert set(answers.values()) in ({2}, {9})
