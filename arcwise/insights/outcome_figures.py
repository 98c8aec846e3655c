"""Outcomes in practice: what the journeys of each design version achieved, from plain rows.

For each design version: how many journeys closed, ended early or are still running; the
median T-score at close with its middle half, once by the coach's ratings and once by the
client's; and the wheel's median change (close minus start) in each area, areas matched by
name across the version's journeys.

Only closed journeys are scored. A figure drawn from fewer than `ENOUGH` journeys says
"too few to say" with the count instead of a number: with four values a median is one
journey's score, and a coach would read it as the design's.

Pure: no Django import, so it is fast and tested directly.
"""

from __future__ import annotations

import enum
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

# Five: below it the median is one or two journeys' scores in disguise.
ENOUGH = 5


class Standing(enum.Enum):
    """Where a journey stands for these figures."""

    CLOSED = "closed"
    ENDED_EARLY = "ended early"
    RUNNING = "running"


@dataclass(frozen=True)
class AreaChange:
    """One wheel area of one journey: where the coach placed it, its name, and its change
    from start to close (None unless rated both times)."""

    position: int
    name: str
    change: int | None


@dataclass(frozen=True)
class JourneyRow:
    """One journey as these figures see it. T-scores are None unless every scaled goal was
    rated at close by that rater."""

    design_id: int
    design_name: str
    version_number: int
    standing: Standing
    t_coach: float | None = None
    t_client: float | None = None
    areas: tuple[AreaChange, ...] = ()


@dataclass(frozen=True)
class Spread:
    """Values summarised: the median and the middle half (25th to 75th percentile)."""

    median: float
    p25: float
    p75: float


def quantile(values: Sequence[float], q: float) -> float:
    """The q-quantile (0 to 1) of `values`, interpolated between ranked values as
    PERCENTILE_CONT does, like the dwell figures on the same page: with an even number of
    values the median is the mean of the middle two."""
    if not values:
        raise ValueError("A quantile needs at least one value.")
    if not 0 <= q <= 1:
        raise ValueError("q is from 0 to 1.")
    ranked = sorted(values)
    position = (len(ranked) - 1) * q
    below = int(position)
    above = min(below + 1, len(ranked) - 1)
    return ranked[below] + (ranked[above] - ranked[below]) * (position - below)


def median(values: Sequence[float]) -> float:
    """The middle value of `values` (the mean of the middle two for an even count)."""
    return quantile(values, 0.5)


def spread_of(values: Sequence[float]) -> Spread:
    """The median and the middle half of `values` (at least one)."""
    return Spread(median(values), quantile(values, 0.25), quantile(values, 0.75))


def rounded(value: float, places: int) -> float:
    """`value` to `places` decimals, halves away from zero (as a person rounds, not as
    Python's banker's rounding does), without a trailing ".0" for whole numbers."""
    exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return int(exact) if exact == exact.to_integral_value() else float(exact)


@dataclass(frozen=True)
class Figure:
    """A median and middle half drawn from `counted` journeys, or, when too few, the reason
    in words (`too_few`) and no number at all. `signed` figures are changes (+1, -0.5);
    `places` is how many decimals they are shown to."""

    counted: int
    spread: Spread | None
    too_few: str = ""
    signed: bool = False
    places: int = 0

    def number(self, value: float) -> str:
        shown = rounded(value, self.places)
        return f"+{shown}" if self.signed and shown > 0 else str(shown)

    def shown(self) -> tuple[float, float, float] | None:
        """(median, 25th, 75th percentile) rounded as the page shows them, or None."""
        if self.spread is None:
            return None
        s = self.spread
        return (
            rounded(s.median, self.places),
            rounded(s.p25, self.places),
            rounded(s.p75, self.places),
        )

    @property
    def words(self) -> str:
        """ "52 (middle half: 44 to 58; 7 journeys)", or "too few to say (3 closed)"."""
        if self.spread is None:
            return self.too_few
        s = self.spread
        journeys = "journey" if self.counted == 1 else "journeys"
        return (
            f"{self.number(s.median)} (middle half: {self.number(s.p25)} to "
            f"{self.number(s.p75)}; {self.counted} {journeys})"
        )


def figure_of(
    values: Sequence[float], *, closed: int, counted_as: str, signed: bool = False, places: int = 0
) -> Figure:
    """The figure of `values` from `closed` closed journeys: too few to say when fewer than
    `ENOUGH` journeys closed, or fewer than `ENOUGH` of them gave a value (`counted_as`
    names how a journey gives one, e.g. "rated at close")."""
    n = len(values)
    if closed < ENOUGH:
        return Figure(n, None, f"too few to say ({closed} closed)", signed, places)
    if n < ENOUGH:
        return Figure(n, None, f"too few to say ({n} {counted_as})", signed, places)
    return Figure(n, spread_of(values), "", signed, places)


@dataclass(frozen=True)
class AreaFigure:
    name: str
    figure: Figure


@dataclass(frozen=True)
class VersionOutcomes:
    """The outcomes of the practice's journeys on one version of one design."""

    design_id: int
    design_name: str
    version_number: int
    closed: int
    ended_early: int
    running: int
    t_coach: Figure
    t_client: Figure
    areas: list[AreaFigure] = field(default_factory=list)

    @property
    def started(self) -> int:
        return self.closed + self.ended_early + self.running


def _area_key(name: str) -> str:
    """Areas match by name across journeys, whatever the case or spacing a coach typed."""
    return " ".join(name.split()).casefold()


def _areas(closed: list[JourneyRow]) -> list[AreaFigure]:
    """Each area any closed journey had, in the earliest place a coach put it, named as
    most journeys spelled it; its figure over the journeys that rated it both times."""
    changes: dict[str, list[float]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    first_place: dict[str, int] = {}
    for row in closed:
        for area in row.areas:
            key = _area_key(area.name)
            spellings[key][area.name] += 1
            first_place[key] = min(first_place.get(key, area.position), area.position)
            if area.change is not None:
                changes[key].append(area.change)
    order = sorted(first_place, key=lambda key: (first_place[key], key))
    return [
        AreaFigure(
            # The most common spelling; among equally common ones, the first in order.
            name=min(spellings[key].items(), key=lambda item: (-item[1], item[0]))[0],
            figure=figure_of(
                changes[key],
                closed=len(closed),
                counted_as="rated at start and close",
                signed=True,
                places=1,
            ),
        )
        for key in order
    ]


def _version(rows: list[JourneyRow]) -> VersionOutcomes:
    closed = [row for row in rows if row.standing is Standing.CLOSED]
    count = Counter(row.standing for row in rows)
    coach = [row.t_coach for row in closed if row.t_coach is not None]
    client = [row.t_client for row in closed if row.t_client is not None]
    return VersionOutcomes(
        design_id=rows[0].design_id,
        design_name=rows[0].design_name,
        version_number=rows[0].version_number,
        closed=count[Standing.CLOSED],
        ended_early=count[Standing.ENDED_EARLY],
        running=count[Standing.RUNNING],
        t_coach=figure_of(coach, closed=len(closed), counted_as="rated at close"),
        t_client=figure_of(client, closed=len(closed), counted_as="rated at close"),
        areas=_areas(closed),
    )


def outcomes_by_version(rows: Iterable[JourneyRow]) -> list[VersionOutcomes]:
    """The outcomes of each design version that `rows` hold journeys of, by design name
    (then design, for two of one name) and version number. The order of `rows` does not
    matter."""
    grouped: dict[tuple[str, int, int], list[JourneyRow]] = defaultdict(list)
    for row in rows:
        grouped[(row.design_name, row.design_id, row.version_number)].append(row)
    return [_version(grouped[key]) for key in sorted(grouped)]
