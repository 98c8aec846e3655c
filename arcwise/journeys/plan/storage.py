"""The living plan as stored: loading it for the pure planner, re-planning it, and writing
back what changed (sessions, stages, the planned end). Every plan write goes through here,
inside the caller's transaction, on a row the caller has locked."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import F

from arcwise.days import zone_or_utc
from arcwise.designs.models import DesignVersion, Phase
from arcwise.errors import DomainError
from arcwise.journeys import schedule
from arcwise.journeys.models import Journey, PhaseRun, PlanStage, Session, SessionStatus
from arcwise.journeys.schedule import Plan, PlanDiff, PlanProblem, TimeProblem, format_day, to_utc


def phases_of(version: DesignVersion) -> list[Phase]:
    return list(Phase.objects.filter(version=version).order_by("position"))


def load_plan(journey: Journey) -> Plan:
    """The journey's plan as the pure planner sees it, read from the database."""
    zone = zone_or_utc(journey.coach.time_zone)
    stages = tuple(
        schedule.Stage(
            stage.phase.key,
            stage.phase.name,
            stage.starts,
            stage.ends,
            stage.phase.planned_sessions,
        )
        for stage in PlanStage.objects.filter(journey=journey)
        .select_related("phase")
        .order_by("position")
    )
    sessions = []
    # A held session can belong to a phase of an older version the journey moved on from.
    for session in (
        Session.objects.filter(journey=journey).select_related("phase").order_by("starts_at")
    ):
        local = session.starts_at.astimezone(zone)
        sessions.append(
            schedule.PlanSession(
                str(session.public_id),
                session.phase.key,
                local.date(),
                local.time().replace(tzinfo=None),
                session.status,
                session.inserted,
            )
        )
    return Plan(stages, tuple(sessions), journey.cadence_days, journey.planned_end)


def _starts_at(day: date, at: time, zone: str) -> datetime:
    try:
        return to_utc(day, at, zone)
    except TimeProblem:  # the clocks go forward over that time on the new day: an hour later
        return to_utc(day, (datetime.combine(day, at) + timedelta(hours=1)).time(), zone)


def store_plan(journey: Journey, before: Plan, after: Plan, run: PhaseRun | None) -> PlanDiff:
    """Write what changed between two plans: sessions, the stages and the planned end."""
    phases = {p.key: p for p in phases_of(journey.design_version)}
    zone = journey.coach.time_zone or "UTC"
    current_key = after.stages[0].phase_key if after.stages else None
    diff = schedule.compare(before, after)
    rows = {
        str(s.public_id): s
        for s in Session.objects.filter(
            journey=journey, public_id__in=[c.before.key for c in diff.changes if c.before]
        )
    }
    for change in diff.changes:
        new = change.after
        if new is None:
            assert change.before is not None
            row = rows[change.before.key]
            if row.notes or row.key_insights or row.agreements:
                Session.objects.filter(pk=row.pk).update(status=SessionStatus.CANCELLED)
            else:
                row.delete()
            continue
        fields = {
            "phase": phases[new.phase_key],
            "starts_at": _starts_at(new.on, new.at, zone),
            "status": new.status,
            "phase_run": run if new.phase_key == current_key else None,
        }
        if change.before is None:
            Session.objects.create(
                journey=journey, minutes=journey.session_minutes, inserted=new.inserted, **fields
            )
        else:
            Session.objects.filter(pk=rows[change.before.key].pk).update(**fields)
    PlanStage.objects.filter(journey=journey).delete()
    PlanStage.objects.bulk_create(
        PlanStage(
            journey=journey,
            position=number,
            phase=phases[stage.phase_key],
            starts=stage.starts,
            ends=stage.ends,
        )
        for number, stage in enumerate(after.stages, start=1)
    )
    was, now = before.current, after.current
    if run is not None and was and now and was.phase_key == now.phase_key and was.ends != now.ends:
        # The phase under way was stretched (an extension, a pause): its run plans as long.
        weeks = round((now.ends - was.ends).days / 7)
        PhaseRun.objects.filter(pk=run.pk).update(planned_weeks=F("planned_weeks") + weeks)
    Journey.objects.filter(pk=journey.pk).update(
        planned_end=max(after.planned_end, journey.start_date + timedelta(days=1)),
        revision=F("revision") + 1,
    )
    return diff


def replanned(plan: Plan, change: schedule.Change, today: date) -> Plan:
    try:
        return schedule.replan(plan, change, today)
    except PlanProblem as problem:
        raise DomainError(str(problem)) from None


def open_run(journey: Journey) -> PhaseRun:
    run = PhaseRun.objects.select_related("phase").filter(journey=journey, left_on=None).first()
    if run is None:
        raise DomainError("This journey is not in a phase at the moment.")
    return run


def rotate(journey: Journey, run: PhaseRun, phase: Phase, on: date) -> PhaseRun:
    """Leave the run under way on `on` and enter `phase` in a new run."""
    if on < run.entered_on:
        raise DomainError(
            f"The date must be on or after {format_day(run.entered_on)}, "
            "when the current phase began.",
            field="on",
        )
    PhaseRun.objects.filter(pk=run.pk).update(left_on=on)
    return PhaseRun.objects.create(
        journey=journey,
        phase=phase,
        sequence=run.sequence + 1,
        entered_on=on,
        planned_weeks=phase.planned_weeks,
    )
