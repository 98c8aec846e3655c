"""Disposal: a journey's text removed on the day its retention ends, its coach told
`NOTICE_DAYS` before through the outbox.

Runs on every pass of the nudge planner (`plan_disposals`, listed in
`wiring.NUDGE_PLANNERS`), so it happens in production as long as `run_nudges --loop` runs,
without anyone remembering; `manage.py dispose_records` runs one pass by hand. Each step is
safe to run as often as it likes and in several processes at once:

The notice
    Two queries find the ended journeys whose notice is due and not yet given (one reads the
    periods practices chose, one the journeys, filtered in SQL per period). Each notice is
    one transaction: the journey's `Disposal` row (unique per journey, so a second planner's
    insert fails and it moves on) and the e-mail to the coach, whose dedupe key names the
    journey and the day, so planning it twice writes one message.
The disposal
    One query reads the journeys told and not yet disposed of; each whose day has come is
    disposed of in one transaction: the journey locked, its day worked out again on the
    locked rows, `disposed_at` set compare-and-set (a second process changes no row and
    stops there), then the text removed (`removal.journeys_text_remove`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from arcwise.accounts.models import Membership, Role, User
from arcwise.days import format_day
from arcwise.journeys.models import ENDED_STATUSES, Journey
from arcwise.nudges.models import NudgeKind
from arcwise.nudges.outbox import enqueue
from arcwise.privacy.audit import audit_record
from arcwise.privacy.models import AuditAction
from arcwise.records.models import Disposal, DisposalCause, RetentionPolicy
from arcwise.records.removal import journeys_text_remove
from arcwise.records.retention import NOTICE_KEY
from arcwise.records.retention_days import (
    DEFAULT_MONTHS,
    disposal_day,
    latest_end_noticed,
    notice_due,
)


@dataclass(frozen=True)
class Pass:
    """What one pass did: notices written, journeys disposed of."""

    told: int
    disposed: int


def plan_disposals(now: datetime) -> Pass:
    """A planner (wiring.NUDGE_PLANNERS): give the notices due, then dispose of the journeys
    whose day has come, as of `now` (the day is the server's, `TIME_ZONE`)."""
    today = timezone.localdate(now)
    told = sum(disposal_notice_write(journey=j, today=today, now=now) for j in notices_due(today))
    disposed = sum(
        journey_dispose(journey_id=pk, today=today, now=now) for pk in disposals_due(today)
    )
    return Pass(told, disposed)


def _months(journey: Journey) -> int:
    try:
        return journey.practice.retention_policy.months
    except RetentionPolicy.DoesNotExist:
        return DEFAULT_MONTHS


def notices_due(today: date) -> list[Journey]:
    """Ended journeys whose coach is to be told by `today` and was not yet. Two queries."""
    periods = set(RetentionPolicy.objects.values_list("months", flat=True).distinct())
    due = Q(
        practice__retention_policy=None, ended_on__lte=latest_end_noticed(today, DEFAULT_MONTHS)
    )
    for months in periods:
        due |= Q(
            practice__retention_policy__months=months,
            ended_on__lte=latest_end_noticed(today, months),
        )
    candidates = (
        Journey.objects.filter(due, status__in=ENDED_STATUSES, disposal=None)
        .exclude(ended_on=None)
        .select_related("practice__retention_policy")
        .order_by("ended_on", "pk")
    )
    return [
        j
        for j in candidates
        if j.ended_on is not None and notice_due(j.ended_on, _months(j), today)
    ]


def disposals_due(today: date) -> list[int]:
    """The journeys told whose disposal day has come by `today`. One query."""
    pending = Disposal.objects.filter(
        disposed_at=None, cause=DisposalCause.RETENTION
    ).select_related("journey__practice__retention_policy")
    return [
        row.journey_id
        for row in pending
        if row.journey.ended_on is not None
        and disposal_day(row.journey.ended_on, _months(row.journey), row.told_on) <= today
    ]


def disposal_notice_write(*, journey: Journey, today: date, now: datetime) -> bool:
    """Tell the journey's coach, once, the day its text goes; False when another process
    told them first."""
    assert journey.ended_on is not None
    day = disposal_day(journey.ended_on, _months(journey), today)
    with transaction.atomic():
        # The journey's lock first, as erasure takes it: an erasure under way finishes (and
        # marks the journey disposed of) before this notice is weighed.
        Journey.objects.select_for_update().filter(pk=journey.pk).first()
        try:
            with transaction.atomic():
                Disposal.objects.create(
                    journey=journey, cause=DisposalCause.RETENTION, told_on=today
                )
        except IntegrityError:
            return False  # told by another planner a moment ago
        told = Journey.objects.select_related("client", "coach", "design_version", "practice").get(
            pk=journey.pk
        )
        to = _who_to_tell(told)
        enqueue(
            dedupe_key=f"{NOTICE_KEY}:{told.public_id}:{day:%Y-%m-%d}",
            kind=NudgeKind.COACH_ALERT,
            to=to.email,
            subject=f"A journey's records will be disposed of on {format_day(day)}",
            body=notice_body(told, to, day, _months(journey)),
            due_at=now,
            practice=told.practice,
            journey=told,
            user=to,
        )
    return True


def _who_to_tell(journey: Journey) -> User:
    """The journey's coach while they are a member of its practice; else its first owner."""
    members = Membership.objects.filter(practice_id=journey.practice_id).select_related("user")
    owner = None
    for membership in members.order_by("joined_at", "pk"):
        if membership.user_id == journey.coach_id and membership.role != Role.MENTOR:
            return membership.user
        if owner is None and membership.role == Role.OWNER:
            owner = membership.user
    return owner or journey.coach


def notice_body(journey: Journey, to: User, day: date, months: int) -> str:
    assert journey.ended_on is not None
    client = journey.client
    export = settings.SITE_URL + reverse("records:export", args=[client.public_id])
    page = settings.SITE_URL + reverse("journeys:detail", args=[journey.public_id])
    return (
        f"Hello {to.get_short_name()},\n\n"
        f"{journey.practice.name} keeps a journey's records for {months} months after it "
        f"ends. The records of {client.name}'s journey on {journey.design_version.name} "
        f"(ended {format_day(journey.ended_on)}) will be disposed of on {format_day(day)}.\n\n"
        "On that day its session notes, key insights and agreements, reflections, check-ins, "
        "experiments, threads, goals' words and closing words are removed. Its shape stays "
        "(phases, session dates, ratings as numbers, adaptations), so practice insight still "
        "counts it.\n\n"
        f"To keep a copy, export {client.name}'s records before then:\n{export}\n\n"
        f"The journey: {page}\n"
    )


def journey_dispose(*, journey_id: int, today: date, now: datetime) -> bool:
    """Remove the journey's text if its day has come and nobody did yet; True if this call
    did. The day is worked out again on the locked rows: a longer period set meanwhile
    postpones it, a withdrawn notice stops it."""
    with transaction.atomic():
        journey = (
            # Only the journey's row: PostgreSQL locks no row on the outer side of a join.
            Journey.objects.select_for_update(of=("self",))
            .select_related("practice__retention_policy", "client")
            .filter(pk=journey_id)
            .first()
        )
        row = Disposal.objects.filter(journey_id=journey_id, disposed_at=None).first()
        if journey is None or row is None or journey.ended_on is None:
            return False
        if disposal_day(journey.ended_on, _months(journey), row.told_on) > today:
            return False
        # Compare-and-set: the process that changes the row is the one that disposes.
        if not Disposal.objects.filter(pk=row.pk, disposed_at=None).update(disposed_at=now):
            return False
        journeys_text_remove([journey_id])
        audit_record(
            practice=journey.practice,
            actor=None,
            action=AuditAction.DISPOSAL,
            subject_kind="journey",
            subject_id=journey.public_id,
            client=journey.client.public_id,
        )
    return True
