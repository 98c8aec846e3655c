"""Every write a coach makes while running a journey. One transaction each; a refusal is a
`DomainError` with a message the coach can act on. Deviations from the design are recorded
as adaptations with their reason, so the journey's story can be read later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format

from arcwise.accounts.models import Practice, User
from arcwise.clients.models import Client
from arcwise.designs.models import DesignVersion, Phase
from arcwise.errors import DomainError
from arcwise.journeys.models import (
    OPEN_STATUSES,
    Adaptation,
    AdaptationKind,
    Experiment,
    ExperimentStatus,
    Journey,
    JourneyStatus,
    PhaseRun,
    Session,
    SessionStatus,
)
from arcwise.journeys.schedule import check_journey_dates, check_session_date, format_day

REASON_LENGTH = 200


@dataclass(frozen=True)
class Agreement:
    goals: str
    start_date: date
    planned_end: date
    cadence_days: int
    session_minutes: int
    confidentiality: str


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


def _log(
    *,
    journey: Journey,
    kind: str,
    reason: str,
    by: User,
    on: date,
    phase: Phase | None = None,
    weeks: int | None = None,
) -> Adaptation:
    """Record a deliberate deviation from the design in the journey's adaptation log."""
    return Adaptation.objects.create(
        journey=journey, kind=kind, reason=reason, created_by=by, on=on, phase=phase, weeks=weeks
    )


def _refuse_unless_open(journey: Journey) -> None:
    if not journey.is_open():
        raise DomainError(
            f"This journey is {journey.get_status_display().lower()}; it cannot change."
        )


def _refuse_if_paused(journey: Journey) -> None:
    if journey.status == JourneyStatus.PAUSED:
        raise DomainError("The journey is paused. Resume it first.")


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


def _open_run(journey: Journey) -> PhaseRun:
    run = (
        PhaseRun.objects.select_for_update()
        .select_related("phase")
        .filter(journey=journey, left_on=None)
        .first()
    )
    if run is None:
        raise DomainError("This journey is not in a phase at the moment.")
    return run


def _enter(journey: Journey, phase: Phase, on: date, after: PhaseRun) -> PhaseRun:
    if on > timezone.localdate():
        raise DomainError("A phase can only be left today or on a day that has passed.")
    if on < after.entered_on:
        raise DomainError(
            f"The date must be on or after {format_day(after.entered_on)}, "
            "when the current phase began."
        )
    PhaseRun.objects.filter(pk=after.pk).update(left_on=on)
    return PhaseRun.objects.create(
        journey=journey,
        phase=phase,
        sequence=after.sequence + 1,
        entered_on=on,
        planned_weeks=phase.planned_weeks,
    )


def phase_advance(*, journey: Journey, readiness_note: str, on: date) -> PhaseRun:
    """Move on to the next phase of the design, saying what showed the client was ready."""
    _refuse_unless_open(journey)
    _refuse_if_paused(journey)
    note = readiness_note.strip()
    if not note:
        raise DomainError(
            "Note what you saw that tells you the client is ready to move on.",
            field="readiness_note",
        )
    with transaction.atomic():
        run = _open_run(journey)
        following = [p for p in _phases(journey.design_version) if p.position > run.phase.position]
        if not following:
            raise DomainError(
                f"{run.phase.name} is the last phase of the design. Close the journey instead."
            )
        PhaseRun.objects.filter(pk=run.pk).update(readiness_note=note)
        return _enter(journey, following[0], on, run)


def phase_extend(*, journey: Journey, weeks: int, reason: str, by: User, on: date) -> PhaseRun:
    """Give the current phase more weeks than planned."""
    _refuse_unless_open(journey)
    reason = _reason(reason)
    if not 1 <= weeks <= 26:
        raise DomainError("Extend by 1 to 26 weeks.", field="weeks")
    with transaction.atomic():
        run = _open_run(journey)
        PhaseRun.objects.filter(pk=run.pk).update(planned_weeks=F("planned_weeks") + weeks)
        _log(
            journey=journey,
            kind=AdaptationKind.EXTEND,
            reason=reason,
            by=by,
            on=on,
            phase=run.phase,
            weeks=weeks,
        )
    run.refresh_from_db()
    return run


def phase_revisit(*, journey: Journey, phase: Phase, reason: str, by: User, on: date) -> PhaseRun:
    """Go back to an earlier phase; it becomes a new run, the earlier run stays in the story."""
    _refuse_unless_open(journey)
    _refuse_if_paused(journey)
    reason = _reason(reason)
    with transaction.atomic():
        run = _open_run(journey)
        if phase.version_id != journey.design_version_id or phase.position >= run.phase.position:
            raise DomainError("Choose a phase before the current one to revisit.", field="phase")
        new_run = _enter(journey, phase, on, run)
        _log(journey=journey, kind=AdaptationKind.REVISIT, reason=reason, by=by, on=on, phase=phase)
    return new_run


def phase_skip(*, journey: Journey, reason: str, by: User, on: date) -> PhaseRun:
    """Skip the next phase of the design and go to the one after it."""
    _refuse_unless_open(journey)
    _refuse_if_paused(journey)
    reason = _reason(reason)
    with transaction.atomic():
        run = _open_run(journey)
        following = [p for p in _phases(journey.design_version) if p.position > run.phase.position]
        if len(following) < 2:
            raise DomainError("There is no phase after the next one to skip to.")
        skipped, target = following[0], following[1]
        new_run = _enter(journey, target, on, run)
        _log(journey=journey, kind=AdaptationKind.SKIP, reason=reason, by=by, on=on, phase=skipped)
    return new_run


def journey_pause(*, journey: Journey, reason: str, by: User, on: date) -> None:
    """Pause the journey (illness, travel, a crisis); nothing is lost."""
    _refuse_unless_open(journey)
    reason = _reason(reason)
    if journey.status == JourneyStatus.PAUSED:
        raise DomainError("The journey is already paused.")
    with transaction.atomic():
        Journey.objects.filter(pk=journey.pk).update(status=JourneyStatus.PAUSED)
        _log(journey=journey, kind=AdaptationKind.PAUSE, reason=reason, by=by, on=on)
    journey.status = JourneyStatus.PAUSED


def journey_resume(*, journey: Journey, reason: str, by: User, on: date) -> None:
    """Resume a paused journey."""
    reason = _reason(reason)
    if journey.status != JourneyStatus.PAUSED:
        raise DomainError("The journey is not paused.")
    with transaction.atomic():
        Journey.objects.filter(pk=journey.pk).update(status=JourneyStatus.ACTIVE)
        _log(journey=journey, kind=AdaptationKind.RESUME, reason=reason, by=by, on=on)
    journey.status = JourneyStatus.ACTIVE


def _check_in_journey(journey: Journey, starts_at: datetime) -> None:
    problem = check_session_date(
        timezone.localdate(starts_at), journey.start_date, journey.planned_end
    )
    if problem:
        raise DomainError(problem, field="day")


def session_insert(
    *, journey: Journey, starts_at: datetime, minutes: int, reason: str, by: User
) -> Session:
    """Add a session beyond the design's plan, in the current phase."""
    _refuse_unless_open(journey)
    reason = _reason(reason)
    _check_in_journey(journey, starts_at)
    with transaction.atomic():
        run = _open_run(journey)
        session = Session.objects.create(
            journey=journey,
            phase=run.phase,
            phase_run=run,
            starts_at=starts_at,
            minutes=minutes,
            inserted=True,
        )
        _log(
            journey=journey,
            kind=AdaptationKind.INSERT_SESSION,
            reason=reason,
            by=by,
            on=timezone.localdate(starts_at),
            phase=run.phase,
        )
    return session


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
