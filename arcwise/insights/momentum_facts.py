"""The facts momentum judges, loaded for many journeys at once.

Seven queries, however many journeys: one per kind of fact, each reading plain values
(`values_list`, no model instances) for every journey in the selection, grouped here by
journey. Building model instances would cost more than judging the journeys does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet

from arcwise.insights.momentum import (
    ExperimentFact,
    JourneyFacts,
    Pause,
    PhaseRunFact,
    PulseFact,
    ReflectionFact,
    SessionFact,
    pauses_from,
)
from arcwise.journeys.models import (
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


def load_facts(journeys: QuerySet[Journey] | Iterable[int]) -> dict[int, JourneyFacts]:
    """{journey pk: its facts} for a queryset of journeys (or their pks), in seven queries.

    With a queryset, each query selects its rows through it as a subquery, so a caseload of
    thousands never sends thousands of ids.
    """
    if not isinstance(journeys, QuerySet):
        journeys = Journey.objects.filter(pk__in=list(journeys))
    selection = journeys.order_by().values_list("pk", flat=True)
    within = {"journey_id__in": selection}

    sessions: defaultdict[int, list[SessionFact]] = defaultdict(list)
    for journey_id, starts_at, status in (
        Session.objects.filter(**within).order_by().values_list("journey_id", "starts_at", "status")
    ):
        sessions[journey_id].append(SessionFact(starts_at, status))

    runs: defaultdict[int, list[PhaseRunFact]] = defaultdict(list)
    for journey_id, name, entered_on, left_on, planned_weeks in (
        PhaseRun.objects.filter(**within)
        .order_by("journey_id", "sequence")
        .values_list("journey_id", "phase__name", "entered_on", "left_on", "planned_weeks")
    ):
        runs[journey_id].append(PhaseRunFact(name, entered_on, left_on, planned_weeks))

    reflections: defaultdict[int, list[ReflectionFact]] = defaultdict(list)
    for journey_id, due_on, answered_at in (
        ReflectionRequest.objects.filter(**within)
        .order_by()
        .values_list("journey_id", "due_on", "answered_at")
    ):
        reflections[journey_id].append(ReflectionFact(due_on, answered_at))

    experiments: defaultdict[int, list[ExperimentFact]] = defaultdict(list)
    for journey_id, title, agreed_at, by_when, checked_in_at, status, closed_at in (
        Experiment.objects.filter(**within)
        .order_by()
        .values_list(
            "journey_id",
            "title",
            "created_at",
            "by_when",
            "check_in__created_at",
            "status",
            "closed_at",
        )
    ):
        experiments[journey_id].append(
            ExperimentFact(
                title,
                agreed_at,
                by_when,
                checked_in_at,
                status != ExperimentStatus.OPEN,
                closed_at,
            )
        )

    pulses: defaultdict[int, list[PulseFact]] = defaultdict(list)
    for journey_id, week_of, scale, value, answered_at in (
        PulseAnswer.objects.filter(**within)
        .order_by()
        .values_list("journey_id", "week_of", "scale", "value", "answered_at")
    ):
        pulses[journey_id].append(PulseFact(week_of, scale, value, answered_at))

    pause_days: defaultdict[int, list[tuple[date, bool]]] = defaultdict(list)
    for journey_id, on, kind in (
        Adaptation.objects.filter(**within, kind__in=(AdaptationKind.PAUSE, AdaptationKind.RESUME))
        .order_by("journey_id", "on", "created_at", "pk")
        .values_list("journey_id", "on", "kind")
    ):
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
    ) in (
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
    ):
        ended = status in (JourneyStatus.CLOSED, JourneyStatus.ENDED_EARLY)
        facts[journey_id] = JourneyFacts(
            start_date=start_date,
            planned_end=planned_end,
            cadence_days=cadence_days,
            zone=zone or "UTC",
            sessions=tuple(sessions.get(journey_id, ())),
            runs=tuple(runs.get(journey_id, ())),
            reflections=tuple(reflections.get(journey_id, ())),
            experiments=tuple(experiments.get(journey_id, ())),
            pulses=tuple(pulses.get(journey_id, ())),
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
