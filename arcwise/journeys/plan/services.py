"""Changing a running journey's plan: adaptations (extend, skip, revisit, insert a session,
pause, resume) with their reason, and moving on to the next phase. One transaction each, on
the journey's locked row at the revision the coach saw."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from arcwise.accounts.models import User
from arcwise.days import count
from arcwise.errors import DomainError
from arcwise.journeys import schedule
from arcwise.journeys.locking import lock_open_journey
from arcwise.journeys.log import logged_reason
from arcwise.journeys.models import Adaptation, AdaptationKind, Journey, JourneyStatus, PhaseRun
from arcwise.journeys.plan.storage import (
    load_plan,
    open_run,
    phases_of,
    replanned,
    rotate,
    store_plan,
)
from arcwise.journeys.schedule import PlanDiff, check_session_date, format_day


@dataclass(frozen=True)
class Adapted:
    """What an adaptation did: the plan's differences, and the run the journey is in now."""

    diff: PlanDiff
    run: PhaseRun | None


def journey_adapt(
    *,
    journey: Journey,
    change: schedule.Change,
    reason: str,
    by: User,
    today: date,
    expected_revision: int,
) -> Adapted:
    """Re-plan the journey for a deliberate deviation from its design, and log why.

    The change is checked against the journey as it is now, on its locked row: a repeat
    or a stale tab changes nothing. Held sessions and the past never move.
    """
    reason = logged_reason(reason)
    if isinstance(change, schedule.MoveOn | schedule.Close | schedule.Rebase):
        raise ValueError("Moving on and closing are not adaptations; use their own services.")
    with transaction.atomic():
        journey = lock_open_journey(journey, expected_revision)
        paused = journey.status == JourneyStatus.PAUSED
        if paused and not isinstance(change, schedule.Resume | schedule.Extend):
            raise DomainError("The journey is paused. Resume it first.")
        if isinstance(change, schedule.Resume) and not paused:
            raise DomainError("The journey is not paused.")
        run = open_run(journey)
        before = load_plan(journey)
        after = replanned(before, change, today)
        log = Adaptation(journey=journey, reason=reason, created_by=by, on=today)
        phases = {p.key: p for p in phases_of(journey.design_version)}
        if isinstance(change, schedule.Extend):
            log.kind, log.phase, log.weeks = AdaptationKind.EXTEND, run.phase, change.weeks
            if change.add_sessions:
                log.detail = f"{count(change.add_sessions, 'session')} added"
        elif isinstance(change, schedule.Skip):
            log.kind, log.phase = AdaptationKind.SKIP, phases[change.phase_key]
            following = (
                next((s.name for s in before.stages if s.starts == after.stages[1].starts), "")
                if change.carry_sessions and len(after.stages) > 1
                else ""
            )
            log.detail = f"its sessions join {following}" if following else "its sessions dropped"
        elif isinstance(change, schedule.Revisit):
            log.kind, log.phase = AdaptationKind.REVISIT, phases[change.phase.key]
            if today > timezone.localdate():
                raise DomainError("A phase can only be revisited from today.")
            run = rotate(journey, run, phases[change.phase.key], today)
        elif isinstance(change, schedule.Pause):
            log.kind, log.detail = AdaptationKind.PAUSE, f"back by {format_day(change.until)}"
            journey.status = JourneyStatus.PAUSED
            Journey.objects.filter(pk=journey.pk).update(
                status=JourneyStatus.PAUSED, paused_on=today, paused_until=change.until
            )
        elif isinstance(change, schedule.Resume):
            log.kind = AdaptationKind.RESUME
            Journey.objects.filter(pk=journey.pk).update(
                status=JourneyStatus.ACTIVE, paused_on=None, paused_until=None
            )
        else:
            log.kind, log.phase = AdaptationKind.INSERT_SESSION, run.phase
            problem = check_session_date(change.on, journey.start_date, after.planned_end)
            if problem:
                raise DomainError(problem, field="day")
        diff = store_plan(journey, before, after, run)
        log.save()
    return Adapted(diff, run)


def phase_advance(
    *, journey: Journey, readiness_note: str, on: date, expected_revision: int
) -> PhaseRun:
    """Move on to the next phase of the plan, saying what showed the client was ready.

    Sessions still to come in the phase left behind join the next one; no session moves.
    """
    note = readiness_note.strip()
    if not note:
        raise DomainError(
            "Note what you saw that tells you the client is ready to move on.",
            field="readiness_note",
        )
    if on > timezone.localdate():
        raise DomainError("A phase can only be left today or on a day that has passed.", field="on")
    with transaction.atomic():
        journey = lock_open_journey(journey, expected_revision)
        if journey.status == JourneyStatus.PAUSED:
            raise DomainError("The journey is paused. Resume it first.")
        run = open_run(journey)
        before = load_plan(journey)
        if len(before.stages) < 2:
            raise DomainError(
                f"{run.phase.name} is the last phase of the plan. Close the journey instead."
            )
        after = replanned(before, schedule.MoveOn(on=on), timezone.localdate())
        PhaseRun.objects.filter(pk=run.pk).update(readiness_note=note)
        following = next(
            p for p in phases_of(journey.design_version) if p.key == after.stages[0].phase_key
        )
        new_run = rotate(journey, run, following, on)
        store_plan(journey, before, after, new_run)
    return new_run
