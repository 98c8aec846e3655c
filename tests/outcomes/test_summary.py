"""The journey summary's query: everything a summary keeps, nothing the coach keeps alone,
for a fixed number of queries however long the journey."""

from __future__ import annotations

from typing import Any

import pytest

from arcwise.journeys.models import Journey
from arcwise.outcomes.gas import t_score
from arcwise.outcomes.models import ClosingReview
from arcwise.outcomes.readings import outcomes_for
from arcwise.outcomes.summary import RaterPair, journey_summary, wheel_picture
from arcwise.outcomes.summary_pdf import summary_html
from tests.conftest import Cast
from tests.journeys.factories import START, make_journey
from tests.outcomes.summary_factories import (
    CLOSED_ON,
    PRIVATE_AGREEMENT,
    PRIVATE_INSIGHT,
    PRIVATE_NOTE,
    READINESS_NOTE,
    adaptation_make,
    goal_make,
    goals_rate,
    journey_close,
    journey_end_early,
    journey_grown,
    outcomes_fill,
    private_notes_plant,
)

pytestmark = pytest.mark.django_db

PRIVATE = (PRIVATE_NOTE, PRIVATE_INSIGHT, PRIVATE_AGREEMENT)


@pytest.fixture
def closed(cast: Cast) -> Journey:
    journey = make_journey(cast.coach, cast.client)
    private_notes_plant(journey)
    outcomes_fill(journey, goals=2, areas=3)
    adaptation_make(journey, "One more session before moving on")
    return journey_close(journey)


def test_a_summary_names_who_what_and_when(closed: Journey) -> None:
    summary = journey_summary(closed)

    assert (summary.client_name, summary.first_name) == ("Quentin Confidential", "Quentin")
    assert summary.coach_name == "Cora Coach"
    assert (summary.design_name, summary.version_number) == (
        closed.design_version.name,
        closed.design_version.number,
    )
    assert (summary.start_date, summary.ended_on) == (START, CLOSED_ON)
    assert summary.planned_end == closed.planned_end
    assert summary.ended
    assert not summary.closed_early
    assert summary.status == "Closed"
    assert summary.sessions_held == 3


def test_a_summary_shows_the_arc_the_phases_and_the_adaptations(closed: Journey) -> None:
    summary = journey_summary(closed)

    assert summary.map_svg.startswith("<svg")
    assert "Journey map: Quentin Confidential" in (summary.map_svg)
    assert [row.phase_name for row in summary.phases] == ["Orient"]
    assert summary.phases[0].run.left_on == CLOSED_ON
    assert [line.adaptation.reason for line in summary.adaptations] == [
        "One more session before moving on"
    ]


def test_goals_show_both_raters_side_by_side_with_t_scores_in_words(closed: Journey) -> None:
    summary = journey_summary(closed)

    assert summary.moments == ["At the start", "At close"]
    assert [(p.client, p.coach) for p in summary.goals[0].levels] == [
        ("-1 Less than expected", "-1 Less than expected"),
        ("+1 More than expected", "+1 More than expected"),
    ]
    start, close = summary.scores
    assert start.client == t_score([-1, -1])
    assert close.coach == t_score([1, 1])
    assert "well short" in start.client_meaning
    assert "well beyond" in close.coach_meaning


def test_a_goal_the_coach_rates_otherwise_shows_both_views(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    goals_rate(goal_make(journey), start=-1, close=1, coach_close=0)

    summary = journey_summary(journey)

    assert summary.goals[0].levels[1] == RaterPair(
        client="+1 More than expected", coach="0 The expected outcome"
    )
    assert summary.scores[1].client != summary.scores[1].coach
    assert "where expected" in summary.scores[1].coach_meaning


def test_the_wheel_and_the_experiments_are_kept(closed: Journey) -> None:
    summary = journey_summary(closed)

    assert [(a.name, a.start, a.close, a.change) for a in summary.areas] == [
        ("Area 1", 4, 7, "+3"),
        ("Area 2", 5, 7, "+2"),
        ("Area 3", 6, 7, "+1"),
    ]
    assert summary.wheel_svg is not None
    assert "At the start" in summary.wheel_svg
    assert "At close" in summary.wheel_svg
    (experiment,) = summary.experiments
    assert (experiment.title, experiment.status) == ("Say no once", "Done")
    assert experiment.taught == "Saying no was easier than feared."


def test_the_wheel_picture_is_drawn_only_once_a_ring_is_rated(closed: Journey) -> None:
    from arcwise.outcomes.models import WheelRating

    assert wheel_picture(outcomes_for(closed.pk)) is not None
    WheelRating.objects.filter(area__journey=closed).delete()
    assert wheel_picture(outcomes_for(closed.pk)) is None


def test_the_closing_words_of_both_are_kept(closed: Journey) -> None:
    closing = journey_summary(closed).closing

    assert closing.client_words == "I stopped carrying everyone and slept better."
    assert closing.coach_words == "He lets the team struggle, and it grows."
    assert closing.takes_forward == "Ask before I fix."
    assert closing.on == CLOSED_ON


def test_a_journey_closed_before_reviews_keeps_the_coachs_words_from_the_journey(
    cast: Cast,
) -> None:
    journey = journey_close(make_journey(cast.coach, cast.client))
    assert not ClosingReview.objects.filter(journey=journey).exists()

    closing = journey_summary(journey).closing

    assert closing.coach_words == "He lets the team struggle, and it grows."
    assert (closing.client_words, closing.takes_forward) == ("", "")


def test_a_journey_ended_early_says_why(cast: Cast) -> None:
    journey = journey_end_early(make_journey(cast.coach, cast.client))

    summary = journey_summary(journey)

    assert summary.closed_early
    assert summary.status == "Ended early"
    assert summary.ended_early_because == "The client withdrew"
    assert "Moved abroad for work." in [line.adaptation.reason for line in summary.adaptations]


def test_an_open_journey_has_a_summary_so_far(cast: Cast) -> None:
    summary = journey_summary(make_journey(cast.coach, cast.client))

    assert not summary.ended
    assert summary.ended_on is None
    assert summary.scores == []


def test_the_private_session_record_never_reaches_a_summary(closed: Journey) -> None:
    summary = journey_summary(closed)
    html = summary_html(summary)

    assert not [word for word in PRIVATE if word in html]
    # Not even loaded: the sessions come without their record.
    for session in summary.journey.sessions.all():
        assert {"notes", "key_insights", "agreements"} <= session.get_deferred_fields()


def test_readiness_notes_stay_off_the_summarys_map(cast: Cast) -> None:
    journey = journey_grown(
        cast.coach,
        cast.client,
        phases=2,
        sessions_per_phase=1,
        goals=1,
        adaptations=0,
        experiments=0,
        areas=0,
    )

    summary = journey_summary(journey)

    assert len(summary.phases) == 2
    assert READINESS_NOTE not in summary.map_svg
    assert READINESS_NOTE not in summary_html(summary)


def grown(cast: Cast, size: int) -> Journey:
    return journey_grown(
        cast.coach,
        cast.client,
        phases=size,
        sessions_per_phase=size,
        goals=min(size, 6),
        adaptations=size * 3,
        experiments=size,
        areas=size + 2,
    )


def test_a_summary_costs_the_same_queries_however_long_the_journey(
    cast: Cast, django_assert_num_queries: Any
) -> None:
    small, big = grown(cast, 1), grown(cast, 4)
    assert big.sessions.count() == 16
    assert big.adaptations.count() == 12

    # journey with client, coach, version and review; phases, runs, plan, sessions,
    # adaptations, experiments; goals, their ratings, wheel areas, their ratings
    with django_assert_num_queries(11):
        journey_summary(small)
    with django_assert_num_queries(11):
        summary = journey_summary(big)

    assert len(summary.goals) == 4
    assert len(summary.phases) == 4
