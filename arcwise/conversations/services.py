"""Writes to a journey's conversation: sending as the coach or the client, marking read, and
turning a message into a thread or an agreed experiment.

Every send waits on the journey's locked row (the lock session and thread writes take too),
so a journey ended a moment ago takes no more messages. The form's one-time token is unique
per journey: a double click, a retried request or a second tab's copy of the same form finds
the message already sent and says so.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from django.db import IntegrityError, transaction
from django.utils import timezone

from arcwise.accounts.models import User
from arcwise.clients.models import Client
from arcwise.conversations.models import BODY_LIMIT, Author, Conversation, Message
from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyChanged
from arcwise.journeys.experiments.services import experiment_agree
from arcwise.journeys.locking import lock_journey
from arcwise.journeys.models import Journey, JourneyStatus, Session
from arcwise.journeys.text_limits import THREAD_TEXT_LIMIT
from arcwise.journeys.threads.services import thread_open
from arcwise.text import bidi_control_message, find_bidi_control


class ConversationClosed(DomainError):
    """The journey has not started or has ended: its conversation takes no messages."""


def closed_reason(journey: Journey) -> str | None:
    """Why `journey`'s conversation takes no messages now, or None while it does."""
    if journey.status == JourneyStatus.DRAFT:
        return "This journey has not started yet: messages open once it starts."
    if not journey.is_open():
        return (
            f"This journey is {journey.get_status_display().lower()}, so its messages are "
            "read-only now. Nothing was sent."
        )
    return None


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise DomainError("Write a message before sending it.", field="body")
    if len(body) > BODY_LIMIT:
        raise DomainError(
            f"A message holds up to {BODY_LIMIT:,} characters; this one has {len(body):,}. "
            "Shorten it, or send it in two.",
            field="body",
        )
    hidden = find_bidi_control(body)
    if hidden is not None:
        raise DomainError(bidi_control_message(hidden, multiline=True), field="body")
    return body


def _send(
    *, journey: Journey, author: str, written_by: User | None, body: str, token: UUID
) -> Message:
    body = _clean_body(body)
    try:
        with transaction.atomic():
            locked = lock_journey(journey)
            reason = closed_reason(locked)
            if reason:
                raise ConversationClosed(reason)
            _refuse_if_sent(journey, token)
            message = Message.objects.create(
                journey=journey, author=author, written_by=written_by, body=body, send_token=token
            )
            conversation, _ = Conversation.objects.get_or_create(journey=journey)
            # The writer has read their own message, and everything before it.
            if author == Author.COACH:
                conversation.last_coach_message = message.pk
                conversation.coach_read_through = max(conversation.coach_read_through, message.pk)
            else:
                conversation.last_client_message = message.pk
                conversation.client_read_through = max(conversation.client_read_through, message.pk)
            conversation.save()
            return message
    except IntegrityError:
        # A repeat racing this one on PostgreSQL: the unique token refuses the second insert.
        _refuse_if_sent(journey, token)
        raise


def _refuse_if_sent(journey: Journey, token: UUID) -> None:
    sent = Message.objects.filter(journey=journey, send_token=token).first()
    if sent is not None:
        raise AlreadyChanged(
            f"This message was already sent at {timezone.localtime(sent.created_at):%H:%M}; "
            "it was not sent twice."
        )


def message_send_as_coach(*, journey: Journey, coach: User, body: str, token: UUID) -> Message:
    """Send `body` to the client of `journey`, written by `coach` (the journey's coach).

    Refused (`ConversationClosed`) before the journey starts and after it ends; a repeat of
    the same form (`token`) sends nothing and raises `AlreadyChanged`.
    """
    return _send(journey=journey, author=Author.COACH, written_by=coach, body=body, token=token)


def message_send_as_client(*, journey: Journey, client: Client, body: str, token: UUID) -> Message:
    """Send `body` to the coach of `journey`, written by its client; refused as above."""
    if journey.client_id != client.pk:
        raise DomainError("This journey is not yours.")
    return _send(journey=journey, author=Author.CLIENT, written_by=None, body=body, token=token)


def conversation_mark_read(*, journey: Journey, side: str, through: int) -> bool:
    """Mark `side`'s reading of `journey`'s conversation up to message pk `through` (what the
    page showed); False when it had read that far already. Never moves backwards, so an older
    tab reloaded after a newer one changes nothing."""
    if side == Author.COACH:
        changed = Conversation.objects.filter(
            journey=journey, coach_read_through__lt=through
        ).update(coach_read_through=through, coach_read_at=timezone.now())
    else:
        changed = Conversation.objects.filter(
            journey=journey, client_read_through__lt=through
        ).update(client_read_through=through, client_read_at=timezone.now())
    return bool(changed)


def _session_for(journey: Journey) -> Session:
    """The session a thread or experiment made between sessions belongs to: the latest one
    begun, else the first planned."""
    now = timezone.now()
    sessions = Session.objects.filter(journey=journey)
    session = (
        sessions.filter(starts_at__lte=now).order_by("-starts_at").first()
        or sessions.order_by("starts_at").first()
    )
    if session is None:
        raise DomainError("This journey has no sessions yet to keep it with.")
    return session


def _lock_message(message: Message) -> Message:
    return Message.objects.select_for_update().get(pk=message.pk)


def message_to_thread(*, message: Message, kind: str) -> Message:
    """Keep `message` as an open thread of its journey (with the latest session), linked both
    ways; a message that is a thread already makes nothing more (`AlreadyChanged`)."""
    with transaction.atomic():
        locked = _lock_message(message)
        if locked.thread_id is not None:
            raise AlreadyChanged("This message is already a thread; nothing more was kept.")
        text = " ".join(locked.body.split())[:THREAD_TEXT_LIMIT]
        locked.thread = thread_open(
            session=_session_for(locked.journey), kind=kind, text=text, token=uuid4()
        )
        locked.save(update_fields=["thread"])
        return locked


def message_to_experiment(*, message: Message, title: str, by_when: date) -> Message:
    """Agree `message` as an experiment (what to try: its text), linked both ways; a message
    that is an experiment already makes nothing more (`AlreadyChanged`)."""
    with transaction.atomic():
        locked = _lock_message(message)
        if locked.experiment_id is not None:
            raise AlreadyChanged("This message is already an experiment; nothing more was agreed.")
        locked.experiment = experiment_agree(
            session=_session_for(locked.journey),
            title=title,
            what_to_try=locked.body,
            by_when=by_when,
        )
        locked.save(update_fields=["experiment"])
        return locked
