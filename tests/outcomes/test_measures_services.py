"""Setting a journey's goals and wheel, and rating them: each save happens once, a stale
tab is refused, rated things are not lost by accident, and ended journeys are read-only."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from arcwise.errors import DomainError
from arcwise.journeys.models import Journey, JourneyStatus, PhaseRun
from arcwise.outcomes.measure_services import (
    AlreadySaved,
    AreaInput,
    GoalInput,
    StaleMeasures,
    goals_save,
    wheel_areas_save,
)
from arcwise.outcomes.models import (
    GOAL_TEXT_LIMIT,
    ClosingReview,
    Goal,
    GoalRating,
    WheelArea,
    WheelRating,
)
from arcwise.outcomes.rating_services import (
    client_ratings_save,
    client_words_save,
    goal_ratings_save,
    wheel_ratings_save,
)
from arcwise.outcomes.readings import outcomes_for
from tests.conftest import Cast
from tests.journeys.factories import make_journey
from tests.outcomes.factories import (
    AREAS,
    LEVELS,
    measured_journey,
    scaled,
    versions,
    with_areas,
    with_goals,
)

pytestmark = pytest.mark.django_db
EARLY = date(2026, 9, 10)


def as_input(goal: Goal, **changes: object) -> GoalInput:
    fields: dict[str, object] = {
        "public_id": goal.public_id,
        "text": goal.text,
        "weight": goal.weight,
        "levels": tuple(goal.level_words(v) for v in (-2, -1, 0, 1, 2)),
    }
    fields.update(changes)
    return GoalInput(**fields)  # type: ignore[arg-type]


def test_goals_are_saved_in_order_with_their_levels_and_weights(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)

    goals_save(
        journey=journey,
        goals=[
            scaled("Lead without rescuing", 3),
            GoalInput(None, "Think", 1),
            GoalInput(None, ""),
        ],
        expected_version=0,
    )

    goals = list(Goal.objects.filter(journey=journey))
    assert [(g.position, g.text, g.weight) for g in goals] == [
        (1, "Lead without rescuing", 3),
        (2, "Think", 1),
    ]
    assert goals[0].is_scaled()
    assert not goals[1].is_scaled()
    assert versions(journey).goals_version == 1


def test_saving_the_same_goals_twice_changes_nothing_and_says_so(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    goals_save(journey=journey, goals=[scaled("Lead")], expected_version=0)

    with pytest.raises(AlreadySaved, match="already saved"):
        goals_save(journey=journey, goals=[scaled("Lead")], expected_version=0)

    assert Goal.objects.filter(journey=journey).count() == 1
    assert versions(journey).goals_version == 1


def test_a_stale_tab_is_refused_and_the_goals_stay_as_the_first_tab_left_them(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    goal = with_goals(journey, "Lead")[0]
    goals_save(journey=journey, goals=[as_input(goal, text="Lead calmly")], expected_version=1)

    with pytest.raises(StaleMeasures, match="another tab"):
        goals_save(journey=journey, goals=[as_input(goal, text="Lead loudly")], expected_version=1)

    assert Goal.objects.get(pk=goal.pk).text == "Lead calmly"


def test_a_rated_goal_keeps_its_ratings_when_its_words_are_corrected(cast: Cast) -> None:
    journey = measured_journey(cast)
    goals = list(Goal.objects.filter(journey=journey))
    goal_ratings_save(
        journey=journey, moment="baseline", rater="coach", levels={g.public_id: -1 for g in goals}
    )

    goals_save(
        journey=journey,
        goals=[as_input(goals[0], text="Lead without rescuing anyone"), as_input(goals[1])],
        expected_version=versions(journey).goals_version,
    )

    assert GoalRating.objects.filter(goal=goals[0]).count() == 1
    assert Goal.objects.get(pk=goals[0].pk).text == "Lead without rescuing anyone"


def test_removing_a_rated_goal_needs_the_confirmation_and_names_the_row(cast: Cast) -> None:
    journey = measured_journey(cast)
    goals = list(Goal.objects.filter(journey=journey))
    goal_ratings_save(
        journey=journey, moment="baseline", rater="coach", levels={g.public_id: 0 for g in goals}
    )
    rows = [as_input(goals[0]), as_input(goals[1], remove=True)]

    with pytest.raises(DomainError) as refused:
        goals_save(journey=journey, goals=rows, expected_version=versions(journey).goals_version)
    assert refused.value.field == "goals-1-remove"
    assert Goal.objects.filter(journey=journey).count() == 2

    goals_save(
        journey=journey,
        goals=rows,
        expected_version=versions(journey).goals_version,
        remove_rated=True,
    )
    assert list(Goal.objects.filter(journey=journey)) == [goals[0]]


@pytest.mark.parametrize(
    ("rows", "field"),
    [
        ([GoalInput(None, "x" * (GOAL_TEXT_LIMIT + 1))], "goals-0-text"),
        ([scaled("Lead"), GoalInput(None, "Think", weight=9)], "goals-1-weight"),
        ([GoalInput(None, "Lead", levels=("", "", "y" * 301, "", ""))], "goals-0-expected"),
        ([GoalInput(None, "Lead \u202eevil")], "goals-0-text"),
        ([GoalInput(None, "", levels=("", "", "said", "", ""))], "goals-0-text"),
        ([scaled(f"Goal {n}") for n in range(7)], "goals-6-text"),
        ([], "goals-0-text"),
    ],
)
def test_a_refused_goal_names_its_field_and_saves_nothing(
    cast: Cast, rows: list[GoalInput], field: str
) -> None:
    journey = make_journey(cast.coach, cast.client)

    with pytest.raises(DomainError) as refused:
        goals_save(journey=journey, goals=rows, expected_version=0)

    assert refused.value.field == field
    assert not Goal.objects.filter(journey=journey).exists()


def test_an_ended_journey_keeps_its_goals_as_they_are(cast: Cast) -> None:
    journey = measured_journey(cast)
    Journey.objects.filter(pk=journey.pk).update(status=JourneyStatus.CLOSED)

    with pytest.raises(DomainError, match="closed"):
        goals_save(journey=journey, goals=[scaled("New")], expected_version=1)
    with pytest.raises(DomainError, match="closed"):
        wheel_areas_save(
            journey=journey, areas=[AreaInput(None, n) for n in "ABC"], expected_version=1
        )
    with pytest.raises(DomainError, match="ended"):
        goal_ratings_save(journey=journey, moment="baseline", rater="coach", levels={})


def test_areas_are_renamed_reordered_and_added(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    energy, clarity, relations = with_areas(journey)

    wheel_areas_save(
        journey=journey,
        areas=[
            AreaInput(relations.pk, "Relationships"),
            AreaInput(energy.pk, "Clarity"),  # the other's old name, on this row
            AreaInput(clarity.pk, "Energy"),
            AreaInput(None, "Time to think"),
        ],
        expected_version=1,
    )

    assert [(a.pk, a.name) for a in WheelArea.objects.filter(journey=journey)] == [
        (relations.pk, "Relationships"),
        (energy.pk, "Clarity"),
        (clarity.pk, "Energy"),
        (WheelArea.objects.get(name="Time to think").pk, "Time to think"),
    ]


def test_an_area_with_ratings_cannot_be_removed(cast: Cast) -> None:
    journey = measured_journey(cast)
    areas = list(WheelArea.objects.filter(journey=journey))
    wheel_ratings_save(
        journey=journey, moment="baseline", values={a.pk: 5 for a in areas}, by_coach=True
    )
    rows = [AreaInput(a.pk, a.name) for a in areas] + [AreaInput(None, "Sleep")]
    wheel_areas_save(journey=journey, areas=rows, expected_version=1)

    with pytest.raises(DomainError, match="has ratings") as refused:
        wheel_areas_save(
            journey=journey,
            areas=[AreaInput(areas[0].pk, ""), *rows[1:]],
            expected_version=2,
        )

    assert refused.value.field == "areas-0-name"
    assert WheelArea.objects.filter(journey=journey).count() == 4


@pytest.mark.parametrize(
    ("names", "field", "words"),
    [
        (("Energy", "Calm"), "areas-0-name", "3 to 10"),
        (("Energy", "Calm", "energy"), "areas-2-name", "named twice"),
        (("Energy", "Calm", "x" * 41), "areas-2-name", "keep it to 40"),
        (tuple(f"Area {n}" for n in range(11)), "areas-10-name", "3 to 10"),
    ],
)
def test_a_refused_wheel_names_its_field(
    cast: Cast, names: tuple[str, ...], field: str, words: str
) -> None:
    journey = make_journey(cast.coach, cast.client)

    with pytest.raises(DomainError, match=words) as refused:
        wheel_areas_save(
            journey=journey, areas=[AreaInput(None, n) for n in names], expected_version=0
        )

    assert refused.value.field == field
    assert not WheelArea.objects.filter(journey=journey).exists()


def test_the_same_areas_sent_twice_are_kept_once(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    with_areas(journey)

    with pytest.raises(AlreadySaved):
        wheel_areas_save(
            journey=journey, areas=[AreaInput(None, n) for n in AREAS], expected_version=0
        )

    assert WheelArea.objects.filter(journey=journey).count() == 3


def test_rating_every_goal_gives_a_t_score_and_rating_again_replaces_it(cast: Cast) -> None:
    journey = measured_journey(cast)
    goals = list(Goal.objects.filter(journey=journey))

    goal_ratings_save(
        journey=journey, moment="baseline", rater="client", levels={g.public_id: 0 for g in goals}
    )
    assert outcomes_for(journey.pk).t("baseline", "client") == 50.0

    goal_ratings_save(
        journey=journey, moment="baseline", rater="client", levels={g.public_id: 1 for g in goals}
    )
    assert (outcomes_for(journey.pk).t("baseline", "client") or 0) > 50
    assert GoalRating.objects.filter(goal__journey=journey).count() == 2


def test_the_same_ratings_sent_twice_change_nothing_the_second_time(cast: Cast) -> None:
    journey = measured_journey(cast)
    levels = {g.public_id: 2 for g in Goal.objects.filter(journey=journey)}
    goal_ratings_save(journey=journey, moment="baseline", rater="coach", levels=levels)
    first = list(GoalRating.objects.values_list("pk", "level", "rated_at"))

    with pytest.raises(AlreadySaved, match="already saved"):
        goal_ratings_save(journey=journey, moment="baseline", rater="coach", levels=levels)

    assert list(GoalRating.objects.values_list("pk", "level", "rated_at")) == first


def test_every_scaled_goal_must_be_rated_and_the_missing_one_is_named(cast: Cast) -> None:
    journey = measured_journey(cast)
    first, second = Goal.objects.filter(journey=journey)

    with pytest.raises(DomainError, match="Find time to think") as refused:
        goal_ratings_save(
            journey=journey, moment="baseline", rater="coach", levels={first.public_id: 1}
        )

    assert refused.value.field == f"goal-{second.public_id}"
    assert not GoalRating.objects.exists()


def test_a_moment_not_open_is_refused_with_the_reason(cast: Cast) -> None:
    journey = measured_journey(cast)
    levels = {g.public_id: 0 for g in Goal.objects.filter(journey=journey)}

    with pytest.raises(DomainError, match="Mid-way opens on") as refused:
        goal_ratings_save(
            journey=journey, moment="midway", rater="client", levels=levels, today=EARLY
        )
    assert refused.value.field == "moment"
    with pytest.raises(DomainError, match="closing review"):
        goal_ratings_save(journey=journey, moment="close", rater="coach", levels=levels)


def test_the_coach_may_still_rate_the_start_late_but_the_client_may_not(cast: Cast) -> None:
    journey = measured_journey(cast)
    PhaseRun.objects.filter(journey=journey, sequence=1).update(left_on=date(2026, 9, 20))
    levels = {g.public_id: 0 for g in Goal.objects.filter(journey=journey)}

    goal_ratings_save(journey=journey, moment="baseline", rater="coach", levels=levels)
    with pytest.raises(DomainError, match="first phase"):
        goal_ratings_save(journey=journey, moment="baseline", rater="client", levels=levels)


def test_the_wheel_takes_0_to_10_for_every_area(cast: Cast) -> None:
    journey = measured_journey(cast)
    areas = list(WheelArea.objects.filter(journey=journey))

    with pytest.raises(DomainError) as refused:
        wheel_ratings_save(
            journey=journey,
            moment="baseline",
            values={areas[0].pk: 3, areas[1].pk: 11, areas[2].pk: 4},
            by_coach=False,
        )
    assert refused.value.field == f"area-{areas[1].pk}"

    wheel_ratings_save(
        journey=journey, moment="baseline", values={a.pk: 7 for a in areas}, by_coach=True
    )
    assert outcomes_for(journey.pk).wheel_rated("baseline")
    assert set(WheelRating.objects.values_list("by_coach", flat=True)) == {True}


def test_the_client_rates_goals_and_wheel_at_once_and_twice_is_once(cast: Cast) -> None:
    journey = measured_journey(cast)
    levels = {str(g.public_id): 1 for g in Goal.objects.filter(journey=journey)}
    values = {str(a.pk): 6 for a in WheelArea.objects.filter(journey=journey)}

    client_ratings_save(journey=journey, moment="baseline", levels=levels, values=values)
    with pytest.raises(AlreadySaved):
        client_ratings_save(journey=journey, moment="baseline", levels=levels, values=values)

    assert GoalRating.objects.filter(rater="client").count() == 2
    assert WheelRating.objects.filter(by_coach=False).count() == 3


def asked_review(journey: Journey) -> ClosingReview:
    return ClosingReview.objects.create(journey=journey, client_asked_at=timezone.now())


def test_the_clients_closing_words_are_kept_once(cast: Cast) -> None:
    review = asked_review(make_journey(cast.coach, cast.client))

    saved = client_words_save(review=review, text="  I say no now.  ", expected_version=1)
    assert (saved.client_words, saved.version) == ("I say no now.", 2)
    assert saved.client_answered_at is not None

    with pytest.raises(AlreadySaved, match="already saved"):
        client_words_save(review=review, text="I say no now.", expected_version=1)
    with pytest.raises(StaleMeasures):
        client_words_save(review=review, text="Something else", expected_version=1)
    assert ClosingReview.objects.get(pk=review.pk).version == 2


def test_closing_words_wait_for_the_coachs_asking(cast: Cast) -> None:
    review = ClosingReview.objects.create(journey=make_journey(cast.coach, cast.client))

    with pytest.raises(DomainError, match="not asked"):
        client_words_save(review=review, text="Shifted", expected_version=1)
    with pytest.raises(DomainError) as refused:
        client_words_save(review=review, text="x" * 4001, expected_version=1)
    assert refused.value.field == "words"
    assert ClosingReview.objects.get(pk=review.pk).client_words == ""


def test_goals_prefill_leaves_the_database_alone(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client, goals="Say no\nDelegate")

    assert outcomes_for(journey.pk).goals == []
    assert with_goals(journey, "Say no", "Delegate")[1].text == "Delegate"
    assert LEVELS[0] == Goal.objects.filter(journey=journey)[0].much_less
