"""Practice insight: figures checked against a hand-counted practice, its scope, its page
and CSV, and a query count that does not grow with the number of journeys."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.db import connection
from django.db.models import Value
from django.db.models.functions import Concat
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.designs.models import DesignVersion, Phase
from arcwise.insights.momentum.states import Kind, State
from arcwise.insights.momentum_facts import momentum_for
from arcwise.insights.practice import (
    DesignTotals,
    Dwell,
    PhaseInsight,
    PracticeInsight,
    designs_with_journeys,
    practice_insight,
)
from arcwise.insights.practice_csv import spreadsheet_safe
from arcwise.journeys.models import (
    Adaptation,
    AdaptationKind,
    Journey,
    JourneyStatus,
    PhaseRun,
    Session,
    SessionStatus,
)
from tests.conftest import Cast
from tests.designs.factories import make_design, make_phase_spec
from tests.factories import make_client
from tests.journeys.factories import at, make_journey, make_version, publish_newer_version

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 2)  # eight weeks after the journeys start on 7 September
KEYS = ("orient", "experiment", "close")  # each planned for two weeks


def d(month: int, day: int) -> date:
    return date(2026, month, day)


def stays(journey: Journey, *runs: tuple[str, date, date | None]) -> None:
    """Replace the journey's phase runs with `runs`: (phase key, entered, left or None)."""
    PhaseRun.objects.filter(journey=journey).delete()
    phases = {p.key: p for p in journey.design_version.phases.all()}
    PhaseRun.objects.bulk_create(
        PhaseRun(
            journey=journey,
            phase=phases[key],
            sequence=number,
            entered_on=entered,
            left_on=left,
            planned_weeks=phases[key].planned_weeks,
        )
        for number, (key, entered, left) in enumerate(runs, start=1)
    )


def held_on(journey: Journey, day: date) -> None:
    session = Session.objects.filter(journey=journey).order_by("starts_at")[0]
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.HELD, starts_at=at(day))


def set_status(journey: Journey, status: str) -> None:
    Journey.objects.filter(pk=journey.pk).update(status=status)


def adapt(journey: Journey, kind: str, key: str | None) -> None:
    phase = journey.design_version.phases.get(key=key) if key else None
    Adaptation.objects.create(
        journey=journey, kind=kind, reason="Deliberate.", phase=phase, on=TODAY
    )


def hand_counted(cast: Cast) -> DesignVersion:
    """Six journeys whose figures are worked out by hand in the tests below.

    days in orient:     A 14, B 21, C 7, D 7+14 (a revisit), E 56 (still there), F 7
    days in experiment: A 21, B 21, C 21 (ended early there), D 14+21 (still there), F 49
    days in close:      A 14, B 7
    """
    version = make_version(cast.client, cast.coach, KEYS)

    def journey() -> Journey:
        return make_journey(cast.coach, make_client(cast.practice), version=version)

    a, b, c, e, f = journey(), journey(), journey(), journey(), journey()
    dee = journey()
    stays(a, ("orient", d(9, 7), d(9, 21)), ("experiment", d(9, 21), d(10, 12)),
          ("close", d(10, 12), d(10, 26)))  # fmt: skip
    stays(b, ("orient", d(9, 7), d(9, 28)), ("experiment", d(9, 28), d(10, 19)),
          ("close", d(10, 19), d(10, 26)))  # fmt: skip
    set_status(a, JourneyStatus.CLOSED)
    set_status(b, JourneyStatus.CLOSED)
    stays(c, ("orient", d(9, 7), d(9, 14)), ("experiment", d(9, 14), d(10, 5)))
    set_status(c, JourneyStatus.ENDED_EARLY)
    adapt(c, AdaptationKind.END, None)
    # D went back to orient and is now 21 days into a two-week experiment (exactly 50% over)
    # with its last held session 48 days ago, more than three fortnights: stalled.
    stays(dee, ("orient", d(9, 7), d(9, 21)), ("experiment", d(9, 21), d(10, 5)),
          ("orient", d(10, 5), d(10, 12)), ("experiment", d(10, 12), None))  # fmt: skip
    held_on(dee, d(9, 15))
    adapt(dee, AdaptationKind.REVISIT, "orient")
    # E is far over its orient weeks, but had a session last week: slow, not stalled.
    stays(e, ("orient", d(9, 7), None))
    held_on(e, d(10, 26))
    adapt(e, AdaptationKind.EXTEND, "orient")
    # F is long in experiment with no sessions at all, but paused: a decision, not a stall.
    stays(f, ("orient", d(9, 7), d(9, 14)), ("experiment", d(9, 14), None))
    set_status(f, JourneyStatus.PAUSED)
    adapt(f, AdaptationKind.PAUSE, None)
    return version


def insight_of(cast: Cast, today: date = TODAY) -> PracticeInsight:
    designs = designs_with_journeys(cast.practice)
    return practice_insight(practice=cast.practice, designs=designs, design=designs[0], today=today)


def by_key(insight: PracticeInsight) -> dict[str, PhaseInsight]:
    return {phase.key: phase for phase in insight.phases}


def test_each_phase_counts_the_journeys_that_reached_it(cast: Cast) -> None:
    hand_counted(cast)

    phases = by_key(insight_of(cast))

    assert [p.key for p in insight_of(cast).phases] == list(KEYS)
    assert {key: p.reached for key, p in phases.items()} == {
        "orient": 6,
        "experiment": 5,
        "close": 2,
    }


def test_days_in_a_phase_give_exact_medians_and_quartiles(cast: Cast) -> None:
    hand_counted(cast)

    phases = by_key(insight_of(cast))

    # orient, ranked: 7 7 14 21 21 56. The median sits half-way between 14 and 21; the
    # 25th percentile a quarter of the way from 7 to 14; the 75th three quarters from 21 to 21.
    assert phases["orient"].dwell == Dwell(low=7, p25=8.75, median=17.5, p75=21, high=56)
    # experiment, ranked: 21 21 21 35 49 (D's two stays, 14 and 21, summed).
    assert phases["experiment"].dwell == Dwell(low=21, p25=21, median=21, p75=35, high=49)
    # close: 7 14.
    assert phases["close"].dwell == Dwell(low=7, p25=8.75, median=10.5, p75=12.25, high=14)
    assert phases["orient"].dwell_weeks == Dwell(low=1, p25=1.2, median=2.5, p75=3, high=8)
    assert phases["orient"].over_plan
    assert phases["experiment"].over_plan
    assert not phases["close"].over_plan


def test_stalls_and_early_endings_are_placed_in_their_phase(cast: Cast) -> None:
    hand_counted(cast)

    phases = by_key(insight_of(cast))

    assert {key: (p.stalled, p.ended_early) for key, p in phases.items()} == {
        "orient": (0, 0),  # E is slow but had a session a week ago
        "experiment": (1, 1),  # D stalled (F is paused); C ended early there
        "close": (0, 0),
    }


def test_a_stall_is_a_session_gap_past_the_practices_threshold(cast: Cast) -> None:
    hand_counted(cast)
    dee = Journey.objects.get(status=JourneyStatus.ACTIVE, phase_runs__entered_on=d(10, 12))

    # D's last held session, 48 days ago, is past 2.5 fortnights (35 days): stalled.
    assert by_key(insight_of(cast))["experiment"].stalled == 1
    # A practice that waits 4 cadences (56 days) before calling it a stall: not yet.
    cast.practice.momentum_thresholds = {"gap_stalled_cadences": 4}
    cast.practice.save(update_fields=["momentum_thresholds"])
    assert by_key(insight_of(cast))["experiment"].stalled == 0
    cast.practice.momentum_thresholds = {}
    cast.practice.save(update_fields=["momentum_thresholds"])
    # With a held session 35 days before, on the threshold itself: not stalled.
    Session.objects.filter(journey=dee, status=SessionStatus.HELD).update(starts_at=at(d(9, 28)))
    assert by_key(insight_of(cast))["experiment"].stalled == 0


def test_the_insight_and_the_caseloads_momentum_agree_on_a_stall(cast: Cast) -> None:
    hand_counted(cast)
    dee = Journey.objects.get(status=JourneyStatus.ACTIVE, phase_runs__entered_on=d(10, 12))
    noon = datetime(2026, 11, 2, 12, tzinfo=UTC)

    signals = momentum_for([dee.pk], now=noon)[dee.pk].signals
    assert [s.kind for s in signals if s.severity == State.STALLED] == [Kind.SESSION_GAP]
    assert by_key(insight_of(cast))["experiment"].stalled == 1


def test_a_journey_with_no_session_yet_stalls_only_once_its_start_is_that_far_back(
    cast: Cast,
) -> None:
    hand_counted(cast)
    quiet = make_journey(cast.coach, cast.client, version=DesignVersion.objects.get())
    Journey.objects.filter(pk=quiet.pk).update(start_date=d(10, 1))
    stays(quiet, ("orient", d(10, 1), None))

    # 32 days since the start, inside 35: not stalled; 36 days: stalled.
    assert by_key(insight_of(cast))["orient"].stalled == 0
    assert by_key(insight_of(cast, d(11, 6)))["orient"].stalled == 1


def test_adaptations_are_counted_by_kind_in_their_phase_or_for_the_whole_journey(
    cast: Cast,
) -> None:
    hand_counted(cast)

    insight = insight_of(cast)

    assert by_key(insight)["orient"].adaptations == {"revisit": 1, "extend": 1}
    assert by_key(insight)["experiment"].adaptations == {}
    assert insight.journey_adaptations == {"end": 1, "pause": 1}
    assert [kind for kind, _ in insight.adaptation_kinds] == ["extend", "revisit", "pause", "end"]


def test_completion_with_closure_is_closed_of_those_that_ended(cast: Cast) -> None:
    hand_counted(cast)

    totals = insight_of(cast).totals

    assert totals == DesignTotals(started=6, closed=2, ended_early=1, open=3)
    assert totals.closure_rate == pytest.approx(2 / 3)
    assert totals.closure_percent == 67
    assert DesignTotals(started=2, closed=0, ended_early=0, open=2).closure_rate is None


def test_all_versions_of_a_design_count_together_under_the_newest_names(cast: Cast) -> None:
    version = hand_counted(cast)
    newer = publish_newer_version(
        version,
        lambda phases: tuple(
            p if p.key != "orient" else make_phase_spec("orient", name="Arrive", planned_weeks=3)
            for p in phases
        ),
    )
    moved = make_journey(cast.coach, make_client(cast.practice), version=newer)
    stays(moved, ("orient", d(9, 7), d(9, 14)), ("experiment", d(9, 14), None))
    held_on(moved, d(10, 30))

    insight = insight_of(cast)

    assert len(insight.designs) == 1
    orient = by_key(insight)["orient"]
    assert (orient.name, orient.planned_weeks, orient.reached) == ("Arrive", 3, 7)
    assert by_key(insight)["experiment"].reached == 6
    assert insight.totals.started == 7


def test_another_practice_and_another_design_are_never_counted(cast: Cast) -> None:
    hand_counted(cast)
    elsewhere = make_journey(cast.outsider, cast.outsiders_client, *KEYS)
    stays(elsewhere, ("orient", d(9, 7), d(9, 8)), ("experiment", d(9, 8), d(9, 9)))
    set_status(elsewhere, JourneyStatus.ENDED_EARLY)
    other_design = make_journey(cast.coach, make_client(cast.practice), *KEYS)
    stays(other_design, ("orient", d(9, 7), None))

    designs = designs_with_journeys(cast.practice)
    first = practice_insight(
        practice=cast.practice, designs=designs, design=designs[0], today=TODAY
    )
    second = practice_insight(
        practice=cast.practice, designs=designs, design=designs[1], today=TODAY
    )

    assert [d.journeys for d in designs] == [6, 1]
    assert by_key(first)["orient"].reached == 6
    assert by_key(first)["experiment"].ended_early == 1
    assert by_key(second)["orient"].reached == 1
    assert by_key(second)["experiment"].reached == 0
    assert second.totals == DesignTotals(started=1, closed=0, ended_early=0, open=1)
    # The outsider's own practice sees only its journey.
    theirs = designs_with_journeys(cast.other_practice)
    assert [d.journeys for d in theirs] == [1]


def test_the_figures_cost_six_queries(cast: Cast, django_assert_num_queries: Any) -> None:
    hand_counted(cast)

    with django_assert_num_queries(6):
        insight_of(cast)


def test_a_practice_without_journeys_has_nothing_to_show(cast: Cast, as_owner: HttpClient) -> None:
    make_design(cast.practice, cast.coach, published=True)  # a design no journey uses

    assert designs_with_journeys(cast.practice) == []
    page = as_owner.get(reverse("insights:practice")).content.decode()
    assert "No journey has started yet" in page


# --- The page -------------------------------------------------------------------------------


def test_the_owner_sees_the_charts_with_their_tables(cast: Cast, as_owner: HttpClient) -> None:
    hand_counted(cast)

    page = as_owner.get(reverse("insights:practice")).content.decode()

    assert page.count('role="img"') == 2
    assert 'class="dwell-chart"' in page
    assert 'class="funnel-chart"' in page
    assert "Completion with closure" in page
    assert "closed ÷ (closed + ended early)" in page
    assert '<th scope="row">Experiment</th>' in page
    assert "Quentin" not in page  # no client is named
    assert 'href="/caseload/practice/" aria-current="page">Insight</a>' in page
    assert 'href="/caseload/" aria-current' not in page


@pytest.mark.parametrize("size", [3, 30])
def test_the_page_costs_the_same_queries_at_any_size(
    cast: Cast, as_coach: HttpClient, size: int, django_assert_num_queries: Any
) -> None:
    version = make_version(cast.client, cast.coach, KEYS)
    for number in range(size):
        journey = make_journey(cast.coach, make_client(cast.practice), version=version)
        if number % 3 == 0:
            stays(journey, ("orient", d(9, 7), d(9, 14)), ("experiment", d(9, 14), None))

    # session, user, memberships; designs, phases, dwell, endings, adaptations, totals;
    # the outcomes' journeys (no journey has closed, so no goals or wheels are read)
    with django_assert_num_queries(10):
        response = as_coach.get(reverse("insights:practice"))
    assert f"{size} journeys started" in response.content.decode()


def test_a_design_is_picked_from_the_list(cast: Cast, as_coach: HttpClient) -> None:
    hand_counted(cast)
    make_design(cast.practice, cast.coach, published=True, name="Second arc")
    other = make_journey(cast.coach, make_client(cast.practice), "begin", "end")
    chosen = other.design_version.design

    page = as_coach.get(reverse("insights:practice"), {"design": str(chosen.public_id)})

    text = page.content.decode()
    assert f'<option value="{chosen.public_id}" selected>' in text
    assert '<th scope="row">Begin</th>' in text
    assert '<th scope="row">Orient</th>' not in text
    assert "Second arc" not in text  # no journey uses it


def test_an_unknown_design_is_refused_with_a_message(cast: Cast, as_coach: HttpClient) -> None:
    hand_counted(cast)

    response = as_coach.get(reverse("insights:practice"), {"design": "not-a-design"})

    assert response.status_code == 200
    assert "That design has no journeys in this practice" in response.content.decode()
    csv_response = as_coach.get(reverse("insights:practice_csv"), {"design": "not-a-design"})
    assert csv_response.status_code == 302
    assert csv_response["Location"].startswith(reverse("insights:practice"))


def test_another_practices_design_is_not_shown(cast: Cast, as_coach: HttpClient) -> None:
    hand_counted(cast)
    elsewhere = make_journey(cast.outsider, cast.outsiders_client, "secret-phase")

    response = as_coach.get(
        reverse("insights:practice"), {"design": str(elsewhere.design_version.design.public_id)}
    )

    assert "That design has no journeys in this practice" in response.content.decode()
    assert "Secret phase" not in response.content.decode()


# --- The CSV --------------------------------------------------------------------------------


def read_csv(response: Any) -> list[list[str]]:
    """The per-phase rows, header first: the rows before the empty row the outcomes follow."""
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    return rows[: rows.index([])] if [] in rows else rows


def test_the_csv_holds_the_per_phase_figures(cast: Cast, as_coach: HttpClient) -> None:
    hand_counted(cast)

    response = as_coach.get(reverse("insights:practice_csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="insight-test-arc-')
    rows = read_csv(response)
    header = rows[0]
    assert header[:11] == [
        "Design", "Phase", "Planned weeks", "Journeys reached", "Shortest stay (weeks)",
        "25th percentile (weeks)", "Median (weeks)", "75th percentile (weeks)",
        "Longest stay (weeks)", "Stalled there now", "Ended early there",
    ]  # fmt: skip
    figures = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert list(figures) == ["Orient", "Experiment", "Close"]
    experiment = figures["Experiment"]
    assert (experiment["Journeys reached"], experiment["Median (weeks)"]) == ("5", "3.0")
    assert experiment["Ended early there"] == "1"
    assert figures["Orient"]["Adaptations: revisited a phase"] == "1"


def test_csv_cells_a_spreadsheet_would_run_are_made_text(cast: Cast, as_coach: HttpClient) -> None:
    design = make_design(
        cast.practice,
        cast.coach,
        published=True,
        name='=HYPERLINK("http://evil.example","click")',
        phases=(
            make_phase_spec("orient", name="+1 start"),
            make_phase_spec("close", name="@close"),
            make_phase_spec("after", name="-after"),
        ),
    )
    make_journey(cast.coach, cast.client, version=DesignVersion.objects.get(design=design))

    rows = read_csv(as_coach.get(reverse("insights:practice_csv")))

    assert [row[1] for row in rows[1:]] == ["'+1 start", "'@close", "'-after"]
    assert all(row[0] == '\'=HYPERLINK("http://evil.example","click")' for row in rows[1:])


def test_only_text_is_neutralised() -> None:
    assert spreadsheet_safe("=1+1") == "'=1+1"
    assert spreadsheet_safe("\t=1") == "'\t=1"
    assert spreadsheet_safe("Orient = arrive") == "Orient = arrive"
    assert spreadsheet_safe(-3) == -3
    assert spreadsheet_safe(2.5) == 2.5


HOSTILE = "x'); DROP TABLE journeys_journey; --"
# A phase key holds at most 40 characters (PostgreSQL enforces it; SQLite does not).
HOSTILE_KEY = "x');--"


def statements_of(cast: Cast) -> tuple[PracticeInsight, list[str]]:
    """The insight, and the SQL texts of the queries it sent (without their parameters)."""
    texts: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        texts.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        insight = insight_of(cast)
    return insight, texts


def test_hostile_names_and_thresholds_cannot_change_the_insights_sql(cast: Cast) -> None:
    version = hand_counted(cast)
    plain, plain_sql = statements_of(cast)
    Phase.objects.filter(version=version).update(key=Concat(Value(HOSTILE_KEY), "key"))
    DesignVersion.objects.filter(pk=version.pk).update(name=HOSTILE)
    cast.practice.momentum_thresholds = {"gap_stalled_cadences": f"2{HOSTILE}"}
    cast.practice.save(update_fields=["momentum_thresholds"])

    hostile, hostile_sql = statements_of(cast)

    assert hostile_sql == plain_sql
    assert not any(HOSTILE in sql or HOSTILE_KEY in sql for sql in hostile_sql)
    assert hostile.design is not None
    assert hostile.design.name == HOSTILE
    assert [(p.key, p.reached, p.dwell, p.stalled) for p in hostile.phases] == [
        (HOSTILE_KEY + p.key, p.reached, p.dwell, p.stalled) for p in plain.phases
    ]
    assert Journey.objects.filter(practice=cast.practice).count() == 6
