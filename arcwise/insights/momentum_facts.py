"""The facts momentum judges, loaded for many journeys at once.

Seven queries, however many journeys: one per kind of fact, each reading plain values
(`values_list`, no model instances) for every journey in the selection, grouped here by
journey. Building model instances would cost more than judging the journeys does.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from operator import itemgetter
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.sql import Query

from arcwise.insights.momentum.facts import (
    JourneyFacts,
    Pause,
    pauses_from,
)
from arcwise.insights.momentum.judgement import assess
from arcwise.insights.momentum.states import Momentum
from arcwise.insights.momentum.thresholds import DEFAULT, Thresholds
from arcwise.journeys.models import (
    ENDED_STATUSES,
    Adaptation,
    AdaptationKind,
    Experiment,
    ExperimentStatus,
    Journey,
    JourneyStatus,
    PhaseRun,
    PulseAnswer,
    Session,
)
from arcwise.portal.models import ReflectionRequest

FACT_QUERIES = 7  # what `load_facts` costs, for query-count tests and the benchmark


@dataclass(frozen=True)
class FactRows:
    """The rows momentum reads, as the database returns them: one list per query."""

    journeys: list[tuple[Any, ...]]
    sessions: list[tuple[Any, ...]]
    runs: list[tuple[Any, ...]]
    reflections: list[tuple[Any, ...]]
    experiments: list[tuple[Any, ...]]
    pulses: list[tuple[Any, ...]]
    pause_days: list[tuple[Any, ...]]


def load_facts(journeys: QuerySet[Journey] | Iterable[int]) -> dict[int, JourneyFacts]:
    """{journey pk: its facts} for a queryset of journeys (or their pks), in seven queries.

    With a queryset, each query selects its rows through it as a subquery, so a caseload of
    thousands never sends thousands of ids.
    """
    return facts_from(fact_rows(journeys))


def momentum_for(
    journeys: QuerySet[Journey] | Iterable[int],
    now: datetime,
    thresholds: Thresholds = DEFAULT,
) -> dict[int, Momentum]:
    """{journey pk: its momentum as of `now`}: what the caseload needs, in seven queries."""
    return {pk: assess(one, now, thresholds) for pk, one in load_facts(journeys).items()}


def fact_rows(journeys: QuerySet[Journey] | Iterable[int]) -> FactRows:
    """The seven queries behind `load_facts`, plain values only. Apart from the runs and
    the pause log, whose order matters, nothing is sorted: momentum needs no order.

    Each query selects its rows through the journeys' own query as a subquery. Django
    writes the SQL (`fact_queries`: table and column names from the models, every value a
    query parameter), and the rows are read straight from the cursor: running Django's
    per-value converters over half a million rows cost several times what the database
    did. The one conversion momentum needs is made here: SQLite returns moments naive (in
    UTC), PostgreSQL aware, and momentum is given aware ones either way (`_aware`). Dates
    come as dates from both.
    """
    if not isinstance(journeys, QuerySet):
        journeys = Journey.objects.filter(pk__in=list(journeys))
    try:
        queries = [query.get_compiler(journeys.db).as_sql() for query in fact_queries(journeys)]
    except EmptyResultSet:  # journeys by pk, and none given
        return FactRows([], [], [], [], [], [], [])
    with connections[journeys.db].cursor() as cursor:
        fetched = []
        for sql, params in queries:
            cursor.execute(sql, params)
            fetched.append(cursor.fetchall())
    journey_rows, sessions, runs, reflections, experiments, pulses, pause_days = fetched
    if sessions and not _is_aware(sessions[0][1]):
        sessions = [(j, _utc(at), status) for j, at, status in sessions]
    if reflections and not _is_aware(_first_moment(reflections, 2)):
        reflections = [(j, due, _aware(at)) for j, due, at in reflections]
    open_ = ExperimentStatus.OPEN.value
    experiments = [
        (j, title, _aware(agreed), by_when, _aware(checked), status != open_, _aware(closed))
        for j, title, agreed, by_when, checked, status, closed in experiments
    ]
    if pulses and not _is_aware(pulses[0][4]):
        pulses = [(j, week, scale, value, _utc(at)) for j, week, scale, value, at in pulses]
    return FactRows(
        journeys=journey_rows,
        sessions=sessions,
        runs=runs,
        reflections=reflections,
        experiments=experiments,
        pulses=pulses,
        pause_days=pause_days,
    )


def fact_queries(journeys: QuerySet[Journey]) -> list[Query]:
    """The seven queries, in `FactRows` order, each reading its rows for `journeys`
    through their query as a subquery (never a list of ids)."""
    within = journeys.order_by().values_list("pk", flat=True)
    querysets: list[QuerySet[Any, Any]] = [
        Journey.objects.filter(pk__in=within).values_list(
            "id",
            "start_date",
            "planned_end",
            "cadence_days",
            "coach__time_zone",
            "status",
            "ended_on",
            "paused_on",
            "paused_until",
        ),
        Session.objects.filter(journey__in=within).values_list("journey_id", "starts_at", "status"),
        PhaseRun.objects.filter(journey__in=within)
        .order_by("journey_id", "sequence")
        .values_list("journey_id", "phase__name", "entered_on", "left_on", "planned_weeks"),
        ReflectionRequest.objects.filter(journey__in=within).values_list(
            "journey_id", "due_on", "answered_at"
        ),
        Experiment.objects.filter(journey__in=within).values_list(
            "journey_id",
            "title",
            "created_at",
            "by_when",
            "check_in__created_at",
            "status",
            "closed_at",
        ),
        PulseAnswer.objects.filter(journey__in=within).values_list(
            "journey_id", "week_of", "scale", "value", "answered_at"
        ),
        Adaptation.objects.filter(
            journey__in=within, kind__in=(AdaptationKind.PAUSE, AdaptationKind.RESUME)
        )
        .order_by("journey_id", "on", "created_at", "id")
        .values_list("journey_id", "on", "kind"),
    ]
    # Only the runs and the pause log need an order; the models' default orderings go.
    return [(qs if qs.query.order_by else qs.order_by()).query for qs in querysets]


def _is_aware(moment: datetime | None) -> bool:
    return moment is None or moment.tzinfo is not None


def _first_moment(rows: list[tuple[Any, ...]], column: int) -> datetime | None:
    return next((row[column] for row in rows if row[column] is not None), None)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def _aware(moment: datetime | None) -> datetime | None:
    """A moment from the database, aware: SQLite's naive ones are in UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def facts_from(rows: FactRows) -> dict[int, JourneyFacts]:
    """The rows grouped by journey, as momentum's facts."""
    sessions = _grouped(rows.sessions, itemgetter(1, 2))
    runs = _grouped(rows.runs, itemgetter(1, 2, 3, 4))
    reflections = _grouped(rows.reflections, itemgetter(1, 2))
    experiments = _grouped(rows.experiments, itemgetter(1, 2, 3, 4, 5, 6))
    pulses = _grouped(rows.pulses, itemgetter(1, 2, 3, 4))
    pause_days: defaultdict[int, list[tuple[date, bool]]] = defaultdict(list)
    for journey_id, on, kind in rows.pause_days:
        pause_days[journey_id].append((on, kind == AdaptationKind.PAUSE))

    facts: dict[int, JourneyFacts] = {}
    for (
        journey_id,
        start_date,
        planned_end,
        cadence_days,
        zone,
        status,
        ended_on,
        paused_on,
        paused_until,
    ) in rows.journeys:
        ended = status in ENDED_STATUSES
        facts[journey_id] = JourneyFacts(
            start_date=start_date,
            planned_end=planned_end,
            cadence_days=cadence_days,
            zone=zone or "UTC",
            sessions=sessions.get(journey_id, ()),
            runs=runs.get(journey_id, ()),
            reflections=reflections.get(journey_id, ()),
            experiments=experiments.get(journey_id, ()),
            pulses=pulses.get(journey_id, ()),
            pauses=_pauses(
                pause_days.get(journey_id, ()),
                paused=status == JourneyStatus.PAUSED,
                paused_on=paused_on,
                paused_until=paused_until,
                ended_on=ended_on if ended else None,
            ),
            ended_on=ended_on if ended else None,
            ended_early=status == JourneyStatus.ENDED_EARLY,
        )
    return facts


_JOURNEY = itemgetter(0)


def _grouped(
    rows: list[tuple[Any, ...]], fields: itemgetter[Any]
) -> dict[int, tuple[tuple[Any, ...], ...]]:
    """{journey pk: its facts (the `fields` of its rows), in the rows' order} from rows led
    by the journey pk.

    Every step per row runs in C (a stable sort, itemgetter, counting), with Python code
    only once per journey: this is most of what momentum adds to loading. The facts are
    plain tuples, which the garbage collector stops watching (see `momentum.facts`).
    """
    rows.sort(key=_JOURNEY)  # stable: the runs keep their order within a journey
    made = list(map(fields, rows))
    grouped: dict[int, tuple[tuple[Any, ...], ...]] = {}
    start = 0
    # Counter keeps first-seen order, which after the sort is each journey's run of rows.
    for journey_id, count in Counter(map(_JOURNEY, rows)).items():
        grouped[journey_id] = tuple(made[start : start + count])
        start += count
    return grouped


def _pauses(
    days: Iterable[tuple[date, bool]],
    *,
    paused: bool,
    paused_on: date | None,
    paused_until: date | None,
    ended_on: date | None,
) -> tuple[Pause, ...]:
    """The journey's pauses from its pause and resume adaptations, squared with its status:
    a pause still open is kept only while the journey is paused (an ending closes it), and a
    journey paused without a logged pause is paused from `paused_on`."""
    periods = list(pauses_from(days, paused_until))
    if periods and periods[-1].until is None and not paused:
        last = periods.pop()
        if ended_on is not None and ended_on > last.since:
            periods.append(Pause(last.since, ended_on))
    if paused and (not periods or periods[-1].until is not None) and paused_on is not None:
        periods.append(Pause(paused_on, None, paused_until))
    return tuple(periods)
