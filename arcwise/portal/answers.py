"""The client's answers, saved from the portal: reflections, experiment check-ins, the
questions before a session, and the weekly pulse. Each save carries the version it was made
from: a save from another tab or device is refused, not lost; a repeat changes nothing."""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from arcwise.days import zone_or_utc
from arcwise.errors import DomainError
from arcwise.journeys.models import (
    Experiment,
    ExperimentStatus,
    Journey,
    PulseAnswer,
    Session,
    SessionStatus,
)
from arcwise.journeys.pulse import pulse_record
from arcwise.portal.days import check_in_is_open, check_in_opens_on, day_words
from arcwise.portal.models import ExperimentCheckIn, ReflectionRequest, SessionCheckIn, Tried


class StaleSave(DomainError):
    """The text was saved elsewhere (another tab or device) since this page loaded."""


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
        zone = zone_or_utc(journey.client.time_zone)
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
