"""Practice insight's figures that SQL counts with window functions: the days journeys
spent in each phase (low, quartiles, high) and where they ended early or stall now.

Medians and quartiles are picked from the ranked rows with ROW_NUMBER() and COUNT() OVER
(PARTITION BY …), which SQLite (3.25+) and PostgreSQL both run; only the number of days
between two dates is written per database (`_days_between`).

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

    def runs(self) -> tuple[str, list[Any]]:
        """The FROM and WHERE of the design's phase runs in the practice (aliases r, p, j,
        v), with their parameters."""
        r, p = partial(_column, "r", PhaseRun), partial(_column, "p", Phase)
        j, v = partial(_column, "j", Journey), partial(_column, "v", DesignVersion)
        sql = f"""
            FROM {_table(PhaseRun)} r
            JOIN {_table(Phase)} p ON {p("id")} = {r("phase")}
            JOIN {_table(Journey)} j ON {j("id")} = {r("journey")}
            JOIN {_table(DesignVersion)} v ON {v("id")} = {j("design_version")}
            WHERE {j("practice")} = %s AND {v("design")} = %s AND {j("status")} <> %s
        """
        params: list[Any] = [self.practice_id, self.design_id, JourneyStatus.DRAFT.value]
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
# to the latter. Summing rank·(4 - rem) + next·rem over the two rows gives four times the
# interpolated value in whole numbers, so nothing is lost to float rounding in SQL.
# q is a parameter, given four times ("%%" is a literal "%", modulo, in SQL with parameters).
_QUARTILE_SUM = (
    "SUM(CASE WHEN i = ((last * %s) / 4) THEN days * (4 - ((last * %s) %% 4)) "
    "WHEN i = ((last * %s) / 4) + 1 THEN days * ((last * %s) %% 4) ELSE 0 END)"
)
QUARTERS = (1, 2, 3)


def dwell_by_key(scope: PhaseScope) -> dict[str, DwellDays]:
    """Per phase key: journeys that reached it and their days in it (a revisit's runs
    summed). One query."""
    runs, params = scope.runs()
    left_on, entered_on = _column("r", PhaseRun, "left_on"), _column("r", PhaseRun, "entered_on")
    key, journey = _column("p", Phase, "key"), _column("r", PhaseRun, "journey")
    quartiles = ", ".join([_QUARTILE_SUM] * len(QUARTERS))
    sql = f"""
        WITH per_journey AS (
            SELECT {key} AS phase_key, {journey} AS journey_id,
                   SUM({_days_between(f"COALESCE({left_on}, %s)", entered_on)}) AS days
            {runs}
            GROUP BY {key}, {journey}
        ), ranked AS (
            SELECT phase_key, days,
                   ROW_NUMBER() OVER (PARTITION BY phase_key ORDER BY days) - 1 AS i,
                   COUNT(*) OVER (PARTITION BY phase_key) - 1 AS last
            FROM per_journey
        )
        SELECT phase_key, COUNT(*), MIN(days), {quartiles}, MAX(days)
        FROM ranked
        GROUP BY phase_key
    """  # noqa: S608 - names from the models' _meta only; values as parameters
    values = [scope.today, *params, *(q for q in QUARTERS for _ in range(4))]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        rows = cursor.fetchall()
    return {
        key: (
            int(reached),
            (float(low), float(p25) / 4, float(median) / 4, float(p75) / 4, float(high)),
        )
        for key, reached, low, p25, median, p75, high in rows
    }


def endings_by_key(scope: PhaseScope, stall_after: float) -> dict[str, tuple[int, int]]:
    """Per phase key: journeys that ended early in it, and journeys stalled in it now
    (no held session for more than `stall_after` cadences).

    Both are about a journey's last run: the one it ended in, or the one it is in. One query.
    """
    runs, params = scope.runs()
    j_id, status = _column("j", Journey, "id"), _column("j", Journey, "status")
    cadence, start = _column("j", Journey, "cadence_days"), _column("j", Journey, "start_date")
    silent = f"""NOT EXISTS (
        SELECT 1 FROM {_table(Session)} s
        WHERE {_column("s", Session, "journey")} = {j_id}
          AND {_column("s", Session, "status")} = %s
          AND {_days_between("%s", _column("s", Session, "starts_at"))} <= %s * {cadence}
    )"""  # noqa: S608 - names from the models' _meta only; values as parameters
    stalled_statuses = ", ".join(["%s"] * len(STALLABLE_STATUSES))
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
          AND {r("sequence")} = (SELECT MAX({r2("sequence")}) FROM {_table(PhaseRun)} r2
                                 WHERE {r2("journey")} = {r("journey")})
        GROUP BY {_column("p", Phase, "key")}
    """  # noqa: S608 - names from the models' _meta only; values as parameters
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
