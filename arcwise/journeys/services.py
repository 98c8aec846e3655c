"""Every write a coach makes while running a journey. One transaction each; a refusal is a
`DomainError` with a message the coach can act on. Deviations from the design are recorded
as adaptations with their reason, so the journey's story can be read later."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.formats import date_format

from arcwise.accounts.models import CLIENT_ROLES, Membership, Practice, Role, User
from arcwise.clients.models import Client
from arcwise.designs.models import DesignVersion, Phase
from arcwise.errors import DomainError
from arcwise.journeys import hooks, schedule
from arcwise.journeys.models import (
    DEFAULT_WEEKLY_MESSAGE_CAP,
    OPEN_STATUSES,
    Adaptation,
    AdaptationKind,
    EndReason,
    Experiment,
    ExperimentStatus,
    Journey,
    JourneyStatus,
    PhaseRun,
    PlanStage,
    PulseAnswer,
    Session,
    SessionStatus,
)
from arcwise.journeys.schedule import (
    Plan,
    PlanDiff,
    PlanProblem,
    TimeProblem,
    check_journey_dates,
    check_session_date,
    format_day,
    to_utc,
)
from arcwise.journeys.wording import adaptation_wording

REASON_LENGTH = 200


@dataclass(frozen=True)
class Agreement:
    goals: str
    start_date: date
    planned_end: date
    cadence_days: int
    session_minutes: int
    confidentiality: str
    # The client's weekly pulse scales; empty takes the design's own.
    pulse_scales: tuple[str, ...] = ()
    weekly_message_cap: int = DEFAULT_WEEKLY_MESSAGE_CAP


@dataclass(frozen=True)
class PlannedSessionInput:
    phase_key: str
    starts_at: datetime  # aware


class StaleRecord(DomainError):
    """Another tab or person saved the session record after this edit began."""


STALE_RECORD = (
    "These notes were saved somewhere else (another tab or device) after you opened them. "
    "Nothing you typed here is lost: it is still on the screen. Copy what you need, reload "
    "to see the saved version, and merge the two."
)

DEBRIEF_LENGTH = 2000


class AlreadyChanged(DomainError):
    """The row moved on since the form was made: a repeat, a second tab, a retried request.

    Nothing was changed; the message says what the row holds now.
    """


class AlreadyStarted(AlreadyChanged):
    """This "Start the journey" form already started `journey`."""

    def __init__(self, message: str, *, journey: Journey) -> None:
        super().__init__(message)
        self.journey = journey


class JourneyEnded(DomainError):
    """The journey is closed or ended early: its sessions and experiments no longer change."""


class OpenJourneyExists(DomainError):
    """The client already has an open journey, and starting another was not confirmed."""

    def __init__(self, message: str, *, journey: Journey) -> None:
        super().__init__(message, field="another_open_confirmed")
        self.journey = journey


def _reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise DomainError(
            "Say in one line why: the reason is what makes this deliberate.", field="reason"
        )
    if len(reason) > REASON_LENGTH:
        raise DomainError(
            f"Keep the reason to one line ({REASON_LENGTH} characters).", field="reason"
        )
    return reason


def _phases(version: DesignVersion) -> list[Phase]:
    return list(Phase.objects.filter(version=version).order_by("position"))


def journey_enrol(
    *,
    practice: Practice,
    coach: User,
    client: Client,
    design_version: DesignVersion,
    agreement: Agreement,
    plan: list[PlannedSessionInput],
    start_token: UUID | None = None,
    another_open_confirmed: bool = False,
) -> Journey:
    """Start a journey under an agreement, with its accepted session plan, in its first phase.

    `start_token` comes from the plan page: a second start with the same token creates
    nothing and raises `AlreadyStarted` naming the journey the first one made. A client who
    already has an open journey gets a second one only with `another_open_confirmed`;
    otherwise `OpenJourneyExists` names the open one.
    """
    if design_version.is_draft():
        raise DomainError("Journeys run on published designs. Publish the design first.")
    if design_version.design.practice_id != practice.pk or client.practice_id != practice.pk:
        raise DomainError("The client and the design must belong to your practice.")
    if client.is_archived():
        raise DomainError(f"{client.name} is archived. Restore them before starting a journey.")
    problems = check_journey_dates(agreement.start_date, agreement.planned_end)
    if problems:
        raise DomainError(" ".join(problems), field="planned_end")
    if not agreement.goals.strip():
        raise DomainError("Write the client's goals in their own words.", field="goals")
    phases = {phase.key: phase for phase in _phases(design_version)}
    if not phases:
        raise DomainError("This design version has no phases.")
    first = min(phases.values(), key=lambda phase: phase.position)
    for planned in plan:
        if planned.phase_key not in phases:
            raise DomainError(
                f"The plan names a phase “{planned.phase_key}” the design does not have."
            )
        problem = check_session_date(
            timezone.localdate(planned.starts_at), agreement.start_date, agreement.planned_end
        )
        if problem:
            raise DomainError(problem)
    try:
        with transaction.atomic():
            # The client's row is the lock: two starts for one client (two tabs, two clicks)
            # queue here, and the second sees the journey the first made.
            Client.objects.select_for_update().filter(pk=client.pk).first()
            if start_token is not None:
                _refuse_if_started(start_token, practice=practice, coach=coach)
            if not another_open_confirmed:
                already = open_journey_of(client)
                if already is not None:
                    raise OpenJourneyExists(_open_journey_question(already), journey=already)
            return _create_journey(
                practice=practice,
                coach=coach,
                client=client,
                design_version=design_version,
                agreement=agreement,
                plan=plan,
                phases=phases,
                first=first,
                start_token=start_token,
            )
    except IntegrityError:
        # On PostgreSQL a start racing this one can commit between our check and our insert;
        # the unique token then refuses this insert, and the journey it made is the answer.
        if start_token is None:
            raise
        _refuse_if_started(start_token, practice=practice, coach=coach)
        raise


def open_journey_of(client: Client) -> Journey | None:
    """The client's open journey (active, paused or closing), the most recent if several.

    Used by enrolment to ask before a second one starts, and by the plan page to ask early.
    """
    return (
        Journey.objects.filter(client=client, status__in=OPEN_STATUSES)
        .select_related("design_version")
        .order_by("-start_date", "-created_at")
        .first()
    )


def _open_journey_question(journey: Journey) -> str:
    return (
        f"{journey.client.name} already has an open journey under "
        f"{journey.design_version.name}, started {format_day(journey.start_date)}: "
        "start another?"
    )


def _refuse_if_started(token: UUID, *, practice: Practice, coach: User) -> None:
    started = Journey.objects.filter(start_token=token).select_related("client").first()
    if started is None:
        return
    if started.practice_id != practice.pk or started.coach_id != coach.pk:
        raise AlreadyChanged(
            "This plan was already used to start a journey. Start again from the agreement."
        )
    raise AlreadyStarted(
        f"{started.client.name}'s journey was already started from this plan, so nothing "
        "new was made. Here it is.",
        journey=started,
    )


def _create_journey(
    *,
    practice: Practice,
    coach: User,
    client: Client,
    design_version: DesignVersion,
    agreement: Agreement,
    plan: list[PlannedSessionInput],
    phases: dict[str, Phase],
    first: Phase,
    start_token: UUID | None,
) -> Journey:
    journey = Journey.objects.create(
        practice=practice,
        client=client,
        coach=coach,
        design_version=design_version,
        status=JourneyStatus.ACTIVE,
        goals=agreement.goals.strip(),
        start_date=agreement.start_date,
        planned_end=agreement.planned_end,
        cadence_days=agreement.cadence_days,
        session_minutes=agreement.session_minutes,
        confidentiality=agreement.confidentiality.strip(),
        pulse_scales=list(agreement.pulse_scales or design_version.pulse_scales),
        weekly_message_cap=agreement.weekly_message_cap,
        started_at=timezone.now(),
        start_token=start_token,
    )
    run = PhaseRun.objects.create(
        journey=journey,
        phase=first,
        sequence=1,
        entered_on=agreement.start_date,
        planned_weeks=first.planned_weeks,
    )
    _store_first_plan(journey, list(phases.values()), agreement.start_date)
    Session.objects.bulk_create(
        Session(
            journey=journey,
            phase=phases[planned.phase_key],
            phase_run=run if planned.phase_key == first.key else None,
            starts_at=planned.starts_at,
            minutes=agreement.session_minutes,
        )
        for planned in sorted(plan, key=lambda item: item.starts_at)
    )
    return journey


def _store_first_plan(journey: Journey, phases: list[Phase], start: date) -> None:
    """Every phase of the design ahead, one after another from the start, as planned."""
    windows = schedule.phase_windows(start, [schedule.plan_phase(p) for p in phases])
    PlanStage.objects.bulk_create(
        PlanStage(journey=journey, position=n, phase=phase, starts=w.starts, ends=w.ends)
        for n, (phase, w) in enumerate(zip(phases, windows, strict=True), start=1)
        if w.ends > w.starts
    )


def _lock(journey: Journey, expected_revision: int) -> Journey:
    """The journey's row, locked for this transaction, if it is as the coach last saw it.

    A double click, a second tab or a retried request carries an older revision: it changes
    nothing and is told how the journey stands now.
    """
    locked = Journey.objects.select_for_update().select_related("coach").get(pk=journey.pk)
    if locked.revision != expected_revision:
        raise DomainError(_since_you_looked(locked))
    if not locked.is_open():
        raise DomainError(
            f"This journey is {locked.get_status_display().lower()}; it cannot change."
        )
    return locked


def _since_you_looked(journey: Journey) -> str:
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


def describe_adaptation(adaptation: Adaptation | None) -> str:
    """One line for the adaptation log, the map and messages: “Extended Orient by 2 weeks”."""
    if adaptation is None:
        return "no adaptation"
    phase = adaptation.phase.name if adaptation.phase_id and adaptation.phase else ""
    return adaptation_wording(adaptation.kind, phase, adaptation.weeks, adaptation.detail)


# --- The living plan: load it, re-plan it, store it -----------------------------------------


def _zone(journey: Journey) -> ZoneInfo:
    return ZoneInfo(journey.coach.time_zone or "UTC")


def load_plan(journey: Journey) -> Plan:
    """The journey's plan as the pure planner sees it, read from the database."""
    zone = _zone(journey)
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


def _store_plan(journey: Journey, before: Plan, after: Plan, run: PhaseRun | None) -> PlanDiff:
    """Write what changed between two plans: sessions, the stages and the planned end."""
    phases = {p.key: p for p in _phases(journey.design_version)}
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


def _replanned(plan: Plan, change: schedule.Change, today: date) -> Plan:
    try:
        return schedule.replan(plan, change, today)
    except PlanProblem as problem:
        raise DomainError(str(problem)) from None


def plan_preview(*, journey: Journey, change: schedule.Change, today: date) -> PlanDiff:
    """What `change` would do to the plan today, without changing anything."""
    before = load_plan(journey)
    return schedule.compare(before, _replanned(before, change, today))


def _open_run(journey: Journey) -> PhaseRun:
    run = PhaseRun.objects.select_related("phase").filter(journey=journey, left_on=None).first()
    if run is None:
        raise DomainError("This journey is not in a phase at the moment.")
    return run


def _rotate(journey: Journey, run: PhaseRun, phase: Phase, on: date) -> PhaseRun:
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
    reason = _reason(reason)
    if isinstance(change, schedule.MoveOn | schedule.Close | schedule.Rebase):
        raise ValueError("Moving on and closing are not adaptations; use their own services.")
    with transaction.atomic():
        journey = _lock(journey, expected_revision)
        paused = journey.status == JourneyStatus.PAUSED
        if paused and not isinstance(change, schedule.Resume | schedule.Extend):
            raise DomainError("The journey is paused. Resume it first.")
        if isinstance(change, schedule.Resume) and not paused:
            raise DomainError("The journey is not paused.")
        run = _open_run(journey)
        before = load_plan(journey)
        after = _replanned(before, change, today)
        log = Adaptation(journey=journey, reason=reason, created_by=by, on=today)
        phases = {p.key: p for p in _phases(journey.design_version)}
        if isinstance(change, schedule.Extend):
            log.kind, log.phase, log.weeks = AdaptationKind.EXTEND, run.phase, change.weeks
            if change.add_sessions:
                log.detail = f"{_plural(change.add_sessions, 'session')} added"
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
            run = _rotate(journey, run, phases[change.phase.key], today)
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
        diff = _store_plan(journey, before, after, run)
        log.save()
    return Adapted(diff, run)


def _plural(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


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
        journey = _lock(journey, expected_revision)
        if journey.status == JourneyStatus.PAUSED:
            raise DomainError("The journey is paused. Resume it first.")
        run = _open_run(journey)
        before = load_plan(journey)
        if len(before.stages) < 2:
            raise DomainError(
                f"{run.phase.name} is the last phase of the plan. Close the journey instead."
            )
        after = _replanned(before, schedule.MoveOn(on=on), timezone.localdate())
        PhaseRun.objects.filter(pk=run.pk).update(readiness_note=note)
        following = next(
            p for p in _phases(journey.design_version) if p.key == after.stages[0].phase_key
        )
        new_run = _rotate(journey, run, following, on)
        _store_plan(journey, before, after, new_run)
    return new_run


def _check_in_journey(journey: Journey, starts_at: datetime) -> None:
    problem = check_session_date(
        timezone.localdate(starts_at), journey.start_date, journey.planned_end
    )
    if problem:
        raise DomainError(problem, field="day")


def session_reschedule(
    *,
    session: Session,
    starts_at: datetime,
    minutes: int,
    from_starts_at: datetime,
    from_minutes: int,
) -> Session:
    """Move a planned session to another time.

    `from_starts_at` and `from_minutes` are the time the form showed. The move is one
    conditional UPDATE on them and on the status being planned, so a repeat, a second tab,
    or a move racing "Mark held" changes nothing and says why.
    """
    _check_in_journey(session.journey, starts_at)
    with transaction.atomic():
        _refuse_if_ended(_lock_journey(session.journey), what="its sessions")
        moved = Session.objects.filter(
            pk=session.pk,
            status=SessionStatus.PLANNED,
            starts_at=from_starts_at,
            minutes=from_minutes,
        ).update(starts_at=starts_at, minutes=minutes)
        now = Session.objects.only("status", "starts_at", "minutes").get(pk=session.pk)
    session.status, session.starts_at, session.minutes = now.status, now.starts_at, now.minutes
    if moved:
        return session
    if now.status != SessionStatus.PLANNED:
        raise AlreadyChanged(
            f"This session was marked {_status_word(now.status)} meanwhile, so it can no "
            "longer move."
        )
    if (now.starts_at, now.minutes) == (starts_at, minutes):
        raise AlreadyChanged(
            f"This session was already moved to {_when(now.starts_at)} ({now.minutes} "
            "minutes); nothing more was changed."
        )
    raise AlreadyChanged(
        f"This session was moved to {_when(now.starts_at)} ({now.minutes} minutes) meanwhile, "
        "in another tab or by another request; nothing was changed. Move it again from here "
        "if that time is wrong."
    )


def _lock_journey(journey: Journey) -> Journey:
    """The journey's row, locked until the transaction ends, with its status as it is now.

    Every session and experiment write takes this lock first, so it sees a journey that was
    closed a moment ago as closed, and writes queue behind each other in one order.
    """
    return Journey.objects.select_for_update().only("status").get(pk=journey.pk)


def _refuse_if_ended(journey: Journey, *, what: str) -> None:
    if not journey.is_open():
        raise JourneyEnded(
            f"This journey is {journey.get_status_display().lower()}, so {what} no longer "
            "change. Only the notes of held sessions can still be saved."
        )


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "l j F Y, H:i")


def _status_word(status: str) -> str:
    return SessionStatus(status).label.lower()


SETTABLE_STATUSES = (
    SessionStatus.HELD,
    SessionStatus.NO_SHOW,
    SessionStatus.CANCELLED,
    SessionStatus.PLANNED,
)
# A session that has not begun cannot have been held or missed.
NEEDS_A_PAST_SESSION = (SessionStatus.HELD, SessionStatus.NO_SHOW)


def session_set_status(*, session: Session, status: str, from_status: str) -> Session:
    """Mark a session held, no-show, cancelled or planned again, from the status the form
    showed (`from_status`). A held session joins the current phase run.

    The session's row is locked and checked inside the transaction: a repeat or a stale tab
    changes nothing and is told what the session is now. A session that has not begun cannot
    be marked held or no-show.
    """
    if status not in SETTABLE_STATUSES:
        raise DomainError("Choose held, no-show, cancelled or planned.")
    if from_status not in SessionStatus.values:
        raise DomainError("This form is out of date. Reload the page and try again.")
    if status == from_status:
        raise AlreadyChanged(f"This session is already marked {_status_word(status)}.")
    with transaction.atomic():
        _refuse_if_ended(_lock_journey(session.journey), what="its sessions")
        current = Session.objects.select_for_update().get(pk=session.pk)
        if current.status == status:
            raise AlreadyChanged(f"This session is already marked {_status_word(status)}.")
        if current.status != from_status:
            raise AlreadyChanged(
                f"This session was marked {_status_word(current.status)} meanwhile, in another "
                "tab or by another request; nothing was changed."
            )
        if status in NEEDS_A_PAST_SESSION and current.starts_at > timezone.now():
            raise DomainError(
                f"This session starts on {_when(current.starts_at)}. It can be marked "
                f"{_status_word(status)} once it has begun."
            )
        fields: dict[str, object] = {"status": status}
        if status == SessionStatus.HELD and current.phase_run_id is None:
            run = PhaseRun.objects.filter(journey_id=session.journey_id, left_on=None).first()
            if run is not None:
                fields["phase_run"] = run
        Session.objects.filter(pk=session.pk).update(**fields)
        if status == SessionStatus.HELD:
            # Apps above journeys (the portal asks for reflections) act in this transaction.
            hooks.session_held(current)
    session.refresh_from_db()
    return session


def session_record_save(
    *, session: Session, expected_version: int, notes: str, key_insights: str, agreements: str
) -> Session:
    """Save the session record unless it was saved elsewhere since `expected_version`.

    The check and the write are one conditional UPDATE, so two saves racing each other
    cannot both win. Once the journey has ended, only the record of a held session can
    still be saved.
    """
    with transaction.atomic():
        journey = _lock_journey(session.journey)
        if not journey.is_open():
            held = Session.objects.filter(pk=session.pk, status=SessionStatus.HELD).exists()
            if not held:
                raise DomainError(
                    f"This journey is {journey.get_status_display().lower()}: only the notes "
                    "of held sessions can still be saved, and this session was not held."
                )
        changed = Session.objects.filter(pk=session.pk, record_version=expected_version).update(
            notes=notes,
            key_insights=key_insights.strip(),
            agreements=agreements.strip(),
            record_version=F("record_version") + 1,
            record_saved_at=timezone.now(),
        )
    if not changed:
        raise StaleRecord(STALE_RECORD)
    session.refresh_from_db()
    return session


def experiment_agree(
    *, session: Session, title: str, what_to_try: str, by_when: date, token: UUID | None = None
) -> Experiment:
    """Record an experiment the client agreed to try before a later session.

    `token` comes from the session page's form: a repeat of the same form records nothing
    and raises `AlreadyChanged`.
    """
    journey = session.journey
    title = " ".join(title.split())
    if not title:
        raise DomainError("Give the experiment a short title.", field="title")
    if not what_to_try.strip():
        raise DomainError("Say what the client will try.", field="what_to_try")
    session_day = timezone.localdate(session.starts_at)
    if by_when < session_day:
        raise DomainError(
            f"“By when” is before the session it was agreed in ({format_day(session_day)}).",
            field="by_when",
        )
    if by_when > journey.planned_end + timedelta(weeks=4):
        raise DomainError("“By when” is long after the journey's planned end.", field="by_when")
    try:
        with transaction.atomic():
            _refuse_if_ended(_lock_journey(journey), what="its experiments")
            if token is not None:
                _refuse_if_agreed(token, session)
            return Experiment.objects.create(
                journey=journey,
                session=session,
                title=title[:120],
                what_to_try=what_to_try.strip(),
                by_when=by_when,
                agree_token=token,
            )
    except IntegrityError:
        # A repeat racing this one on PostgreSQL: the unique token refuses the second insert.
        if token is None:
            raise
        _refuse_if_agreed(token, session)
        raise


def _refuse_if_agreed(token: UUID, session: Session) -> None:
    agreed = Experiment.objects.filter(agree_token=token).first()
    if agreed is None:
        return
    if agreed.session_id != session.pk:
        raise AlreadyChanged(
            "This form was already used to agree an experiment. Reload the page and try again."
        )
    raise AlreadyChanged(f"This experiment was already agreed: “{agreed.title}”.")


CLOSED_EXPERIMENT = (ExperimentStatus.DONE, ExperimentStatus.DROPPED)


def experiment_set_status(
    *, experiment: Experiment, status: str, from_status: str, debrief: str
) -> Experiment:
    """Mark an open experiment done or dropped, with the coach's debrief: what was learned.

    The change is one conditional UPDATE on `from_status` (the status the form showed), so
    a repeat or a second tab changes nothing and is told what the experiment is now.
    """
    if status not in CLOSED_EXPERIMENT:
        raise DomainError("Choose done or dropped.")
    if from_status not in ExperimentStatus.values:
        raise DomainError("This form is out of date. Reload the page and try again.")
    debrief = debrief.strip()
    if not debrief:
        raise DomainError(
            "Write what was learned: a done or dropped experiment teaches something either way.",
            field="debrief",
        )
    if len(debrief) > DEBRIEF_LENGTH:
        raise DomainError(
            f"Keep the debrief to {DEBRIEF_LENGTH} characters; it has {len(debrief)}.",
            field="debrief",
        )
    word = ExperimentStatus(status).label.lower()
    if from_status != ExperimentStatus.OPEN:
        raise AlreadyChanged(
            f"This experiment is already marked {ExperimentStatus(from_status).label.lower()}."
        )
    with transaction.atomic():
        _refuse_if_ended(_lock_journey(experiment.journey), what="its experiments")
        changed = Experiment.objects.filter(pk=experiment.pk, status=from_status).update(
            status=status, debrief=debrief, closed_at=timezone.now()
        )
        experiment.refresh_from_db()
    if not changed:
        now = ExperimentStatus(experiment.status).label.lower()
        if experiment.status == status:
            raise AlreadyChanged(f"This experiment is already marked {word}.")
        raise AlreadyChanged(
            f"This experiment was marked {now} meanwhile, in another tab or by another "
            "request; nothing was changed."
        )
    return experiment


# --- Ending a journey ---------------------------------------------------------------------


@dataclass(frozen=True)
class Ending:
    """How a journey ends. A later step adds the client's words and closing measures here."""

    on: date
    what_shifted: str = ""
    because: str = ""  # an EndReason when it ends early
    note: str = ""


def _end(
    *, journey: Journey, ending: Ending, status: str, expected_revision: int, today: date
) -> Journey:
    if ending.on > today:
        raise DomainError("A journey ends today or on a day that has passed.", field="on")
    with transaction.atomic():
        journey = _lock(journey, expected_revision)
        if ending.on < journey.start_date:
            raise DomainError(
                f"The journey started on {format_day(journey.start_date)}; it cannot end before.",
                field="on",
            )
        before = load_plan(journey)
        after = _replanned(before, schedule.Close(), today)
        PhaseRun.objects.filter(journey=journey, left_on=None).update(
            left_on=Greatest(F("entered_on"), ending.on)
        )
        _store_plan(journey, before, replace(after, planned_end=before.planned_end), None)
        Journey.objects.filter(pk=journey.pk).update(
            status=status,
            ended_on=ending.on,
            what_shifted=ending.what_shifted,
            ended_because=ending.because,
            paused_on=None,
            paused_until=None,
        )
    journey.refresh_from_db()
    return journey


def journey_close(
    *, journey: Journey, ending: Ending, expected_revision: int, today: date
) -> Journey:
    """Close the journey well: the day, and what has shifted, in the coach's words.

    Sessions still to come are cancelled; held sessions and their notes stay.
    """
    if not ending.what_shifted.strip():
        raise DomainError(
            "Write what has shifted for the client, in your words.", field="what_shifted"
        )
    return _end(
        journey=journey,
        ending=replace(ending, what_shifted=ending.what_shifted.strip()),
        status=JourneyStatus.CLOSED,
        expected_revision=expected_revision,
        today=today,
    )


def journey_end_early(
    *, journey: Journey, ending: Ending, by: User, expected_revision: int, today: date
) -> Journey:
    """End the journey before its close, with the reason; the ending joins the adaptation log."""
    if ending.because not in EndReason.values:
        raise DomainError("Choose why the journey ends early.", field="because")
    note = _reason(ending.note)
    with transaction.atomic():
        ended = _end(
            journey=journey,
            ending=replace(ending, note=note),
            status=JourneyStatus.ENDED_EARLY,
            expected_revision=expected_revision,
            today=today,
        )
        Adaptation.objects.create(
            journey=ended,
            kind=AdaptationKind.END,
            reason=note,
            detail=EndReason(ending.because).label.lower(),
            on=ending.on,
            created_by=by,
        )
    return ended


# --- Moving to a newer version of the design -------------------------------------------------


def newer_versions(journey: Journey) -> list[DesignVersion]:
    """Published versions of the journey's design newer than the one it runs on, newest first."""
    return list(
        DesignVersion.objects.filter(
            design_id=journey.design_version.design_id,
            published_at__isnull=False,
            number__gt=journey.design_version.number,
        ).order_by("-number")
    )


def _rebase_change(journey: Journey, version: DesignVersion, continue_at: str) -> schedule.Rebase:
    phases = tuple(schedule.plan_phase(p) for p in _phases(version))
    return schedule.Rebase(phases, continue_at)


def version_move_preview(
    *, journey: Journey, version: DesignVersion, continue_at: str, today: date
) -> PlanDiff:
    """What moving to `version` would do to the plan, without changing anything."""
    _check_newer(journey, version)
    return plan_preview(
        journey=journey, change=_rebase_change(journey, version, continue_at), today=today
    )


def _check_newer(journey: Journey, version: DesignVersion) -> None:
    if (
        version.design_id != journey.design_version.design_id
        or version.is_draft()
        or version.number <= journey.design_version.number
    ):
        raise DomainError("Choose a published version of this design, newer than this journey's.")


def journey_move_version(
    *,
    journey: Journey,
    version: DesignVersion,
    continue_at: str,
    reason: str,
    by: User,
    today: date,
    expected_revision: int,
) -> PlanDiff:
    """Move a running journey onto a newer version of its design.

    Its history stays: runs, sessions and adaptations so far are mapped to the new version's
    phases by key (a phase the new version lacks keeps its old name). The plan ahead comes
    from the new version, the move is logged as an adaptation, and held sessions never move.
    """
    reason = _reason(reason)
    with transaction.atomic():
        journey = _lock(journey, expected_revision)
        _check_newer(journey, version)
        if journey.status == JourneyStatus.PAUSED:
            raise DomainError("The journey is paused. Resume it before moving it to a new version.")
        old = journey.design_version
        before = load_plan(journey)
        after = _replanned(before, _rebase_change(journey, version, continue_at), today)
        new_phases = {p.key: p for p in _phases(version)}
        for key, phase in new_phases.items():
            for model in (PhaseRun, Session, Adaptation, PlanStage):
                model.objects.filter(journey=journey, phase__version=old, phase__key=key).update(
                    phase=phase
                )
        run = _open_run(journey)
        if run.phase.key != continue_at:
            run = _rotate(journey, run, new_phases[continue_at], today)
        Journey.objects.filter(pk=journey.pk).update(design_version=version)
        journey.design_version = version
        diff = _store_plan(journey, before, after, run)
        Adaptation.objects.create(
            journey=journey,
            kind=AdaptationKind.MOVE_VERSION,
            reason=reason,
            phase=new_phases[continue_at],
            detail=f"from version {old.number} to version {version.number}",
            on=today,
            created_by=by,
        )
    return diff


# --- Removing a journey started by mistake ----------------------------------------------------


class JourneyGone(DomainError):
    """The journey was removed already: this is a repeat of the same removal."""


def removal_refusal(journey: Journey, sessions: Iterable[Session]) -> str | None:
    """Why the journey cannot be removed as a mistake, or None if it can.

    Only a journey in which nothing has happened goes: open, no session held, no notes
    written. Anything else is the client's history and ends by closing or ending early.
    """
    if not journey.is_open():
        return (
            f"This journey is {journey.get_status_display().lower()}: it is part of the "
            "practice's history and stays."
        )
    sessions = list(sessions)
    if any(s.status == SessionStatus.HELD for s in sessions):
        return (
            "A session of this journey was held, so it is not a mistake to undo. "
            "End it early instead, with the reason."
        )
    if any(s.notes or s.key_insights or s.agreements for s in sessions):
        return (
            "A session of this journey has notes, so it cannot be removed. "
            "End it early instead, with the reason."
        )
    return None


@dataclass(frozen=True)
class Removed:
    client_name: str
    sessions: int
    experiments: int


def journey_remove(*, journey: Journey, expected_revision: int, by: User) -> Removed:
    """Delete a journey started by mistake, with its plan, sessions and experiments.

    Refused once anything has happened in it (see `removal_refusal`), and for anyone but
    its coach. The journey's row is locked and its revision checked: a stale page changes
    nothing, and a repeat of the same removal raises `JourneyGone`.
    """
    with transaction.atomic():
        locked = (
            Journey.objects.select_for_update()
            .select_related("client")
            .filter(pk=journey.pk)
            .first()
        )
        if locked is None:
            raise JourneyGone("This journey was already removed; nothing more was changed.")
        if locked.coach_id != by.pk:
            raise DomainError("Only the journey's coach can remove it.")
        if locked.revision != expected_revision:
            raise DomainError(_since_you_looked(locked))
        sessions = list(Session.objects.filter(journey=locked))
        refusal = removal_refusal(locked, sessions)
        if refusal:
            raise DomainError(refusal)
        removed = Removed(
            client_name=locked.client.name,
            sessions=len(sessions),
            experiments=Experiment.objects.filter(journey=locked).count(),
        )
        locked.delete()
    return removed


# --- Handing a coach's journeys to another coach ----------------------------------------------


def journeys_hand_over(
    *,
    practice: Practice,
    from_coach: User,
    to_coach: User,
    seen: Mapping[UUID, int],
    reason: str,
    by: User,
    today: date,
) -> list[Journey]:
    """Give every open journey of `from_coach` in the practice to `to_coach`, and log it.

    `seen` maps each journey the owner saw on the handover page to the revision it had. The
    journeys are locked and checked against it: if one was added, ended or changed
    meanwhile, nothing is handed over and the owner looks again; a repeat of the same
    handover finds them with `to_coach` already and raises `AlreadyChanged`. Each journey's
    revision goes up, so forms open on the leaving coach's pages change nothing.
    """
    reason = _reason(reason)
    members = Membership.objects.filter(practice=practice)
    if not members.filter(user=by, role=Role.OWNER).exists():
        raise DomainError("Only an owner of the practice can hand journeys to another coach.")
    if to_coach.pk == from_coach.pk:
        raise DomainError("Choose another coach to take the journeys.", field="to_coach")
    if not members.filter(user=to_coach, role__in=CLIENT_ROLES).exists():
        raise DomainError(
            f"{to_coach.name} does not coach in {practice.name}; choose one of its coaches.",
            field="to_coach",
        )
    with transaction.atomic():
        journeys = list(
            Journey.objects.select_for_update()
            .select_related("client")
            .filter(practice=practice, coach=from_coach, status__in=OPEN_STATUSES)
            .order_by("pk")
        )
        if not journeys:
            given = Journey.objects.filter(practice=practice, public_id__in=list(seen))
            if seen and not given.exclude(coach=to_coach).exists():
                raise AlreadyChanged(
                    f"These journeys were already handed to {to_coach.name}; nothing more "
                    "was changed."
                )
            raise AlreadyChanged(f"{from_coach.name} has no open journeys to hand over now.")
        now = {journey.public_id: journey.revision for journey in journeys}
        if now != dict(seen):
            raise AlreadyChanged(
                f"{from_coach.name}'s journeys changed since you opened this page. Nothing was "
                "handed over; check the list as it is now and hand them over again."
            )
        detail = f"from {from_coach.name} to {to_coach.name}"[:200]
        Journey.objects.filter(pk__in=[journey.pk for journey in journeys]).update(
            coach=to_coach, revision=F("revision") + 1
        )
        Adaptation.objects.bulk_create(
            Adaptation(
                journey=journey,
                kind=AdaptationKind.HANDOVER,
                reason=reason,
                detail=detail,
                on=today,
                created_by=by,
            )
            for journey in journeys
        )
    return journeys


# --- The weekly pulse ---------------------------------------------------------------------


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
