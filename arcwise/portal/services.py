"""Writes that open the portal or ask through it: sending and revoking portal links, a
fresh link on the client's request, a link for a message Arcwise writes, and the reflections
asked after a held session. The client's own answers are saved by answers.py."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from arcwise.accounts.models import User
from arcwise.clients.models import Client
from arcwise.days import zone_or_utc
from arcwise.errors import DomainError
from arcwise.journeys.models import (
    Journey,
    PhaseRun,
    Session,
    SessionStatus,
)
from arcwise.nudges.models import NudgeKind
from arcwise.nudges.outbox import enqueue
from arcwise.portal.cycle import plan_requests, prompts_from_json
from arcwise.portal.models import PortalClosure, PortalLink, ReflectionRequest

# A client may ask for this many fresh links in an hour; the e-mail goes to the address on
# file, so the limit protects that inbox from someone holding an old link.
FRESH_LINKS_PER_HOUR = 3


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def masked(email: str) -> str:
    """q•••@example.org: enough for the client to recognise, not enough to harvest."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"


class PortalClosed(DomainError):
    """The coach closed the client's portal, or archived the client: no link is made."""


@dataclass(frozen=True)
class SentLink:
    link: PortalLink
    url: str


def _lock_client(client: Client) -> Client:
    # Serialises link writes for one client: two tabs cannot both pass the checks below.
    return Client.objects.select_for_update().get(pk=client.pk)


def _newest_usable(client: Client, now: datetime) -> PortalLink | None:
    return (
        PortalLink.objects.filter(client=client, revoked_at=None, expires_at__gt=now)
        .order_by("-created_at", "-pk")
        .first()
    )


def _make_link(
    *, client: Client, site_url: str, now: datetime, created_by: User | None, by_client: bool
) -> SentLink:
    token = secrets.token_urlsafe(32)
    link = PortalLink.objects.create(
        client=client,
        token_hash=token_hash(token),
        created_at=now,
        expires_at=now + timedelta(days=settings.PORTAL_LINK_VALID_DAYS),
        created_by=created_by,
        requested_by_client=by_client,
    )
    url = site_url.rstrip("/") + reverse("portal:enter", args=[token])
    days = settings.PORTAL_LINK_VALID_DAYS
    enqueue(
        dedupe_key=f"portal-link:{link.public_id}",
        kind=NudgeKind.PORTAL_LINK,
        to=client.email,
        subject="Your link to your coaching journey",
        body=(
            f"Hello {client.name},\n\n"
            "Here is your personal link to your coaching journey: where it stands, the "
            "reflections waiting for you, and your experiments.\n\n"
            f"{url}\n\n"
            f"The link works for {days} days. It is yours alone: please do not forward it.\n"
        ),
        practice=client.practice,
        client=client,
    )
    return SentLink(link=link, url=url)


def portal_link_send(
    *, client: Client, sent_by: User, from_link: str, site_url: str, now: datetime | None = None
) -> SentLink:
    """Make a portal link for `client`, replace any earlier one, and queue the e-mail.

    `from_link` is the public id of the newest usable link the coach's page showed ("" for
    none): a double click or a second tab finds a newer link and sends nothing twice.
    """
    now = now or timezone.now()
    if client.archived_at is not None:
        raise DomainError(f"{client.name} is archived. Restore them to send a portal link.")
    with transaction.atomic():
        _lock_client(client)
        newest = _newest_usable(client, now)
        if (str(newest.public_id) if newest else "") != from_link:
            raise DomainError(
                f"A portal link was sent to {client.name} meanwhile, in another tab or by "
                "another request; no second link was sent."
            )
        PortalLink.objects.filter(client=client, revoked_at=None).update(revoked_at=now)
        # The coach opens the portal again, if they had closed it.
        PortalClosure.objects.filter(client=client).delete()
        return _make_link(
            client=client, site_url=site_url, now=now, created_by=sent_by, by_client=False
        )


def portal_link_revoke(*, client: Client, link_id: UUID, now: datetime | None = None) -> int:
    """Close the portal to `client`: the link the coach's page showed and every other link
    still open (the ones in reminder messages too) open nothing from now on, and no new link
    is made (not for a reminder, not on the client's request) until the coach sends one with
    `portal_link_send`. Returns how many links were revoked."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_client(client)
        link = PortalLink.objects.filter(client=client, public_id=link_id).first()
        if link is None:
            raise DomainError("This link is not one of this client's links.")
        if link.revoked_at is not None:
            raise DomainError("This link is already revoked: it opens nothing.")
        PortalClosure.objects.update_or_create(client=client, defaults={"closed_at": now})
        return PortalLink.objects.filter(client=client, revoked_at=None).update(revoked_at=now)


def portal_link_find(token: str) -> PortalLink | None:
    """The link a token opens, usable or not; None for a token never made."""
    if not token or len(token) > 100:
        return None
    return PortalLink.objects.select_related("client").filter(token_hash=token_hash(token)).first()


def portal_link_request_fresh(
    *, old: PortalLink, site_url: str, now: datetime | None = None
) -> SentLink:
    """E-mail a fresh link to the address on file of the client `old` belonged to.

    Never to another address, and never once the coach has closed the portal (or archived
    the client). A repeat from the same old link while the fresh one still works sends
    nothing twice, and at most FRESH_LINKS_PER_HOUR are sent per client.
    """
    now = now or timezone.now()
    with transaction.atomic():
        client = _refuse_if_portal_closed(old.client)
        newest = _newest_usable(client, now)
        if newest is not None and newest.created_at > old.created_at:
            raise DomainError(
                f"A newer link is already on its way to {masked(client.email)}. "
                "Please look in your inbox (and spam folder)."
            )
        recent = PortalLink.objects.filter(
            client=client, requested_by_client=True, created_at__gt=now - timedelta(hours=1)
        ).order_by("created_at")
        times = list(recent.values_list("created_at", flat=True))
        if len(times) >= FRESH_LINKS_PER_HOUR:
            again = times[0] + timedelta(hours=1)
            raise DomainError(
                f"You have asked for {FRESH_LINKS_PER_HOUR} links in the last hour, which is "
                f"as many as we send. Please try again after {again:%H:%M} UTC, or use the "
                "newest link in your inbox."
            )
        return _make_link(
            client=client, site_url=site_url, now=now, created_by=None, by_client=True
        )


def reflections_request(session: Session) -> list[ReflectionRequest]:
    """Ask the client for the current phase's reflection prompts after `session` was held.

    Called inside the transaction that marks the session held. The requests are spread in
    cycle order over the days to the next planned session (or one cadence, if none is
    planned). Asking again for the same session adds nothing.
    """
    journey = Journey.objects.select_related("client").get(pk=session.journey_id)
    run = PhaseRun.objects.select_related("phase").filter(journey=journey, left_on=None).first()
    phase = run.phase if run is not None else session.phase
    prompts = prompts_from_json(phase.reflection_prompts)
    if not prompts:
        return []
    zone = zone_or_utc(journey.client.time_zone)
    held_on = timezone.localdate(session.starts_at, zone)
    upcoming = (
        Session.objects.filter(
            journey=journey, status=SessionStatus.PLANNED, starts_at__gt=session.starts_at
        )
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    next_on = (
        timezone.localdate(upcoming, zone)
        if upcoming
        else held_on + timedelta(days=journey.cadence_days)
    )
    rows = [
        ReflectionRequest(
            journey=journey,
            session_id=session.pk,
            phase=phase,
            position=planned.position,
            step=planned.step,
            prompt=planned.text,
            due_on=planned.due_on,
        )
        for planned in plan_requests(prompts, held_on=held_on, next_on=next_on)
    ]
    # The unique (session, position) constraint makes a second marking add nothing.
    ReflectionRequest.objects.bulk_create(rows, ignore_conflicts=True)
    return list(ReflectionRequest.objects.filter(session_id=session.pk))


def _refuse_if_portal_closed(client: Client) -> Client:
    """The client, locked (so a coach's revoke waits for this link, or this for it), unless
    their portal is closed: then PortalClosed."""
    locked = _lock_client(client)
    if locked.archived_at is not None or PortalClosure.objects.filter(client=locked).exists():
        raise PortalClosed("This portal is closed. Please ask your coach for a new link.")
    return locked


def portal_link_for_message(*, client: Client, now: datetime | None = None) -> SentLink:
    """A fresh portal link for a message Arcwise writes itself (the folded prompts).

    Unlike `portal_link_send` it revokes no other link (the client may still be using the
    one their coach sent) and queues no e-mail of its own: the caller puts the link in its
    message, in the same transaction, so a rolled-back message leaves no link behind.
    Refused (PortalClosed) once the coach has closed the portal or archived the client.
    """
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        _refuse_if_portal_closed(client)
        link = PortalLink.objects.create(
            client=client,
            token_hash=token_hash(token),
            created_at=now,
            expires_at=now + timedelta(days=settings.PORTAL_LINK_VALID_DAYS),
        )
    return SentLink(link=link, url=settings.SITE_URL + reverse("portal:enter", args=[token]))
