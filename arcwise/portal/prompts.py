"""What the portal asks of clients, folded into one message a day. Runs on every pass of the
nudge planner (listed in NUDGE_PLANNERS, arcwise/wiring.py), with the coach's digest
(digest.py), and is safe to run as often as it likes: each message has a dedupe key, and
each remembers what it covered.

For each open (active) journey whose client is not archived, has not turned reminders off,
and whose portal their coach has not closed: reflections due and unanswered; an open
experiment whose day is tomorrow or past, not yet checked in on; the questions before a
session, from the day the portal asks them; the weekly pulse, from Wednesday of a week with
no answers; the goals at mid-way (once) and, for closing journeys too, the closing
reflections the coach asked for (rating_prompts.py) and each version of a progress summary
for their sponsor waiting for their answer (sponsors/queries.py). All of a client's due
things go in one message a day (key per client and local day), after their quiet hours,
with a fresh portal link. A thing is asked at most twice: once, and once more
SECOND_ASK_AFTER later if still unanswered (mid-way once only). While a message waits, no
other is planned for that client; a waiting message whose things were all answered (or
whose journey stopped, or whose portal was closed) is taken out, and its link revoked. The
weekly cap (nudges/weekly_cap.py) holds the message back until the client's oldest message
of the week drops out; raised meanwhile (or a counted message taken out), the next pass lets
it go sooner.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from arcwise.clients.models import Client
from arcwise.days import zone_or_utc
from arcwise.journeys.models import (
    Experiment,
    ExperimentStatus,
    Journey,
    JourneyStatus,
    PulseAnswer,
    Session,
    SessionStatus,
)
from arcwise.journeys.schedule import format_day
from arcwise.nudges.models import Nudge, NudgeKind
from arcwise.nudges.outbox import enqueue
from arcwise.nudges.planner import unsubscribe_headers, unsubscribe_token
from arcwise.nudges.timing import outside_quiet_hours
from arcwise.nudges.weekly_cap import counted_times, earliest_under_cap
from arcwise.portal.digest import plan_coach_digests
from arcwise.portal.models import (
    CHECK_IN_OPENS_DAYS,
    PortalLink,
    ReflectionRequest,
    SessionCheckIn,
)
from arcwise.portal.rating_prompts import ASKED_ONCE, rating_asks
from arcwise.portal.services import PortalClosed, portal_link_for_message
from arcwise.portal.wording import how_many
from arcwise.sponsors.queries import summary_asks
from arcwise.text import first_name

# A thing still unanswered this long after it was first asked is asked once more, and never
# again: a second nudge helps, a daily one nags.
SECOND_ASK_AFTER = timedelta(days=3)
ASKED_AT_MOST = 2
# Reflections and experiments more than this far behind are not asked about any more.
STALE_AFTER = timedelta(days=21)
# How far back the planner reads earlier messages for what they covered: longer than
# STALE_AFTER, so nothing stale can look new.
HISTORY = timedelta(days=30)
# An experiment is brought up from the day before its day.
EXPERIMENT_AHEAD = timedelta(days=1)
# The pulse is asked from Wednesday (Monday is 0): a week a few days old has something to
# rate, and a Monday-morning question about a week just begun has not.
PULSE_FROM_WEEKDAY = 2
PROMPTS_KEY = "client-prompts"


@dataclass(frozen=True)
class Ask:
    """One thing the client is asked: its key (what messages remember) and its line."""

    key: str
    journey: Journey
    line: str


def plan_portal_messages(now: datetime) -> None:
    """A planner (wiring.NUDGE_PLANNERS): the clients' prompts, then the coaches' digests."""
    plan_client_prompts(now=now)
    plan_coach_digests(now=now)


def plan_client_prompts(*, now: datetime | None = None) -> int:
    """Write today's folded message for every client with something due; return how many
        messages this pass wrote. Fourteen queries however many clients, plus seven for each new
    message (its link and row, with their savepoints)."""
    now = now or timezone.now()
    journeys = list(
        Journey.objects.filter(
            # Closing journeys too: their clients are asked for closing reflections.
            status__in=(JourneyStatus.ACTIVE, JourneyStatus.CLOSING),
            client__archived_at=None,
            client__reminders_off_at=None,
            # A portal the coach closed gets no message: it would carry a new way in.
            client__portal_closure=None,
        )
        .select_related("client")
        .order_by("client_id", "start_date", "pk")
    )
    by_client: dict[int, list[Journey]] = defaultdict(list)
    for journey in journeys:
        by_client[journey.client_id].append(journey)
    today = {
        client_id: timezone.localdate(now, zone_or_utc(js[0].client.time_zone))
        for client_id, js in by_client.items()
    }
    open_asks = _open_asks(journeys, today, now)
    history = [
        Earlier(*row)
        for row in Nudge.objects.filter(
            kind=NudgeKind.CLIENT_PROMPTS, created_at__gte=now - HISTORY
        ).values_list(
            "pk", "client_id", "dedupe_key", "covers", "sent_at", "failed_at", "due_at", "held_back"
        )
    ]
    history = _take_out_answered(history, open_asks)
    asked: dict[str, list[datetime]] = defaultdict(list)
    waiting: set[int | None] = set()
    keys = {row.dedupe_key for row in history}
    for row in history:
        if row.failed_at is not None:
            continue  # it never arrived: its things may be asked again
        if row.sent_at is None:
            waiting.add(row.client_id)
        for key in row.covers:
            asked[key].append(row.sent_at or row.due_at)
    times = counted_times(by_client, now)
    _release_held(history, by_client, times, now)
    written = 0
    for client_id, client_journeys in by_client.items():
        client = client_journeys[0].client
        key = f"{PROMPTS_KEY}:{client.public_id}:{today[client_id]:%Y-%m-%d}"
        if client_id in waiting or key in keys:
            continue
        asks = [a for a in open_asks.get(client_id, []) if _may_ask(a.key, asked.get(a.key), now)]
        if not asks:
            continue
        cap = min(j.weekly_message_cap for j in client_journeys)
        written += _write_prompts(
            client, asks, key=key, cap=cap, times=times.get(client_id, []), now=now
        )
    return written


@dataclass(frozen=True)
class Earlier:
    """An earlier folded message, as far as planning the next one needs it."""

    pk: int
    client_id: int | None
    dedupe_key: str
    covers: list[str]
    sent_at: datetime | None
    failed_at: datetime | None
    due_at: datetime
    held_back: str

    def waits(self) -> bool:
        return self.sent_at is None and self.failed_at is None


def _may_ask(key: str, asked_at: list[datetime] | None, now: datetime) -> bool:
    if not asked_at:
        return True
    if key.startswith(ASKED_ONCE):
        return False
    return len(asked_at) < ASKED_AT_MOST and now - max(asked_at) >= SECOND_ASK_AFTER


def _open_asks(
    journeys: list[Journey], today: dict[int, date], now: datetime
) -> dict[int, list[Ask]]:
    """Every client's open things, in the order the message lists them: five queries."""
    if not journeys:
        return {}
    asks: dict[int, list[Ask]] = defaultdict(list)
    # The goals' ratings and the summaries for a sponsor are asked of closing journeys too.
    for journey, key, line in [*rating_asks(journeys, today), *summary_asks(journeys)]:
        asks[journey.client_id].append(Ask(key, journey, line))
    # The rest is asked of active journeys only.
    journeys = [j for j in journeys if j.status == JourneyStatus.ACTIVE]
    by_id = {j.pk: j for j in journeys}
    earliest, latest = min(today.values()), max(today.values())

    def add(journey: Journey, key: str, line: str) -> None:
        asks[journey.client_id].append(Ask(key, journey, line))

    reflections = ReflectionRequest.objects.filter(
        journey_id__in=by_id, answer="", due_on__lte=latest, due_on__gte=earliest - STALE_AFTER
    ).order_by("due_on", "pk")
    for reflection in reflections:
        journey = by_id[reflection.journey_id]
        if reflection.due_on <= today[journey.client_id]:
            add(
                journey,
                f"reflection:{reflection.public_id}",
                f'A reflection: "{reflection.prompt}"',
            )
    experiments = (
        Experiment.objects.filter(
            journey_id__in=by_id,
            status=ExperimentStatus.OPEN,
            by_when__lte=latest + EXPERIMENT_AHEAD,
            by_when__gte=earliest - STALE_AFTER,
        )
        .filter(Q(check_in__isnull=True) | Q(check_in__tried=""))
        .order_by("by_when", "pk")
    )
    for experiment in experiments:
        journey = by_id[experiment.journey_id]
        by = f"{experiment.by_when:%A} {format_day(experiment.by_when)}"
        if experiment.by_when <= today[journey.client_id] + EXPERIMENT_AHEAD:
            add(
                journey,
                f"experiment:{experiment.public_id}",
                f'Your experiment "{experiment.title}" (by {by}): '
                "did you try it, and what happened?",
            )
    sessions = (
        Session.objects.filter(
            journey_id__in=by_id,
            status=SessionStatus.PLANNED,
            starts_at__gt=now,
            starts_at__lte=now + timedelta(days=CHECK_IN_OPENS_DAYS + 1),
        )
        .select_related("client_check_in")
        .order_by("starts_at")
    )
    for session in sessions:
        journey = by_id[session.journey_id]
        zone = zone_or_utc(journey.client.time_zone)
        on = timezone.localdate(session.starts_at, zone)
        opens = on - timedelta(days=CHECK_IN_OPENS_DAYS)
        if today[journey.client_id] >= opens and not _checked_in(session):
            local = session.starts_at.astimezone(zone)
            add(
                journey,
                f"session-check-in:{session.public_id}",
                f"A few lines before your session on {local:%A} {format_day(on)} at "
                f"{local:%H:%M}: what has happened since, and what you want from it.",
            )
    with_scales = [j for j in journeys if j.pulse_scales]
    weeks = {j.pk: _monday(today[j.client_id]) for j in with_scales}
    answered = set(
        PulseAnswer.objects.filter(
            journey_id__in=weeks, week_of__gte=_monday(earliest)
        ).values_list("journey_id", "week_of")
    )
    for journey in with_scales:
        week = weeks[journey.pk]
        if today[journey.client_id].weekday() >= PULSE_FROM_WEEKDAY and (
            (journey.pk, week) not in answered
        ):
            count = len(journey.pulse_scales)
            add(
                journey,
                f"pulse:{journey.public_id}:{week:%Y-%m-%d}",
                f"This week's pulse: {count} quick scales, 0 to 10.",
            )
    return asks


def _checked_in(session: Session) -> bool:
    try:
        check_in: SessionCheckIn = session.client_check_in
    except SessionCheckIn.DoesNotExist:
        return False
    return check_in.is_answered()


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _take_out_answered(history: list[Earlier], open_asks: dict[int, list[Ask]]) -> list[Earlier]:
    """Delete waiting messages none of whose things is still open, and revoke their links;
    the rest of `history`."""
    still_open = {ask.key for asks in open_asks.values() for ask in asks}
    gone = [row.pk for row in history if row.waits() and not still_open.intersection(row.covers)]
    if not gone:
        return history
    with transaction.atomic():
        # Only while still unsent: a sender may have claimed and sent one meanwhile.
        rows = Nudge.objects.filter(pk__in=gone, sent_at=None, failed_at=None, claimed_at=None)
        links = [link for link in rows.values_list("sign_in_link", flat=True) if link]
        taken = set(rows.values_list("pk", flat=True))
        rows.filter(pk__in=taken).delete()
        PortalLink.objects.filter(public_id__in=links, revoked_at=None).update(
            revoked_at=timezone.now()
        )
    return [row for row in history if row.pk not in taken]


def _release_held(
    history: list[Earlier],
    by_client: dict[int, list[Journey]],
    times: dict[int, list[datetime]],
    now: datetime,
) -> None:
    """Move a message the cap holds back to when it may go now: earlier, when the coach
    raised the cap or a counted message was taken out. One update per message moved."""
    for row in history:
        client_id = row.client_id
        if client_id is None or client_id not in by_client or not row.held_back or not row.waits():
            continue
        journeys = by_client[client_id]
        client = journeys[0].client
        others = list(times.get(client_id, []))
        if row.due_at in others:
            others.remove(row.due_at)  # the message itself
        cap = min(j.weekly_message_cap for j in journeys)
        soonest = outside_quiet_hours(now, client.time_zone)
        allowed = earliest_under_cap(others, cap=cap, at=soonest)
        if allowed >= row.due_at:
            continue
        due = allowed if allowed == soonest else outside_quiet_hours(allowed, client.time_zone)
        Nudge.objects.filter(pk=row.pk, sent_at=None, claimed_at=None).update(
            due_at=due, held_back="" if allowed == soonest else row.held_back
        )


def _write_prompts(
    client: Client,
    asks: list[Ask],
    *,
    key: str,
    cap: int,
    times: list[datetime],
    now: datetime,
) -> bool:
    """Queue the client's folded message with a fresh link; False if their portal was
    closed meanwhile (then nothing is written)."""
    due = outside_quiet_hours(now, client.time_zone)
    held_back = ""
    allowed = earliest_under_cap(times, cap=cap, at=due)
    if allowed > due:
        due = outside_quiet_hours(allowed, client.time_zone)
        held_back = (
            f"Waits for the weekly cap: {cap} message{'s' if cap != 1 else ''} reached "
            f"{client.name} in the seven days before; it goes when the oldest drops out."
        )
    # The link is made in the same transaction as the row: a message another planner wrote
    # first (the same key, a moment earlier) rolls this one's link back with it.
    with transaction.atomic():
        try:
            link = portal_link_for_message(client=client, now=now)
        except PortalClosed:
            return False  # closed by the coach since this pass read the journeys
        nudge = enqueue(
            dedupe_key=key,
            kind=NudgeKind.CLIENT_PROMPTS,
            to=client.email,
            subject=f"{how_many(len(asks))} from your coaching journey",
            body=_prompts_body(client, asks, link.url),
            due_at=due,
            headers=unsubscribe_headers(client),
            practice_id=client.practice_id,
            journey=asks[0].journey,
            client=client,
            covers=[ask.key for ask in asks],
            held_back=held_back,
            sign_in_link=link.link.public_id,
            created_at=now,
        )
        if nudge.sign_in_link != link.link.public_id:
            transaction.set_rollback(True)
    return True


def _prompts_body(client: Client, asks: list[Ask], url: str) -> str:
    lines = "\n".join(f"- {ask.line}" for ask in asks)
    unsubscribe = settings.SITE_URL + reverse(
        "nudges:unsubscribe", args=[unsubscribe_token(client)]
    )
    return (
        f"Hello {first_name(client.name)},\n\n"
        f"{how_many(len(asks))} from your coaching journey:\n\n"
        f"{lines}\n\n"
        "You can answer them here:\n"
        f"{url}\n\n"
        f"The link works for {settings.PORTAL_LINK_VALID_DAYS} days. It is yours alone: please "
        "do not forward it.\n\n"
        "You can turn these messages off with the link in this message's header, or here:\n"
        f"{unsubscribe}\n"
    )
