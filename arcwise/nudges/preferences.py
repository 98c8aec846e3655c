"""What a client chooses about the messages they get."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from arcwise.clients.models import Client
from arcwise.errors import DomainError
from arcwise.journeys.models import MAX_WEEKLY_MESSAGE_CAP, MIN_WEEKLY_MESSAGE_CAP, Journey
from arcwise.nudges.models import CLIENT_KINDS, Nudge

# Reminders a client can turn off. Messages they ask for themselves (a fresh portal link)
# still reach them.
REMINDER_KINDS = CLIENT_KINDS


def client_reminders_off(*, client: Client, at: datetime | None = None) -> bool:
    """Turn the client's reminders off; False if they were off already. Reminders still
    waiting to be sent are taken out in the same transaction, so none slips through."""
    with transaction.atomic():
        changed = Client.objects.filter(pk=client.pk, reminders_off_at=None).update(
            reminders_off_at=at or timezone.now()
        )
        Nudge.objects.filter(
            client=client, kind__in=REMINDER_KINDS, sent_at=None, failed_at=None
        ).delete()
    return bool(changed)


def journey_message_cap_set(*, journey: Journey, cap: int, was: int) -> bool:
    """Set the journey's weekly message cap, made from the page showing `was`; False when
    it was already `cap` (a double click, a retried request), so nothing changed.

    Changed meanwhile to something else (another tab), it is refused with the current value:
    the coach decides again. The journey's revision is not raised: the cap is no part of its
    state or plan, and the other forms on the journey's pages stay usable.
    """
    if not MIN_WEEKLY_MESSAGE_CAP <= cap <= MAX_WEEKLY_MESSAGE_CAP:
        raise DomainError(
            f"Choose {MIN_WEEKLY_MESSAGE_CAP} to {MAX_WEEKLY_MESSAGE_CAP} messages a week.",
            field="cap",
        )
    with transaction.atomic():
        changed = Journey.objects.filter(pk=journey.pk, weekly_message_cap=was).update(
            weekly_message_cap=cap
        )
        if changed:
            return cap != was
        current = Journey.objects.get(pk=journey.pk).weekly_message_cap
    if current == cap:
        return False
    raise DomainError(
        f"The cap was changed to {current} a week meanwhile (in another tab?), so nothing "
        "was changed. Choose again below."
    )
