"""Writes to one session: its time, its status, its record (notes, insights, agreements).

Each is checked on the journey's locked row (`lock_journey`) and made from the state the
form showed, so a repeat, a second tab or a race changes nothing and is told why.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format

from arcwise.accounts.models import User
from arcwise.days import format_day
from arcwise.errors import DomainError
from arcwise.journeys import hooks
from arcwise.journeys.errors import STALE_RECORD, AlreadyChanged, StaleRecord
from arcwise.journeys.locking import lock_journey, refuse_if_ended
from arcwise.journeys.models import Journey, PhaseRun, Session, SessionStatus
from arcwise.journeys.schedule import check_session_date
from arcwise.privacy.audit import audit_record
from arcwise.privacy.models import AuditAction


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
    if (starts_at, minutes) == (from_starts_at, from_minutes):
        raise DomainError(
            f"The session is already on {_when(starts_at)} ({minutes} minutes): nothing was "
            "moved. Choose another day or time to move it."
        )
    with transaction.atomic():
        refuse_if_ended(lock_journey(session.journey), what="its sessions")
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
        refuse_if_ended(lock_journey(session.journey), what="its sessions")
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


def _audit_notes_changed(session: Session, by: User) -> None:
    journey = Journey.objects.select_related("practice", "client").get(pk=session.journey_id)
    audit_record(
        practice=journey.practice,
        actor=by,
        action=AuditAction.NOTES_CHANGED,
        subject_kind="journey",
        subject_id=journey.public_id,
        client=journey.client.public_id,
        detail={"page": "session", "session": str(session.public_id)},
    )


def session_record_save(
    *,
    session: Session,
    by: User,
    expected_version: int,
    notes: str,
    key_insights: str,
    agreements: str,
) -> Session:
    """Save the session record unless it was saved elsewhere since `expected_version`.

    The check and the write are one conditional UPDATE, so two saves racing each other
    cannot both win. Once the journey has ended, only the record of a held session can
    still be saved, and none once its records were removed. A save is recorded in the audit
    log as `by`'s, in the same transaction.
    """
    with transaction.atomic():
        journey = lock_journey(session.journey)
        if journey.text_removed_at is not None:
            removed = format_day(timezone.localtime(journey.text_removed_at).date())
            raise DomainError(
                f"This journey's records were removed on {removed}, as the practice agreed: "
                "nothing new is kept for it. Nothing was saved."
            )
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
        if changed:
            _audit_notes_changed(session, by)
    if not changed:
        raise StaleRecord(STALE_RECORD)
    session.refresh_from_db()
    return session
