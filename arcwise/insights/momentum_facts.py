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
from functools import lru_cache, partial
from operator import itemgetter
from typing import Any, NamedTuple, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import QuerySet

from arcwise.insights.momentum.facts import (
    ExperimentFact,
    JourneyFacts,
    Pause,
    PhaseRunFact,
    PulseFact,
    ReflectionFact,
    SessionFact,
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
from arcwise.portal.models import ExperimentCheckIn, ReflectionRequest

T = TypeVar("T", bound=tuple[Any, ...])

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

    The queries are plain SQL (`_fact_sql`, the same on SQLite and PostgreSQL), each
    selecting its rows through the journeys' own query as a subquery, and the rows are read
    straight from the cursor: building seven querysets and running Django's per-value
    converters cost several times what the database did. The one conversion momentum needs
    is made here: SQLite returns moments naive (in UTC), PostgreSQL aware, and momentum is
    given aware ones either way (`_aware`). Dates come as dates from both.
    """
    if not isinstance(journeys, QuerySet):
        journeys = Journey.objects.filter(pk__in=list(journeys))
    selection = journeys.order_by().values_list("pk", flat=True)
    try:
        within, params = selection.query.sql_with_params()
    except EmptyResultSet:  # journeys by pk, and none given
        return FactRows([], [], [], [], [], [], [])
    sql = _fact_sql(selection.db)
    with connections[selection.db].cursor() as cursor:

        def rows(query: str, *more: str) -> list[tuple[Any, ...]]:
            cursor.execute(query.replace("{within}", within), (*params, *more))
            return cursor.fetchall()

        journey_rows = rows(sql.journeys)
        sessions = rows(sql.sessions)
        runs = rows(sql.runs)
        reflections = rows(sql.reflections)
        experiments = rows(sql.experiments)
        pulses = rows(sql.pulses)
        pause_days = rows(sql.pause_days, AdaptationKind.PAUSE.value, AdaptationKind.RESUME.value)
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


class FactSQL(NamedTuple):
    """The seven queries; `{within}` stands for the selection's subquery."""

    journeys: str
    sessions: str
    runs: str
    reflections: str
    experiments: str
    pulses: str
    pause_days: str


@lru_cache(maxsize=8)
def _fact_sql(alias: str) -> FactSQL:
    """The queries, from the models' own table and column names, quoted for the database
    `alias` names. Only standard SQL: joins, IN over a subquery, ORDER BY."""
    quote = connections[alias].ops.quote_name

    def table(model: type[models.Model]) -> str:
        return quote(model._meta.db_table)

    def column(model: type[models.Model], name: str, alias: str) -> str:
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field)
        assert field.column
        return f"{alias}.{quote(field.column)}"

    def columns(model: type[models.Model], alias: str, *names: str) -> str:
        return ", ".join(column(model, name, alias) for name in names)

    user = Journey._meta.get_field("coach").related_model
    phase = PhaseRun._meta.get_field("phase").related_model
    assert isinstance(user, type)
    assert isinstance(phase, type)
    within = "{within}"
    # Every name put into these strings is a table or column name from the models, quoted;
    # every value is a query parameter. Nothing a user typed is ever part of the SQL.
    return FactSQL(
        journeys=(
            f"SELECT {columns(Journey, 'j', 'id', 'start_date', 'planned_end', 'cadence_days')}, "  # noqa: S608
            f"{column(user, 'time_zone', 'u')}, "
            f"{columns(Journey, 'j', 'status', 'ended_on', 'paused_on', 'paused_until')} "
            f"FROM {table(Journey)} j LEFT OUTER JOIN {table(user)} u "
            f"ON {column(user, 'id', 'u')} = {column(Journey, 'coach', 'j')} "
            f"WHERE {column(Journey, 'id', 'j')} IN ({within})"
        ),
        sessions=(
            f"SELECT {columns(Session, 's', 'journey', 'starts_at', 'status')} "  # noqa: S608
            f"FROM {table(Session)} s WHERE {column(Session, 'journey', 's')} IN ({within})"
        ),
        runs=(
            f"SELECT {column(PhaseRun, 'journey', 'r')}, {column(phase, 'name', 'p')}, "  # noqa: S608
            f"{columns(PhaseRun, 'r', 'entered_on', 'left_on', 'planned_weeks')} "
            f"FROM {table(PhaseRun)} r LEFT OUTER JOIN {table(phase)} p "
            f"ON {column(phase, 'id', 'p')} = {column(PhaseRun, 'phase', 'r')} "
            f"WHERE {column(PhaseRun, 'journey', 'r')} IN ({within}) "
            f"ORDER BY {column(PhaseRun, 'journey', 'r')}, {column(PhaseRun, 'sequence', 'r')}"
        ),
        reflections=(
            f"SELECT {columns(ReflectionRequest, 'q', 'journey', 'due_on', 'answered_at')} "  # noqa: S608
            f"FROM {table(ReflectionRequest)} q "
            f"WHERE {column(ReflectionRequest, 'journey', 'q')} IN ({within})"
        ),
        experiments=(
            f"SELECT {columns(Experiment, 'e', 'journey', 'title', 'created_at', 'by_when')}, "  # noqa: S608
            f"{column(ExperimentCheckIn, 'created_at', 'c')}, "
            f"{columns(Experiment, 'e', 'status', 'closed_at')} "
            f"FROM {table(Experiment)} e LEFT OUTER JOIN {table(ExperimentCheckIn)} c "
            f"ON {column(ExperimentCheckIn, 'experiment', 'c')} = {column(Experiment, 'id', 'e')} "
            f"WHERE {column(Experiment, 'journey', 'e')} IN ({within})"
        ),
        pulses=(
            f"SELECT {columns(PulseAnswer, 'a', 'journey', 'week_of', 'scale', 'value')}, "  # noqa: S608
            f"{column(PulseAnswer, 'answered_at', 'a')} "
            f"FROM {table(PulseAnswer)} a WHERE {column(PulseAnswer, 'journey', 'a')} IN ({within})"
        ),
        pause_days=(
            f"SELECT {columns(Adaptation, 'd', 'journey', 'on', 'kind')} "  # noqa: S608
            f"FROM {table(Adaptation)} d "
            f"WHERE {column(Adaptation, 'journey', 'd')} IN ({within}) "
            f"AND {column(Adaptation, 'kind', 'd')} IN (%s, %s) "
            f"ORDER BY {columns(Adaptation, 'd', 'journey', 'on', 'created_at', 'id')}"
        ),
    )


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
    sessions = _grouped(rows.sessions, SessionFact, itemgetter(1, 2))
    runs = _grouped(rows.runs, PhaseRunFact, itemgetter(1, 2, 3, 4))
    reflections = _grouped(rows.reflections, ReflectionFact, itemgetter(1, 2))
    experiments = _grouped(rows.experiments, ExperimentFact, itemgetter(1, 2, 3, 4, 5, 6))
    pulses = _grouped(rows.pulses, PulseFact, itemgetter(1, 2, 3, 4))
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
    rows: list[tuple[Any, ...]], kind: type[T], fields: itemgetter[Any]
) -> dict[int, tuple[T, ...]]:
    """{journey pk: its facts of `kind`, in the rows' order} from rows led by the journey pk.

    Every step per row runs in C (a stable sort, itemgetter, the tuple constructor, counting),
    with Python code only once per journey: this is most of what momentum adds to loading.
    """
    rows.sort(key=_JOURNEY)  # stable: the runs keep their order within a journey
    made = list(map(partial(tuple.__new__, kind), map(fields, rows)))
    grouped: dict[int, tuple[T, ...]] = {}
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
