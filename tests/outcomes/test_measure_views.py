"""The coach's goals and wheel page: who may see it, each form sent twice, refusals that
name the field and keep what was typed, and a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from arcwise.journeys.models import Journey
from arcwise.outcomes.models import Goal, GoalRating, WheelArea, WheelRating
from tests.conftest import Cast
from tests.journeys.factories import make_journey
from tests.outcomes.factories import AREAS, LEVELS, measured_journey, with_areas, with_goals

pytestmark = pytest.mark.django_db


def url(name: str, journey: Journey) -> str:
    return reverse(f"outcomes:{name}", kwargs={"journey_id": journey.public_id})


def goals_post(rows: list[dict[str, str]], version: int, **extra: str) -> dict[str, str]:
    data = {
        "goals-TOTAL_FORMS": str(len(rows)),
        "goals-INITIAL_FORMS": str(len(rows)),
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "6",
        "version": str(version),
        **extra,
    }
    for index, row in enumerate(rows):
        data.update({f"goals-{index}-{k}": v for k, v in {"weight": "1", **row}.items()})
    return data


def levels_of(*words: str) -> dict[str, str]:
    names = ("much_less", "less", "expected", "more", "much_more")
    return dict(zip(names, words or LEVELS, strict=True))


def test_the_page_starts_from_the_agreements_goals_and_the_designs_areas(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client, goals="Say no weekly\nDelegate the budget")
    journey.design_version.wheel_areas = ["Energy", "Calm", "Focus"]
    journey.design_version.save()

    html = as_coach.get(url("goals", journey)).content.decode()

    assert "Say no weekly</textarea>" in html
    assert "Delegate the budget</textarea>" in html
    assert 'value="Calm"' in html
    assert "T is 50 when every goal lands at the level expected for it" in html


@pytest.mark.parametrize(
    ("who", "status"), [("as_outsider", 404), ("as_owner", 404), ("as_mentor", 403)]
)
def test_only_the_journeys_coach_sees_the_page(
    cast: Cast, request: pytest.FixtureRequest, who: str, status: int
) -> None:
    journey = make_journey(cast.coach, cast.client)
    http: HttpClient = request.getfixturevalue(who)

    assert http.get(url("goals", journey)).status_code == status
    assert http.post(url("goals_save", journey), goals_post([], 0)).status_code == status
    assert not Goal.objects.exists()


def test_goals_sent_twice_are_saved_once_and_the_second_says_so(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    data = goals_post([{"text": "Lead calmly", **levels_of()}], 0)

    first = as_coach.post(url("goals_save", journey), data, follow=True)
    second = as_coach.post(url("goals_save", journey), data, follow=True)

    assert "The goals are saved." in first.content.decode()
    assert "already saved" in second.content.decode()
    assert Goal.objects.get(journey=journey).is_scaled()


def test_a_refused_goal_is_marked_and_everything_typed_is_kept(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    data = goals_post(
        [{"text": "Lead calmly", **levels_of()}, {"text": "", "expected": "Calmer Mondays"}], 0
    )

    response = as_coach.post(url("goals_save", journey), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_goals-1-text-errors"' in html
    assert "clear this row" in html
    assert "Calmer Mondays</textarea>" in html
    assert "Lead calmly</textarea>" in html
    assert not Goal.objects.exists()


def test_a_stale_goals_page_is_refused_with_409_and_keeps_the_text(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    goal = with_goals(journey, "Lead")[0]
    row = {"public_id": str(goal.public_id), "text": "Lead loudly", **levels_of()}

    response = as_coach.post(url("goals_save", journey), goals_post([row], 0))

    assert response.status_code == 409
    assert "another tab" in response.content.decode()
    assert "Lead loudly</textarea>" in response.content.decode()
    assert Goal.objects.get(pk=goal.pk).text == "Lead"


def test_areas_sent_twice_are_saved_once(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)
    data = {
        "areas-TOTAL_FORMS": "3",
        "areas-INITIAL_FORMS": "0",
        "areas-MIN_NUM_FORMS": "0",
        "areas-MAX_NUM_FORMS": "10",
        "version": "0",
        **{f"areas-{i}-name": name for i, name in enumerate(AREAS)},
        "areas-0-ORDER": "3",
        "areas-1-ORDER": "1",
        "areas-2-ORDER": "2",
    }

    first = as_coach.post(url("wheel_areas_save", journey), data, follow=True)
    second = as_coach.post(url("wheel_areas_save", journey), data, follow=True)

    assert "The wheel&#x27;s areas are saved." in first.content.decode()
    assert "already saved" in second.content.decode()
    assert [a.name for a in WheelArea.objects.filter(journey=journey)] == [*AREAS[1:], AREAS[0]]


def rating(journey: Journey, level: int, moment: str = "baseline") -> dict[str, Any]:
    goals = Goal.objects.filter(journey=journey)
    return {"moment": moment, **{f"goal-{g.public_id}": str(level) for g in goals}}


def test_the_coachs_ratings_sent_twice_are_kept_once(cast: Cast, as_coach: HttpClient) -> None:
    journey = measured_journey(cast)

    first = as_coach.post(url("goal_ratings_save", journey), rating(journey, 1), follow=True)
    second = as_coach.post(url("goal_ratings_save", journey), rating(journey, 1), follow=True)

    assert "Your ratings at the start are saved." in first.content.decode()
    assert "already saved" in second.content.decode()
    assert GoalRating.objects.filter(rater="coach", level=1).count() == 2
    assert "60.0" in second.content.decode() or "6" in second.content.decode()


def test_a_missing_level_is_named_and_the_chosen_ones_stay_chosen(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = measured_journey(cast)
    data = rating(journey, 2)
    missing = [k for k in data if k.startswith("goal-")][1]
    del data[missing]

    response = as_coach.post(url("goal_ratings_save", journey), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="coach-goals-{missing}-errors"' in html
    assert 'value="2" checked' in html
    assert not GoalRating.objects.exists()


def test_a_closed_moment_is_refused_with_its_reason(cast: Cast, as_coach: HttpClient) -> None:
    journey = measured_journey(cast)

    response = as_coach.post(url("goal_ratings_save", journey), rating(journey, 0, "close"))

    assert response.status_code == 400
    assert "once a closing review is started" in response.content.decode()


def test_the_clients_wheel_typed_in_twice_is_kept_once(cast: Cast, as_coach: HttpClient) -> None:
    journey = measured_journey(cast)
    data = {"moment": "baseline", **{f"area-{a.pk}": "4" for a in WheelArea.objects.all()}}

    as_coach.post(url("wheel_ratings_save", journey), data)
    second = as_coach.post(url("wheel_ratings_save", journey), data, follow=True)

    assert "already saved" in second.content.decode()
    assert WheelRating.objects.filter(by_coach=True, value=4).count() == 3


def test_the_moment_is_chosen_in_the_address(cast: Cast, as_coach: HttpClient) -> None:
    journey = measured_journey(cast)

    html = as_coach.get(url("goals", journey) + "?moment=midway").content.decode()

    assert "Rate mid-way" in html
    assert 'name="moment" value="midway"' in html


def test_the_journey_page_sums_up_the_goals_and_links_to_them(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    detail = reverse("journeys:detail", kwargs={"journey_id": journey.public_id})

    before = as_coach.get(detail).content.decode()
    with_goals(journey, "Lead")
    after = as_coach.get(detail).content.decode()

    assert "Set the goals' levels" in before
    assert url("goals", journey) in after
    assert "1 goal, all scaled" in after


def page_queries(http: HttpClient, journey: Journey) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert http.get(url("goals", journey)).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_with_more_goals_areas_and_ratings(
    cast: Cast, as_coach: HttpClient
) -> None:
    small = make_journey(cast.coach, cast.client)
    with_goals(small, "One")
    with_areas(small)
    large = make_journey(cast.coach, cast.client, another_open_confirmed=True)
    with_goals(large, *(f"Goal {n}" for n in range(6)))
    with_areas(large, *(f"Area {n}" for n in range(10)))
    for moment in ("baseline", "midway"):
        as_coach.post(url("goal_ratings_save", large), rating(large, 1, moment))

    assert page_queries(as_coach, small) == page_queries(as_coach, large)


def test_an_ended_journeys_page_shows_its_measures_without_forms(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = measured_journey(cast)
    Journey.objects.filter(pk=journey.pk).update(status="closed")

    html = as_coach.get(url("goals", journey)).content.decode()

    assert "kept as they were" in html
    assert url("goals_save", journey) not in html
    assert url("goal_ratings_save", journey) not in html


def test_an_ended_journeys_goals_page_reads_its_levels_and_offers_no_rating(
    cast: Cast, as_coach: HttpClient
) -> None:
    from arcwise.journeys.endings.services import Ending, journey_end

    journey = make_journey(cast.coach, cast.client)
    Goal.objects.create(
        journey=journey,
        position=1,
        text="Say no",
        much_less="Never",
        less="Rarely",
        expected="Weekly",
        more="Daily",
        much_more="Without thinking",
    )
    journey_end(
        journey=journey,
        ending=Ending.closed(on=timezone.localdate(), what_shifted="Lighter."),
        by=cast.coach,
        expected_revision=1,
        today=timezone.localdate(),
    )

    html = as_coach.get(url("goals", journey)).content.decode()

    assert 'id="rate-heading"' not in html
    assert "<dd>Without thinking</dd>" in html
    assert "This journey has ended; its ratings" not in html
