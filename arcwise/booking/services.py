"""Booking writes: the client books or moves a session, asks to move it outside its window,
and the coach accepts or declines.

Every write locks the coach's `Availability` row first, so two bookings of one coach take
turns and each checks the slot inside its transaction (that is the whole guard on SQLite);
on PostgreSQL the exclusion constraint on `Booking` refuses an overlap however it comes.
Each write also checks the state its form showed (the session's time, the request's status)
on the locked rows, so a repeat changes nothing and says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from django.db import IntegrityError, transaction
from django.utils import timezone

from arcwise.accounts.models import User
from arcwise.booking import notices
from arcwise.booking.models import Availability, BookedBy, Booking, MoveRequest, MoveStatus
from arcwise.booking.slots import clashes, free_slots, is_free
from arcwise.booking.week import busy_of, coach_day, week_of
from arcwise.booking.windows import stages_of, window_of
from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyChanged
from arcwise.journeys.locking import lock_journey, refuse_if_ended
from arcwise.journeys.models import Journey, Session, SessionStatus

# How far ahead "the next free times" look when a chosen time was just taken.
NEXT_FREE_DAYS = 14
NEXT_FREE_COUNT = 4


class SlotTaken(DomainError):
    """The chosen time is no longer free; `next_free` are the next free times after it."""

    def __init__(self, message: str, *, next_free: list[datetime]) -> None:
        super().__init__(message, field="starts_at")
        self.next_free = next_free


@dataclass(frozen=True)
class Chosen:
    """What choosing a time did: booked it (inside the window) or asked the coach."""

    outcome: Literal["booked", "asked"]
    session: Session
    move: MoveRequest | None = field(default=None)


def _lock_availability(journey: Journey) -> Availability:
    availability = (
        Availability.objects.select_for_update()
        .filter(practice_id=journey.practice_id, coach_id=journey.coach_id)
        .first()
    )
    if availability is None:
        raise DomainError("Your coach has not published the times they are free yet.")
    return availability


def _check_unchanged(current: Session, starts_at: datetime, from_starts_at: datetime) -> None:
    if current.status != SessionStatus.PLANNED:
        raise AlreadyChanged(
            f"This session is {SessionStatus(current.status).label.lower()} now, so it can no "
            "longer move. Nothing was changed."
        )
    zone = current.journey.client.time_zone
    if current.starts_at == starts_at:
        raise AlreadyChanged(
            f"Your session is already on {notices.when(starts_at, zone)}; nothing was changed."
        )
    if current.starts_at != from_starts_at:
        raise AlreadyChanged(
            f"This session was moved to {notices.when(current.starts_at, zone)} meanwhile; "
            "nothing was changed. Choose again below if that time does not suit you."
        )


def _next_free(availability: Availability, session: Session, after: datetime) -> list[datetime]:
    day = coach_day(after, availability)
    last = day + timedelta(days=NEXT_FREE_DAYS)
    busy = busy_of(
        practice_id=availability.practice_id,
        coach_id=availability.coach_id,
        first=after - timedelta(days=1),
        last=after + timedelta(days=NEXT_FREE_DAYS + 1),
        leaving_out=session.pk,
    )
    found = free_slots(
        week_of(availability),
        minutes=session.minutes,
        first_day=day,
        last_day=last,
        busy=busy,
        now=timezone.now(),
    )
    return [slot for slot in found if slot > after][:NEXT_FREE_COUNT]


def _taken(availability: Availability, session: Session, starts_at: datetime) -> SlotTaken:
    return SlotTaken(
        "That time was just taken; here are the next free times.",
        next_free=_next_free(availability, session, starts_at),
    )


def _hold(session: Session, starts_at: datetime, availability: Availability, by: BookedBy) -> None:
    """Move the session to `starts_at` and hold that time (and the buffer after it)."""
    held_until = starts_at + timedelta(minutes=session.minutes + availability.buffer_minutes)
    # A booking whose session was cancelled, held, or moved by hand on its journey page holds
    # no time any more: released here, before the new one is weighed against them.
    stale = Booking.objects.filter(coach_id=availability.coach_id, released_at=None)
    stale.exclude(session__status=SessionStatus.PLANNED).update(released_at=timezone.now())
    for booking in stale.select_related("session").only("pk", "starts_at", "session__starts_at"):
        if booking.session.starts_at != booking.starts_at and booking.session_id != session.pk:
            Booking.objects.filter(pk=booking.pk).update(released_at=timezone.now())
    try:
        with transaction.atomic():  # a savepoint: PostgreSQL's exclusion constraint refuses here
            Booking.objects.update_or_create(
                session=session,
                defaults={
                    "practice_id": availability.practice_id,
                    "coach_id": availability.coach_id,
                    "starts_at": starts_at,
                    "held_until": held_until,
                    "booked_by": by,
                    "booked_at": timezone.now(),
                    "released_at": None,
                },
            )
    except IntegrityError:
        raise _taken(availability, session, starts_at) from None
    Session.objects.filter(pk=session.pk).update(starts_at=starts_at)
    session.starts_at = starts_at


def session_choose(*, session: Session, starts_at: datetime, from_starts_at: datetime) -> Chosen:
    """The client chooses a new time for a planned session (`from_starts_at` is the time
    their page showed): inside the window the plan gives its phase it is booked at once and
    the coach told; outside it becomes a request the coach accepts or declines.

    Refused with `SlotTaken` (and the next free times) when the time is not among the
    coach's free times any more; a repeat changes nothing and says why.
    """
    with transaction.atomic():
        journey = (
            Journey.objects.select_related("client", "coach").filter(pk=session.journey_id).get()
        )
        availability = _lock_availability(journey)
        refuse_if_ended(lock_journey(journey), what="its sessions")
        current = Session.objects.select_for_update().select_related("phase").get(pk=session.pk)
        current.journey = journey
        _check_unchanged(current, starts_at, from_starts_at)
        day = coach_day(starts_at, availability)
        if not journey.start_date <= day <= journey.planned_end:
            raise DomainError(
                "Choose a time inside your journey, before its planned end.", field="starts_at"
            )
        busy = busy_of(
            practice_id=journey.practice_id,
            coach_id=journey.coach_id,
            first=starts_at - timedelta(days=1),
            last=starts_at + timedelta(days=1),
            leaving_out=current.pk,
        )
        week = week_of(availability)
        if not is_free(
            week, starts=starts_at, minutes=current.minutes, busy=busy, now=timezone.now()
        ):
            raise _taken(availability, current, starts_at)
        window = window_of(current, journey, stages_of(journey))
        if window.holds(day):
            was = current.starts_at
            _hold(current, starts_at, availability, BookedBy.CLIENT)
            MoveRequest.objects.filter(session=current, status=MoveStatus.WAITING).update(
                status=MoveStatus.WITHDRAWN, decided_at=timezone.now()
            )
            notices.tell_coach_booked(current, journey, was=was)
            return Chosen("booked", current)
        waiting = MoveRequest.objects.filter(session=current, status=MoveStatus.WAITING).first()
        if waiting is not None:
            raise AlreadyChanged(
                "You already asked to move this session to "
                f"{notices.when(waiting.to_starts_at, journey.client.time_zone)}; your coach "
                "will answer. Nothing more was asked."
            )
        move = MoveRequest.objects.create(
            session=current,
            journey=journey,
            from_starts_at=current.starts_at,
            to_starts_at=starts_at,
        )
        notices.tell_coach_asked(move, journey)
        return Chosen("asked", current, move)


def move_decide(*, move: MoveRequest, accept: bool, by: User) -> MoveRequest:
    """The coach accepts or declines a waiting move. Accepting moves the session there and
    holds the time, if it is still free; the client is told either way. A request already
    decided changes nothing and says how it was decided."""
    with transaction.atomic():
        journey = Journey.objects.select_related("client", "coach").get(pk=move.journey_id)
        availability = _lock_availability(journey)
        refuse_if_ended(lock_journey(journey), what="its sessions")
        locked = MoveRequest.objects.select_for_update().get(pk=move.pk)
        if locked.status != MoveStatus.WAITING:
            raise AlreadyChanged(
                f"This request is {MoveStatus(locked.status).label.lower()} already; nothing "
                "was changed."
            )
        if accept:
            current = Session.objects.select_for_update().get(pk=locked.session_id)
            if current.status != SessionStatus.PLANNED or (
                current.starts_at != locked.from_starts_at
            ):
                raise DomainError(
                    "The session changed since the client asked (it moved or is no longer "
                    "planned). Decline this request; the client can ask again."
                )
            busy = busy_of(
                practice_id=journey.practice_id,
                coach_id=journey.coach_id,
                first=locked.to_starts_at - timedelta(days=1),
                last=locked.to_starts_at + timedelta(days=1),
                leaving_out=current.pk,
            )
            ends = locked.to_starts_at + timedelta(minutes=current.minutes)
            buffer = timedelta(minutes=availability.buffer_minutes)
            if clashes(locked.to_starts_at, ends, busy, buffer):
                raise DomainError(
                    f"{notices.when(locked.to_starts_at, journey.coach.time_zone)} is no "
                    "longer free (with your buffer). Decline this request; the client can "
                    "choose another time."
                )
            _hold(current, locked.to_starts_at, availability, BookedBy.COACH)
        locked.status = MoveStatus.ACCEPTED if accept else MoveStatus.DECLINED
        locked.decided_at = timezone.now()
        locked.decided_by = by
        locked.save(update_fields=["status", "decided_at", "decided_by"])
        notices.tell_client_decided(locked, journey)
    return locked
