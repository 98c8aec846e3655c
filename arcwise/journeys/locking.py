"""Locking a journey's row for a write, and saying how it stands when a write was too late.

Two locks, for two kinds of write:

- `lock_open_journey` for writes that change the plan or the journey itself (adaptations,
  moving on, ending, moving version): the row must still be at the revision the coach saw.
- `lock_journey` for session, experiment and thread writes: they queue behind each other in
  one order and see a journey closed a moment ago as closed (`refuse_if_ended`).
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from arcwise.errors import DomainError
from arcwise.journeys.errors import JourneyEnded
from arcwise.journeys.log import describe_adaptation
from arcwise.journeys.models import Adaptation, Journey, JourneyStatus, PhaseRun


def lock_open_journey(journey: Journey, expected_revision: int) -> Journey:
    """The journey's row, locked for this transaction, if it is as the coach last saw it.

    A double click, a second tab or a retried request carries an older revision: it changes
    nothing and is told how the journey stands now.
    """
    locked = Journey.objects.select_for_update().select_related("coach").get(pk=journey.pk)
    if locked.revision != expected_revision:
        raise DomainError(since_you_looked(locked))
    if not locked.is_open():
        raise DomainError(
            f"This journey is {locked.get_status_display().lower()}; it cannot change."
        )
    return locked


def since_you_looked(journey: Journey) -> str:
    """What changed in the journey since a page was made from an older revision of it."""
    run = PhaseRun.objects.select_related("phase").filter(journey=journey, left_on=None).first()
    last = Adaptation.objects.filter(journey=journey).order_by("-created_at").first()
    if journey.status == JourneyStatus.PAUSED:
        now = f"This journey was paused meanwhile ({describe_adaptation(last)})."
    elif not journey.is_open():
        now = f"This journey is {journey.get_status_display().lower()} now."
    elif run is not None and (last is None or last.created_at < run_started(run)):
        now = f"This journey already moved on to {run.phase.name}."
    elif last is not None:
        now = f"This journey changed meanwhile: {describe_adaptation(last)}."
    else:
        now = "This journey changed meanwhile."
    return f"{now} Nothing was changed this time; the page now shows how it stands."


def run_started(run: PhaseRun) -> datetime:
    return timezone.make_aware(datetime.combine(run.entered_on, datetime.min.time()))


def lock_journey(journey: Journey) -> Journey:
    """The journey's row, locked until the transaction ends, with its status as it is now.

    Every session, experiment and thread write takes this lock first, so it sees a journey
    that was closed a moment ago as closed, and writes queue behind each other in one order.
    """
    return Journey.objects.select_for_update().only("status").get(pk=journey.pk)


def refuse_if_ended(journey: Journey, *, what: str) -> None:
    if not journey.is_open():
        raise JourneyEnded(
            f"This journey is {journey.get_status_display().lower()}, so {what} no longer "
            "change. Only the notes of held sessions can still be saved."
        )
