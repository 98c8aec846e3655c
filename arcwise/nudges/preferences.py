"""What a client chooses about the messages they get."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from arcwise.clients.models import Client
from arcwise.nudges.models import Nudge, NudgeKind

# Reminders a client can turn off. Messages they ask for themselves (a fresh portal link)
# still reach them.
REMINDER_KINDS = (
    NudgeKind.SESSION_REMINDER,
    NudgeKind.REFLECTION_REQUEST,
    NudgeKind.EXPERIMENT_CHECK_IN,
    NudgeKind.PRE_SESSION_CHECK_IN,
    NudgeKind.WEEKLY_PULSE,
)


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
