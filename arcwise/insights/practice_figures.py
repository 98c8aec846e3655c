"""Practice insight's figures written in SQL by hand: the days journeys
spent in each phase (low, quartiles, high) and where they ended early or stall now.

SQL counts the journeys by their days in each phase; medians and quartiles are read off those
counts in Python (`_dwell`). Only the number of days between two dates is written per
database (`_days_between`).

Every table and column name in this SQL comes from the models' `_meta`, quoted for the
database (`_table`, `_column`); every value (a practice, a day, a threshold, a status) is
a query parameter. Nothing a person typed is ever part of the SQL text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.db import connection
from django.db.models import Field, Model, QuerySet

from arcwise.designs.models import DesignVersion, Phase
from arcwise.journeys.models import Journey, JourneyStatus, PhaseRun, Session, SessionStatus

# "Stalled now" is momentum's session-gap stall (insights/momentum/judge.py), counted in SQL:
# an active or closing journey with no held session for more than the practice's
# `gap_stalled_cadences` times its agreed cadence (counted from the start when none was
# held yet). Momentum also leaves paused days out of the gap; here a journey paused now is
# simply not counted, so the two agree except for a journey that was paused and resumed.
STALLABLE_STATUSES = (JourneyStatus.ACTIVE, JourneyStatus.CLOSING)

# (reached, (low, 25th percentile, median, 75th percentile, high) in days)
DwellDays = tuple[int, tuple[float, float, float, float, float]]


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(alias: str, model: type[Model], name: str) -> str:
    """`alias`."column" for the model field `name` (a foreign key by its own name)."""
    field = model._meta.get_field(name)
    assert isinstance(field, Field)
    assert field.column is not None
    return f"{alias}.{connection.ops.quote_name(field.column)}"


@dataclass(frozen=True)
class PhaseScope:
    """The practice's journeys on one design, seen on `today`."""

    practice_id: int
    design_id: int
    today: date
    # The coaches whose journeys count (an owner's coach filter); empty for every coach.
    coach_ids: tuple[int, ...] = ()

    def runs(self, join: str = "", join_params: list[Any] | None = None) -> tuple[str, list[Any]]:
        """The FROM and WHERE of the design's phase runs in the practice (aliases r, p, j,
        v), with their parameters; `join` (with `join_params`) is joined before the WHERE."""
        r, p = partial(_column, "r", PhaseRun), partial(_column, "p", Phase)
        j, v = partial(_column, "j", Journey), partial(_column, "v", DesignVersion)
        sql = f"""
            FROM {_table(PhaseRun)} r
            JOIN {_table(Phase)} p ON {p("id")} = {r("phase")}
            JOIN {_table(Journey)} j ON {j("id")} = {r("journey")}
            JOIN {_table(DesignVersion)} v ON {v("id")} = {j("design_version")}
            {join}
            WHERE {j("practice")} = %s AND {v("design")} = %s AND {j("status")} <> %s
        """
        params: list[Any] = [
            *(join_params or []),
            self.practice_id,
            self.design_id,
            JourneyStatus.DRAFT.value,
        ]
        if self.coach_ids:
            sql += f" AND {j('coach')} IN ({', '.join(['%s'] * len(self.coach_ids))})"
            params += self.coach_ids
        return sql, params

    def journeys(self) -> QuerySet[Journey]:
        journeys = Journey.objects.filter(
            practice_id=self.practice_id, design_version__design_id=self.design_id
        ).exclude(status=JourneyStatus.DRAFT)
        return journeys.filter(coach_id__in=self.coach_ids) if self.coach_ids else journeys


def _days_between(later: str, earlier: str) -> str:
    """SQL for the whole days from `earlier` to `later` (SQL expressions of dates, or of
    UTC datetimes by their date). The one expression that differs between the databases
    Arcwise runs on."""
    if connection.vendor == "postgresql":
        return f"(CAST({later} AS DATE) - CAST({earlier} AS DATE))"
    return f"CAST(julianday(date({later})) - julianday(date({earlier})) AS INTEGER)"


# The 25th, 50th and 75th percentiles, each as quarters: q/4 of the way from the first to
# the last ranked value. With n values ranked 0 … n-1 the position is (n-1)·q/4; it falls
# between ranks (n-1)·q div 4 and the one after, with (n-1)·q mod 4 quarters of the way
# to the latter. Weighing the two values by 4 - rem and rem gives four times the
# interpolated value in whole numbers, so nothing is lost to float rounding.
QUARTERS = (1, 2, 3)


def dwell_by_key(scope: PhaseScope) -> dict[str, DwellDays]:
    """Per phase key: journeys that reached it and their days in it (a revisit's runs
    summed). One query.

    SQL sums each journey's days in each phase and counts the journeys per number of days;
    the quartiles are then read off those counts here. Days take a few hundred values, so
    this reads a few hundred rows, where ranking every journey in SQL (window functions)
    sorted tens of thousands of rows on every view of the page.
    """
    runs, params = scope.runs()
    left_on, entered_on = _column("r", PhaseRun, "left_on"), _column("r", PhaseRun, "entered_on")
    key, journey = _column("p", Phase, "key"), _column("r", PhaseRun, "journey")
    sql = f"""
        WITH per_journey AS (
            SELECT {key} AS phase_key, {journey} AS journey_id,
                   SUM({_days_between(f"COALESCE({left_on}, %s)", entered_on)}) AS days
            {runs}
            GROUP BY {key}, {journey}
        )
        SELECT phase_key, days, COUNT(*)
        FROM per_journey
        GROUP BY phase_key, days
    """  # noqa: S608 - names from the models' _meta only; values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [scope.today, *params])
        rows = cursor.fetchall()
    counts: dict[str, list[tuple[int, int]]] = {}
    for phase_key, days, journeys in rows:
        counts.setdefault(phase_key, []).append((int(days), int(journeys)))
    return {phase_key: _dwell(sorted(found)) for phase_key, found in counts.items()}


def _dwell(counts: list[tuple[int, int]]) -> DwellDays:
    """(reached, (low, quartiles, high)) from (days, journeys) pairs in order of days."""
    reached = sum(journeys for _, journeys in counts)
    last = reached - 1

    def ranked(rank: int) -> int:
        """The days of the journey at `rank` (0 is the fewest days)."""
        for days, journeys in counts:
            if rank < journeys:
                return days
            rank -= journeys
        raise IndexError(rank)

    def quartile(q: int) -> float:
        below, rem = divmod(last * q, 4)
        fourfold = ranked(below) * (4 - rem) + (ranked(below + 1) * rem if rem else 0)
        return float(fourfold) / 4

    p25, median, p75 = (quartile(q) for q in QUARTERS)
    return reached, (float(counts[0][0]), p25, median, p75, float(counts[-1][0]))


def endings_by_key(scope: PhaseScope, stall_after: float) -> dict[str, tuple[int, int]]:
    """Per phase key: journeys that ended early in it, and journeys stalled in it now
    (no held session for more than `stall_after` cadences).

    Both are about a journey's last run: the one it ended in, or the one it is in. One query.
    """
    s, sj = partial(_column, "s", Session), partial(_column, "sj", Journey)
    stalled_statuses = ", ".join(["%s"] * len(STALLABLE_STATUSES))
    # Each journey's last held session, once per journey: a journey is silent when it has
    # none or the last is more than `stall_after` cadences ago (the days between only
    # shrink as sessions get later, so the last one decides).
    last_held = f"""LEFT JOIN (
            SELECT {s("journey")} AS journey_id, MAX({s("starts_at")}) AS last_held
            FROM {_table(Session)} s
            JOIN {_table(Journey)} sj ON {sj("id")} = {s("journey")}
            WHERE {s("status")} = %s AND {sj("practice")} = %s
              AND {sj("status")} IN ({stalled_statuses})
            GROUP BY {s("journey")}
        ) h ON h.journey_id = {_column("j", Journey, "id")}"""  # noqa: S608 - as below
    stallable = [status.value for status in STALLABLE_STATUSES]
    runs, params = scope.runs(last_held, [SessionStatus.HELD.value, scope.practice_id, *stallable])
    status = _column("j", Journey, "status")
    cadence, start = _column("j", Journey, "cadence_days"), _column("j", Journey, "start_date")
    silent = f"(h.last_held IS NULL OR {_days_between('%s', 'h.last_held')} > %s * {cadence})"
    r, r2 = partial(_column, "r", PhaseRun), partial(_column, "r2", PhaseRun)
    sql = f"""
        SELECT {_column("p", Phase, "key")},
               SUM(CASE WHEN {status} = %s THEN 1 ELSE 0 END),
               SUM(CASE WHEN {status} IN ({stalled_statuses})
                         AND {r("left_on")} IS NULL
                         AND {_days_between("%s", start)} > %s * {cadence}
                         AND {silent}
                        THEN 1 ELSE 0 END)
        {runs}
          AND NOT EXISTS (SELECT 1 FROM {_table(PhaseRun)} r2
                          WHERE {r2("journey")} = {r("journey")}
                            AND {r2("sequence")} > {r("sequence")})
        GROUP BY {_column("p", Phase, "key")}
    """  # noqa: S608 - names from the models' _meta only; values as parameters
    values: list[Any] = [
        JourneyStatus.ENDED_EARLY.value,
        *stallable,
        scope.today,
        stall_after,
        scope.today,
        stall_after,
        *params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        rows = cursor.fetchall()
    return {key: (int(ended or 0), int(stalled or 0)) for key, ended, stalled in rows}
