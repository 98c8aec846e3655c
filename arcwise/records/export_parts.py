"""Parts of a journey's export file that stand on their own (its closing review, its
intake, its disposal, a session's booking and the moves asked for), and how a value is
written as JSON. `docs/export.md` describes them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from arcwise.booking.models import Booking, MoveRequest
from arcwise.designs.queries import version_intake
from arcwise.intake.models import Intake
from arcwise.journeys.models import Journey, Session
from arcwise.outcomes.models import ClosingReview
from arcwise.records.models import Disposal

Data = dict[str, Any]


def plain(value: object) -> object:
    """A value as JSON holds it: days and moments in ISO 8601 (moments in UTC), ids as text."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


def review_data(journey: Journey) -> Data | None:
    try:
        review = journey.closing_review
    except ClosingReview.DoesNotExist:
        return None
    return {
        "kind": review.kind,
        "step": review.step,
        "because": review.because,
        "because_note": review.because_note,
        "coach_words": review.coach_words,
        "client_words": review.client_words,
        "takes_forward": review.takes_forward,
        "client_asked_at": plain(review.client_asked_at),
        "client_answered_at": plain(review.client_answered_at),
        "closing_date": plain(review.closing_date),
        "started_at": plain(review.started_at),
        "completed_at": plain(review.completed_at),
    }


def intake_data(journey: Journey) -> Data | None:
    try:
        intake = journey.intake
    except Intake.DoesNotExist:
        return None
    prompts = {q.key: q.prompt for q in version_intake(journey.design_version)}
    return {
        "state": intake.state,
        "saved_at": plain(intake.saved_at),
        "submitted_at": plain(intake.submitted_at),
        "answers": [
            {
                "question": a.question_key,
                "prompt": prompts.get(a.question_key, ""),
                "answer": a.answer,
            }
            for a in journey.intake_answers.all()
        ],
    }


def disposal_data(journey: Journey) -> Data | None:
    try:
        row = journey.disposal
    except Disposal.DoesNotExist:
        return None
    return {
        "cause": row.cause,
        "told_on": plain(row.told_on),
        "disposed_at": plain(row.disposed_at),
    }


def booking_data(session: Session) -> Data | None:
    """Who booked the session's time and when, from the joined row; None if nobody did."""
    try:
        booking = session.booking
    except Booking.DoesNotExist:
        return None
    return {
        "booked_by": booking.booked_by,
        "booked_at": plain(booking.booked_at),
        "released_at": plain(booking.released_at),
    }


def move_data(move: MoveRequest) -> Data:
    """A move of the session the client asked for, outside its phase's weeks."""
    return {
        "from_starts_at": plain(move.from_starts_at),
        "to_starts_at": plain(move.to_starts_at),
        "status": move.status,
        "asked_at": plain(move.asked_at),
        "decided_at": plain(move.decided_at),
    }
