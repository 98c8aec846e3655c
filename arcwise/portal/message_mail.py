"""Telling each side by e-mail that the other wrote in a journey's conversation. Runs on every
pass of the nudge planner (listed in NUDGE_PLANNERS, arcwise/wiring.py); safe to run as often
as it likes.

The e-mail says who wrote and where to read it, never the words: a message is kept encrypted
in Arcwise, and an e-mail leaves that protection (docs/privacy.md). The client's carries a
fresh portal link, which only the portal can make: that is why this lives here and not in
conversations.

- A side is told of messages it has neither read nor been told of (`Conversation`'s
  `*_read_through` and `*_told_through`). While a notice to that side waits unsent, later
  messages fold into it: no second notice is planned, only what it covers moves on.
- It is due `FOLD_WAIT` after the pass that finds it, so a few messages written in a row
  make one e-mail, then after the recipient's quiet hours (the client's zone, or the coach's
  own); the client's counts against their weekly cap, as the portal's prompts do.
- Nothing is planned for a journey not open, nor for a client who turned reminders off, is
  archived, or whose portal was closed. A waiting notice whose journey ended, or whose
  messages were read meanwhile, is taken out (and its link revoked); the sender checks the
  journey again when it takes a notice (nudges/sender.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from arcwise.conversations.models import Author, Conversation
from arcwise.journeys.models import OPEN_STATUSES, Journey
from arcwise.nudges.models import Nudge, NudgeKind
from arcwise.nudges.outbox import enqueue
from arcwise.nudges.planner import unsubscribe_headers
from arcwise.nudges.timing import outside_quiet_hours
from arcwise.nudges.weekly_cap import counted_times, earliest_under_cap
from arcwise.portal.models import PortalLink
from arcwise.portal.services import PortalClosed, portal_link_for_message
from arcwise.text import first_name

# Long enough for a few messages in a row to fold into one e-mail; short enough that a
# reply written at once is not held for long.
FOLD_WAIT = timedelta(minutes=10)
KEY_PREFIX = "message-notice"


def _waiting(side: str) -> Q:
    return Q(
        kind=NudgeKind.MESSAGE_NOTICE,
        dedupe_key__startswith=f"{KEY_PREFIX}:{side}:",
        sent_at=None,
        failed_at=None,
        claimed_at=None,
    )


def _read_since(side: str) -> Q:
    if side == Author.COACH:
        return Q(
            journey__conversation__coach_read_through__gte=F(
                "journey__conversation__last_client_message"
            )
        )
    return Q(
        journey__conversation__client_read_through__gte=F(
            "journey__conversation__last_coach_message"
        )
    )


def _take_out_stale() -> None:
    """Waiting notices whose journey ended or whose messages were read: taken out."""
    for side in (Author.COACH, Author.CLIENT):
        stale = Nudge.objects.filter(_waiting(side)).filter(
            ~Q(journey__status__in=OPEN_STATUSES) | _read_since(side)
        )
        links = [link for link in stale.values_list("sign_in_link", flat=True) if link]
        stale.delete()
        if links:
            PortalLink.objects.filter(public_id__in=links, revoked_at=None).update(
                revoked_at=timezone.now()
            )


def plan_message_notices(now: datetime) -> None:
    """A planner (wiring.NUDGE_PLANNERS): notices of new messages to coaches and clients."""
    _take_out_stale()
    open_ones = Conversation.objects.filter(journey__status__in=OPEN_STATUSES).select_related(
        "journey__client", "journey__coach"
    )
    to_coach = open_ones.filter(
        Q(last_client_message__gt=F("coach_read_through"))
        & Q(last_client_message__gt=F("coach_told_through"))
    )
    to_client = open_ones.filter(
        Q(last_coach_message__gt=F("client_read_through"))
        & Q(last_coach_message__gt=F("client_told_through")),
        journey__client__archived_at=None,
        journey__client__reminders_off_at=None,
        journey__client__portal_closure=None,
    )
    waiting = {
        (side, journey_id)
        for side in (Author.COACH, Author.CLIENT)
        for journey_id in Nudge.objects.filter(_waiting(side)).values_list("journey_id", flat=True)
    }
    for conversation in to_coach:
        if (Author.COACH, conversation.journey_id) not in waiting:
            _tell_coach(conversation.journey, conversation.last_client_message, now)
        Conversation.objects.filter(pk=conversation.pk).update(
            coach_told_through=conversation.last_client_message
        )
    conversations = list(to_client)
    times = counted_times([c.journey.client_id for c in conversations], now)
    for conversation in conversations:
        journey = conversation.journey
        told = (Author.CLIENT, journey.pk) in waiting or _tell_client(
            journey, conversation.last_coach_message, times.get(journey.client_id, []), now
        )
        if told:
            Conversation.objects.filter(pk=conversation.pk).update(
                client_told_through=conversation.last_coach_message
            )


def _tell_coach(journey: Journey, last: int, now: datetime) -> None:
    coach, client = journey.coach, journey.client
    url = settings.SITE_URL + reverse("conversations:journey", args=[journey.public_id])
    enqueue(
        dedupe_key=f"{KEY_PREFIX}:coach:{journey.public_id}:{last}",
        kind=NudgeKind.MESSAGE_NOTICE,
        to=coach.email,
        subject=f"{client.name} wrote to you",
        body=(
            f"Hello {first_name(coach.name)},\n\n"
            f"{client.name} wrote to you in Arcwise. You can read it, and reply, here:\n"
            f"{url}\n"
        ),
        due_at=outside_quiet_hours(now + FOLD_WAIT, coach.time_zone),
        practice_id=journey.practice_id,
        journey=journey,
        user=coach,
        created_at=now,
    )


def _tell_client(journey: Journey, last: int, times: list[datetime], now: datetime) -> bool:
    """Queue the client's notice with a fresh portal link; False if their portal was closed
    meanwhile (then nothing is written, and a later pass tries again)."""
    client = journey.client
    due = outside_quiet_hours(now + FOLD_WAIT, client.time_zone)
    held_back = ""
    allowed = earliest_under_cap(times, cap=journey.weekly_message_cap, at=due)
    if allowed > due:
        due = outside_quiet_hours(allowed, client.time_zone)
        held_back = "Waits for the weekly cap; it goes when the oldest message drops out."
    with transaction.atomic():
        try:
            link = portal_link_for_message(client=client, now=now)
        except PortalClosed:
            return False
        nudge = enqueue(
            dedupe_key=f"{KEY_PREFIX}:client:{journey.public_id}:{last}",
            kind=NudgeKind.MESSAGE_NOTICE,
            to=client.email,
            subject=f"{journey.coach.name} wrote to you",
            body=_client_body(journey, link.url),
            due_at=due,
            headers=unsubscribe_headers(client),
            practice_id=journey.practice_id,
            journey=journey,
            client=client,
            held_back=held_back,
            sign_in_link=link.link.public_id,
            created_at=now,
        )
        if nudge.sign_in_link != link.link.public_id:
            transaction.set_rollback(True)  # planned a moment ago by another pass: theirs stands
    return True


def _client_body(journey: Journey, url: str) -> str:
    client, coach = journey.client, journey.coach
    return (
        f"Hello {first_name(client.name)},\n\n"
        f"{coach.name} wrote to you. You can read it, and reply, in your portal:\n"
        f"{url}\n\n"
        f"The link works for {settings.PORTAL_LINK_VALID_DAYS} days. It is yours alone: please "
        "do not forward it.\n\n"
        "You can turn these messages off with the link in this message's header.\n"
    )
