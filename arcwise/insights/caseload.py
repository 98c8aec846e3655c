"""The caseload as a control panel: its open journeys (`caseload_rows`) filtered, sorted and
split into those that need attention and the rest; and the momentum section of the journey
page and session prep.

The caseload costs a fixed number of queries however many journeys it has: four to choose,
count and order them in the database (insights/caseload_paging.py), and the ten of
`caseload_rows` for one page's rows only. When every open journey fits on one page
(`PAGE_SIZE`), all are judged now and filtered by their state now, as before paging;
when they do not, the pages are filtered and ordered by the states last judged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString

from arcwise.accounts.coach_filter import CoachFilter
from arcwise.accounts.models import Practice
from arcwise.forms_common import SafeTextForm
from arcwise.insights import caseload_paging
from arcwise.insights.caseload_paging import (
    Paging,
    counts,
    filter_choices,
    filters,
    page_number,
    page_of,
    paging_query,
)
from arcwise.insights.caseload_rows import QUIET, CaseloadRow, caseload_rows
from arcwise.insights.momentum.states import ATTENTION, ENDED_STATES, NEEDS_ATTENTION
from arcwise.insights.momentum.thresholds import Thresholds
from arcwise.insights.momentum_facts import momentum_for
from arcwise.journeys.hooks import JourneySection, Page
from arcwise.journeys.models import Journey
from arcwise.journeys.pages.state import JourneyState

OPEN_STATES = tuple(state for state in ATTENTION if state not in ENDED_STATES)
SORTS = (
    ("attention", "Needs attention first"),
    ("next", "Next session"),
    ("client", "Client name"),
)


@dataclass(frozen=True)
class Caseload:
    needs_attention: list[CaseloadRow]
    the_rest: list[CaseloadRow]
    total: int  # open journeys before filtering
    form: CaseloadFilterForm
    coaches: CoachFilter | None = None
    # Where this page stands; None while every open journey fits on one page (and was
    # filtered and sorted by its momentum now).
    paging: Paging | None = None
    page_message: str = ""  # why another page than the one asked for is shown

    @property
    def sections(self) -> list[tuple[int, SafeString, str, str]]:
        """(how many rows, their `<tr>`s, key, heading) of each part of the page, needs
        attention first. The rows are joined here: a template loop over 200 rows cost more
        than making them did."""
        return [
            (len(rows), SafeString("".join(row.html for row in rows)), key, heading)
            for rows, key, heading in (
                (self.needs_attention, "attention", "Needs attention"),
                (self.the_rest, "rest", "On track and paused"),
            )
        ]

    @property
    def shown(self) -> int:
        return len(self.needs_attention) + len(self.the_rest)

    @property
    def matched(self) -> int:
        """Open journeys that match the filters, on this page or another."""
        return self.shown if self.paging is None else self.paging.matched


class CaseloadFilterForm(SafeTextForm):
    """The caseload's filters and sort, from the query string. A value that is not one of
    the choices is reported beside the filter and that filter is left off."""

    state = forms.ChoiceField(
        required=False,
        label="State",
        choices=[("", "Any state"), *((s.value, s.label.capitalize()) for s in OPEN_STATES)],
        error_messages={"invalid_choice": "There is no state “%(value)s”; showing every state."},
    )
    design = forms.ChoiceField(
        required=False,
        label="Design",
        error_messages={
            "invalid_choice": "No open journey follows that design; showing every design."
        },
    )
    phase = forms.ChoiceField(
        required=False,
        label="Phase",
        error_messages={
            "invalid_choice": "No open journey is in the phase “%(value)s” now; "
            "showing every phase."
        },
    )
    sort = forms.ChoiceField(
        required=False,
        label="Sort by",
        choices=SORTS,
        error_messages={
            "invalid_choice": "The caseload cannot be sorted by “%(value)s”; "
            "sorted by attention instead."
        },
    )

    def __init__(
        self, data: Mapping[str, Any], *, designs: list[tuple[str, str]], phases: list[str]
    ) -> None:
        super().__init__(data)
        design, phase = self.fields["design"], self.fields["phase"]
        assert isinstance(design, forms.ChoiceField)
        assert isinstance(phase, forms.ChoiceField)
        design.choices = [("", "Any design"), *designs]
        phase.choices = [("", "Any phase"), *((p, p) for p in phases)]

    def chosen(self, name: str) -> str:
        """The valid value of one filter, or "" when it is empty or was refused."""
        if name in self.errors:
            return ""
        value = self.cleaned_data.get(name, "")
        return str(value or "")


def caseload_page(
    journeys: QuerySet[Journey],
    query: Mapping[str, Any],
    *,
    zone_name: str,
    thresholds: Thresholds,
    now: datetime | None = None,
    coaches: CoachFilter | None = None,
) -> Caseload:
    """The caseload as the query string asks for it: filtered by state, design and phase,
    sorted, and split into the journeys that need attention and the rest; a page of it
    (`?page=`) when there are more than `PAGE_SIZE`. With `coaches` (an owner's filter)
    rows of other coaches' journeys say whose they are. Fourteen queries at any size."""
    now = now or timezone.now()
    designs, phases = filter_choices(journeys)
    form = CaseloadFilterForm(query, designs=designs, phases=phases)
    form.is_valid()
    chosen = {name: form.chosen(name) for name in ("state", "design", "phase", "sort")}
    state, sort = chosen["state"], chosen["sort"]
    total, matched, attention = counts(
        journeys, filters(state=state, design=chosen["design"], phase=chosen["phase"])
    )
    if total <= caseload_paging.PAGE_SIZE:
        # Every open journey fits on the page: judged now, they are filtered by their state
        # now too, and the page claims nothing about a last check.
        everything = filters(state="", design=chosen["design"], phase=chosen["phase"])
        pks = page_of(journeys, everything, sort=sort, now=now, number=1)
        rows = _rows(journeys.filter(pk__in=pks), now, zone_name, thresholds, coaches)
        _, message = page_number(query.get("page"), 1)
        shown = [row for row in rows if not state or row.state == state]
        return _split(shown, form, total, coaches, None, message)
    pages = max(1, -(-matched // caseload_paging.PAGE_SIZE))
    number, message = page_number(query.get("page"), pages)
    selection = filters(state=state, design=chosen["design"], phase=chosen["phase"])
    pks = page_of(journeys, selection, sort=sort, now=now, number=number)
    rows = _rows(journeys.filter(pk__in=pks), now, zone_name, thresholds, coaches)
    first = (number - 1) * caseload_paging.PAGE_SIZE + 1 if rows else 0
    paging = Paging(
        number=number,
        pages=pages,
        matched=matched,
        attention=attention,
        first_row=first,
        last_row=first + len(rows) - 1 if rows else 0,
        message=message,
        query=paging_query(coaches.query if coaches else "", chosen),
    )
    return _split(rows, form, total, coaches, paging, message)


def _rows(
    journeys: QuerySet[Journey],
    now: datetime,
    zone_name: str,
    thresholds: Thresholds,
    coaches: CoachFilter | None,
) -> list[CaseloadRow]:
    return caseload_rows(
        journeys,
        now=now,
        zone_name=zone_name,
        thresholds=thresholds,
        viewer_id=coaches.viewer_id if coaches else None,
        coach_names=coaches.names if coaches and coaches.several else None,
    )


def _split(
    rows: list[CaseloadRow],
    form: CaseloadFilterForm,
    total: int,
    coaches: CoachFilter | None,
    paging: Paging | None,
    message: str,
) -> Caseload:
    # A page's rows are sorted by their momentum now: the database ordered the pages by the
    # states last judged, and a row has moved since then when its state says otherwise.
    rows.sort(key=_SORT_KEYS.get(form.chosen("sort"), _by_attention))
    return Caseload(
        needs_attention=[row for row in rows if row.needs_attention],
        the_rest=[row for row in rows if not row.needs_attention],
        total=total,
        form=form,
        coaches=coaches,
        paging=paging,
        page_message=message,
    )


def momentum_section(state: JourneyState, page: Page) -> JourneySection | None:
    """The journey's momentum, its state and every signal with its reason, on the journey
    page and (near the top, after the client's check-in) on session prep. Eight queries:
    the practice's thresholds and momentum's seven."""
    journey = state.journey
    overrides = (
        Practice.objects.filter(pk=journey.practice_id)
        .values_list("momentum_thresholds", flat=True)
        .first()
    )
    thresholds = Thresholds.from_overrides(overrides or {})
    momentum = momentum_for(Journey.objects.filter(pk=journey.pk), state.now, thresholds).get(
        journey.pk
    )
    if momentum is None:
        return None
    context = {
        "momentum": momentum,
        "quiet": QUIET.get(momentum.state, ""),
        "needs_attention": momentum.state in NEEDS_ATTENTION,
        "page": page,
    }
    return JourneySection(
        "insights/_momentum_section.html", context, slot="head" if page == "prep" else "main"
    )


_FAR = datetime.max.replace(tzinfo=ZoneInfo("UTC"))


def _by_attention(row: CaseloadRow) -> tuple[Any, ...]:
    return (*row.momentum.sort_key, row.next_session or _FAR, row.client_name.lower())


def _by_next(row: CaseloadRow) -> tuple[Any, ...]:
    return (row.next_session or _FAR, row.client_name.lower())


def _by_client(row: CaseloadRow) -> tuple[Any, ...]:
    return (row.client_name.lower(), row.next_session or _FAR)


_SORT_KEYS = {"attention": _by_attention, "next": _by_next, "client": _by_client}
