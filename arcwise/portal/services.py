"""Writes on the client's side: sending and revoking portal links, asking for reflections
after a held session, and saving the client's answers and experiment check-ins."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from arcwise.accounts.models import User
from arcwise.clients.models import Client
from arcwise.errors import DomainError
from arcwise.journeys.models import (
    Experiment,
    ExperimentStatus,
    Journey,
    PhaseRun,
    PulseAnswer,
    Session,
    SessionStatus,
)
from arcwise.journeys.pulse import pulse_record
from arcwise.nudges.models import NudgeKind
from arcwise.nudges.outbox import enqueue
from arcwise.portal.cycle import plan_requests, prompts_from_json
from arcwise.portal.models import (
    CHECK_IN_OPENS_DAYS,
    ExperimentCheckIn,
    PortalLink,
    ReflectionRequest,
    SessionCheckIn,
    Tried,
)

# A client may ask for this many fresh links in an hour; the e-mail goes to the address on
# file, so the limit protects that inbox from someone holding an old link.
FRESH_LINKS_PER_HOUR = 3


class StaleSave(DomainError):
    """The text was saved elsewhere (another tab or device) since this page loaded."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def masked(email: str) -> str:
    """q•••@example.org: enough for the client to recognise, not enough to harvest."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"


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
        return _make_link(
            client=client, site_url=site_url, now=now, created_by=sent_by, by_client=False
        )


def portal_link_revoke(*, client: Client, link_id: UUID, now: datetime | None = None) -> int:
    """Close the portal to `client`: the link the coach's page showed and every other link
    still open (the ones in reminder messages too) open nothing from now on. Returns how
    many links were revoked."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_client(client)
        link = PortalLink.objects.filter(client=client, public_id=link_id).first()
        if link is None:
            raise DomainError("This link is not one of this client's links.")
        if link.revoked_at is not None:
            raise DomainError("This link is already revoked: it opens nothing.")
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

    Never to another address. A repeat from the same old link while the fresh one still
    works sends nothing twice, and at most FRESH_LINKS_PER_HOUR are sent per client.
    """
    now = now or timezone.now()
    with transaction.atomic():
        client = _lock_client(old.client)
        if client.archived_at is not None:
            raise DomainError("This portal is closed. Please ask your coach for a new link.")
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
    zone = _zone(journey.client.time_zone)
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


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def _refuse_if_closed(journey: Journey) -> None:
    if not journey.is_open():
        raise DomainError(
            "This journey has ended, so answers can no longer be changed. Thank you for them."
        )


def reflection_answer_save(
    *, reflection: ReflectionRequest, expected_version: int, answer: str
) -> ReflectionRequest:
    """Save the client's answer unless it was saved elsewhere since `expected_version`.

    A repeat of a save that already went through (same text) changes nothing and succeeds.
    """
    answer = answer.strip()
    with transaction.atomic():
        _refuse_if_closed(Journey.objects.get(pk=reflection.journey_id))
        now = timezone.now()
        changed = ReflectionRequest.objects.filter(
            pk=reflection.pk, version=expected_version
        ).update(answer=answer, answered_at=now if answer else None, version=F("version") + 1)
        current = ReflectionRequest.objects.get(pk=reflection.pk)
        if not changed and current.answer != answer:
            raise StaleSave(
                "Not saved: this answer was changed in another tab or on another device. "
                "Your text is still here; copy it, then reload to see the other version."
            )
    return current


def experiment_check_in_save(
    *,
    experiment: Experiment,
    expected_version: int,
    tried: str,
    what_happened: str,
    in_the_way: str,
) -> ExperimentCheckIn:
    """Save the client's check-in on `experiment`; `expected_version` 0 means none yet.

    A save made from an older version than the stored one is refused; a repeat of a save
    that already went through (same answers) changes nothing and succeeds.
    """
    if tried not in (*Tried.values, ""):
        raise DomainError("Choose yes, partly or not yet.", field="tried")
    fields = {
        "tried": tried,
        "what_happened": what_happened.strip(),
        "in_the_way": in_the_way.strip(),
    }
    with transaction.atomic():
        journey = Journey.objects.get(pk=experiment.journey_id)
        _refuse_if_closed(journey)
        if Experiment.objects.filter(pk=experiment.pk, status=ExperimentStatus.OPEN).count() == 0:
            raise DomainError("Your coach has closed this experiment, so it takes no check-ins.")
        now = timezone.now()
        if expected_version == 0:
            try:
                with transaction.atomic():
                    return ExperimentCheckIn.objects.create(
                        experiment=experiment, created_at=now, updated_at=now, **fields
                    )
            except IntegrityError:
                changed = 0  # made meanwhile by another tab: compare below
        else:
            changed = ExperimentCheckIn.objects.filter(
                experiment=experiment, version=expected_version
            ).update(updated_at=now, version=F("version") + 1, **fields)
        current = ExperimentCheckIn.objects.get(experiment=experiment)
        same = all(getattr(current, name) == value for name, value in fields.items())
        if not changed and not same:
            raise StaleSave(
                "Not saved: this check-in was changed in another tab or on another device. "
                "Your text is still here; copy it, then reload to see the other version."
            )
    return current


def day_words(day: date) -> str:
    """“Thursday 24 September”, the same on every platform (no %-d)."""
    return f"{day:%A} {day.day} {day:%B}"


def check_in_opens_on(starts_at: datetime, zone: ZoneInfo) -> date:
    """The first day (in the client's time zone) the portal asks its pre-session questions."""
    return timezone.localdate(starts_at, zone) - timedelta(days=CHECK_IN_OPENS_DAYS)


def check_in_is_open(starts_at: datetime, zone: ZoneInfo, now: datetime) -> bool:
    """From CHECK_IN_OPENS_DAYS days before the session (client's days) until it starts."""
    return check_in_opens_on(starts_at, zone) <= timezone.localdate(now, zone) and now < starts_at


def session_check_in_save(
    *,
    session: Session,
    expected_version: int,
    since_last: str,
    want_from_session: str,
    arriving_with: str,
    now: datetime | None = None,
) -> SessionCheckIn:
    """Save the client's answers before `session`; `expected_version` 0 means none yet.

    Taken from CHECK_IN_OPENS_DAYS days before the session until it starts, while it is
    still planned and the journey open. A save made from an older version than the stored
    one is refused; a repeat of a save that already went through (same answers) changes
    nothing and succeeds.
    """
    fields = {
        "since_last": since_last.strip(),
        "want_from_session": want_from_session.strip(),
        "arriving_with": arriving_with.strip(),
    }
    with transaction.atomic():
        now = now or timezone.now()
        # Locked so that the coach marking it held or moving it waits for this save.
        current_session = (
            Session.objects.select_for_update()
            .only("pk", "journey_id", "starts_at", "status")
            .get(pk=session.pk)
        )
        journey = Journey.objects.select_related("client").get(pk=current_session.journey_id)
        _refuse_if_closed(journey)
        zone = _zone(journey.client.time_zone)
        if current_session.status != SessionStatus.PLANNED:
            raise DomainError(
                "This session is no longer planned (it was held, cancelled or moved), so "
                "these answers can no longer be changed."
            )
        if now >= current_session.starts_at:
            local_start = timezone.localtime(current_session.starts_at, zone)
            raise DomainError(
                f"Your session started at {local_start:%H:%M} on {day_words(local_start)}, "
                "so these answers can no longer be changed. Bring them along instead."
            )
        if not check_in_is_open(current_session.starts_at, zone, now):
            opens = check_in_opens_on(current_session.starts_at, zone)
            raise DomainError(f"These questions open on {day_words(opens)}. Not saved yet.")
        if expected_version == 0:
            try:
                with transaction.atomic():
                    return SessionCheckIn.objects.create(
                        session_id=current_session.pk,
                        journey_id=journey.pk,
                        created_at=now,
                        updated_at=now,
                        **fields,
                    )
            except IntegrityError:
                changed = 0  # made meanwhile by another tab: compare below
        else:
            changed = SessionCheckIn.objects.filter(
                session_id=current_session.pk, version=expected_version
            ).update(updated_at=now, version=F("version") + 1, **fields)
        saved = SessionCheckIn.objects.filter(session_id=current_session.pk).first()
        same = saved is not None and all(
            getattr(saved, name) == value for name, value in fields.items()
        )
        if saved is None or (not changed and not same):
            raise StaleSave(
                "Not saved: these answers were changed in another tab or on another device. "
                "Your text is still here; copy it, then reload to see the other version."
            )
    return saved


def pulse_save(*, journey: Journey, values: dict[str, int], today: date) -> list[PulseAnswer]:
    """The client's pulse for the week that holds `today` (their day), one per scale.

    Every scale needs a value: a partial week would chart a gap the client did not mean.
    Saving again in the same week replaces that week's answers (pulse_record's unique
    week and scale), so a double click or a second tab leaves one answer per scale.
    """
    with transaction.atomic():
        # Locked so that closing the journey and a save cannot pass each other.
        journey = Journey.objects.select_for_update().get(pk=journey.pk)
        _refuse_if_closed(journey)
        missing = [scale for scale in journey.pulse_scales if scale not in values]
        if missing:
            raise DomainError(f"Choose a number from 0 to 10 for “{missing[0]}”.")
        return pulse_record(journey=journey, on=today, values=values)


def portal_link_for_message(*, client: Client, now: datetime | None = None) -> SentLink:
    """A fresh portal link for a message Arcwise writes itself (the folded prompts).

    Unlike `portal_link_send` it revokes no other link (the client may still be using the
    one their coach sent) and queues no e-mail of its own: the caller puts the link in its
    message, in the same transaction, so a rolled-back message leaves no link behind.
    """
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    link = PortalLink.objects.create(
        client=client,
        token_hash=token_hash(token),
        created_at=now,
        expires_at=now + timedelta(days=settings.PORTAL_LINK_VALID_DAYS),
    )
    return SentLink(link=link, url=settings.SITE_URL + reverse("portal:enter", args=[token]))
