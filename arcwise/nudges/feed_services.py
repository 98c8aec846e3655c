"""The coach's calendar feed: its secret address, reading it, and resetting it."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from uuid import UUID, uuid4

from django.db import IntegrityError, transaction
from django.utils import timezone

from arcwise import wiring
from arcwise.accounts.models import CLIENT_ROLES, Membership
from arcwise.errors import DomainError
from arcwise.journeys.models import OPEN_STATUSES, Session, SessionStatus
from arcwise.nudges.feeds import sessions_calendar
from arcwise.nudges.models import CalendarFeed
from arcwise.text import first_name

FEED_STATUSES = (SessionStatus.PLANNED, SessionStatus.HELD)
# A made secret is 43 characters; addresses made before secrets were hashed carry 64.
SECRET_LENGTHS = range(40, 65)


class FeedAlreadyReset(DomainError):
    """The feed changed since the form was made: a repeat or a second tab. Nothing changed."""


def secret_hash(secret: str) -> str:
    """What is stored of an address's secret: its SHA-256."""
    return hashlib.sha256(secret.encode()).hexdigest()


def feed_find(secret: str) -> CalendarFeed | None:
    """The feed an address's secret stands for, or None (reset, forged or malformed)."""
    if len(secret) not in SECRET_LENGTHS:
        return None
    feed = (
        CalendarFeed.objects.select_related("membership__user")
        .filter(token_hash=secret_hash(secret))
        .first()
    )
    if feed is None:
        return None
    if feed.membership.role not in CLIENT_ROLES:
        return None  # a coach who became a mentor has no sessions of their own to show
    return feed


def feed_of(membership: Membership) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(membership=membership).first()


def feed_sessions(feed: CalendarFeed) -> list[Session]:
    """The coach's planned and held sessions of open journeys in the feed's practice.
    One query, however many sessions."""
    membership = feed.membership
    return list(
        Session.objects.filter(
            journey__practice_id=membership.practice_id,
            journey__coach_id=membership.user_id,
            journey__status__in=OPEN_STATUSES,
            status__in=FEED_STATUSES,
        )
        .select_related("journey__client")
        .only(
            "public_id",
            "journey_id",
            "starts_at",
            "minutes",
            "status",
            "journey__client__name",
        )
        .order_by("starts_at", "pk")
    )


def feed_calendar(feed: CalendarFeed, *, now: datetime | None = None) -> bytes:
    """The feed as iCalendar: "Session with <first name>", in the coach's time zone."""
    coach = feed.membership.user
    sessions = feed_sessions(feed)
    (video_links,) = wiring.resolve((wiring.SESSION_VIDEO_LINKS,))
    return sessions_calendar(
        sessions,
        name="Arcwise sessions",
        time_zone=coach.time_zone,
        summary=lambda s: f"Session with {first_name(s.journey.client.name, empty='client')}",
        now=now or timezone.now(),
        links=video_links(sessions),
    )


def feed_reset(*, membership: Membership, from_address: UUID | None) -> tuple[CalendarFeed, str]:
    """Give the coach a feed address, or a new one in place of the old (which stops working):
    the feed and its secret, which is not kept and so can be shown only now.

    `from_address` is the address id the page showed (None: it showed no feed yet). If the
    feed has changed since, nothing is changed and `FeedAlreadyReset` says so: a double
    click resets once.
    """
    if membership.role not in CLIENT_ROLES:
        raise DomainError("Only coaches and owners have a calendar of sessions.")
    try:
        with transaction.atomic():
            feed = CalendarFeed.objects.select_for_update().filter(membership=membership).first()
            current = feed.address_id if feed else None
            if current != from_address:
                raise FeedAlreadyReset(_already(feed))
            secret = secrets.token_urlsafe(32)
            if feed is None:
                feed = CalendarFeed.objects.create(
                    membership=membership, token_hash=secret_hash(secret)
                )
                return feed, secret
            feed.address_id = uuid4()
            feed.token_hash = secret_hash(secret)
            feed.reset_at = timezone.now()
            feed.save(update_fields=["address_id", "token_hash", "reset_at"])
            return feed, secret
    except IntegrityError:
        # Two first requests racing: the one-feed-per-membership constraint refused the second.
        raise FeedAlreadyReset(_already(feed_of(membership))) from None


def _already(feed: CalendarFeed | None) -> str:
    if feed is None:
        return "Your calendar address was removed meanwhile. Nothing was changed."
    return (
        "Your calendar address was already changed, from another page or a second click; "
        "this click changed nothing. If you did not copy the new address, reset it again."
    )
