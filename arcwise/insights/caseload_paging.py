"""The caseload of more open journeys than a page holds, a page at a time (issue 19: a large
practice stays fast, and no request holds a worker for seconds).

Judging a journey live and drawing its sparkline is what a caseload row costs, so only the
rows of one page are made (`caseload_rows`). Everything else is done by the database in a
fixed number of queries: the filter choices (two), the counts (one), and the page's journeys
in order (one). The order and the state filter use the state the sender's momentum pass
stored (insights/alerts.py judges every open journey about hourly), in momentum's own
order of urgency; a journey not judged yet counts as on track (paused, if it is paused):
it opened within the hour. The page says so, and each row shows its state now.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OrderBy,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Lower

from arcwise.insights.momentum.states import NEEDS_ATTENTION, SEVERITY, State
from arcwise.journeys.models import Journey, JourneyStatus, PhaseRun, Session, SessionStatus

# Rows judged live per request. More than a full-time coach's whole caseload (20-40
# clients), so nearly every coach sees theirs on one page, in live order, as before; and a
# page costs about a quarter of the 204-journey caseload bench/large_practice.py measured.
PAGE_SIZE = 50


@dataclass(frozen=True)
class Paging:
    """Where a page stands in the caseload, and the links to its neighbours."""

    number: int
    pages: int
    matched: int  # open journeys matching the filters
    attention: int  # of those, needing attention as of the last check (stored state)
    first_row: int
    last_row: int
    message: str  # why another page than the one asked for is shown, or ""
    query: str  # the filters and coach as a query string, without the page

    @property
    def previous_query(self) -> str:
        return self._query_for(self.number - 1) if self.number > 1 else ""

    @property
    def next_query(self) -> str:
        return self._query_for(self.number + 1) if self.number < self.pages else ""

    def _query_for(self, number: int) -> str:
        return "?" + "&".join(part for part in (self.query, f"page={number}") if part)


_WHOLE_NUMBER = re.compile(r"-?[0-9]+")  # ASCII digits only: int() refuses "²"


def page_number(raw: Any, pages: int) -> tuple[int, str]:
    """The page to show for `?page=` and, when it is not the one asked for, why. Anything
    but a whole number from 1 to `pages` shows the first or the last page."""
    if raw in (None, ""):
        return 1, ""
    text = str(raw).strip()
    if not _WHOLE_NUMBER.fullmatch(text):
        # Not echoed: it could carry bidi controls or anything else a URL can hold.
        return 1, "That is not a page number; showing the first page."
    # Past a billion it is past the last page; int() is not asked to read 5,000 digits.
    number = int(text) if len(text) <= 10 else (-1 if text[0] == "-" else pages + 1)
    if number < 1:
        return 1, "Pages start at 1; showing the first page."
    if number > pages:
        only = "There is only one page" if pages == 1 else f"There are only {pages} pages"
        return pages, f"{only}; showing the last." if pages > 1 else f"{only}; showing it."
    return number, ""


def paging_query(coach_query: str, chosen: Mapping[str, str]) -> str:
    """The coach filter and the valid filters and sort, for links that keep them."""
    return "&".join(
        part for part in (coach_query, urlencode({k: v for k, v in chosen.items() if v})) if part
    )


def filter_choices(journeys: QuerySet[Journey]) -> tuple[list[tuple[str, str]], list[str]]:
    """The designs (public id, name) and the current phases the journeys have: two queries.
    A design's journeys may run on versions of other names: one of them names it."""
    designs = (
        journeys.order_by()
        .values_list("design_version__design__public_id")
        .annotate(name=Min("design_version__name"))
    )
    phases = (
        PhaseRun.objects.filter(journey__in=journeys.order_by().values("pk"), left_on=None)
        .order_by()
        .values_list("phase__name", flat=True)
        .distinct()
    )
    return (
        sorted(((str(pk), name) for pk, name in designs), key=lambda d: d[1].lower()),
        sorted((name for name in phases if name), key=str.lower),
    )


def stored_rank() -> Case:
    """The stored state's place in momentum's order of urgency (`SEVERITY`): a journey not
    judged yet ranks as on track, or as paused when it is paused."""
    return Case(
        *(When(momentum_state=state.value, then=Value(rank)) for state, rank in SEVERITY.items()),
        When(status=JourneyStatus.PAUSED, then=Value(SEVERITY[State.PAUSED])),
        default=Value(SEVERITY[State.ON_TRACK]),
        output_field=IntegerField(),
    )


def filters(*, state: str, design: str, phase: str) -> Q:
    """The filters as a condition on journeys with `stored_rank` as `rank`: the state as
    last judged, the design, and the current phase."""
    chosen = Q()
    if state:
        chosen &= Q(rank=SEVERITY[State(state)])
    if design:
        chosen &= Q(design_version__design__public_id=design)
    if phase:
        chosen &= Q(
            Exists(PhaseRun.objects.filter(journey=OuterRef("pk"), left_on=None, phase__name=phase))
        )
    return chosen


def ranked(journeys: QuerySet[Journey]) -> QuerySet[Journey]:
    return journeys.alias(rank=stored_rank())


def counts(journeys: QuerySet[Journey], chosen: Q) -> tuple[int, int, int]:
    """How many open journeys there are, how many match `chosen`, and how many of those
    need attention as last judged: one query."""
    attention = Q(momentum_state__in=[state.value for state in NEEDS_ATTENTION])
    counted = (
        ranked(journeys)
        .order_by()
        .aggregate(
            total=Count("pk"),
            matched=Count("pk", filter=chosen),
            attention=Count("pk", filter=chosen & attention),
        )
    )
    return counted["total"], counted["matched"], counted["attention"]


def page_of(
    journeys: QuerySet[Journey], chosen: Q, *, sort: str, now: datetime, number: int
) -> list[int]:
    """The pks of page `number` of the `chosen` journeys, sorted as the caseload sorts:
    one query. Ties fall to the pk, so that no journey is on two pages or on none."""
    next_session = Subquery(
        Session.objects.filter(
            journey=OuterRef("pk"), status=SessionStatus.PLANNED, starts_at__gte=now
        )
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    ordered = (
        ranked(journeys)
        .filter(chosen)
        .alias(
            next_at=Case(When(status=JourneyStatus.PAUSED, then=Value(None)), default=next_session),
            client_name=Lower("client__name"),
        )
    )
    soonest = F("next_at").asc(nulls_last=True)
    by_name = F("client_name").asc()
    keys: list[OrderBy] = {
        "next": [soonest, by_name],
        "client": [by_name, soonest],
    }.get(sort, [F("rank").asc(), soonest, by_name])
    start = (number - 1) * PAGE_SIZE
    return list(
        ordered.order_by(*keys, "pk").values_list("pk", flat=True)[start : start + PAGE_SIZE]
    )
