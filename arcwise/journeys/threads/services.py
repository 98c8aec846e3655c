"""Open threads: what was said in a session and not yet followed up (an insight, an
agreement, a question), kept until the coach closes it with a line on where it went."""

from __future__ import annotations

from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyChanged
from arcwise.journeys.hooks import thread_text_changed

# Journey locking is shared with the other session writes, so threads queue in one order
# with them and see a journey closed a moment ago as closed.
from arcwise.journeys.locking import lock_journey, refuse_if_ended
from arcwise.journeys.models import Session, Thread, ThreadKind


def _one_line(text: str) -> str:
    return " ".join(text.split())


def thread_open(*, session: Session, kind: str, text: str, token: UUID) -> Thread:
    """Keep something said in `session` as a thread to come back to.

    `token` comes from the session page's form: a repeat of the same form keeps nothing
    new and raises `AlreadyChanged`.
    """
    text = _one_line(text)
    if not text:
        raise DomainError("Say what to come back to.", field="text")
    if kind not in ThreadKind.values:
        raise DomainError("Choose insight, agreement or question.", field="kind")
    journey = session.journey
    try:
        with transaction.atomic():
            refuse_if_ended(lock_journey(journey), what="its threads")
            _refuse_if_kept(token)
            thread = Thread.objects.create(
                journey=journey, session=session, kind=kind, text=text[:500], open_token=token
            )
            thread_text_changed(thread)
            return thread
    except IntegrityError:
        # A repeat racing this one on PostgreSQL: the unique token refuses the second insert.
        _refuse_if_kept(token)
        raise


def _refuse_if_kept(token: UUID) -> None:
    kept = Thread.objects.filter(open_token=token).first()
    if kept is not None:
        raise AlreadyChanged(f"This thread is already kept: “{kept.text}”.")


def thread_close(*, thread: Thread, where_it_went: str, from_version: int) -> Thread:
    """Close an open thread with one line on where it went.

    `from_version` is the version the page showed: if the thread changed since (closed by a
    repeat of the form, or in another tab), nothing changes and `AlreadyChanged` says so.
    """
    where_it_went = _one_line(where_it_went)
    if not where_it_went:
        raise DomainError("Say in a line where it went.", field="where_it_went")
    with transaction.atomic():
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        if locked.closed_at is not None:
            raise AlreadyChanged(f"“{locked.text}” was already closed: {locked.where_it_went}")
        if locked.version != from_version:
            raise AlreadyChanged(f"“{locked.text}” changed meanwhile. Nothing was changed.")
        locked.closed_at = timezone.now()
        locked.where_it_went = where_it_went[:200]
        locked.version += 1
        locked.save(update_fields=["closed_at", "where_it_went", "version"])
        thread_text_changed(locked)
        return locked
