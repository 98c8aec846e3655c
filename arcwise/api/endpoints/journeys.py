"""The API's journeys: the list (as the journey list and caseload allow each role), one
journey with its plan, and its momentum (docs/api.md).

Only an owner's or coach's token reads these, and one journey opens only for its own coach,
as the journey page does; a mentor's and a sponsor's token have their own paths
(endpoints/journey_shared.py).
"""

from collections.abc import Callable
from uuid import UUID

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.pagination import paginate

from arcwise.api.access import coaches_only
from arcwise.api.endpoints.journey_schemas import (
    AdaptationOut,
    AgreementOut,
    ClientRef,
    CurrentPhaseOut,
    DesignPhaseOut,
    DesignRef,
    JourneyOut,
    JourneyRow,
    MomentumOut,
    PhaseRef,
    PhaseRunOut,
    PlanStageOut,
    SessionOut,
    SignalOut,
)
from arcwise.api.journey_reads import (
    JourneyRows,
    coach_journey,
    coaches_asked,
    thresholds_of,
)
from arcwise.api.paging import Pages
from arcwise.api.problems import answers
from arcwise.designs.models import Phase
from arcwise.insights.momentum.states import Momentum
from arcwise.insights.momentum_facts import momentum_for
from arcwise.journeys.models import (
    AdaptationKind,
    FeeBasis,
    Journey,
    JourneyStatus,
    PhaseRun,
    Session,
    SessionStatus,
)
from arcwise.journeys.pages.access import coaches_journeys
from arcwise.journeys.pages.state import JourneyState

router = Router(tags=["journeys"])


def phase_ref(phase: Phase) -> PhaseRef:
    return PhaseRef(key=phase.key, name=phase.name)


def momentum_out(momentum: Momentum) -> MomentumOut:
    return MomentumOut(
        state=momentum.state,
        score=momentum.score,
        signals=[
            SignalOut(kind=s.kind, severity=s.severity, reason=s.reason) for s in momentum.signals
        ],
    )


def client_ref(journey: Journey) -> ClientRef:
    return ClientRef(id=journey.client.public_id, name=journey.client.name)


def design_ref(journey: Journey) -> DesignRef:
    version = journey.design_version
    return DesignRef(id=version.design.public_id, name=version.name, version=version.number)


def _row(viewer_id: int) -> Callable[[Journey, Momentum | None], JourneyRow]:
    def make(journey: Journey, momentum: Momentum | None) -> JourneyRow:
        runs: list[PhaseRun] = getattr(journey, "open_runs", [])
        return JourneyRow(
            id=journey.public_id,
            client=client_ref(journey),
            coach=journey.coach.name,
            yours=journey.coach_id == viewer_id,
            design=design_ref(journey),
            status=JourneyStatus(journey.status),
            start_date=journey.start_date,
            planned_end=journey.planned_end,
            ended_on=journey.ended_on,
            current_phase=phase_ref(runs[0].phase) if runs else None,
            momentum=momentum_out(momentum) if momentum else None,
        )

    return make


@router.get(
    "",
    response=answers(list[JourneyRow]),
    summary="Journeys: your own, or (the owner) a chosen coach's or every coach's",
)
@paginate(Pages)
def journey_list(
    request: HttpRequest,
    status: JourneyStatus | None = None,
    # The owner's filter: a coach's member id, or "all". Anyone else lists their own.
    coach: str | None = None,
) -> JourneyRows:
    asking = coaches_only(request)
    coaches = coaches_asked(asking, coach)
    journeys: QuerySet[Journey] = coaches_journeys(asking, coaches)
    if status is not None:
        journeys = journeys.filter(status=status)
    return JourneyRows(
        journeys.order_by("-start_date", "-created_at", "-pk"),
        _row(asking.user.pk),
        thresholds=thresholds_of(asking),
    )


def session_out(state: JourneyState, session: Session, runs: dict[int, int]) -> SessionOut:
    return SessionOut(
        id=session.public_id,
        starts_at=session.starts_at,
        minutes=session.minutes,
        status=SessionStatus(session.status),
        phase=phase_ref(state._phase(session)),
        phase_run=runs.get(session.phase_run_id) if session.phase_run_id else None,
        inserted=session.inserted,
    )


def run_sequences(state: JourneyState) -> dict[int, int]:
    return {run.pk: run.sequence for run in state.runs}


def journey_out(state: JourneyState) -> JourneyOut:
    journey = state.journey
    current, week = state.current_phase, state.week_in_phase
    runs = run_sequences(state)
    seen: set[int] = set()
    history: list[PhaseRunOut] = []
    for row in state.phase_history:
        run = row.run
        history.append(
            PhaseRunOut(
                sequence=run.sequence,
                phase=phase_ref(state._phase(run)),
                entered_on=run.entered_on,
                left_on=run.left_on,
                planned_weeks=run.planned_weeks,
                days_spent=row.days_spent,
                revisit=run.phase_id in seen,
                readiness_note=run.readiness_note,
            )
        )
        seen.add(run.phase_id)
    return JourneyOut(
        id=journey.public_id,
        client=client_ref(journey),
        coach=journey.coach.name,
        design=design_ref(journey),
        status=JourneyStatus(journey.status),
        revision=journey.revision,
        agreement=AgreementOut(
            goals=journey.goals,
            start_date=journey.start_date,
            planned_end=journey.planned_end,
            cadence_days=journey.cadence_days,
            session_minutes=journey.session_minutes,
            confidentiality=journey.confidentiality,
            fee_basis=FeeBasis(journey.fee_basis),
        ),
        paused_on=journey.paused_on,
        paused_until=journey.paused_until,
        ended_on=journey.ended_on,
        current_phase=(
            CurrentPhaseOut(key=current.key, name=current.name, week=week[0], of_weeks=week[1])
            if current and week
            else None
        ),
        phases=[
            DesignPhaseOut(
                position=p.position,
                key=p.key,
                name=p.name,
                planned_weeks=p.planned_weeks,
                planned_sessions=p.planned_sessions,
            )
            for p in state.phases
        ],
        phase_runs=history,
        plan=[
            PlanStageOut(
                position=s.position, phase=phase_ref(state._phase(s)), starts=s.starts, ends=s.ends
            )
            for s in state.stages
        ],
        sessions=[session_out(state, s, runs) for s in state.sessions],
        adaptations=[
            AdaptationOut(
                kind=AdaptationKind(line.adaptation.kind),
                what=line.label,
                reason=line.adaptation.reason,
                phase=phase_ref(p) if (p := state.phase_of(line.adaptation)) else None,
                weeks=line.adaptation.weeks,
                on=line.adaptation.on,
            )
            for line in state.log
        ],
    )


@router.get(
    "/{uuid:journey_id}",
    response=answers(JourneyOut),
    summary="One of your journeys with its plan: phases, runs, sessions, adaptations",
)
def journey_detail(request: HttpRequest, journey_id: UUID) -> JourneyOut:
    journey = coach_journey(request, journey_id)
    return journey_out(JourneyState.of(journey))


@router.get(
    "/{uuid:journey_id}/momentum",
    response=answers(MomentumOut),
    summary="Where one of your journeys stands, each signal with its reason",
)
def journey_momentum(request: HttpRequest, journey_id: UUID) -> MomentumOut:
    journey = coach_journey(request, journey_id)
    judged = momentum_for([journey.pk], timezone.now(), thresholds_of(coaches_only(request)))
    return momentum_out(judged[journey.pk])
