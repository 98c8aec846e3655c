"""The coach's calendar feed: its secret address, reading it, and resetting it."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from arcwise.accounts.models import CLIENT_ROLES, Membership
from arcwise.errors import DomainError
from arcwise.journeys.models import OPEN_STATUSES, Session, SessionStatus
from arcwise.nudges.feeds import first_name, sessions_calendar
from arcwise.nudges.models import CalendarFeed

SALT = "arcwise.nudges.calendar_feed"
FEED_STATUSES = (SessionStatus.PLANNED, SessionStatus.HELD)


class FeedAlreadyReset(DomainError):
    """The feed changed since the form was made: a repeat or a second tab. Nothing changed."""


def feed_secret(feed: CalendarFeed) -> str:
    """The secret part of the feed's address: its key and an HMAC of the key."""
    key = feed.key.hex
    return key + salted_hmac(SALT, key, algorithm="sha256").hexdigest()[:32]


def feed_find(secret: str) -> CalendarFeed | None:
    """The feed an address's secret stands for, or None (reset, forged or malformed)."""
    if len(secret) != 64:
        return None
    try:
        key = UUID(hex=secret[:32])
    except ValueError:
        return None
    feed = CalendarFeed.objects.select_related("membership__user").filter(key=key).first()
    if feed is None or not constant_time_compare(secret, feed_secret(feed)):
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
        .only("public_id", "starts_at", "minutes", "status", "journey__client__name")
        .order_by("starts_at", "pk")
    )


def feed_calendar(feed: CalendarFeed, *, now: datetime | None = None) -> bytes:
    """The feed as iCalendar: "Session with <first name>", in the coach's time zone."""
    coach = feed.membership.user
    return sessions_calendar(
        feed_sessions(feed),
        name="Arcwise sessions",
        time_zone=coach.time_zone,
        summary=lambda s: f"Session with {first_name(s.journey.client.name)}",
        now=now or timezone.now(),
    )


def feed_reset(*, membership: Membership, from_key: UUID | None) -> CalendarFeed:
    """Give the coach a feed address, or a new one in place of the old (which stops working).

    `from_key` is the key the page showed (None: it showed no feed yet). If the feed has
    changed since, nothing is changed and `FeedAlreadyReset` says so: a double click resets
    once.
    """
    if membership.role not in CLIENT_ROLES:
        raise DomainError("Only coaches and owners have a calendar of sessions.")
    try:
        with transaction.atomic():
            feed = CalendarFeed.objects.select_for_update().filter(membership=membership).first()
            current = feed.key if feed else None
            if current != from_key:
                raise FeedAlreadyReset(_already(feed))
            if feed is None:
                return CalendarFeed.objects.create(membership=membership)
            feed.key = CalendarFeed._meta.get_field("key").get_default()
            feed.reset_at = timezone.now()
            feed.save(update_fields=["key", "reset_at"])
            return feed
    except IntegrityError:
        # Two first requests racing: the one-feed-per-membership constraint refused the second.
        raise FeedAlreadyReset(_already(feed_of(membership))) from None


def _already(feed: CalendarFeed | None) -> str:
    if feed is None:
        return "Your calendar address was removed meanwhile. Nothing was changed."
    return "Your calendar address was already changed; the one below is the current one."
