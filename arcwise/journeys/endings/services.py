"""Writes that end a coach's work on a journey: ending it (closed well, or ended early with
the reason), removing one started by mistake, and handing a leaving coach's journeys to
another coach. One transaction each, on locked rows checked against what the page showed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from uuid import UUID

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest

from arcwise.accounts.models import CLIENT_ROLES, Membership, Practice, Role, User
from arcwise.days import count
from arcwise.errors import DomainError
from arcwise.journeys import schedule
from arcwise.journeys.errors import AlreadyChanged, JourneyGone
from arcwise.journeys.locking import lock_open_journey, since_you_looked
from arcwise.journeys.log import logged_reason
from arcwise.journeys.models import (
    OPEN_STATUSES,
    Adaptation,
    AdaptationKind,
    EndReason,
    Experiment,
    Journey,
    JourneyStatus,
    PhaseRun,
    Session,
    SessionStatus,
)
from arcwise.journeys.plan.storage import load_plan, replanned, store_plan
from arcwise.journeys.schedule import format_day


class EndingKind(StrEnum):
    """The two ways a journey ends; the value is the prefix of its form on the journey page."""

    CLOSE = "close"  # closed well, with what has shifted, in the coach's words
    EARLY = "end"  # ended before its close, with the reason, which joins the adaptation log

    @property
    def status(self) -> JourneyStatus:
        return JourneyStatus.CLOSED if self == EndingKind.CLOSE else JourneyStatus.ENDED_EARLY


@dataclass(frozen=True)
class Ending:
    """How a journey ends. A later step adds the client's words and closing measures here."""

    kind: EndingKind
    on: date
    what_shifted: str = ""  # when closed
    because: str = ""  # an EndReason, when it ends early
    note: str = ""  # the line for the adaptation log, when it ends early

    @classmethod
    def closed(cls, *, on: date, what_shifted: str) -> Ending:
        return cls(EndingKind.CLOSE, on, what_shifted=what_shifted)

    @classmethod
    def early(cls, *, on: date, because: str, note: str) -> Ending:
        return cls(EndingKind.EARLY, on, because=because, note=note)


def _checked(ending: Ending) -> Ending:
    """The ending with its words tidied, or the refusal of what its kind needs said."""
    if ending.kind == EndingKind.CLOSE:
        if not ending.what_shifted.strip():
            raise DomainError(
                "Write what has shifted for the client, in your words.", field="what_shifted"
            )
        return replace(ending, what_shifted=ending.what_shifted.strip())
    if ending.because not in EndReason.values:
        raise DomainError("Choose why the journey ends early.", field="because")
    return replace(ending, note=logged_reason(ending.note))


def journey_end(
    *, journey: Journey, ending: Ending, by: User, expected_revision: int, today: date
) -> Journey:
    """End the journey on `ending.on`: closed well, or ended early with the reason.

    Sessions still to come are cancelled; held sessions and their notes stay. An early end
    joins the adaptation log. The journey's row is locked and its revision checked, so a
    repeat or a stale page changes nothing and is told how the journey stands.
    """
    ending = _checked(ending)
    if ending.on > today:
        raise DomainError("A journey ends today or on a day that has passed.", field="on")
    with transaction.atomic():
        journey = lock_open_journey(journey, expected_revision)
        if ending.on < journey.start_date:
            raise DomainError(
                f"The journey started on {format_day(journey.start_date)}; it cannot end before.",
                field="on",
            )
        before = load_plan(journey)
        after = replanned(before, schedule.Close(), today)
        PhaseRun.objects.filter(journey=journey, left_on=None).update(
            left_on=Greatest(F("entered_on"), ending.on)
        )
        store_plan(journey, before, replace(after, planned_end=before.planned_end), None)
        Journey.objects.filter(pk=journey.pk).update(
            status=ending.kind.status,
            ended_on=ending.on,
            what_shifted=ending.what_shifted,
            ended_because=ending.because,
            paused_on=None,
            paused_until=None,
        )
        if ending.kind == EndingKind.EARLY:
            Adaptation.objects.create(
                journey=journey,
                kind=AdaptationKind.END,
                reason=ending.note,
                detail=EndReason(ending.because).label.lower(),
                on=ending.on,
                created_by=by,
            )
    journey.refresh_from_db()
    return journey


# --- Removing a journey started by mistake ----------------------------------------------------


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

    def message(self) -> str:
        return (
            f"{self.client_name}'s journey is removed, with its "
            f"{count(self.sessions, 'session')} and {count(self.experiments, 'experiment')}."
        )


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
            raise DomainError(since_you_looked(locked))
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
    reason = logged_reason(reason)
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
