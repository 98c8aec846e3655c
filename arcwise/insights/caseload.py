"""The caseload as a control panel: each open journey with its momentum, the weeks behind it,
its next session and the way into session prep; and the momentum section of the journey
page and session prep.

The caseload costs a fixed number of queries however many journeys it shows: one for the
journeys' names, and momentum's seven (`fact_rows`), from which the current phase and the
next session are read as well. Everything a row shows is worked out here as plain strings,
so the template does one cheap loop (see bench/pages.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from html import escape
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from arcwise.accounts.models import Practice
from arcwise.days import day_month, day_month_year
from arcwise.forms_common import SafeTextForm
from arcwise.insights.momentum.facts import JourneyFacts
from arcwise.insights.momentum.judgement import assess, weekly_states
from arcwise.insights.momentum.states import ATTENTION, NEEDS_ATTENTION, SEVERITY, Momentum, State
from arcwise.insights.momentum.thresholds import Thresholds
from arcwise.insights.momentum_facts import fact_rows, facts_from, momentum_for
from arcwise.journeys.hooks import JourneySection, Page
from arcwise.journeys.models import Journey, JourneyStatus, SessionStatus
from arcwise.journeys.queries import JourneyState
from arcwise.svg.markup import Markup
from arcwise.svg.sparkline import WEEKS, WeekPoint, render_sparkline

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
OPEN_STATES = tuple(state for state in ATTENTION if state != State.CLOSED)
SORTS = (
    ("attention", "Needs attention first"),
    ("next", "Next session"),
    ("client", "Client name"),
)
# What a row shows for a state beside its badge when no signal says more.
QUIET = {State.ON_TRACK: "nothing needs attention", State.PAUSED: "paused"}


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    """One open journey as the caseload shows it: every string made, nothing left to work out."""

    public_id: UUID
    client_name: str
    design_id: str  # the design's public id, which the design filter carries
    design_name: str
    phase_name: str  # "" while in no phase
    phase_week: str  # “week 2 of 6”
    status_note: str  # “Closing”, “Paused until 3 Dec”: what the journey's status adds
    momentum: Momentum
    state_key: str  # “closure_at_risk”, for the badge's class
    state_label: str  # “Closure at risk”
    top_reason: str
    next_session: datetime | None
    next_session_text: str
    detail_url: str
    prep_url: str
    sparkline: Markup

    @property
    def state(self) -> State:
        return self.momentum.state

    @property
    def html(self) -> SafeString:
        """The row's `<tr>`. Made here rather than by the template: a caseload of 200 rows
        spent most of its time resolving the template's variables one by one
        (bench/pages.py). Every text is escaped; only the sparkline is markup already."""
        phase = (
            f'{escape(self.phase_name)}<br><span class="muted">{escape(self.phase_week)}</span>'
            if self.phase_name
            else '<span class="muted">not in a phase</span>'
        )
        if self.status_note:
            phase += f'<br><span class="badge">{escape(self.status_note)}</span>'
        client = escape(self.client_name)
        return SafeString(
            f'<tr class="caseload__row caseload__row--{self.state_key}">'
            f'<th scope="row"><a href="{self.detail_url}">{client}</a><br>'
            f'<span class="muted">{escape(self.design_name)}</span></th>'
            f"<td>{phase}</td>"
            f'<td><span class="badge momentum-badge momentum-badge--{self.state_key}">'
            f"{self.state_label}</span><br>"
            f'<span class="caseload__reason">{escape(self.top_reason)}</span></td>'
            f'<td class="caseload__spark">{self.sparkline}</td>'
            f"<td>{escape(self.next_session_text)}</td>"
            f'<td><a class="button caseload__prep" href="{self.prep_url}">Prep'
            f'<span class="visually-hidden"> session for {client}</span></a></td>'
            "</tr>"
        )

    @property
    def needs_attention(self) -> bool:
        return self.momentum.state in NEEDS_ATTENTION


@dataclass(frozen=True)
class Caseload:
    needs_attention: list[CaseloadRow]
    the_rest: list[CaseloadRow]
    total: int  # open journeys before filtering
    form: CaseloadFilterForm

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


def caseload_rows(
    journeys: QuerySet[Journey],
    *,
    now: datetime,
    zone_name: str,
    thresholds: Thresholds,
) -> list[CaseloadRow]:
    """Every journey of `journeys` as a caseload row, judged as of `now`: eight queries."""
    named = list(
        journeys.order_by().values_list(
            "pk",
            "public_id",
            "client__name",
            "design_version__design__public_id",
            "design_version__name",
            "status",
            "paused_until",
        )
    )
    rows = fact_rows(journeys)
    zone = _zone(zone_name)  # the coach's, for the next session's day and time
    # The next planned session and the current phase run, read from momentum's own rows.
    next_at: dict[int, datetime] = {}
    for journey_id, starts_at, status in rows.sessions:
        if status == SessionStatus.PLANNED and starts_at >= now:
            known = next_at.get(journey_id)
            if known is None or starts_at < known:
                next_at[journey_id] = starts_at
    current: dict[int, tuple[str, Any, int]] = {}
    for journey_id, name, entered_on, left_on, planned_weeks in rows.runs:
        if left_on is None:
            current[journey_id] = (name, entered_on, planned_weeks)
    facts = facts_from(rows)
    zone_today = now.astimezone(zone).date()
    detail_url = _url_pattern("journeys:detail")
    prep_url = _url_pattern("journeys:prep")
    made = []
    for pk, public_id, client_name, design_id, design_name, status, paused_until in named:
        one = facts.get(pk)
        if one is None:  # ended or handed over between the two reads
            continue
        fingerprint = (pk, hash(one), _thresholds_key(thresholds))
        momentum = momentum_now(fingerprint, one, now, thresholds)
        points = past_weeks(fingerprint, one, now, thresholds)
        if _local_day(now, one.zone) >= one.start_date:
            points += (WeekPoint(LABELS[momentum.state], momentum.score),)
        paused = status == JourneyStatus.PAUSED
        upcoming = None if paused else next_at.get(pk)
        phase = current.get(pk)
        if phase is None:
            phase_name = phase_week = ""
        else:
            name, entered_on, planned_weeks = phase
            week = max(1, (zone_today - entered_on).days // 7 + 1)
            phase_name, phase_week = name, f"week {week} of {planned_weeks}"
        key = str(public_id)
        made.append(
            CaseloadRow(
                public_id=public_id,
                client_name=client_name,
                design_id=str(design_id),
                design_name=design_name,
                phase_name=phase_name,
                phase_week=phase_week,
                status_note=_status_note(status, paused_until, zone_today),
                momentum=momentum,
                state_key=momentum.state.value,
                state_label=momentum.state.label.capitalize(),
                top_reason=top_reason(momentum),
                next_session=upcoming,
                next_session_text=(
                    _when(upcoming, zone, zone_today)
                    if upcoming
                    else ("none while paused" if paused else "none planned")
                ),
                detail_url=detail_url.replace(_PLACEHOLDER, key),
                prep_url=prep_url.replace(_PLACEHOLDER, key),
                sparkline=render_sparkline(
                    points, key=key, title=f"Momentum over {WEEKS} weeks: {client_name}"
                ),
            )
        )
    return made


# What identifies a judgement's input: the journey's pk, the hash of its facts, and the
# thresholds (as their repr). A changed fact, such as a session marked held, changes the hash.
Fingerprint = tuple[int, int, str]


def momentum_now(
    fingerprint: Fingerprint, facts: JourneyFacts, now: datetime, thresholds: Thresholds
) -> Momentum:
    """The journey's momentum as of `now`; judged again only when its facts, the thresholds
    or the minute change. Within a minute nothing a coach can see moves (every signal counts
    days), while a coach filtering the caseload asks for the same journeys again and again.
    A fact that changed is a new hash, so it is never judged from a stale entry."""
    cache_key = (*fingerprint, now.replace(second=0, microsecond=0))
    momentum = _NOW.get(cache_key)
    if momentum is None:
        momentum = assess(facts, now, thresholds)
        _keep(_NOW, cache_key, momentum)
    return momentum


def past_weeks(
    fingerprint: Fingerprint, facts: JourneyFacts, now: datetime, thresholds: Thresholds
) -> tuple[WeekPoint, ...]:
    """The sparkline's points before this week, oldest first: the journey judged at the end
    of the same weekday 1 … 11 weeks ago, from what was known by then.

    Judged in one go from facts prepared once (`weekly_states`), they cost about what
    judging the current week does; they change only when the journey's facts do, so they
    are also kept per process, keyed by the facts themselves (by
    hash, with the journey's pk), the thresholds and the day: a changed fact, a new day or
    other thresholds judge afresh. Nothing depends on the cache but speed.
    """
    last_week = _local_day(now, facts.zone) - timedelta(days=7)
    cache_key = (*fingerprint, last_week)
    points = _PAST_WEEKS.get(cache_key)
    if points is None:
        points = _judged_weeks(facts, last_week, thresholds)
        _keep(_PAST_WEEKS, cache_key, points)
    return points


# Per-process caches of judgements, by fingerprint and the minute or day. Bounded crudely:
# emptied when full, which costs one slow caseload, never a wrong one.
_NOW: dict[tuple[int, int, str, datetime], Momentum] = {}
_PAST_WEEKS: dict[tuple[int, int, str, date], tuple[WeekPoint, ...]] = {}
KEPT = 5_000


def _keep(cache: dict[Any, Any], key: Any, value: Any) -> None:
    if len(cache) >= KEPT:
        cache.clear()
    cache[key] = value


@lru_cache(maxsize=64)
def _thresholds_key(thresholds: Thresholds) -> str:
    # Compared once per row: a string compares far faster than the dataclass does.
    return repr(thresholds)


def _judged_weeks(
    facts: JourneyFacts, last_week: date, thresholds: Thresholds
) -> tuple[WeekPoint, ...]:
    moment = datetime.combine(last_week, time.max, tzinfo=_zone(facts.zone))
    judged = weekly_states(facts, moment, WEEKS - 1, thresholds)
    return tuple(WeekPoint(LABELS[state], score) for _, state, score in judged)


LABELS = {state: state.label for state in State}  # one property call per state, not per week


def caseload_page(
    journeys: QuerySet[Journey],
    query: Mapping[str, Any],
    *,
    zone_name: str,
    thresholds: Thresholds,
    now: datetime | None = None,
) -> Caseload:
    """The caseload as the query string asks for it: filtered by state, design and phase,
    sorted, and split into the journeys that need attention and the rest."""
    rows = caseload_rows(
        journeys, now=now or timezone.now(), zone_name=zone_name, thresholds=thresholds
    )
    # One choice per design, though its journeys may run on versions with other names.
    designs = sorted({r.design_id: r.design_name for r in rows}.items(), key=lambda d: d[1].lower())
    phases = sorted({r.phase_name for r in rows if r.phase_name}, key=str.lower)
    form = CaseloadFilterForm(query, designs=designs, phases=phases)
    form.is_valid()
    state, design, phase = form.chosen("state"), form.chosen("design"), form.chosen("phase")
    shown = [
        row
        for row in rows
        if (not state or row.state == state)
        and (not design or row.design_id == design)
        and (not phase or row.phase_name == phase)
    ]
    shown.sort(key=_SORT_KEYS.get(form.chosen("sort"), _by_attention))
    return Caseload(
        needs_attention=[row for row in shown if row.needs_attention],
        the_rest=[row for row in shown if not row.needs_attention],
        total=len(rows),
        form=form,
    )


def top_reason(momentum: Momentum) -> str:
    """The reason a coach should read first: of the most urgent signal, the first given."""
    if not momentum.signals:
        return QUIET.get(momentum.state, "")
    return min(momentum.signals, key=lambda s: SEVERITY[s.severity]).reason


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


_PLACEHOLDER = "00000000-0000-0000-0000-000000000000"


def _url_pattern(name: str) -> str:
    # One reverse() per page instead of two per row: the rows fill in their own id.
    return reverse(name, args=[UUID(_PLACEHOLDER)])


_FAR = datetime.max.replace(tzinfo=ZoneInfo("UTC"))


def _by_attention(row: CaseloadRow) -> tuple[Any, ...]:
    return (*row.momentum.sort_key, row.next_session or _FAR, row.client_name.lower())


def _by_next(row: CaseloadRow) -> tuple[Any, ...]:
    return (row.next_session or _FAR, row.client_name.lower())


def _by_client(row: CaseloadRow) -> tuple[Any, ...]:
    return (row.client_name.lower(), row.next_session or _FAR)


_SORT_KEYS = {"attention": _by_attention, "next": _by_next, "client": _by_client}


def _status_note(status: str, paused_until: Any, today: Any) -> str:
    if status == JourneyStatus.PAUSED:
        return f"Paused until {_day(paused_until, today)}" if paused_until else "Paused"
    if status == JourneyStatus.CLOSING:
        return "Closing"
    return ""


def _day(day: Any, today: Any) -> str:
    return day_month(day) if day.year == today.year else day_month_year(day)


def _when(moment: datetime, zone: ZoneInfo, today: Any) -> str:
    """“Tue 3 Nov, 10:00” in the coach's time zone; with the year when it is not this year."""
    local = moment.astimezone(zone)
    day = local.date()
    return f"{WEEKDAYS[day.weekday()]} {_day(day, today)}, {local:%H:%M}"


@lru_cache(maxsize=256)
def _zone(name: str) -> ZoneInfo:
    """The zone by name; an unknown one is UTC rather than a failed caseload."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return ZoneInfo("UTC")


def _local_day(moment: datetime, zone_name: str) -> date:
    return moment.astimezone(_zone(zone_name)).date()
