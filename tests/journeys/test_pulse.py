"""The weekly pulse: a journey's scales come from its design or the coach; the client's
answers are one per scale and week; prep and the journey page show the trend."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client as HttpClient

from arcwise.designs.models import DesignVersion
from arcwise.errors import DomainError
from arcwise.journeys.models import Journey, PulseAnswer
from arcwise.journeys.pulse import pulse_record
from tests.conftest import Cast
from tests.journeys.factories import START, make_journey, make_version
from tests.journeys.pages import agreement, journey_url, page_fields
from tests.races import in_two_threads

pytestmark = pytest.mark.django_db
SCALES = ["room for this work", "confidence saying no"]


def with_scales(cast: Cast) -> Journey:
    version = make_version(cast.client, cast.coach, ("orient", "experiment", "close"))
    DesignVersion.objects.filter(pk=version.pk).update(pulse_scales=SCALES)
    version.refresh_from_db()
    return make_journey(cast.coach, cast.client, version=version)


def answers(journey: Journey) -> list[tuple[date, str, int]]:
    return list(
        PulseAnswer.objects.filter(journey=journey)
        .order_by("week_of", "scale")
        .values_list("week_of", "scale", "value")
    )


def test_a_journey_takes_its_designs_scales(cast: Cast) -> None:
    assert with_scales(cast).pulse_scales == SCALES


def test_the_coach_names_other_scales_at_enrolment(cast: Cast, as_coach: HttpClient) -> None:
    version = make_version(cast.client, cast.coach, ("orient", "close"))
    DesignVersion.objects.filter(pk=version.pk).update(pulse_scales=SCALES)
    data = agreement(cast, version, pulse_scales="energy\nsleep")

    proposal = as_coach.post("/journeys/new/", data).content.decode()
    as_coach.post("/journeys/new/", {**page_fields(proposal), "action": "start"})

    assert Journey.objects.get().pulse_scales == ["energy", "sleep"]


def test_answering_twice_in_a_week_keeps_one_answer_per_scale(cast: Cast) -> None:
    journey = with_scales(cast)
    wednesday = date(2026, 9, 9)

    pulse_record(journey=journey, on=wednesday, values={SCALES[0]: 7, SCALES[1]: 3})
    pulse_record(journey=journey, on=date(2026, 9, 11), values={SCALES[0]: 6})

    monday = date(2026, 9, 7)
    assert answers(journey) == [(monday, SCALES[1], 3), (monday, SCALES[0], 6)]


@pytest.mark.django_db(transaction=True)
def test_the_same_answers_sent_from_two_threads_are_stored_once(cast: Cast) -> None:
    journey = with_scales(cast)

    outcomes = in_two_threads(
        lambda: pulse_record(journey=journey, on=START, values={SCALES[0]: 5})
    )

    assert not [o for o in outcomes if isinstance(o, Exception)]
    assert answers(journey) == [(START, SCALES[0], 5)]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"energy": 5}, "“energy” is not one of this journey's scales."),
        ({SCALES[0]: 11}, "Answer “room for this work” from 0 to 10."),
    ],
)
def test_a_wrong_answer_is_refused_and_nothing_is_stored(
    cast: Cast, values: dict[str, int], message: str
) -> None:
    journey = with_scales(cast)

    with pytest.raises(DomainError, match=message):
        pulse_record(journey=journey, on=START, values=values)
    assert answers(journey) == []


def test_a_journey_without_scales_has_no_pulse(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)

    with pytest.raises(DomainError, match="no weekly pulse"):
        pulse_record(journey=journey, on=START, values={})


def test_prep_shows_the_trend_as_a_chart_with_a_table_beside_it(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = with_scales(cast)
    for week, (room, no) in enumerate([(7, 3), (5, 3), (4, 4)]):
        pulse_record(
            journey=journey,
            on=date(2026, 9, 7 + 7 * week),
            values={SCALES[0]: room, SCALES[1]: no},
        )

    page = as_coach.get(journey_url("prep", journey)).content.decode()

    assert "Weekly pulse" in page
    assert "“room for this work” fell from 7 to 4 over 3 weekly answers" in page
    assert '<th scope="row">21 Sep 2026</th><td>4</td><td>4</td>' in page


def test_before_any_answer_the_page_says_where_they_come_from(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = with_scales(cast)

    page = as_coach.get(journey_url("detail", journey)).content.decode()

    assert "No answers yet: the client answers in their portal, once a week." in page
