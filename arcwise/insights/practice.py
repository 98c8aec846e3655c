"""Practice insight: how the practice's journeys pass through each design's phases.

For one design (all its versions together: a journey moved to a newer version keeps its
history, so phases are matched by their key and named as the newest published version
names them) and each of its phases: how many journeys reached it, the weeks they spent in
it against the weeks planned, where journeys stall now or ended early, and the adaptations
made in it. For the design: journeys started, closed, ended early and open, and the
completion-with-closure rate.

Every figure is counted in SQL, in a fixed number of queries however many journeys the
practice holds: the page costs the same at 10 journeys as at 10,000. The dwell quartiles
and the endings are written in SQL by hand (`practice_figures`); the rest by the ORM. The
CSV export is `practice_csv`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from django.db.models import Count, OuterRef, Q, Subquery

from arcwise.accounts.models import Practice
from arcwise.designs.models import Design, DesignVersion, Phase
from arcwise.insights.momentum.thresholds import Thresholds
from arcwise.insights.practice_figures import PhaseScope, dwell_by_key, endings_by_key
from arcwise.journeys.models import OPEN_STATUSES, Adaptation, AdaptationKind, JourneyStatus

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
    *,
    practice: Practice,
    designs: list[DesignChoice],
    design: DesignChoice | None,
    today: date,
    coach_ids: tuple[int, ...] = (),
) -> PracticeInsight:
    """The insight into `design`, one of `practice`'s `designs_with_journeys`, counting the
    journeys of `coach_ids` (every coach's when empty).

    Five queries whatever the number of journeys; none when no journey has started yet.
    """
    if design is None:
        return PracticeInsight(designs, None, [], NO_TOTALS, {}, today)
    chosen = design
    stall_after = Thresholds.from_overrides(practice.momentum_thresholds).gap_stalled_cadences
    scope = PhaseScope(
        practice_id=practice.pk, design_id=chosen.pk, today=today, coach_ids=coach_ids
    )
    phases = _phases_by_key(chosen.pk)
    dwell = dwell_by_key(scope)
    endings = endings_by_key(scope, stall_after)
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
            dwell=Dwell(*dwell[key][1]) if key in dwell else None,
            ended_early=endings.get(key, (0, 0))[0],
            stalled=endings.get(key, (0, 0))[1],
            adaptations=by_phase.get(key, {}),
        )
        for key, name, planned in phases
    ]
    return PracticeInsight(designs, chosen, rows, totals, whole, today)


def designs_with_journeys(
    practice: Practice, coach_ids: tuple[int, ...] = ()
) -> list[DesignChoice]:
    """The practice's designs that journeys (of `coach_ids`, or any coach's when empty)
    have started on, by name: one query."""
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
                "versions__journeys",
                filter=~Q(versions__journeys__status=JourneyStatus.DRAFT)
                & (Q(versions__journeys__coach_id__in=coach_ids) if coach_ids else Q()),
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


def _adaptations(scope: PhaseScope) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
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


def _totals(scope: PhaseScope) -> DesignTotals:
    """Journeys started on the design, by how they stand. One query."""
    counts = dict(scope.journeys().values_list("status").annotate(n=Count("id")).order_by())
    open_count = sum(counts.get(status, 0) for status in OPEN_STATUSES)
    return DesignTotals(
        started=sum(counts.values()),
        closed=counts.get(JourneyStatus.CLOSED, 0),
        ended_early=counts.get(JourneyStatus.ENDED_EARLY, 0),
        open=open_count,
    )
