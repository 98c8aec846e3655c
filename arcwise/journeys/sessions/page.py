"""The session page, which its own forms and the experiment and thread forms on it return
to when something needs putting right."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate
from uuid import UUID, uuid4

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from arcwise.accounts.http import MemberRequest
from arcwise.journeys.experiments.forms import ExperimentForm
from arcwise.journeys.models import Journey, Session, SessionStatus
from arcwise.journeys.pages.access import get_session_for
from arcwise.journeys.pages.common import P, audit_reads, journey_context, tz, with_journey
from arcwise.journeys.pages.state import JourneyState
from arcwise.journeys.sessions.forms import RescheduleForm, SessionRecordForm
from arcwise.journeys.threads.forms import ThreadForm
from arcwise.privacy.models import AuditAction


def with_session(
    view: Callable[Concatenate[MemberRequest, Journey, Session, P], HttpResponse],
) -> Callable[Concatenate[MemberRequest, UUID, UUID, P], HttpResponse]:
    """Pass the view the coach's journey and its session named in the URL (404 otherwise)."""

    @with_journey
    @wraps(view)
    def wrapper(
        request: MemberRequest,
        journey: Journey,
        session_id: UUID,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> HttpResponse:
        session = get_session_for(request, journey, session_id)
        return view(request, journey, session, *args, **kwargs)

    return wrapper


def back_to_session(journey: Journey, session: Session) -> HttpResponse:
    return redirect("journeys:session", journey_id=journey.public_id, session_id=session.public_id)


def session_page(
    request: MemberRequest,
    journey: Journey,
    session: Session,
    *,
    record_form: SessionRecordForm | None = None,
    experiment_form: ExperimentForm | None = None,
    when_form: RescheduleForm | None = None,
    saved_meanwhile: Session | None = None,
    thread_form: ThreadForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The session page; a form passed in (with its problems) replaces the blank one."""
    audit_reads(request, journey, AuditAction.NOTE_READ, page="session", session=session)
    local = timezone.localtime(session.starts_at)
    state = JourneyState.of(journey)
    context = journey_context(
        request,
        journey,
        state,
        session=session,
        place=state.place_of(session),
        record_form=record_form
        or SessionRecordForm(
            initial={
                "notes": session.notes,
                "key_insights": session.key_insights,
                "agreements": session.agreements,
                "record_version": session.record_version,
            }
        ),
        # A fresh token each time the page renders: a repeat of one form agrees nothing twice.
        experiment_form=experiment_form or ExperimentForm(initial={"token": uuid4()}),
        when_form=when_form
        or RescheduleForm(
            time_zone=tz(request),
            initial={
                "day": local.date(),
                "at": local.time(),
                "minutes": session.minutes,
                "from_starts_at": RescheduleForm.instant(session.starts_at),
                "from_minutes": session.minutes,
            },
        ),
        experiments=[e for e in journey.experiments.all() if e.session_id == session.pk],
        thread_form=thread_form or ThreadForm(initial={"token": uuid4()}),
        session_threads=state.threads_of(session),
        # Once a journey's words are removed (records' disposal, erasure), none are taken in.
        record_open=journey.text_removed_at is None
        and (journey.is_open() or session.status == SessionStatus.HELD),
        saved_meanwhile=saved_meanwhile,
    )
    return render(request, "journeys/session.html", context, status=status)
