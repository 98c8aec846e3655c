"""Momentum alerts: a coach hears, through the outbox, when one of their journeys turns
stalled or closure at risk, once per change of state, folded into one message a morning.

Runs on every pass of the nudge planner (listed in NUDGE_PLANNERS, arcwise/wiring.py),
which is about once a minute, in two steps, each safe to run as often as it likes and in
several processes at once:

Judging
    Each pass judges one twelfth of the open journeys (those whose pk falls in the pass's
    five-minute slot of the hour), so every open journey is judged for about five passes an
    hour, and a pass costs a twelfth of judging them all: eight queries (the journeys with
    their stored state and practice thresholds, and momentum's seven fact queries), plus one
    conditional update per kind of change found (from one state to another: a few at most).
    Each journey is judged with its practice's thresholds. A change is written compare-and-
    set on the old state, so when two processes judge the same journey, only one of them
    records the change, with one time: that time is what makes the change unique. The first
    judgement of a journey records its state with no time: it was found, not seen changing,
    and tells no one.

The alert
    In the coach's morning (their time zone), every journey of theirs that turned stalled or
    closure at risk since their last alert and is still so goes into one message (key per
    coach and local day), each with its top reasons and a link to its session prep. The
    message remembers the changes it covers, so a change is told once, to whoever coaches
    the journey when the message is written; a journey that turns stalled again later is a
    new change and is told again. Paused and ended journeys are never in it. Names the
    client, never notes or what the client wrote: the reasons are momentum's one-liners.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.db.models.functions import Mod
from django.urls import reverse

from arcwise.accounts.models import User
from arcwise.days import zone_or_utc
from arcwise.insights.momentum.judgement import assess
from arcwise.insights.momentum.states import SEVERITY, Momentum, State, needs_alert
from arcwise.insights.momentum.thresholds import Thresholds
from arcwise.insights.momentum.words import short_day
from arcwise.insights.momentum_facts import load_facts
from arcwise.journeys.models import OPEN_STATUSES, Journey, JourneyStatus
from arcwise.nudges.models import Nudge, NudgeKind
from arcwise.nudges.outbox import enqueue

# The issue asks for these two: a stall or a fading ending is worth an e-mail. Drifting,
# which `needs_alert` also counts, is for the caseload: it is often a busy fortnight.
ALERT_STATES = frozenset({State.STALLED, State.CLOSURE_AT_RISK})
# Journeys a message may name: a paused or ended journey needs nothing from the coach.
ALERTED_STATUSES = (JourneyStatus.ACTIVE, JourneyStatus.CLOSING)
# Each pass judges the journeys of one five-minute slot of the hour: momentum moves over
# days, so judging a journey hourly is soon enough, and a pass costs a twelfth of all of
# them. Five minutes, not one, so a pass that is late or skipped leaves no journey unjudged
# for the hour.
SLOTS = 12
ALERT_KEY = "momentum-alert"
# Written in the coach's morning, after their quiet hours, as their digest is; a morning the
# sender misses leaves the changes for the next morning's alert.
ALERT_FROM = time(8, 0)
ALERT_UNTIL = time(12, 0)
# Changes older than this are never told (a sender down for a week): the caseload shows them.
LOOKBACK = timedelta(days=7)
# How far back earlier alerts are read for the changes they covered: longer than LOOKBACK,
# so a change told at the edge of the window cannot look new.
HISTORY = LOOKBACK + timedelta(days=1)
# A coach reads two reasons at a glance; the caseload and session prep have the rest.
TOP_REASONS = 2
NUMBER_WORDS = {1: "One journey", 2: "Two journeys", 3: "Three journeys", 4: "Four journeys"}


def plan_momentum_alerts(now: datetime) -> None:
    """A planner (wiring.NUDGE_PLANNERS): judge this pass's slot, then write due alerts."""
    judge_momentum(now, due_for_judging(now))
    write_alerts(now)


def due_for_judging(now: datetime) -> QuerySet[Journey]:
    """The open journeys whose turn it is: those in the five-minute slot `now` falls in."""
    slot = now.minute * SLOTS // 60
    return (
        Journey.objects.filter(status__in=OPEN_STATUSES)
        .alias(slot=Mod("pk", SLOTS))
        .filter(slot=slot)
    )


def is_news(previous: str, current: State) -> bool:
    """Whether a change of stored state is one the coach hears about: a change (not the
    first judgement) into stalled or closure at risk."""
    return bool(previous) and needs_alert(State(previous), current) and current in ALERT_STATES


@dataclass(frozen=True)
class Judged:
    journeys: int  # judged
    changed: int  # whose stored state this pass changed
    news: int  # of those, changes a coach will hear about


def judge_momentum(now: datetime, journeys: QuerySet[Journey]) -> Judged:
    """Judge the open journeys among `journeys` as of `now`, each with its practice's
    thresholds, and store the states that changed. Eight queries, plus one update per kind
    of change (from one state to another) found."""
    selection = journeys.filter(status__in=OPEN_STATUSES)
    stored = {
        pk: (practice_id, state, overrides)
        for pk, practice_id, state, overrides in selection.order_by().values_list(
            "pk", "practice_id", "momentum_state", "practice__momentum_thresholds"
        )
    }
    facts = load_facts(selection)
    thresholds: dict[int, Thresholds] = {}
    changes: defaultdict[tuple[str, State], list[int]] = defaultdict(list)
    for pk, one in facts.items():
        if pk not in stored:
            continue  # opened between the two reads: judged on a later pass
        practice_id, previous, overrides = stored[pk]
        if practice_id not in thresholds:
            thresholds[practice_id] = practice_thresholds(overrides)
        state = assess(one, now, thresholds[practice_id]).state
        if state != previous:
            changes[(previous, state)].append(pk)
    changed = news = 0
    for (previous, state), pks in changes.items():
        # Compare-and-set: a journey another process moved on meanwhile is left as it is.
        count = Journey.objects.filter(pk__in=pks, momentum_state=previous).update(
            momentum_state=state, momentum_changed_at=now if previous else None
        )
        changed += count
        news += count if is_news(previous, state) else 0
    return Judged(len(facts), changed, news)


def practice_thresholds(overrides: object) -> Thresholds:
    """A practice's thresholds from what it stored; anything but a mapping means defaults."""
    return Thresholds.from_overrides(overrides if isinstance(overrides, Mapping) else {})


def change_key(journey: Journey) -> str:
    """What an alert remembers it told: the journey, its new state and the moment of change."""
    assert journey.momentum_changed_at is not None
    moment = journey.momentum_changed_at.astimezone(UTC)
    return f"momentum:{journey.public_id}:{journey.momentum_state}:{moment:%Y%m%dT%H%M%S.%fZ}"


def write_alerts(now: datetime) -> int:
    """Write today's alert for every coach in their morning with journeys that turned
    stalled or closure at risk and were not yet told; return how many this pass wrote.
    One query when no journey turned; two when every change was told; nine, plus four for
    each alert written, when there is news."""
    turned = list(
        Journey.objects.filter(
            status__in=ALERTED_STATUSES,
            momentum_state__in=ALERT_STATES,
            momentum_changed_at__gt=now - LOOKBACK,
            momentum_changed_at__lte=now,
        )
        .select_related("coach", "client", "practice")
        .order_by("momentum_changed_at", "pk")
    )
    if not turned:
        return 0
    earlier = Nudge.objects.filter(
        kind=NudgeKind.COACH_ALERT,
        dedupe_key__startswith=f"{ALERT_KEY}:",
        created_at__gte=now - HISTORY,
    ).values_list("dedupe_key", "covers")
    keys: set[str] = set()
    told: set[str] = set()
    for key, covers in earlier:
        keys.add(key)
        told.update(covers)
    by_coach: dict[User, list[Journey]] = defaultdict(list)
    for journey in turned:
        if change_key(journey) not in told:
            by_coach[journey.coach].append(journey)
    due: list[tuple[User, str, list[Journey]]] = []
    for coach, news in by_coach.items():
        local = now.astimezone(zone_or_utc(coach.time_zone))
        key = f"{ALERT_KEY}:{coach.pk}:{local.date():%Y-%m-%d}"
        if ALERT_FROM <= local.time() < ALERT_UNTIL and key not in keys:
            due.append((coach, key, news))
    if not due:
        return 0
    judged = _momentum_now([j for _, _, news in due for j in news], now)
    for coach, key, news in due:
        enqueue(
            dedupe_key=key,
            kind=NudgeKind.COACH_ALERT,
            to=coach.email,
            subject=f"Momentum: {_how_many(len(news)).lower()} {_need(len(news))} your attention",
            body=alert_body(coach, news, judged, now),
            due_at=now,
            user=coach,
            covers=[change_key(j) for j in news],
            created_at=now,
        )
    return len(due)


def _momentum_now(journeys: list[Journey], now: datetime) -> dict[int, Momentum]:
    """The reasons for the message: each journey judged again now (seven queries)."""
    facts = load_facts([j.pk for j in journeys])
    return {
        j.pk: assess(facts[j.pk], now, practice_thresholds(j.practice.momentum_thresholds))
        for j in journeys
        if j.pk in facts
    }


def top_reasons(momentum: Momentum | None, state: str) -> list[str]:
    """The reasons that weigh most: those pushing towards the alerted state first."""
    if momentum is None:
        return []
    ranked = sorted(
        momentum.signals,
        key=lambda s: (s.severity != state, SEVERITY.get(s.severity, len(SEVERITY))),
    )
    return [signal.reason for signal in ranked[:TOP_REASONS]]


def alert_body(
    coach: User, news: list[Journey], judged: Mapping[int, Momentum], now: datetime
) -> str:
    zone = zone_or_utc(coach.time_zone)
    today = now.astimezone(zone).date()
    items = []
    for journey in news:
        assert journey.momentum_changed_at is not None
        since = short_day(journey.momentum_changed_at.astimezone(zone).date(), today)
        lines = [f"- {journey.client.name}: {State(journey.momentum_state).label} since {since}"]
        lines += [
            f"  {reason}" for reason in top_reasons(judged.get(journey.pk), journey.momentum_state)
        ]
        prep = reverse("journeys:prep", args=[journey.public_id])
        lines.append(f"  Session prep: {settings.SITE_URL}{prep}")
        items.append("\n".join(lines))
    return (
        f"Hello {coach.get_short_name()},\n\n"
        f"{_how_many(len(news))} turned stalled or closure at risk since your last alert:\n\n"
        + "\n\n".join(items)
        + "\n\nMomentum is judged from each journey's own facts with your practice's "
        "thresholds; the caseload shows every signal.\n"
    )


def _how_many(count: int) -> str:
    return NUMBER_WORDS.get(count, f"{count} journeys")


def _need(count: int) -> str:
    return "needs" if count == 1 else "need"
