"""Practice insight's outcomes by design version: the practice's journeys read as plain rows
for `outcome_figures`, which does the counting.

Five queries however many journeys and designs the practice holds: one for the journeys
with their design and version, four for the closed journeys' goals, ratings and wheels
(`outcomes_of`); one when no journey has closed yet. Scoped like the rest of practice
insight: every coach's journeys of the signed-in practice, drafts left out.
"""

from __future__ import annotations

from django.db.models import Case, Count, F, OuterRef, Subquery, When

from arcwise.accounts.models import Practice
from arcwise.designs.models import DesignVersion
from arcwise.insights.outcome_figures import (
    AreaChange,
    JourneyRow,
    Standing,
    VersionOutcomes,
    outcomes_by_version,
)
from arcwise.journeys.models import Journey, JourneyStatus
from arcwise.outcomes.readings import Moment, Outcomes, Rater, outcomes_of

STANDINGS = {
    JourneyStatus.CLOSED.value: Standing.CLOSED,
    JourneyStatus.ENDED_EARLY.value: Standing.ENDED_EARLY,
}


def practice_outcomes(practice: Practice, coach_ids: tuple[int, ...] = ()) -> list[VersionOutcomes]:
    """The outcomes of `practice`'s journeys (of `coach_ids`, or every coach's when
    empty), one entry per design version they ran on."""
    # Designs are named as their newest published version names them, as the rest of
    # practice insight names them.
    newest_name = (
        DesignVersion.objects.filter(design=OuterRef("design_version__design"))
        .exclude(published_at=None)
        .order_by("-number")
        .values("name")[:1]
    )
    chosen = Journey.objects.filter(practice=practice).exclude(status=JourneyStatus.DRAFT)
    if coach_ids:
        chosen = chosen.filter(coach_id__in=coach_ids)
    # Counted in SQL: one row per closed journey (its figures are its own), and one per
    # version and standing for the rest, with how many journeys it stands for.
    counted = (
        chosen.annotate(
            design_name=Subquery(newest_name),
            closed_pk=Case(When(status=JourneyStatus.CLOSED, then=F("pk")), default=None),
        )
        .values_list(
            "closed_pk",
            "status",
            "design_version__design_id",
            "design_name",
            "design_version__number",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    groups = list(counted)
    closed = chosen.filter(status=JourneyStatus.CLOSED).values("pk")
    read = outcomes_of(closed) if any(pk is not None for pk, *_ in groups) else {}
    rows: list[JourneyRow] = []
    for pk, status, design_id, name, number, n in groups:
        row = _row(
            design_id=design_id,
            design_name=name or "Untitled design",
            version_number=number,
            standing=STANDINGS.get(status, Standing.RUNNING),
            outcomes=read.get(pk) if pk is not None else None,
        )
        # The same frozen row n times: outcomes_by_version counts journeys by their rows.
        rows += [row] * n
    return outcomes_by_version(rows)


def _row(
    *,
    design_id: int,
    design_name: str,
    version_number: int,
    standing: Standing,
    outcomes: Outcomes | None,
) -> JourneyRow:
    if outcomes is None:
        return JourneyRow(design_id, design_name, version_number, standing)
    return JourneyRow(
        design_id,
        design_name,
        version_number,
        standing,
        t_coach=outcomes.t(Moment.CLOSE, Rater.COACH),
        t_client=outcomes.t(Moment.CLOSE, Rater.CLIENT),
        areas=tuple(
            AreaChange(reading.area.position, reading.area.name, reading.change())
            for reading in outcomes.areas
        ),
    )
