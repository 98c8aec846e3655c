"""What is due to be sent, derived from the journeys as they stand, written to the outbox.

Run on every pass of the sender, and safe to run as often as you like: each message has a
dedupe key, so planning it again finds the row already there. A reminder whose reason has
gone (the session moved, was cancelled or the journey paused) is taken out while it still
waits; one already sent stays in the journey's record of what was sent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from arcwise import wiring
from arcwise.clients.models import Client
from arcwise.days import zone_or_utc
from arcwise.journeys.models import JourneyStatus, Session, SessionStatus
from arcwise.journeys.schedule import format_day
from arcwise.nudges.models import Nudge, NudgeKind
from arcwise.nudges.outbox import enqueue
from arcwise.nudges.timing import outside_quiet_hours
from arcwise.text import first_name

# A day ahead is when a reminder helps: time to rearrange, close enough to remember.
REMIND_BEFORE = timedelta(hours=24)
# Sessions further ahead get their reminder on a later pass; a reminder is planned well
# before it is due, so a sender that was down for a while still finds it.
LOOK_AHEAD = timedelta(hours=48)
# A reminder that quiet hours would push this close to the session is not worth sending.
TOO_LATE = timedelta(hours=1)
UNSUBSCRIBE_SALT = "arcwise.nudges.unsubscribe"


def unsubscribe_token(client: Client) -> str:
    """The client's secret for turning reminders off: signed, so nothing is stored."""
    return signing.dumps(str(client.public_id), salt=UNSUBSCRIBE_SALT)


def client_for_token(token: str) -> Client | None:
    try:
        public_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Client.objects.select_related("practice").filter(public_id=public_id).first()


def unsubscribe_headers(client: Client) -> dict[str, str]:
    """RFC 2369 and RFC 8058 headers: mail programs offer a one-click "unsubscribe"."""
    url = settings.SITE_URL + reverse("nudges:unsubscribe", args=[unsubscribe_token(client)])
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def reminder_key(session: Session) -> str:
    # The time is part of the key: a moved session gets a new reminder, and the old one goes.
    return f"session-reminder:{session.public_id}:{session.starts_at:%Y%m%dT%H%MZ}"


def plan_session_reminders(*, now: datetime | None = None) -> int:
    """Write a reminder for every planned session in the next two days; return how many
    reminders are waiting for those sessions now."""
    now = now or timezone.now()
    sessions = Session.objects.filter(
        status=SessionStatus.PLANNED,
        starts_at__gt=now,
        starts_at__lte=now + LOOK_AHEAD,
        journey__status=JourneyStatus.ACTIVE,
        journey__client__reminders_off_at=None,
        journey__client__archived_at=None,
    ).select_related("journey__client", "journey__coach")
    wanted: set[str] = set()
    for session in sessions:
        client = session.journey.client
        due = outside_quiet_hours(max(session.starts_at - REMIND_BEFORE, now), client.time_zone)
        if due > session.starts_at - TOO_LATE:
            continue
        key = reminder_key(session)
        wanted.add(key)
        enqueue(
            dedupe_key=key,
            kind=NudgeKind.SESSION_REMINDER,
            to=client.email,
            subject=f"Your coaching session on {_when(session, client.time_zone)}",
            body=_reminder_body(session),
            due_at=due,
            headers=unsubscribe_headers(client),
            practice_id=session.journey.practice_id,
            journey=session.journey,
            client=client,
        )
    Nudge.objects.filter(kind=NudgeKind.SESSION_REMINDER, sent_at=None, failed_at=None).exclude(
        dedupe_key__in=wanted
    ).delete()
    return len(wanted)


def _when(session: Session, zone: str) -> str:
    local = session.starts_at.astimezone(zone_or_utc(zone))
    return f"{local:%A} {format_day(local.date())} at {local:%H:%M}"


def _reminder_body(session: Session) -> str:
    client = session.journey.client
    return (
        f"Hello {first_name(client.name)},\n\n"
        f"A reminder: your session with {session.journey.coach.name} is on "
        f"{_when(session, client.time_zone)} ({client.time_zone}), for {session.minutes} "
        "minutes.\n\n"
        "If you need to move it, reply to your coach.\n\n"
        "You can turn these reminders off with the link in this message's header, or here:\n"
        + settings.SITE_URL
        + reverse("nudges:unsubscribe", args=[unsubscribe_token(client)])
        + "\n"
    )


# What each path in `wiring.NUDGE_PLANNERS` must be: called with the pass's `now`.
Planner = Callable[[datetime], object]


def plan_all(*, now: datetime | None = None) -> None:
    """Everything the planner knows how to plan, once. Session reminders come first: they
    count against the client's weekly cap before any prompt is weighed against it. Then the
    planners of the apps above nudges, listed in `wiring.NUDGE_PLANNERS` (arcwise/wiring.py):
    nudges never imports them."""
    now = now or timezone.now()
    plan_session_reminders(now=now)
    planners: tuple[Planner, ...] = wiring.resolve(wiring.NUDGE_PLANNERS)
    for planner in planners:
        planner(now)
