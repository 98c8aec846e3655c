"""The shapes the journey endpoints answer with, so the OpenAPI schema says exactly what a
tool gets: every status and kind an enum, every field that can be empty Optional, every
moment an ISO 8601 string in UTC (docs/api.md). Refusals are the API's one error body
(arcwise/api/problems.py `answers`)."""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

from arcwise.insights.momentum.states import Kind, State
from arcwise.journeys.models import (
    AdaptationKind,
    ExperimentStatus,
    FeeBasis,
    JourneyStatus,
    SessionStatus,
    ThreadKind,
)
from arcwise.portal.models import Tried

# A version number that a database column can hold: anything larger was never read here.
VERSION_LIMIT = 2**31 - 1


class ClientRef(Schema):
    id: UUID
    name: str


class DesignRef(Schema):
    id: UUID
    name: str
    version: int


class PhaseRef(Schema):
    key: str
    name: str


class SignalOut(Schema):
    kind: Kind
    severity: State
    reason: str


class MomentumOut(Schema):
    """Where the journey stands, each signal with its one-line reason (as the caseload)."""

    state: State
    score: int | None
    signals: list[SignalOut]


class JourneyRow(Schema):
    """A journey as the lists show it: an owner's list may hold other coaches' journeys, of
    which it shows what the client page does (`yours` is false and nothing more opens)."""

    id: UUID
    client: ClientRef
    coach: str
    yours: bool
    design: DesignRef
    status: JourneyStatus
    start_date: date
    planned_end: date
    ended_on: date | None
    current_phase: PhaseRef | None
    momentum: MomentumOut | None


class AgreementOut(Schema):
    goals: str
    start_date: date
    planned_end: date
    cadence_days: int
    session_minutes: int
    confidentiality: str
    fee_basis: FeeBasis


class CurrentPhaseOut(Schema):
    key: str
    name: str
    week: int
    of_weeks: int


class DesignPhaseOut(Schema):
    position: int
    key: str
    name: str
    planned_weeks: int
    planned_sessions: int


class PhaseRunOut(Schema):
    sequence: int
    phase: PhaseRef
    entered_on: date
    left_on: date | None
    planned_weeks: int
    days_spent: int
    revisit: bool  # a second or later run of the same phase
    readiness_note: str


class PlanStageOut(Schema):
    position: int
    phase: PhaseRef
    starts: date
    ends: date


class SessionOut(Schema):
    id: UUID
    starts_at: datetime
    minutes: int
    status: SessionStatus
    phase: PhaseRef
    phase_run: int | None  # the run's sequence, once held
    inserted: bool


class AdaptationOut(Schema):
    kind: AdaptationKind
    what: str
    reason: str
    phase: PhaseRef | None
    weeks: int | None
    on: date


class JourneyOut(Schema):
    id: UUID
    client: ClientRef
    coach: str
    design: DesignRef
    status: JourneyStatus
    revision: int
    agreement: AgreementOut
    paused_on: date | None
    paused_until: date | None
    ended_on: date | None
    current_phase: CurrentPhaseOut | None
    phases: list[DesignPhaseOut]
    phase_runs: list[PhaseRunOut]
    plan: list[PlanStageOut]
    sessions: list[SessionOut]
    adaptations: list[AdaptationOut]


class SessionRecordOut(Schema):
    notes: str
    key_insights: str
    agreements: str
    version: int
    saved_at: datetime | None
    open: bool  # whether a save would be taken in (the session page's record form)


class SessionDetailOut(SessionOut):
    record: SessionRecordOut


class RecordIn(Schema):
    notes: str = ""
    key_insights: str = ""
    agreements: str = ""
    version: int = Field(ge=1, le=VERSION_LIMIT)  # the record version the notes were read at


class StatusIn(Schema):
    status: SessionStatus
    from_status: SessionStatus  # the status the session had when it was read


class CheckInOut(Schema):
    """The client's word on an experiment, from the portal."""

    tried: Tried | None
    what_happened: str
    in_the_way: str
    updated_at: datetime


class ExperimentOut(Schema):
    id: UUID
    session: UUID | None
    title: str
    what_to_try: str
    by_when: date
    status: ExperimentStatus
    debrief: str
    closed_at: datetime | None
    check_in: CheckInOut | None


class ExperimentIn(Schema):
    title: str
    what_to_try: str
    by_when: date


class ExperimentStatusIn(Schema):
    status: Literal["done", "dropped"]
    from_status: ExperimentStatus  # the status the experiment had when it was read
    debrief: str  # what was learned


class ThreadOut(Schema):
    id: UUID
    session: UUID
    kind: ThreadKind
    text: str
    open: bool
    opened_at: datetime
    closed_at: datetime | None
    where_it_went: str
    version: int


class ThreadIn(Schema):
    kind: ThreadKind
    text: str


class ThreadCloseIn(Schema):
    where_it_went: str
    version: int = Field(ge=1, le=VERSION_LIMIT)  # the thread's version when it was read
