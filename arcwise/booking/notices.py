"""The outbox notices a booking change sends the other party, in their own time zone.

Written in the transaction of the change (`nudges.outbox.enqueue`), so a refused change
sends nothing. Each key names the change and the time it chose, so a repeat writes nothing
twice and a later move to another time is told afresh.
"""

from __future__ import annotations

from datetime import datetime

from arcwise.booking.models import MoveRequest
from arcwise.days import format_day, zone_or_utc
from arcwise.journeys.models import Journey, Session
from arcwise.nudges.models import NudgeKind
from arcwise.nudges.outbox import enqueue
from arcwise.text import first_name


def when(moment: datetime, zone_name: str) -> str:
    """ "Monday 29 March 2027 at 10:00 (Europe/London)": a time as the reader's clock shows it."""
    zone = zone_or_utc(zone_name)
    local = moment.astimezone(zone)
    return f"{local:%A} {format_day(local.date())} at {local:%H:%M} ({zone.key})"


def _stamp(moment: datetime) -> str:
    return f"{moment:%Y%m%dT%H%MZ}"


def tell_coach_booked(session: Session, journey: Journey, *, was: datetime) -> None:
    """The client booked or moved a session inside its window: the coach hears where to."""
    coach, client = journey.coach, journey.client
    enqueue(
        dedupe_key=f"booking:moved:{session.public_id}:{_stamp(session.starts_at)}",
        kind=NudgeKind.BOOKING_NOTICE,
        to=coach.email,
        subject=f"{first_name(client.name)} booked {when(session.starts_at, coach.time_zone)}",
        body=(
            f"Hello {first_name(coach.name)},\n\n"
            f"{first_name(client.name)} booked their session for "
            f"{when(session.starts_at, coach.time_zone)}, {session.minutes} minutes "
            f"(it was {when(was, coach.time_zone)}).\n\n"
            "Your calendar feed shows the new time.\n"
        ),
        practice_id=journey.practice_id,
        journey=journey,
        user=coach,
    )


def tell_coach_asked(move: MoveRequest, journey: Journey) -> None:
    """The client asked to move a session outside its window: the coach is asked to decide."""
    coach, client = journey.coach, journey.client
    enqueue(
        dedupe_key=f"booking:asked:{move.public_id}",
        kind=NudgeKind.BOOKING_NOTICE,
        to=coach.email,
        subject=f"{first_name(client.name)} asks to move a session",
        body=(
            f"Hello {first_name(coach.name)},\n\n"
            f"{first_name(client.name)} asks to move their session of "
            f"{when(move.from_starts_at, coach.time_zone)} to "
            f"{when(move.to_starts_at, coach.time_zone)}, outside the weeks the plan gives its "
            "phase. Accept or decline it on the journey's page or on your availability page.\n"
        ),
        practice_id=journey.practice_id,
        journey=journey,
        user=coach,
    )


def tell_client_decided(move: MoveRequest, journey: Journey) -> None:
    """The coach accepted or declined a client's move: the client hears which."""
    client = journey.client
    accepted = move.status == "accepted"
    outcome = (
        f"Your session is now on {when(move.to_starts_at, client.time_zone)}."
        if accepted
        else f"Your session stays on {when(move.from_starts_at, client.time_zone)}."
    )
    enqueue(
        dedupe_key=f"booking:decided:{move.public_id}",
        kind=NudgeKind.BOOKING_NOTICE,
        to=client.email,
        subject="Your coach accepted your move" if accepted else "Your coach kept the time",
        body=(
            f"Hello {first_name(client.name)},\n\n"
            f"{first_name(journey.coach.name)} {'accepted' if accepted else 'declined'} "
            f"moving your session to {when(move.to_starts_at, client.time_zone)}. {outcome}\n\n"
            "Your portal has the calendar file for it.\n"
        ),
        practice_id=journey.practice_id,
        journey=journey,
        client=client,
    )
