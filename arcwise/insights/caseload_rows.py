"""The caseload's rows: each open journey with its momentum, the weeks behind it, its next
session and the way into session prep, every string made here so that the page does one
cheap loop (see bench/pages.py).

Ten queries however many journeys: one for the journeys' names, one for the closing reviews
under way, momentum's seven (`fact_rows`), from which the current phase and the next session
are read as well, and one for the coach's unread messages (conversations).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.safestring import SafeString

from arcwise.conversations.models import Author
from arcwise.conversations.queries import unread_counts
from arcwise.days import day_month, day_month_year, week_in_phase, zone_or_utc
from arcwise.insights.caseload_judgements import (
    LABELS,
    momentum_now,
    past_weeks,
    thresholds_key,
)
from arcwise.insights.momentum.states import NEEDS_ATTENTION, SEVERITY, Momentum, State
from arcwise.insights.momentum.thresholds import Thresholds
from arcwise.insights.momentum.words import local_day
from arcwise.insights.momentum_facts import fact_rows, facts_from
from arcwise.journeys.models import Journey, JourneyStatus, SessionStatus
from arcwise.outcomes.models import ClosingReview
from arcwise.outcomes.review_due import closing_due
from arcwise.svg.markup import Markup
from arcwise.svg.sparkline import WEEKS, WeekPoint, render_sparkline

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
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
    prep_url: str  # "" for another coach's journey: its prep holds that coach's notes
    sparkline: Markup
    unread: int = 0  # messages from the client the coach has not read
    messages_url: str = ""
    coach_name: str = ""  # whose journey, when the caseload shows more than one coach's

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
        coach = (
            f'<br><span class="caseload__coach">Coach: {escape(self.coach_name)}</span>'
            if self.coach_name
            else ""
        )
        prep = (
            f'<a class="button caseload__prep" href="{self.prep_url}">Prep'
            f'<span class="visually-hidden"> session for {client}</span></a>'
            if self.prep_url
            else f'<span class="muted">{escape(self.coach_name or "Another coach")}'
            "'s to prepare</span>"
        )
        return SafeString(
            f'<tr class="caseload__row caseload__row--{self.state_key}">'
            f'<th scope="row"><a href="{self.detail_url}">{client}</a><br>'
            f'<span class="muted">{escape(self.design_name)}</span>{coach}'
            f"{self._unread_html()}</th>"
            f"<td>{phase}</td>"
            f'<td><span class="badge momentum-badge momentum-badge--{self.state_key}">'
            f"{self.state_label}</span><br>"
            f'<span class="caseload__reason">{escape(self.top_reason)}</span></td>'
            f'<td class="caseload__spark">{self.sparkline}</td>'
            f"<td>{escape(self.next_session_text)}</td>"
            f"<td>{prep}</td>"
            "</tr>"
        )

    def _unread_html(self) -> str:
        if not self.unread:
            return ""
        plural = "s" if self.unread != 1 else ""
        return (
            f'<br><a class="caseload__unread" href="{self.messages_url}">'
            f"{self.unread} new message{plural}</a>"
        )

    @property
    def needs_attention(self) -> bool:
        return self.momentum.state in NEEDS_ATTENTION


def caseload_rows(
    journeys: QuerySet[Journey],
    *,
    now: datetime,
    zone_name: str,
    thresholds: Thresholds,
    viewer_id: int | None = None,
    coach_names: Mapping[int, str] | None = None,
) -> list[CaseloadRow]:
    """Every journey of `journeys` as a caseload row, judged as of `now`: ten queries.

    With `viewer_id`, a journey of another coach links to its client's page rather than to
    the journey (which only its coach opens) and has no prep button; with `coach_names`,
    every row says whose journey it is ("You" for the viewer's own)."""
    named = list(
        journeys.order_by().values_list(
            "pk",
            "public_id",
            "client__name",
            "design_version__design__public_id",
            "design_version__name",
            "status",
            "paused_until",
            "planned_end",
            "coach_id",
            "client__public_id",
        )
    )
    reviewing = set(
        ClosingReview.objects.filter(journey_id__in=[row[0] for row in named]).values_list(
            "journey_id", flat=True
        )
    )
    rows = fact_rows(journeys)
    unread = unread_counts([row[0] for row in named], side=Author.COACH)
    zone = zone_or_utc(zone_name)  # the coach's, for the next session's day and time
    # The next planned session and the current phase run, read from momentum's own rows.
    next_at: dict[int, datetime] = {}
    ahead: Counter[int] = Counter()
    held: Counter[int] = Counter()
    for journey_id, starts_at, status in rows.sessions:
        held[journey_id] += status == SessionStatus.HELD
        ahead[journey_id] += status == SessionStatus.PLANNED and starts_at > now
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
    messages_url = _url_pattern("conversations:journey")
    client_url = _url_pattern("clients:detail")
    made = []
    for (
        pk,
        public_id,
        client_name,
        design_id,
        design_name,
        status,
        paused_until,
        end,
        coach_id,
        client_id,
    ) in named:
        one = facts.get(pk)
        if one is None:  # ended or handed over between the two reads
            continue
        fingerprint = (pk, hash(one), thresholds_key(thresholds))
        momentum = momentum_now(fingerprint, one, now, thresholds)
        points = past_weeks(fingerprint, one, now, thresholds)
        if local_day(now, one.zone) >= one.start_date:
            points += (WeekPoint(LABELS[momentum.state], momentum.score),)
        paused = status == JourneyStatus.PAUSED
        upcoming = None if paused else next_at.get(pk)
        phase = current.get(pk)
        if phase is None:
            phase_name = phase_week = ""
        else:
            name, entered_on, planned_weeks = phase
            week = max(1, (zone_today - entered_on).days // 7 + 1)
            phase_name, phase_week = name, week_in_phase(week=week, planned_weeks=planned_weeks)
        key = str(public_id)
        own = viewer_id is None or coach_id == viewer_id
        coach_name = ""
        if coach_names is not None:
            coach_name = "You" if own else coach_names.get(coach_id, "another coach")
        made.append(
            CaseloadRow(
                public_id=public_id,
                client_name=client_name,
                design_id=str(design_id),
                design_name=design_name,
                phase_name=phase_name,
                phase_week=phase_week,
                status_note=_status_note(status, paused_until, zone_today)
                or _closing_note(
                    pk in reviewing,
                    closing_due(
                        planned_end=end,
                        today=zone_today,
                        planned_ahead=ahead[pk],
                        held=held[pk],
                    ),
                ),
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
                detail_url=(
                    detail_url.replace(_PLACEHOLDER, key)
                    if own
                    else client_url.replace(_PLACEHOLDER, str(client_id))
                ),
                prep_url=prep_url.replace(_PLACEHOLDER, key) if own else "",
                coach_name=coach_name,
                sparkline=render_sparkline(
                    points, key=key, title=f"Momentum over {WEEKS} weeks: {client_name}"
                ),
                # Unread by the journey's coach, and only their page opens the messages.
                unread=unread.get(pk, 0) if own else 0,
                messages_url=messages_url.replace(_PLACEHOLDER, key) if own else "",
            )
        )
    return made


def top_reason(momentum: Momentum) -> str:
    """The reason a coach should read first: of the most urgent signal, the first given."""
    if not momentum.signals:
        return QUIET.get(momentum.state, "")
    return min(momentum.signals, key=lambda s: SEVERITY[s.severity]).reason


_PLACEHOLDER = "00000000-0000-0000-0000-000000000000"


def _url_pattern(name: str) -> str:
    # One reverse() per page instead of two per row: the rows fill in their own id.
    return reverse(name, args=[UUID(_PLACEHOLDER)])


def _closing_note(under_way: bool, due: str | None) -> str:
    """The closing review, when it is under way or due: the caseload's prompt to close well."""
    if under_way:
        return "Closing review under way"
    return "Closing review due" if due else ""


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
