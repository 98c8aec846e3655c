"""Writes to experiments: agreeing one in a session, and marking it done or dropped with the
debrief. Each waits on the journey's locked row, so an ended journey's experiments stay put."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyChanged
from arcwise.journeys.locking import lock_journey, refuse_if_ended
from arcwise.journeys.models import Experiment, ExperimentStatus, Session
from arcwise.journeys.schedule import format_day

DEBRIEF_LENGTH = 2000


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
            refuse_if_ended(lock_journey(journey), what="its experiments")
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
        refuse_if_ended(lock_journey(experiment.journey), what="its experiments")
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
