"""Progress summaries: the coach writes one for the sponsor, the client approves it or asks
for changes in the portal, and only an approved one reaches the sponsor. One transaction
each; every write carries the state it was made from.

The client hears of a summary waiting for them in their portal and in the portal's folded
message (`portal.prompts`, which asks through the outbox with a key for the summary's
version): the message carries a fresh portal link, which only the portal can make.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from arcwise.accounts.models import User
from arcwise.clients.models import Client
from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyChanged
from arcwise.journeys.locking import lock_journey
from arcwise.journeys.models import Journey
from arcwise.sponsors.models import (
    CLIENT_NOTE_LIMIT,
    SUMMARY_LIMIT,
    ProgressSummary,
    Sponsorship,
    SummaryStatus,
)
from arcwise.sponsors.services import may_set_terms


class StaleSummary(AlreadyChanged):
    """The summary changed (an edit, or the client's answer) after this edit began."""


ALREADY_SENT = "This summary was already sent to the client for approval: it was not sent twice."


def _text(text: str) -> str:
    text = text.strip()
    if not text:
        raise DomainError("Write the summary first.", field="text")
    if len(text) > SUMMARY_LIMIT:
        raise DomainError(
            f"Keep a summary to {SUMMARY_LIMIT} characters; this one has {len(text)}.",
            field="text",
        )
    return text


def _open_journey(journey: Journey) -> None:
    # A journey that has ended takes no new words for its sponsor: its closing measures
    # speak for the end, and the client is no longer asked through the portal's messages.
    if not lock_journey(journey).is_open():
        raise DomainError("This journey has ended: its summaries for the sponsor no longer change.")


def summary_write(
    *,
    journey: Journey,
    by: User,
    text: str,
    token: UUID | None = None,
    now: datetime | None = None,
) -> ProgressSummary:
    """A new progress summary for the sponsor, waiting for the client's approval.

    Only while the journey is open and its terms share summaries. The same `token` sent
    twice (a double submit) writes one summary and says so.
    """
    may_set_terms(journey, by)
    text = _text(text)
    if token is not None and ProgressSummary.objects.filter(write_token=token).exists():
        raise AlreadyChanged(ALREADY_SENT)
    try:
        with transaction.atomic():
            _open_journey(journey)
            sponsorship = Sponsorship.objects.filter(journey=journey).first()
            if sponsorship is None or not sponsorship.shows_summaries:
                raise DomainError(
                    "This journey's agreement does not share progress summaries with a "
                    "sponsor: allow them in the sponsor's terms first."
                )
            return ProgressSummary.objects.create(
                sponsorship=sponsorship,
                text=text,
                written_by=by,
                written_at=now or timezone.now(),
                write_token=token,
            )
    except IntegrityError:
        # The same form, sent twice at once: the other request wrote it.
        raise AlreadyChanged(ALREADY_SENT) from None


def _edited_since(summary: ProgressSummary) -> str:
    if summary.status == SummaryStatus.APPROVED:
        now = "The client approved this summary meanwhile."
    elif summary.status == SummaryStatus.CHANGES:
        now = "The client asked for changes meanwhile."
    else:
        now = "This summary was changed meanwhile."
    return (
        f"{now} Nothing was saved this time, and what you typed is still here: copy what "
        "you need, then open the summary again to see it as it stands."
    )


def summary_edit(
    *,
    summary: ProgressSummary,
    by: User,
    text: str,
    expected_version: int,
    now: datetime | None = None,
) -> ProgressSummary:
    """Change a summary's words; it goes back to the client for approval, approved or not,
    and the sponsor no longer sees it until the client approves the new words."""
    journey = summary.sponsorship.journey
    may_set_terms(journey, by)
    text = _text(text)
    with transaction.atomic():
        _open_journey(journey)
        locked = ProgressSummary.objects.select_for_update().get(pk=summary.pk)
        if locked.version != expected_version:
            raise StaleSummary(_edited_since(locked))
        if locked.text == text:
            raise AlreadyChanged("That is the summary as it stands: nothing changed.")
        locked.text = text
        locked.status = SummaryStatus.AWAITING
        locked.client_note = ""
        locked.answered_at = None
        locked.edited_at = now or timezone.now()
        locked.version += 1
        locked.save()
    return locked


def _answered_since(summary: ProgressSummary) -> str:
    if summary.status == SummaryStatus.APPROVED:
        return "You approved this summary already: it is with your sponsor."
    if summary.status == SummaryStatus.CHANGES:
        return "You asked for changes already: your coach will send you a new version."
    return (
        "Your coach changed this summary meanwhile: read the new version before you answer. "
        "Nothing was saved this time."
    )


def summary_answer(
    *,
    summary: ProgressSummary,
    client: Client,
    approve: bool,
    note: str = "",
    expected_version: int,
    now: datetime | None = None,
) -> ProgressSummary:
    """The client's answer to a summary waiting for them: approve it (then the sponsor sees
    it, if the terms share summaries), or ask for changes, saying what to change.

    The answer is about the words the form showed (`expected_version`): a repeat, or an
    answer to words the coach has changed since, is refused with `AlreadyChanged`.
    """
    note = note.strip()
    if not approve and not note:
        raise DomainError("Say what you would change, so your coach can rewrite it.", field="note")
    if len(note) > CLIENT_NOTE_LIMIT:
        raise DomainError(
            f"Keep the note to {CLIENT_NOTE_LIMIT} characters; this one has {len(note)}.",
            field="note",
        )
    with transaction.atomic():
        locked = (
            ProgressSummary.objects.select_for_update()
            .filter(pk=summary.pk, sponsorship__journey__client=client)
            .first()
        )
        if locked is None:
            raise DomainError("This summary is not one of yours.")
        if locked.version != expected_version or locked.status != SummaryStatus.AWAITING:
            raise AlreadyChanged(_answered_since(locked))
        locked.status = SummaryStatus.APPROVED if approve else SummaryStatus.CHANGES
        locked.client_note = "" if approve else note
        locked.answered_at = now or timezone.now()
        locked.version += 1
        locked.save()
    return locked
