"""Practice insight: how the practice's journeys pass through each design's phases.

For one design (all its versions together: a journey moved to a newer version keeps its
history, so phases are matched by their key and named as the newest published version
names them) and each of its phases: how many journeys reached it, the weeks they spent in
it against the weeks planned, where journeys stall now or ended early, and the adaptations
made in it. For the design: journeys started, closed, ended early and open, and the
completion-with-closure rate.

Every figure is counted in SQL, in a fixed number of queries however many journeys the
practice holds: the page costs the same at 10 journeys as at 10,000. Medians and quartiles
are picked from the ranked rows with ROW_NUMBER() and COUNT() OVER (PARTITION BY …), which
SQLite (3.25+) and PostgreSQL both run; only the number of days between two dates is
written per database (`_days_between`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.db import connection
from django.db.models import Count, Model, OuterRef, Q, QuerySet, Subquery

from arcwise.accounts.models import Practice
from arcwise.designs.models import Design, DesignVersion, Phase
from arcwise.insights.momentum.thresholds import Thresholds
from arcwise.journeys.models import (
    OPEN_STATUSES,
    Adaptation,
    AdaptationKind,
    Journey,
    JourneyStatus,
    PhaseRun,
    Session,
    SessionStatus,
)

# "Stalled now" is momentum's session-gap stall (insights/momentum.py), counted in SQL: an
# active or closing journey with no held session for more than the practice's
# `gap_stalled_cadences` times its agreed cadence (counted from the start when none was
# held yet). Momentum also leaves paused days out of the gap; here a journey paused now is
# simply not counted, so the two agree except for a journey that was paused and resumed.
STALLABLE_STATUSES = (JourneyStatus.ACTIVE, JourneyStatus.CLOSING)

# Kinds an adaptation may have, in the order the page and the CSV list them.
ADAPTATION_KINDS: tuple[tuple[str, str], ...] = tuple(AdaptationKind.choices)


@dataclass(frozen=True)
class DesignChoice:
    """A design of the practice that journeys have run on, named by its newest version."""

    pk: int
    public_id: UUID
    name: str
    journeys: int


@dataclass(frozen=True)
class Dwell:
    """Days the journeys that reached a phase spent in it (a revisit's runs summed).

    Quartiles are interpolated between ranked values as PERCENTILE_CONT does, so with an
    even number of journeys the median is the mean of the middle two.
    """

    low: float
    p25: float
    median: float
    p75: float
    high: float


@dataclass(frozen=True)
class PhaseInsight:
    key: str
    name: str
    planned_weeks: int
    reached: int
    dwell: Dwell | None
    stalled: int
    ended_early: int
    adaptations: dict[str, int] = field(default_factory=dict)

    def weeks(self, days: float) -> float:
        return round(days / 7, 1)

    @property
    def dwell_weeks(self) -> Dwell | None:
        """The dwell figures in weeks, to one decimal, as the page and the CSV show them."""
        if self.dwell is None:
            return None
        d = self.dwell
        return Dwell(*(self.weeks(v) for v in (d.low, d.p25, d.median, d.p75, d.high)))

    @property
    def over_plan(self) -> bool:
        """Whether the median journey spent longer here than planned."""
        return self.dwell is not None and self.dwell.median > 7 * self.planned_weeks


@dataclass(frozen=True)
class DesignTotals:
    started: int
    closed: int
    ended_early: int
    open: int

    @property
    def closure_rate(self) -> float | None:
        """Closed with a closing review, of the journeys that have ended either way.

        Open journeys are left out: they have not yet had the chance to close.
        """
        ended = self.closed + self.ended_early
        return None if ended == 0 else self.closed / ended

    @property
    def closure_percent(self) -> int | None:
        rate = self.closure_rate
        return None if rate is None else round(100 * rate)


@dataclass(frozen=True)
class PracticeInsight:
    designs: list[DesignChoice]
    design: DesignChoice | None
    phases: list[PhaseInsight]
    totals: DesignTotals
    # Adaptations of the whole journey rather than a phase: pauses, endings, handovers.
    journey_adaptations: dict[str, int]
    today: date

    @property
    def adaptation_kinds(self) -> list[tuple[str, str]]:
        """The kinds that occur anywhere in this design, in the usual order."""
        seen = {kind for phase in self.phases for kind in phase.adaptations}
        seen |= set(self.journey_adaptations)
        return [(kind, label) for kind, label in ADAPTATION_KINDS if kind in seen]

    @property
    def adaptation_rows(self) -> list[tuple[str, list[int]]]:
        """(phase name, counts in `adaptation_kinds` order) per phase, then the whole journey."""
        kinds = [kind for kind, _ in self.adaptation_kinds]
        rows = [(p.name, [p.adaptations.get(k, 0) for k in kinds]) for p in self.phases]
        rows.append(
            ("Whole journey (no phase)", [self.journey_adaptations.get(k, 0) for k in kinds])
        )
        return rows


NO_TOTALS = DesignTotals(started=0, closed=0, ended_early=0, open=0)


def practice_insight(
    *, practice: Practice, designs: list[DesignChoice], design: DesignChoice | None, today: date
) -> PracticeInsight:
    """The insight into `design`, one of `practice`'s `designs_with_journeys`.

    Five queries whatever the number of journeys; none when no journey has started yet.
    """
    if design is None:
        return PracticeInsight(designs, None, [], NO_TOTALS, {}, today)
    chosen = design
    stall_after = Thresholds.from_overrides(practice.momentum_thresholds).gap_stalled_cadences
    scope = _Scope(practice_id=practice.pk, design_id=chosen.pk, today=today)
    phases = _phases_by_key(chosen.pk)
    dwell = _dwell_by_key(scope)
    endings = _endings_by_key(scope, stall_after)
    by_phase, whole = _adaptations(scope)
    totals = _totals(scope)
    # A key that runs reached but no published version lists any more cannot happen (a
    # journey only runs on published versions), but if it did its figures still show.
    known = {key for key, _, _ in phases}
    phases += [(key, key, 0) for key in sorted(set(dwell) - known)]
    rows = [
        PhaseInsight(
            key=key,
            name=name,
            planned_weeks=planned,
            reached=dwell[key][0] if key in dwell else 0,
            dwell=dwell[key][1] if key in dwell else None,
            ended_early=endings.get(key, (0, 0))[0],
            stalled=endings.get(key, (0, 0))[1],
            adaptations=by_phase.get(key, {}),
        )
        for key, name, planned in phases
    ]
    return PracticeInsight(designs, chosen, rows, totals, whole, today)


def designs_with_journeys(practice: Practice) -> list[DesignChoice]:
    """The practice's designs that journeys have started on, by name: one query."""
    newest_name = (
        DesignVersion.objects.filter(design=OuterRef("pk"), published_at__isnull=False)
        .order_by("-number")
        .values("name")[:1]
    )
    rows = (
        Design.objects.filter(practice=practice)
        .annotate(
            newest_name=Subquery(newest_name),
            journey_count=Count(
                "versions__journeys", filter=~Q(versions__journeys__status=JourneyStatus.DRAFT)
            ),
        )
        .filter(journey_count__gt=0)
        .order_by("newest_name", "pk")
        .values_list("pk", "public_id", "newest_name", "journey_count")
    )
    return [
        DesignChoice(pk=pk, public_id=public_id, name=name or "Untitled design", journeys=n)
        for pk, public_id, name, n in rows
    ]


def _phases_by_key(design_pk: int) -> list[tuple[str, str, int]]:
    """(key, name, planned weeks) of every phase any published version has, in order.

    The newest version that has a key names it and gives its planned weeks; keys that
    newer versions dropped follow the newest version's phases.
    """
    rows = (
        Phase.objects.filter(version__design_id=design_pk, version__published_at__isnull=False)
        .order_by("-version__number", "position")
        .values_list("key", "name", "planned_weeks", "version__number")
    )
    phases: dict[str, tuple[str, str, int]] = {}
    for key, name, planned, _ in rows:
        phases.setdefault(key, (key, name, planned))
    return list(phases.values())


@dataclass(frozen=True)
class _Scope:
    """The practice's journeys on one design, seen on `today`."""

    practice_id: int
    design_id: int
    today: date

    def runs(self) -> tuple[str, list[Any]]:
        """The FROM and WHERE of the design's phase runs in the practice, with parameters."""
        sql = f"""
            FROM {_table(PhaseRun)} r
            JOIN {_table(Phase)} p ON p.id = r.phase_id
            JOIN {_table(Journey)} j ON j.id = r.journey_id
            JOIN {_table(DesignVersion)} v ON v.id = j.design_version_id
            WHERE j.practice_id = %s AND v.design_id = %s AND j.status <> %s
        """
        return sql, [self.practice_id, self.design_id, JourneyStatus.DRAFT.value]

    def journeys(self) -> QuerySet[Journey]:
        return Journey.objects.filter(
            practice_id=self.practice_id, design_version__design_id=self.design_id
        ).exclude(status=JourneyStatus.DRAFT)


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _days_between(later: str, earlier: str) -> str:
    """SQL for the whole days from `earlier` to `later` (dates, or UTC datetimes by date).

    The one expression that differs between the databases Arcwise runs on.
    """
    if connection.vendor == "postgresql":
        return f"(CAST({later} AS DATE) - CAST({earlier} AS DATE))"
    return f"CAST(julianday(date({later})) - julianday(date({earlier})) AS INTEGER)"


# The 25th, 50th and 75th percentiles, each as quarters: q/4 of the way from the first to
# the last ranked value. With n values ranked 0 … n-1 the position is (n-1)·q/4; it falls
# between ranks (n-1)·q div 4 and the one after, with (n-1)·q mod 4 quarters of the way
# to the latter. Summing rank·(4 - rem) + next·rem over the two rows gives four times the
# interpolated value in whole numbers, so nothing is lost to float rounding in SQL.
def _quartile_sum(q: int) -> str:
    # "%%" is a literal "%" (modulo) in SQL that also carries parameters.
    position, rem = f"((last * {q}) / 4)", f"((last * {q}) %% 4)"
    return (
        f"SUM(CASE WHEN i = {position} THEN days * (4 - {rem}) "
        f"WHEN i = {position} + 1 THEN days * {rem} ELSE 0 END)"
    )


def _dwell_by_key(scope: _Scope) -> dict[str, tuple[int, Dwell]]:
    """Per phase key: journeys that reached it and their days in it. One query."""
    runs, params = scope.runs()
    sql = f"""
        WITH per_journey AS (
            SELECT p.key AS phase_key, r.journey_id AS journey_id,
                   SUM({_days_between("COALESCE(r.left_on, %s)", "r.entered_on")}) AS days
            {runs}
            GROUP BY p.key, r.journey_id
        ), ranked AS (
            SELECT phase_key, days,
                   ROW_NUMBER() OVER (PARTITION BY phase_key ORDER BY days) - 1 AS i,
                   COUNT(*) OVER (PARTITION BY phase_key) - 1 AS last
            FROM per_journey
        )
        SELECT phase_key, COUNT(*), MIN(days), {_quartile_sum(1)}, {_quartile_sum(2)},
               {_quartile_sum(3)}, MAX(days)
        FROM ranked
        GROUP BY phase_key
    """  # noqa: S608 - table names and fixed SQL only; values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [scope.today, *params])
        rows = cursor.fetchall()
    return {
        key: (
            int(reached),
            Dwell(
                low=float(low),
                p25=float(p25) / 4,
                median=float(median) / 4,
                p75=float(p75) / 4,
                high=float(high),
            ),
        )
        for key, reached, low, p25, median, p75, high in rows
    }


def _endings_by_key(scope: _Scope, stall_after: float) -> dict[str, tuple[int, int]]:
    """Per phase key: journeys that ended early in it, and journeys stalled in it now
    (no held session for more than `stall_after` cadences).

    Both are about a journey's last run: the one it ended in, or the one it is in. One query.
    """
    runs, params = scope.runs()
    silent = f"""NOT EXISTS (
        SELECT 1 FROM {_table(Session)} s
        WHERE s.journey_id = j.id AND s.status = %s
          AND {_days_between("%s", "s.starts_at")} <= %s * j.cadence_days
    )"""  # noqa: S608 - table name from the model, values as parameters
    stalled_statuses = ", ".join(["%s"] * len(STALLABLE_STATUSES))
    sql = f"""
        SELECT p.key,
               SUM(CASE WHEN j.status = %s THEN 1 ELSE 0 END),
               SUM(CASE WHEN j.status IN ({stalled_statuses}) AND r.left_on IS NULL
                         AND {_days_between("%s", "j.start_date")} > %s * j.cadence_days
                         AND {silent}
                        THEN 1 ELSE 0 END)
        {runs}
          AND r.sequence = (SELECT MAX(r2.sequence) FROM {_table(PhaseRun)} r2
                            WHERE r2.journey_id = r.journey_id)
        GROUP BY p.key
    """  # noqa: S608 - table names and fixed SQL only; values as parameters
    values: list[Any] = [
        JourneyStatus.ENDED_EARLY.value,
        *(status.value for status in STALLABLE_STATUSES),
        scope.today,
        stall_after,
        SessionStatus.HELD.value,
        scope.today,
        stall_after,
        *params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        rows = cursor.fetchall()
    return {key: (int(ended or 0), int(stalled or 0)) for key, ended, stalled in rows}


def _adaptations(scope: _Scope) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """Adaptation counts by kind per phase key, and of those tied to no phase. One query."""
    rows = (
        Adaptation.objects.filter(journey__in=scope.journeys())
        .values_list("phase__key", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_phase: dict[str, dict[str, int]] = defaultdict(dict)
    whole: dict[str, int] = {}
    for key, kind, n in rows:
        if key is None:
            whole[kind] = n
        else:
            by_phase[key][kind] = n
    return dict(by_phase), whole


def _totals(scope: _Scope) -> DesignTotals:
    """Journeys started on the design, by how they stand. One query."""
    counts = dict(scope.journeys().values_list("status").annotate(n=Count("id")).order_by())
    open_count = sum(counts.get(status, 0) for status in OPEN_STATUSES)
    return DesignTotals(
        started=sum(counts.values()),
        closed=counts.get(JourneyStatus.CLOSED, 0),
        ended_early=counts.get(JourneyStatus.ENDED_EARLY, 0),
        open=open_count,
    )


# A spreadsheet reads a cell that starts with one of these as a formula (OWASP: CSV
# injection); a phase or design name is typed by a coach, so such a cell gets a leading
# apostrophe, which spreadsheets show as text and do not display.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CSV_HEADER = (
    "Design",
    "Phase",
    "Planned weeks",
    "Journeys reached",
    "Shortest stay (weeks)",
    "25th percentile (weeks)",
    "Median (weeks)",
    "75th percentile (weeks)",
    "Longest stay (weeks)",
    "Stalled there now",
    "Ended early there",
    *(f"Adaptations: {label.lower()}" for _, label in ADAPTATION_KINDS),
)


def spreadsheet_safe(cell: str | int | float) -> str | int | float:
    """`cell`, with text a spreadsheet would run as a formula made plain text."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def csv_rows(insight: PracticeInsight) -> list[tuple[str | int | float, ...]]:
    """The per-phase figures as rows of a CSV file, header first, every cell made safe."""
    rows: list[tuple[str | int | float, ...]] = [CSV_HEADER]
    design_name = insight.design.name if insight.design else ""
    for phase in insight.phases:
        dwell = phase.dwell
        weeks: tuple[str | float, ...] = (
            tuple(
                phase.weeks(d) for d in (dwell.low, dwell.p25, dwell.median, dwell.p75, dwell.high)
            )
            if dwell
            else ("",) * 5
        )
        rows.append(
            (
                design_name,
                phase.name,
                phase.planned_weeks,
                phase.reached,
                *weeks,
                phase.stalled,
                phase.ended_early,
                *(phase.adaptations.get(kind, 0) for kind, _ in ADAPTATION_KINDS),
            )
        )
    return [tuple(spreadsheet_safe(cell) for cell in row) for row in rows]
