"""The client's weekly pulse: their 0 to 10 answers on the journey's own scales."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from arcwise.errors import DomainError
from arcwise.journeys.models import Journey, PulseAnswer


def pulse_record(*, journey: Journey, on: date, values: dict[str, int]) -> list[PulseAnswer]:
    """The client's answers for the week that holds `on`, one per scale of the journey.

    Answering again in the same week replaces that week's answers, so a repeat (a double
    click, a second tab) leaves one answer per scale and week.
    """
    scales = list(journey.pulse_scales)
    if not scales:
        raise DomainError("This journey has no weekly pulse.")
    unknown = sorted(set(values) - set(scales))
    if unknown:
        raise DomainError(f"“{unknown[0]}” is not one of this journey's scales.")
    for scale, value in values.items():
        if not 0 <= value <= 10:
            raise DomainError(f"Answer “{scale}” from 0 to 10.", field=scale)
    week_of = on - timedelta(days=on.weekday())
    with transaction.atomic():
        for scale, value in values.items():
            PulseAnswer.objects.update_or_create(
                journey=journey,
                week_of=week_of,
                scale=scale,
                defaults={"value": value, "answered_at": timezone.now()},
            )
    return list(PulseAnswer.objects.filter(journey=journey, week_of=week_of))
