"""Erasing one client at the practice's request: what goes, named before it goes
(`erasure_preview`), and the erasure itself (`client_erase`), in one transaction.

Personal data is removed or replaced by a pseudonym chosen at random (nothing of the old name
or address can be worked back from it); the structure of the client's journeys stays, so
practice insight counts them as before:

- the client's name becomes "Erased client 3F2A", their address one on the reserved
  `.invalid` domain (no mail can ever reach it), their notes and time zone go, and they are
  archived with reminders off and their portal closed;
- every text of their journeys is removed as disposal removes it (`removal.py`), and each
  journey is marked disposed of (cause: erasure), so no notice or disposal follows;
- their portal links are deleted; outbox rows to them or about their journeys: waiting ones
  deleted, sent ones emptied, with the address replaced;
- the coaches' digests and alerts that named them name the pseudonym instead;
- sign-in throttle rows that kept their address (a client who tried signing in) go;
- what higher apps keep that names them goes (`wiring.CLIENT_ERASED`: the API's kept
  answers to writes).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from arcwise import wiring
from arcwise.accounts.models import PasswordResetRequest, SignInFailure, SignUpRequest, User
from arcwise.clients.models import Client
from arcwise.conversations.models import Message
from arcwise.days import format_day
from arcwise.errors import DomainError
from arcwise.insights.models import ReviewComment
from arcwise.intake.models import IntakeAnswer
from arcwise.journeys.models import (
    OPEN_STATUSES,
    Adaptation,
    Experiment,
    Journey,
    Session,
    Thread,
)
from arcwise.nudges.models import Nudge, NudgeKind
from arcwise.outcomes.models import ClosingReview, Goal, GoalRating, WheelRating
from arcwise.portal.models import (
    ExperimentCheckIn,
    PortalClosure,
    PortalLink,
    ReflectionRequest,
    SessionCheckIn,
)
from arcwise.privacy.audit import audit_record
from arcwise.privacy.models import AuditAction
from arcwise.records.models import ClientErasure, Disposal, DisposalCause
from arcwise.records.removal import journey_messages_remove, journeys_text_remove
from arcwise.text import first_name

ERASED_DOMAIN = "erased.invalid"


class AlreadyErased(DomainError):
    """The client was erased before: a second erasure changes nothing."""


def erased_on(client: Client) -> ClientErasure | None:
    return ClientErasure.objects.filter(client=client).first()


@dataclass(frozen=True)
class ErasurePreview:
    """What an erasure of one client removes, and what it keeps, counted."""

    has_notes: bool
    journeys: int
    open_journeys: int
    session_records: int
    reflections: int
    experiment_check_ins: int
    session_check_ins: int
    experiments: int
    threads: int
    goals: int
    closing_reviews: int
    adaptations: int
    mentor_comments: int
    conversation_messages: int
    intake_answers: int
    messages_waiting: int
    messages_sent: int
    portal_links: int
    # What stays
    sessions: int
    ratings: int


def erasure_preview(client: Client) -> ErasurePreview:
    """The counts the confirmation page names. Nineteen queries, however much there is."""
    journeys = Journey.objects.filter(client=client)
    counts = journeys.aggregate(
        all=Count("pk"), open=Count("pk", filter=Q(status__in=OPEN_STATUSES))
    )
    sessions = Session.objects.filter(journey__client=client)
    mine = {"journey__client": client}
    messages = Nudge.objects.filter(Q(client=client) | Q(journey__client=client))
    return ErasurePreview(
        has_notes=client.notes != "",
        journeys=counts["all"],
        open_journeys=counts["open"],
        session_records=sessions.exclude(notes="", key_insights="", agreements="").count(),
        reflections=ReflectionRequest.objects.filter(**mine).exclude(answer="").count(),
        experiment_check_ins=ExperimentCheckIn.objects.filter(
            experiment__journey__client=client
        ).count(),
        session_check_ins=SessionCheckIn.objects.filter(**mine).count(),
        experiments=Experiment.objects.filter(**mine).count(),
        threads=Thread.objects.filter(**mine).count(),
        goals=Goal.objects.filter(**mine).count(),
        closing_reviews=ClosingReview.objects.filter(**mine).count(),
        adaptations=Adaptation.objects.filter(**mine).count(),
        mentor_comments=ReviewComment.objects.filter(**mine).count(),
        conversation_messages=Message.objects.filter(**mine).exclude(body="").count(),
        intake_answers=IntakeAnswer.objects.filter(**mine).exclude(answer="").count(),
        messages_waiting=messages.filter(sent_at=None, failed_at=None).count(),
        messages_sent=messages.exclude(sent_at=None, failed_at=None).count(),
        portal_links=PortalLink.objects.filter(client=client).count(),
        sessions=sessions.count(),
        ratings=GoalRating.objects.filter(goal__journey__client=client).count()
        + WheelRating.objects.filter(area__journey__client=client).count(),
    )


def names_match(typed: str, name: str) -> bool:
    """Whether `typed` is the client's name, ignoring case and runs of spaces."""
    return " ".join(typed.split()).casefold() == " ".join(name.split()).casefold()


def client_erase(
    *,
    client: Client,
    typed_name: str,
    expected_version: int,
    by: User,
    now: datetime | None = None,
) -> Client:
    """Erase `client` (see the module's doc); returns the client as they now stand.

    `typed_name` is the confirmation: the client's name as the person erasing typed it.
    `expected_version` is the client's version the confirmation page showed, so an edit made
    meanwhile (the name changed, say) is seen before anything goes. Refused while a journey
    with the client is under way; a second erasure changes nothing and says so.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Client.objects.select_for_update().select_related("practice").get(pk=client.pk)
        earlier = erased_on(locked)
        if earlier is not None:
            raise AlreadyErased(
                f"This client was already erased on {format_day(earlier.erased_at.date())}; "
                "nothing was changed."
            )
        if locked.version != expected_version:
            raise DomainError(
                "The client's details were changed meanwhile; nothing was erased. Check the "
                "page as it stands now and confirm again."
            )
        if not names_match(typed_name, locked.name):
            raise DomainError(
                f"Type the client's name exactly as it is shown, {locked.name}, to confirm.",
                field="typed_name",
            )
        journeys = list(Journey.objects.select_for_update().filter(client=locked).order_by("pk"))
        if any(j.is_open() for j in journeys):
            raise DomainError(
                "A journey with this client is under way. End it first (the closing review or "
                "ending early, from the journey's page); then erase."
            )
        try:
            _erase(locked, journeys, by=by, now=now)
            # Last in the transaction: the audit chain's head stays locked until it commits.
            audit_record(
                practice=locked.practice,
                actor=by,
                action=AuditAction.ERASURE,
                subject_kind="client",
                subject_id=locked.public_id,
                client=locked.public_id,
                detail={"journeys": len(journeys)},
            )
        except IntegrityError:
            # Where rows are not locked (SQLite), a second erasure at the same moment meets
            # the first one's erasure row; the whole of this one rolls back.
            raise AlreadyErased(
                "This client was erased a moment ago; nothing was changed."
            ) from None
    return locked


def _erase(client: Client, journeys: list[Journey], *, by: User, now: datetime) -> None:
    old_name, old_email = client.name, client.email
    pseudonym = f"Erased client {secrets.token_hex(2).upper()}"
    address = f"erased-{secrets.token_hex(8)}@{ERASED_DOMAIN}"
    ids = [j.pk for j in journeys]
    for forget in wiring.resolve(wiring.CLIENT_ERASED):
        forget(client=client)

    journeys_text_remove(ids)
    # Each journey is disposed of now, so the planner neither tells nor disposes later (a
    # notice already written stays: the journeys are locked, so none is being written).
    noticed = set(Disposal.objects.filter(journey_id__in=ids).values_list("journey_id", flat=True))
    Disposal.objects.bulk_create(
        Disposal(journey_id=pk, cause=DisposalCause.ERASURE, disposed_at=now)
        for pk in ids
        if pk not in noticed
    )
    Disposal.objects.filter(journey_id__in=ids, disposed_at=None).update(
        cause=DisposalCause.ERASURE, disposed_at=now
    )

    rename = _renamer(old_name, old_email, pseudonym, address)
    to_them = Nudge.objects.filter(Q(client=client) | Q(journey_id__in=ids))
    journey_messages_remove(to_them)
    to_them.filter(to_address__iexact=old_email).update(to_address=address)
    renamed = []
    for nudge in to_them.only("pk", "subject"):
        if (subject := rename(nudge.subject)) != nudge.subject:
            nudge.subject = subject
            renamed.append(nudge)
    Nudge.objects.bulk_update(renamed, ["subject"], batch_size=500)
    _rename_in_coach_messages(client, journeys, rename, first=first_name(old_name), to=pseudonym)

    PortalLink.objects.filter(client=client).delete()
    PortalClosure.objects.get_or_create(client=client, defaults={"closed_at": now})
    SignInFailure.objects.filter(email__iexact=old_email).delete()
    PasswordResetRequest.objects.filter(email__iexact=old_email).delete()
    SignUpRequest.objects.filter(email__iexact=old_email).delete()

    client.name, client.email, client.notes, client.time_zone = pseudonym, address, "", "UTC"
    client.employer = ""  # where they work identifies them as surely as their name
    client.archived_at = client.archived_at or now
    client.reminders_off_at = client.reminders_off_at or now
    client.version += 1
    client.updated_at = now
    client.save()
    ClientErasure.objects.create(client=client, erased_at=now, erased_by=by)


def _renamer(old_name: str, old_email: str, pseudonym: str, address: str) -> Callable[[str], str]:
    """Text with the client's full name and address replaced, in any case."""
    full = re.compile(re.escape(old_name), re.IGNORECASE) if old_name.strip() else None
    mail = re.compile(re.escape(old_email), re.IGNORECASE) if old_email.strip() else None

    def rename(text: str) -> str:
        if mail is not None:
            text = mail.sub(address, text)
        if full is not None:
            text = full.sub(pseudonym, text)
        return text

    return rename


def _rename_in_coach_messages(
    client: Client,
    journeys: list[Journey],
    rename: Callable[[str], str],
    *,
    first: str,
    to: str,
) -> None:
    """The coaches' digests and alerts name a client (by first name, in a digest) among
    others: each that is about one of the client's journeys (its key or what it covers names
    the journey) names the pseudonym instead, sent or waiting. Reads the practice's coach
    messages since the client was added: erasure is rare, and their words are encrypted, so
    no query can find a name."""
    ids = [str(j.public_id) for j in journeys]
    first_word = re.compile(rf"\b{re.escape(first)}\b") if first.strip() else None
    candidates = Nudge.objects.filter(
        kind=NudgeKind.COACH_ALERT,
        user__memberships__practice_id=client.practice_id,
        created_at__gte=client.created_at,
    ).exclude(journey_id__in=[j.pk for j in journeys])
    fixed = []
    for nudge in candidates:
        about = any(i in nudge.dedupe_key or any(i in str(c) for c in nudge.covers) for i in ids)

        def fix(text: str, about: bool = about) -> str:
            text = rename(text)
            return first_word.sub(to, text) if about and first_word is not None else text

        changed = {
            "subject": fix(nudge.subject),
            "body": fix(nudge.body),
            "held_back": fix(nudge.held_back),
            "covers": [fix(str(c)) for c in nudge.covers],
        }
        if any(getattr(nudge, name) != value for name, value in changed.items()):
            for name, value in changed.items():
                setattr(nudge, name, value)
            fixed.append(nudge)
    # One UPDATE a batch, not one a message: a practice's digests since the client came.
    Nudge.objects.bulk_update(fixed, ["subject", "body", "held_back", "covers"], batch_size=500)
