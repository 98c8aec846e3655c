"""The API's work between sessions: experiments (with the client's check-ins) and threads
(open until the coach closes them with where they went) (docs/api.md).

Reads are kept in the audit log as the pages that show them keep theirs: the check-ins
are the client's words (the journey page's reflection read), threads what was said in a
session (session prep's and the session page's note read). Writes go through the pages'
services, once per Idempotency-Key; the key also stands in for the page form's one-use
token, so a retried "keep this thread" keeps one thread.
"""

from typing import Literal
from uuid import UUID, uuid5

from django.http import HttpRequest
from ninja import Router
from ninja.decorators import decorate_view
from ninja.pagination import paginate
from ninja.responses import Status

from arcwise.api.auth import bearer
from arcwise.api.endpoints.journey_schemas import (
    CheckInOut,
    ExperimentIn,
    ExperimentOut,
    ExperimentStatusIn,
    ThreadCloseIn,
    ThreadIn,
    ThreadOut,
)
from arcwise.api.journey_reads import answer_refusal, checked, coach_journey, writer
from arcwise.api.once import HEADER, WRITE, idempotent
from arcwise.api.paging import Pages
from arcwise.api.problems import answers
from arcwise.errors import DomainError
from arcwise.journeys.experiments import services as experiments
from arcwise.journeys.experiments.forms import ExperimentForm, ExperimentStatusForm
from arcwise.journeys.models import (
    Experiment,
    ExperimentStatus,
    Journey,
    Session,
    Thread,
    ThreadKind,
)
from arcwise.journeys.pages.access import get_experiment_for, get_session_for, get_thread_for
from arcwise.journeys.pages.common import audit_reads
from arcwise.journeys.threads import services as threads
from arcwise.journeys.threads.forms import ThreadCloseForm, ThreadForm
from arcwise.portal.models import ExperimentCheckIn, Tried
from arcwise.privacy.models import AuditAction

router = Router(tags=["experiments and threads"])

# Namespace of the one-use form tokens the API derives from a token and its Idempotency-Key.
FORM_TOKENS = UUID("5b0c8f52-4a47-4f0e-9a55-3f4e9e0f6a19")


def _form_token(request: HttpRequest) -> UUID:
    found = bearer(request)
    return uuid5(FORM_TOKENS, f"{found.token.public_id}:{request.headers.get(HEADER, '')}")


def _experiment_out(
    experiment: Experiment, sessions: dict[int, UUID], check_in: ExperimentCheckIn | None
) -> ExperimentOut:
    return ExperimentOut(
        id=experiment.public_id,
        session=sessions.get(experiment.session_id) if experiment.session_id else None,
        title=experiment.title,
        what_to_try=experiment.what_to_try,
        by_when=experiment.by_when,
        status=ExperimentStatus(experiment.status),
        debrief=experiment.debrief,
        closed_at=experiment.closed_at,
        check_in=(
            CheckInOut(
                tried=Tried(check_in.tried) if check_in.tried else None,
                what_happened=check_in.what_happened,
                in_the_way=check_in.in_the_way,
                updated_at=check_in.updated_at,
            )
            if check_in
            else None
        ),
    )


def _session_ids(journey: Journey) -> dict[int, UUID]:
    return {s.pk: s.public_id for s in journey.sessions.all()}


@router.get(
    "/{uuid:journey_id}/experiments",
    response=answers(list[ExperimentOut]),
    summary="A journey's experiments, each with the client's check-in if any",
)
@paginate(Pages)
def experiment_list(request: HttpRequest, journey_id: UUID) -> list[ExperimentOut]:
    journey = coach_journey(request, journey_id)
    audit_reads(request, journey, AuditAction.REFLECTION_READ, page="api:experiments")  # type: ignore[arg-type]
    check_ins = {
        c.experiment_id: c for c in ExperimentCheckIn.objects.filter(experiment__journey=journey)
    }
    sessions = _session_ids(journey)
    return [_experiment_out(e, sessions, check_ins.get(e.pk)) for e in journey.experiments.all()]


def _one_experiment(experiment: Experiment, journey: Journey) -> ExperimentOut:
    check_in = ExperimentCheckIn.objects.filter(experiment=experiment).first()
    return _experiment_out(experiment, _session_ids(journey), check_in)


def _session(request: HttpRequest, journey: Journey, session_id: UUID) -> Session:
    return get_session_for(request, journey, session_id)  # type: ignore[arg-type]


@router.post(
    "/{uuid:journey_id}/sessions/{uuid:session_id}/experiments",
    response=answers(ExperimentOut, 201),
    summary="Agree an experiment in a session: what to try, by when",
    openapi_extra=WRITE,
)
@decorate_view(idempotent)
def experiment_agree(
    request: HttpRequest, journey_id: UUID, session_id: UUID, payload: ExperimentIn
) -> Status[ExperimentOut]:
    writer(request)
    journey = coach_journey(request, journey_id)
    session = _session(request, journey, session_id)
    token = _form_token(request)
    sent = checked(ExperimentForm({**payload.dict(), "token": token}))
    try:
        agreed = experiments.experiment_agree(session=session, **sent)
    except DomainError as error:
        raise answer_refusal(error) from None
    return Status(201, _one_experiment(agreed, journey))


@router.post(
    "/{uuid:journey_id}/experiments/{uuid:experiment_id}/status",
    response=answers(ExperimentOut),
    summary="Mark an open experiment done or dropped, with what was learned",
    openapi_extra=WRITE,
)
@decorate_view(idempotent)
def experiment_status_set(
    request: HttpRequest, journey_id: UUID, experiment_id: UUID, payload: ExperimentStatusIn
) -> ExperimentOut:
    writer(request)
    journey = coach_journey(request, journey_id)
    experiment = get_experiment_for(journey, experiment_id)
    sent = checked(ExperimentStatusForm(payload.dict()))
    try:
        changed = experiments.experiment_set_status(experiment=experiment, **sent)
    except DomainError as error:
        raise answer_refusal(error) from None
    return _one_experiment(changed, journey)


def _thread_out(thread: Thread, sessions: dict[int, UUID]) -> ThreadOut:
    return ThreadOut(
        id=thread.public_id,
        session=sessions[thread.session_id],
        kind=ThreadKind(thread.kind),
        text=thread.text,
        open=thread.is_open(),
        opened_at=thread.opened_at,
        closed_at=thread.closed_at,
        where_it_went=thread.where_it_went,
        version=thread.version,
    )


@router.get(
    "/{uuid:journey_id}/threads",
    response=answers(list[ThreadOut]),
    summary="A journey's threads, oldest first; ?state=open or closed for one kind",
)
@paginate(Pages)
def thread_list(
    request: HttpRequest,
    journey_id: UUID,
    state: Literal["open", "closed"] | None = None,
) -> list[ThreadOut]:
    journey = coach_journey(request, journey_id)
    audit_reads(request, journey, AuditAction.NOTE_READ, page="api:threads")  # type: ignore[arg-type]
    sessions = _session_ids(journey)
    return [
        _thread_out(t, sessions)
        for t in journey.threads.all()
        if state is None or t.is_open() == (state == "open")
    ]


@router.post(
    "/{uuid:journey_id}/sessions/{uuid:session_id}/threads",
    response=answers(ThreadOut, 201),
    summary="Keep something said in a session as a thread to come back to",
    openapi_extra=WRITE,
)
@decorate_view(idempotent)
def thread_open(
    request: HttpRequest, journey_id: UUID, session_id: UUID, payload: ThreadIn
) -> Status[ThreadOut]:
    writer(request)
    journey = coach_journey(request, journey_id)
    session = _session(request, journey, session_id)
    form = ThreadForm(
        {
            "thread-kind": payload.kind,
            "thread-text": payload.text,
            "thread-token": _form_token(request),
        }
    )
    sent = checked(form)
    try:
        kept = threads.thread_open(session=session, **sent)
    except DomainError as error:
        raise answer_refusal(error) from None
    return Status(201, _thread_out(kept, _session_ids(journey)))


@router.post(
    "/{uuid:journey_id}/threads/{uuid:thread_id}/close",
    response=answers(ThreadOut),
    summary="Close a thread with one line on where it went, from the version read",
    openapi_extra=WRITE,
)
@decorate_view(idempotent)
def thread_close(
    request: HttpRequest, journey_id: UUID, thread_id: UUID, payload: ThreadCloseIn
) -> ThreadOut:
    writer(request)
    journey = coach_journey(request, journey_id)
    thread = get_thread_for(journey, thread_id)
    sent = checked(ThreadCloseForm(payload.dict()))
    try:
        closed = threads.thread_close(
            thread=thread, where_it_went=sent["where_it_went"], from_version=sent["version"]
        )
    except DomainError as error:
        raise answer_refusal(error) from None
    return _thread_out(closed, _session_ids(journey))
