"""The facts momentum judges, loaded for many journeys at once.

Seven queries, however many journeys: one per kind of fact, each reading plain values
(`values_list`, no model instances) for every journey in the selection, grouped here by
journey. Building model instances would cost more than judging the journeys does.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from operator import itemgetter
from typing import Any, TypeVar

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from arcwise.insights.momentum import (
    DEFAULT,
    ExperimentFact,
    JourneyFacts,
    Momentum,
    Pause,
    PhaseRunFact,
    PulseFact,
    ReflectionFact,
    SessionFact,
    Thresholds,
    assess,
    collector_paused,
    pauses_from,
)
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
    """{journey pk: its momentum as of `now`}: what the caseload needs, in seven queries.

    The facts are made, judged and let go while the garbage collector is paused (see
    `collector_paused`), so it never walks them: only the judgements outlive this call.
    """
    rows = fact_rows(journeys)
    with collector_paused():
        facts = _facts_from(rows)
        del rows
        judged = {pk: assess(one, now, thresholds) for pk, one in facts.items()}
        del facts
    return judged


def fact_rows(journeys: QuerySet[Journey] | Iterable[int]) -> FactRows:
    """The seven queries behind `load_facts`, plain values only. Apart from the runs and
    the pause log, whose order matters, nothing is sorted: momentum needs no order."""
    if not isinstance(journeys, QuerySet):
        journeys = Journey.objects.filter(pk__in=list(journeys))
    selection = journeys.order_by().values_list("pk", flat=True)
    within = {"journey_id__in": selection}
    return FactRows(
        journeys=list(
            Journey.objects.filter(pk__in=selection)
            .order_by()
            .values_list(
                "pk",
                "start_date",
                "planned_end",
                "cadence_days",
                "coach__time_zone",
                "status",
                "ended_on",
                "paused_on",
                "paused_until",
            )
        ),
        sessions=list(
            Session.objects.filter(**within)
            .order_by()
            .values_list("journey_id", "starts_at", "status")
        ),
        runs=list(
            PhaseRun.objects.filter(**within)
            .order_by("journey_id", "sequence")
            .values_list("journey_id", "phase__name", "entered_on", "left_on", "planned_weeks")
        ),
        reflections=list(
            ReflectionRequest.objects.filter(**within)
            .order_by()
            .values_list("journey_id", "due_on", "answered_at")
        ),
        experiments=list(
            Experiment.objects.filter(**within)
            .order_by()
            .annotate(
                closed=ExpressionWrapper(
                    ~Q(status=ExperimentStatus.OPEN), output_field=BooleanField()
                )
            )
            .values_list(
                "journey_id",
                "title",
                "created_at",
                "by_when",
                "check_in__created_at",
                "closed",
                "closed_at",
            )
        ),
        pulses=list(
            PulseAnswer.objects.filter(**within)
            .order_by()
            .values_list("journey_id", "week_of", "scale", "value", "answered_at")
        ),
        pause_days=list(
            Adaptation.objects.filter(
                **within, kind__in=(AdaptationKind.PAUSE, AdaptationKind.RESUME)
            )
            .order_by("journey_id", "on", "created_at", "pk")
            .values_list("journey_id", "on", "kind")
        ),
    )


def facts_from(rows: FactRows) -> dict[int, JourneyFacts]:
    """The rows grouped by journey, as momentum's facts."""
    with collector_paused():
        return _facts_from(rows)


def _facts_from(rows: FactRows) -> dict[int, JourneyFacts]:
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
