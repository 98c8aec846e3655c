"""The coach's digest: each morning (coach's time zone), if anything arrived since their
last digest, one message listing it: answered reflections, experiment check-ins,
pre-session check-ins, pulse answers, clients who turned reminders off, and client messages
that failed. Only the client's first name and the kind of thing: never what they wrote.
Planned on every pass of the nudge planner (prompts.plan_portal_messages)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from arcwise.accounts.models import User
from arcwise.days import zone_or_utc
from arcwise.journeys.models import OPEN_STATUSES, Journey, PulseAnswer
from arcwise.nudges.models import CLIENT_KINDS, Nudge, NudgeKind
from arcwise.nudges.outbox import enqueue
from arcwise.portal.models import ExperimentCheckIn, ReflectionRequest, SessionCheckIn
from arcwise.portal.wording import how_many
from arcwise.text import first_name

COACH_DIGEST_KEY = "coach-digest"
# The coach's digest is planned in the morning of their day. Missed (a sender down all
# morning), what arrived waits for the next morning's digest: nothing is lost.
DIGEST_FROM = time(8, 0)
DIGEST_UNTIL = time(12, 0)
# Arrivals older than this are never reported (a coach's first digest, or after a gap).
DIGEST_LOOKBACK = timedelta(days=7)


@dataclass(frozen=True)
class Arrival:
    """One thing a client sent back (or that went wrong), as the coach's digest lists it."""

    at: datetime
    coach_id: int
    journey_id: UUID
    line: str


def plan_coach_digests(*, now: datetime | None = None) -> int:
    """Write today's digest for every coach in their morning with something new since their
        last digest; return how many this pass wrote. Six queries when nothing arrived; eight,
    plus a few for each digest written, when something did."""
    now = now or timezone.now()
    arrivals = _arrivals(since=now - DIGEST_LOOKBACK, until=now)
    if not arrivals:
        return 0
    by_coach: dict[int, list[Arrival]] = defaultdict(list)
    for arrival in arrivals:
        by_coach[arrival.coach_id].append(arrival)
    last = dict(
        Nudge.objects.filter(user_id__in=by_coach, dedupe_key__startswith=f"{COACH_DIGEST_KEY}:")
        .values_list("user_id")
        .annotate(last=Max("created_at"))
    )
    written = 0
    for coach in User.objects.filter(pk__in=by_coach).order_by("pk"):
        local = now.astimezone(zone_or_utc(coach.time_zone))
        if not DIGEST_FROM <= local.time() < DIGEST_UNTIL:
            continue
        key = f"{COACH_DIGEST_KEY}:{coach.pk}:{local.date():%Y-%m-%d}"
        since = last.get(coach.pk)
        if (
            since is not None
            and timezone.localdate(since, zone_or_utc(coach.time_zone)) == local.date()
        ):
            continue  # today's is written
        news = sorted(
            (a for a in by_coach[coach.pk] if since is None or a.at > since), key=lambda a: a.at
        )
        if not news:
            continue
        enqueue(
            dedupe_key=key,
            kind=NudgeKind.COACH_ALERT,
            to=coach.email,
            subject=f"From your clients: {how_many(len(news)).lower()} since your last digest",
            body=_digest_body(coach, news),
            due_at=now,
            user=coach,
            covers=[f"{a.line} {a.journey_id}" for a in news],
            # The next digest reports what arrived after this moment.
            created_at=now,
        )
        written += 1
    return written


def _arrivals(*, since: datetime, until: datetime) -> list[Arrival]:
    """Everything clients sent back between the two moments, with the coach it goes to: six
    queries. Only first names and kinds of thing leave here."""
    found: list[Arrival] = []

    def add(at: datetime, journey: Journey, what: str) -> None:
        who = first_name(journey.client.name)
        found.append(Arrival(at, journey.coach_id, journey.public_id, f"{who} {what}"))

    window = {"__gt": since, "__lte": until}

    def between(field: str) -> dict[str, datetime]:
        return {f"{field}{op}": moment for op, moment in window.items()}

    for reflection in (
        ReflectionRequest.objects.filter(**between("answered_at"))
        .exclude(answer="")
        .select_related("journey__client")
    ):
        if reflection.answered_at is None:
            continue
        add(reflection.answered_at, reflection.journey, "answered a reflection.")
    for check_in in (
        ExperimentCheckIn.objects.filter(**between("updated_at"))
        .exclude(tried="")
        .select_related("experiment__journey__client")
    ):
        add(check_in.updated_at, check_in.experiment.journey, "checked in on an experiment.")
    for before in SessionCheckIn.objects.filter(**between("updated_at")).select_related(
        "journey__client"
    ):
        if before.is_answered():
            add(before.updated_at, before.journey, "answered the questions before a session.")
    pulses: dict[tuple[int, date], PulseAnswer] = {}
    for answer in PulseAnswer.objects.filter(**between("answered_at")).select_related(
        "journey__client"
    ):
        seen = pulses.get((answer.journey_id, answer.week_of))
        if seen is None or answer.answered_at > seen.answered_at:
            pulses[(answer.journey_id, answer.week_of)] = answer
    for answer in pulses.values():
        add(answer.answered_at, answer.journey, "answered the weekly pulse.")
    for journey in Journey.objects.filter(
        status__in=OPEN_STATUSES, **between("client__reminders_off_at")
    ).select_related("client"):
        if journey.client.reminders_off_at is None:
            continue
        add(journey.client.reminders_off_at, journey, "turned reminders off.")
    for nudge in Nudge.objects.filter(
        kind__in=CLIENT_KINDS, journey__isnull=False, **between("failed_at")
    ).select_related("journey__client"):
        if nudge.failed_at is None or nudge.journey is None:
            continue  # not so: the query asks for both; this tells the type checker
        add(
            nudge.failed_at,
            nudge.journey,
            f"did not get a message ({nudge.get_kind_display().lower()}): it could not be "
            "delivered.",
        )
    return found


def _digest_body(coach: User, news: list[Arrival]) -> str:
    items = "\n".join(
        f"- {a.line}\n  {settings.SITE_URL}{reverse('journeys:detail', args=[a.journey_id])}"
        for a in news
    )
    return (
        f"Hello {coach.get_short_name()},\n\n"
        "Since your last digest, from your clients:\n\n"
        f"{items}\n\n"
        "What they wrote is on each journey's page, not in this e-mail.\n"
    )
