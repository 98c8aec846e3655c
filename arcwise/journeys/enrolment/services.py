"""Starting a journey: under an agreement, with its accepted session plan, in its first phase.
One transaction; a repeat of the same start makes nothing new."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from arcwise.accounts.models import Practice, User
from arcwise.clients.models import Client
from arcwise.designs.models import DesignVersion, Phase
from arcwise.errors import DomainError
from arcwise.journeys import schedule
from arcwise.journeys.errors import AlreadyChanged, AlreadyStarted, OpenJourneyExists
from arcwise.journeys.models import (
    DEFAULT_WEEKLY_MESSAGE_CAP,
    OPEN_STATUSES,
    FeeBasis,
    Journey,
    JourneyStatus,
    PhaseRun,
    PlanStage,
    Session,
)
from arcwise.journeys.schedule import check_journey_dates, check_session_date, format_day


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
    # Paid or pro bono: the coach's hours log counts each journey's hours as one or the other.
    fee_basis: str = FeeBasis.PAID


@dataclass(frozen=True)
class PlannedSessionInput:
    phase_key: str
    starts_at: datetime  # aware


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
    if agreement.fee_basis not in FeeBasis.values:
        raise DomainError("Choose whether the journey is paid or pro bono.", field="fee_basis")
    phases = {
        phase.key: phase
        for phase in Phase.objects.filter(version=design_version).order_by("position")
    }
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
        fee_basis=agreement.fee_basis,
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
