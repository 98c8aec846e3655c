"""The API's sessions of a journey: the list, one session with its record (notes, insights,
agreements: the coach's alone, read into the audit log as the session page's are), saving
the record from the version it was read at, and marking a session held, cancelled, no-show
or planned again (docs/api.md).

Each write goes through the session page's own service, which checks the state the change
is made from, and happens once per Idempotency-Key (arcwise/api/once.py).
"""

from uuid import UUID

from django.http import HttpRequest
from ninja import Router
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from ninja.pagination import paginate

from arcwise.api.endpoints.journey_schemas import (
    RecordIn,
    SessionDetailOut,
    SessionOut,
    SessionRecordOut,
    StatusIn,
)
from arcwise.api.endpoints.journeys import run_sequences, session_out
from arcwise.api.journey_reads import answer_refusal, checked, coach_journey, writer
from arcwise.api.once import WRITE, idempotent
from arcwise.api.paging import Pages
from arcwise.api.problems import answers
from arcwise.errors import DomainError
from arcwise.journeys.errors import StaleRecord
from arcwise.journeys.models import Journey, Session, SessionStatus
from arcwise.journeys.pages.access import get_session_for
from arcwise.journeys.pages.common import audit_reads
from arcwise.journeys.pages.state import JourneyState
from arcwise.journeys.sessions import services
from arcwise.journeys.sessions.forms import SessionRecordForm, SessionStatusForm
from arcwise.privacy.models import AuditAction

router = Router(tags=["sessions"])


@router.get(
    "/{uuid:journey_id}/sessions",
    response=answers(list[SessionOut]),
    summary="A journey's sessions in time order (UTC), each with its phase and status",
)
@paginate(Pages)
def session_list(request: HttpRequest, journey_id: UUID) -> list[SessionOut]:
    state = JourneyState.of(coach_journey(request, journey_id))
    runs = run_sequences(state)
    return [session_out(state, session, runs) for session in state.sessions]


def _detail(state: JourneyState, session: Session) -> SessionDetailOut:
    journey = state.journey
    shown = session_out(state, session, run_sequences(state))
    return SessionDetailOut(
        **shown.dict(),
        record=SessionRecordOut(
            notes=session.notes,
            key_insights=session.key_insights,
            agreements=session.agreements,
            version=session.record_version,
            saved_at=session.record_saved_at,
            # As the session page's record form: none once the words are removed; after
            # the journey ends, only a held session's.
            open=journey.text_removed_at is None
            and (journey.is_open() or session.status == SessionStatus.HELD),
        ),
    )


def _session(request: HttpRequest, journey_id: UUID, session_id: UUID) -> tuple[Journey, Session]:
    journey = coach_journey(request, journey_id)
    return journey, get_session_for(request, journey, session_id)  # type: ignore[arg-type]


@router.get(
    "/{uuid:journey_id}/sessions/{uuid:session_id}",
    response=answers(SessionDetailOut),
    summary="One session with its record; the read is kept in the audit log",
)
def session_detail(request: HttpRequest, journey_id: UUID, session_id: UUID) -> SessionDetailOut:
    journey, session = _session(request, journey_id, session_id)
    audit_reads(request, journey, AuditAction.NOTE_READ, page="api:session", session=session)  # type: ignore[arg-type]
    return _detail(JourneyState.of(journey), session)


def _stale(error: StaleRecord, session: Session, read_at: int) -> HttpError:
    latest = Session.objects.filter(pk=session.pk).values_list("record_version", flat=True)
    return HttpError(
        409,
        f"Someone else saved these notes first (another tab, device or tool): you read "
        f"version {read_at}, and version {latest.first()} is saved now. Nothing was saved; "
        "read the session again and merge the two.",
    )


@router.put(
    "/{uuid:journey_id}/sessions/{uuid:session_id}/record",
    response=answers(SessionDetailOut),
    summary="Save a session's notes, insights and agreements, from the version read",
    openapi_extra=WRITE,
)
@decorate_view(idempotent)
def session_record_save(
    request: HttpRequest, journey_id: UUID, session_id: UUID, payload: RecordIn
) -> SessionDetailOut:
    asking = writer(request)
    journey, session = _session(request, journey_id, session_id)
    sent = checked(
        SessionRecordForm(
            {
                "notes": payload.notes,
                "key_insights": payload.key_insights,
                "agreements": payload.agreements,
                "record_version": payload.version,
            }
        )
    )
    try:
        saved = services.session_record_save(
            session=session,
            by=asking.user,
            expected_version=sent["record_version"],
            notes=sent["notes"],
            key_insights=sent["key_insights"],
            agreements=sent["agreements"],
        )
    except StaleRecord as error:
        raise _stale(error, session, payload.version) from None
    except DomainError as error:
        # As the session page: a record that can no longer be saved is a conflict with the
        # journey's state, not a fault in what was typed.
        raise HttpError(409, error.message) from None
    return _detail(JourneyState.of(journey), saved)


@router.post(
    "/{uuid:journey_id}/sessions/{uuid:session_id}/status",
    response=answers(SessionOut),
    summary="Mark a session held, no-show, cancelled or planned again, from the status read",
    openapi_extra=WRITE,
)
@decorate_view(idempotent)
def session_status_set(
    request: HttpRequest, journey_id: UUID, session_id: UUID, payload: StatusIn
) -> SessionOut:
    writer(request)
    journey, session = _session(request, journey_id, session_id)
    sent = checked(
        SessionStatusForm({"status": payload.status, "from_status": payload.from_status})
    )
    try:
        services.session_set_status(
            session=session, status=sent["status"], from_status=sent["from_status"]
        )
    except DomainError as error:
        raise answer_refusal(error) from None
    journey, session = _session(request, journey_id, session_id)
    state = JourneyState.of(journey)
    return session_out(state, session, run_sequences(state))
