"""Outcomes in practice, read from the database: figures checked against a hand-worked cast
of two designs, their scope to the practice, the page's section, the CSV and the queries."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.designs.models import DesignVersion
from arcwise.insights.outcome_figures import Spread, VersionOutcomes
from arcwise.insights.practice_outcomes import practice_outcomes
from arcwise.journeys.models import JourneyStatus
from tests.conftest import Cast
from tests.insights.outcome_factories import make_outcome_version, make_rated_journey
from tests.journeys.factories import publish_newer_version

pytestmark = pytest.mark.django_db

LEADING = "Leading without rescuing"
SECOND = "Second wind"


def hand_worked(cast: Cast) -> tuple[DesignVersion, DesignVersion]:
    """Two designs of the practice, their figures worked out by hand below.

    Leading, version 1: seven closed journeys, one ended early, two running. With one goal,
    T is 50 + 10 x the level; two goals both at +1 give 50 + 20 / sqrt(2.6) = 62.40.

                coach at close      client at close     Health start -> close
        J1      +2  -> 70           +1  -> 60           3 -> 6   +3
        J2      +1  -> 60           +1  -> 60           4 -> 6   +2
        J3      +1  -> 60            0  -> 50           5 -> 6   +1
        J4       0  -> 50           +2  -> 70           5 -> 5    0
        J5       0  -> 50           +1  -> 60           2 -> 4   +2
        J6      -1  -> 40           not rated           3 -> not rated at close
        J7      +1, one unrated     +1, +1 -> 62.40     "health" 5 -> 8   +3

    Coach, ranked: 40 50 50 60 60 70 -> median 55, middle half 50 to 60.
    Client, ranked: 50 60 60 60 62.4 70 -> median 60, middle half 60 to 61.8 (62).
    Health, ranked: 0 1 2 2 3 3 -> median 2, middle half 1.25 to 2.75.
    Work, on J1-J3 only: too few. The ended-early and running journeys' ratings, however
    high or low, count nowhere.

    Second wind: four closed journeys, every one rated, and one running: too few to say.
    """
    leading = make_outcome_version(cast.coach, LEADING)
    second = make_outcome_version(cast.coach, SECOND)
    health = [(3, 6), (4, 6), (5, 6), (5, 5), (2, 4), (3, None)]
    coach = [2, 1, 1, 0, 0, -1]
    client: list[int | None] = [1, 1, 0, 2, 1, None]
    for number, (start, close) in enumerate(health):
        wheel = {"Health": (start, close)}
        if number < 3:
            wheel["Work"] = (5, 7)
        make_rated_journey(
            cast.coach,
            leading,
            coach_levels=[coach[number]],
            client_levels=[client[number]],
            wheel=wheel,
        )
    make_rated_journey(
        cast.owner,
        leading,
        coach_levels=[1, None],
        client_levels=[1, 1],
        wheel={"health": (5, 8)},
    )
    make_rated_journey(
        cast.coach,
        leading,
        status=JourneyStatus.ENDED_EARLY,
        coach_levels=[-2],
        client_levels=[-2],
        wheel={"Health": (9, 0)},
    )
    for status in (JourneyStatus.ACTIVE, JourneyStatus.PAUSED):
        make_rated_journey(cast.coach, leading, status=status, coach_levels=[2], client_levels=[2])
    for _ in range(4):
        make_rated_journey(
            cast.coach, second, coach_levels=[2], client_levels=[2], wheel={"Calm": (1, 9)}
        )
    make_rated_journey(cast.coach, second, status=JourneyStatus.CLOSING)
    return leading, second


def by_name(cast: Cast) -> dict[tuple[str, int], VersionOutcomes]:
    return {(v.design_name, v.version_number): v for v in practice_outcomes(cast.practice)}


def test_journeys_are_counted_by_how_they_stand(cast: Cast) -> None:
    hand_worked(cast)

    found = by_name(cast)

    assert list(found) == [(LEADING, 1), (SECOND, 1)]
    leading, second = found[(LEADING, 1)], found[(SECOND, 1)]
    assert (leading.closed, leading.ended_early, leading.running) == (7, 1, 2)
    assert (second.closed, second.ended_early, second.running) == (4, 0, 1)


def test_t_at_close_is_the_median_and_middle_half_of_each_raters_closed_journeys(
    cast: Cast,
) -> None:
    hand_worked(cast)

    leading = by_name(cast)[(LEADING, 1)]

    assert leading.t_coach.spread == Spread(median=55, p25=50, p75=60)
    assert leading.t_coach.counted == 6  # J7 left out: one goal not rated by the coach
    client = leading.t_client.spread
    assert client is not None
    assert (client.median, client.p25, client.p75) == (60, 60, pytest.approx(61.8))
    assert leading.t_client.counted == 6  # J6 left out: the client did not rate at close
    assert leading.t_coach.words == "55 (middle half: 50 to 60; 6 journeys)"
    assert leading.t_client.words == "60 (middle half: 60 to 62; 6 journeys)"


def test_the_wheel_changes_by_area_matched_by_name(cast: Cast) -> None:
    hand_worked(cast)

    leading = by_name(cast)[(LEADING, 1)]

    areas = {area.name: area.figure for area in leading.areas}
    assert list(areas) == ["Health", "Work"]
    assert areas["Health"].spread == Spread(median=2, p25=1.25, p75=2.75)
    assert areas["Health"].words == "+2 (middle half: +1.3 to +2.8; 6 journeys)"
    assert areas["Work"].words == "too few to say (3 rated at start and close)"


def test_four_closed_journeys_are_too_few_to_say_anything(cast: Cast) -> None:
    hand_worked(cast)

    second = by_name(cast)[(SECOND, 1)]

    figures = [second.t_coach, second.t_client, *(area.figure for area in second.areas)]
    assert [f.words for f in figures] == ["too few to say (4 closed)"] * 3
    assert all(f.spread is None for f in figures)


def test_each_version_of_a_design_has_its_own_figures(cast: Cast) -> None:
    leading, _ = hand_worked(cast)
    newer = publish_newer_version(leading, lambda phases: phases)
    make_rated_journey(cast.coach, newer, coach_levels=[-2], client_levels=[-2])

    found = by_name(cast)

    assert found[(LEADING, 1)].t_coach.spread == Spread(median=55, p25=50, p75=60)
    assert found[(LEADING, 2)].closed == 1
    assert found[(LEADING, 2)].t_coach.words == "too few to say (1 closed)"


def test_another_practices_journeys_and_drafts_are_never_counted(cast: Cast) -> None:
    hand_worked(cast)
    theirs = make_outcome_version(cast.outsider, LEADING)
    for _ in range(5):
        make_rated_journey(cast.outsider, theirs, coach_levels=[-2], client_levels=[-2])
    make_rated_journey(cast.coach, make_outcome_version(cast.coach, "Drafted"), status="draft")

    found = by_name(cast)

    assert list(found) == [(LEADING, 1), (SECOND, 1)]
    assert found[(LEADING, 1)].closed == 7
    assert found[(LEADING, 1)].t_coach.spread == Spread(median=55, p25=50, p75=60)
    (elsewhere,) = practice_outcomes(cast.other_practice)
    assert (elsewhere.closed, elsewhere.t_coach.words) == (
        5,
        "30 (middle half: 30 to 30; 5 journeys)",
    )


# --- The page and the CSV -------------------------------------------------------------------


def test_the_page_shows_a_table_per_design_version_with_what_t_means(
    cast: Cast, as_owner: HttpClient
) -> None:
    hand_worked(cast)

    page = as_owner.get(reverse("insights:practice")).content.decode()

    assert "Outcomes by design" in page
    assert f"<caption>{LEADING}, version 1</caption>" in page
    assert f"<caption>{SECOND}, version 1</caption>" in page
    assert "55 (middle half: 50 to 60; 6 journeys)" in page
    assert "60 (middle half: 60 to 62; 6 journeys)" in page
    assert "Wheel change: Health" in page
    assert "+2 (middle half: +1.3 to +2.8; 6 journeys)" in page
    assert page.count("too few to say (4 closed)") == 3
    assert "T is 50 when every goal lands at the level expected for it" in page
    assert "goals whose expected level was set low" in page


def test_a_practice_sees_only_its_own_designs_outcomes(cast: Cast, as_outsider: HttpClient) -> None:
    hand_worked(cast)
    theirs = make_outcome_version(cast.outsider, "Elsewhere arc")
    make_rated_journey(cast.outsider, theirs, coach_levels=[0])

    page = as_outsider.get(reverse("insights:practice")).content.decode()

    assert "<caption>Elsewhere arc, version 1</caption>" in page
    assert LEADING not in page
    assert SECOND not in page


def test_mentors_do_not_see_outcomes(cast: Cast, as_mentor: HttpClient) -> None:
    hand_worked(cast)

    assert as_mentor.get(reverse("insights:practice")).status_code == 403
    assert as_mentor.get(reverse("insights:practice_csv")).status_code == 403


def outcome_rows(response: Any) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    start = rows.index([]) + 1
    header = rows[start]
    return [dict(zip(header, row, strict=True)) for row in rows[start + 1 :]]


def test_the_csv_carries_the_same_figures(cast: Cast, as_coach: HttpClient) -> None:
    hand_worked(cast)

    rows = outcome_rows(as_coach.get(reverse("insights:practice_csv")))

    figures = {(row["Design"], row["Figure"]): row for row in rows}
    counts = [
        figures[(LEADING, f"Journeys {s}")]["Journeys"]
        for s in ("closed", "ended early", "still running")
    ]
    assert counts == ["7", "1", "2"]
    coach = figures[(LEADING, "T at close (coach's ratings)")]
    assert [coach[k] for k in ("Version", "Journeys", "Median")] == ["1", "6", "55"]
    assert coach["Middle half from (25th percentile)"] == "50"
    assert coach["Middle half to (75th percentile)"] == "60"
    assert coach["Note"] == ""
    client = figures[(LEADING, "T at close (client's ratings)")]
    assert (client["Median"], client["Middle half to (75th percentile)"]) == ("60", "62")
    health = figures[(LEADING, "Wheel change: Health")]
    assert [health[k] for k in ("Median", "Middle half from (25th percentile)")] == ["2", "1.3"]
    too_few = figures[(SECOND, "T at close (coach's ratings)")]
    assert (too_few["Median"], too_few["Note"]) == ("", "too few to say (4 closed)")
    assert (SECOND, "Wheel change: Calm") in figures


def test_outcome_cells_a_spreadsheet_would_run_are_made_text(
    cast: Cast, as_coach: HttpClient
) -> None:
    version = make_outcome_version(cast.coach, '=HYPERLINK("http://evil.example","x")')
    make_rated_journey(cast.coach, version, coach_levels=[1], wheel={"-1 area": (1, 2)})

    rows = outcome_rows(as_coach.get(reverse("insights:practice_csv")))

    assert {row["Design"] for row in rows} == {'\'=HYPERLINK("http://evil.example","x")'}
    assert "Wheel change: -1 area" in {row["Figure"] for row in rows}


@pytest.mark.parametrize("size", [5, 12])
def test_the_page_with_outcomes_costs_the_same_queries_at_any_size(
    cast: Cast, as_coach: HttpClient, size: int, django_assert_num_queries: Any
) -> None:
    versions = [make_outcome_version(cast.coach, name) for name in ("Arc", "Bridge")]
    for number in range(size):
        make_rated_journey(
            cast.coach,
            versions[number % 2],
            status=JourneyStatus.CLOSED if number % 3 else JourneyStatus.ACTIVE,
            coach_levels=[1, 0],
            client_levels=[1, 1],
            wheel={"Health": (3, 6), "Work": (2, 5)},
        )

    # session, user, memberships; designs, phases, dwell, endings, adaptations, totals;
    # outcomes: journeys, then goals, goal ratings, areas, area ratings
    with django_assert_num_queries(14):
        response = as_coach.get(reverse("insights:practice"))
    assert "<caption>Bridge, version 1</caption>" in response.content.decode()
