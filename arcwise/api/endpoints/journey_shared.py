"""Journeys as a mentor and a sponsor see them, on paths of their own with shapes of their
own, so that the schema says what each role can ever get (docs/api.md).

A mentor's token reads what the mentor's pages show (arcwise/insights/mentor_reads.py):
structure only, the client under a pseudonym, reasons redacted; each read is recorded as a
mentor's view. A sponsor's token reads what the sponsor's page shows under the agreement
(arcwise/sponsors/sponsor_reads.py), and each journey read is audited as the page's is.
Any other role gets 403, as on those pages; a journey not shared or sponsored now is 404.
"""

from datetime import date, datetime
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from arcwise.accounts.models import Role
from arcwise.api.journey_reads import role_only
from arcwise.api.paging import Pages
from arcwise.api.problems import answers
from arcwise.insights import mentor_reads, mentoring
from arcwise.insights.models import MentorPage
from arcwise.insights.momentum.states import State
from arcwise.journeys.models import AdaptationKind, JourneyStatus, SessionStatus
from arcwise.sponsors import sponsor_reads

mentoring_router = Router(tags=["mentoring"])
sponsored_router = Router(tags=["sponsored"])

ONLY_MENTORS = "Only a mentor's token reads the journeys shared for mentoring."
ONLY_SPONSORS = "Only a sponsor's token reads sponsored journeys."


class SharedJourneyRow(Schema):
    id: UUID
    pseudonym: str  # "Client A": the client's name is never shown to a mentor
    design: str
    design_version: int
    status: JourneyStatus
    start_date: date
    planned_end: date


class MentorPhaseOut(Schema):
    position: int
    name: str
    intent: str
    planned_weeks: int


class MentorRunOut(Schema):
    sequence: int
    phase: str
    entered_on: date
    left_on: date | None
    planned_weeks: int
    days_spent: int


class MentorSessionOut(Schema):
    on: date
    status: SessionStatus


class MentorAdaptationOut(Schema):
    kind: AdaptationKind
    what: str
    reason: str
    on: date


class MentorSignalOut(Schema):
    severity: State
    reason: str


class MentorMomentumOut(Schema):
    state: State
    signals: list[MentorSignalOut]


class SharedJourneyOut(SharedJourneyRow):
    phases: list[MentorPhaseOut]
    phase_runs: list[MentorRunOut]
    sessions: list[MentorSessionOut]
    adaptations: list[MentorAdaptationOut]
    momentum: MentorMomentumOut


def _state(label: str) -> State:
    return State(label.replace(" ", "_"))


@mentoring_router.get(
    "/journeys",
    response=answers(list[SharedJourneyRow]),
    summary="The journeys shared with you for mentoring, by pseudonym",
)
@paginate(Pages)
def shared_list(request: HttpRequest) -> list[SharedJourneyRow]:
    asking = role_only(request, Role.MENTOR, ONLY_MENTORS)
    rows = mentor_reads.shared_with(asking)
    mentoring.mentor_view_record(mentor=asking.user, practice=asking.practice, page=MentorPage.LIST)
    return [
        SharedJourneyRow(
            id=row.grant.journey.public_id,
            pseudonym=row.pseudonym,
            design=row.design_name,
            design_version=row.grant.journey.design_version.number,
            status=JourneyStatus(row.grant.journey.status),
            start_date=row.grant.journey.start_date,
            planned_end=row.grant.journey.planned_end,
        )
        for row in rows
    ]


@mentoring_router.get(
    "/journeys/{uuid:journey_id}",
    response=answers(SharedJourneyOut),
    summary="A shared journey's structure: phases, timing, adaptations, momentum signals",
)
def shared_journey(request: HttpRequest, journey_id: UUID) -> SharedJourneyOut:
    asking = role_only(request, Role.MENTOR, ONLY_MENTORS)
    review = mentor_reads.mentor_review_for(asking, journey_id)
    mentoring.mentor_view_record(
        mentor=asking.user,
        practice=asking.practice,
        page=MentorPage.JOURNEY,
        journey=review.journey,
    )
    journey = review.journey
    return SharedJourneyOut(
        id=journey.public_id,
        pseudonym=review.pseudonym,
        design=review.design_name,
        design_version=review.design_number,
        status=JourneyStatus(journey.status),
        start_date=review.starts,
        planned_end=review.planned_end,
        phases=[
            MentorPhaseOut(position=position, name=name, intent=intent, planned_weeks=weeks)
            for position, name, intent, weeks in review.phases
        ],
        phase_runs=[
            MentorRunOut(
                sequence=row.run.sequence,
                phase=row.phase_name,
                entered_on=row.run.entered_on,
                left_on=row.run.left_on,
                planned_weeks=row.run.planned_weeks,
                days_spent=row.days_spent,
            )
            for row in review.history
        ],
        sessions=[
            MentorSessionOut(on=mark.on, status=SessionStatus(mark.status))
            for mark in review.picture.sessions
        ],
        adaptations=[
            MentorAdaptationOut(
                kind=AdaptationKind(row.adaptation.kind),
                what=row.what,
                reason=row.reason,
                on=row.adaptation.on,
            )
            for row in review.adaptations
        ],
        momentum=MentorMomentumOut(
            state=_state(review.momentum.state),
            signals=[
                MentorSignalOut(severity=_state(s.severity), reason=s.why)
                for s in review.momentum.signals
            ],
        ),
    )


class SponsoredJourneyRow(Schema):
    id: UUID
    organisation: str
    client: str
    coach: str
    status: JourneyStatus
    start_date: date
    ended_on: date | None


class TermsOut(Schema):
    """What the three-way agreement lets the sponsor see."""

    organisation: str
    attendance: bool
    summaries: bool
    closing_measures: bool


class AttendanceOut(Schema):
    starts_at: datetime
    status: SessionStatus  # held, cancelled or no-show


class SummaryOut(Schema):
    id: UUID
    text: str
    written_at: datetime
    approved_at: datetime | None


class GoalAtCloseOut(Schema):
    number: int
    coach: str  # the level at close, in words
    client: str


class WheelAtCloseOut(Schema):
    areas: int
    average: float
    lowest: int
    highest: int


class ClosingMeasuresOut(Schema):
    coach_t: float | None
    client_t: float | None
    coach_meaning: str
    client_meaning: str
    goals: list[GoalAtCloseOut]
    wheel: WheelAtCloseOut | None


class SponsoredJourneyOut(Schema):
    """None where the terms do not show a part (closing measures: also until it closes)."""

    id: UUID
    terms: TermsOut
    client: str
    coach: str
    started: date
    ended: date | None
    attendance: list[AttendanceOut] | None
    summaries: list[SummaryOut] | None
    closing: ClosingMeasuresOut | None


@sponsored_router.get(
    "/journeys",
    response=answers(list[SponsoredJourneyRow]),
    summary="The journeys you sponsor",
)
@paginate(Pages)
def sponsored_list(request: HttpRequest) -> list[SponsoredJourneyRow]:
    asking = role_only(request, Role.SPONSOR, ONLY_SPONSORS)
    return [
        SponsoredJourneyRow(
            id=row.journey.public_id,
            organisation=row.organisation,
            client=row.journey.client.name,
            coach=row.journey.coach.name,
            status=JourneyStatus(row.journey.status),
            start_date=row.journey.start_date,
            ended_on=row.journey.ended_on if not row.journey.is_open() else None,
        )
        for row in sponsor_reads.sponsored_by(asking)
    ]


def _closing(closing: sponsor_reads.ClosingMeasures | None) -> ClosingMeasuresOut | None:
    if closing is None:
        return None
    wheel = closing.wheel
    return ClosingMeasuresOut(
        coach_t=closing.coach_t,
        client_t=closing.client_t,
        coach_meaning=closing.coach_meaning,
        client_meaning=closing.client_meaning,
        goals=[
            GoalAtCloseOut(number=g.number, coach=g.coach, client=g.client) for g in closing.goals
        ],
        wheel=(
            WheelAtCloseOut(
                areas=wheel.areas, average=wheel.average, lowest=wheel.lowest, highest=wheel.highest
            )
            if wheel
            else None
        ),
    )


@sponsored_router.get(
    "/journeys/{uuid:journey_id}",
    response=answers(SponsoredJourneyOut),
    summary="A journey you sponsor, as its agreement shows it",
)
def sponsored_journey(request: HttpRequest, journey_id: UUID) -> SponsoredJourneyOut:
    asking = role_only(request, Role.SPONSOR, ONLY_SPONSORS)
    page = sponsor_reads.sponsor_page_for(asking, journey_id)
    sponsorship = page.sponsorship
    journey = sponsorship.journey
    sponsor_reads.sponsor_view_record(asking, page, via="api")
    return SponsoredJourneyOut(
        id=journey.public_id,
        terms=TermsOut(
            organisation=page.terms.organisation,
            attendance=page.terms.attendance,
            summaries=page.terms.summaries,
            closing_measures=page.terms.closing_measures,
        ),
        client=page.client_name,
        coach=page.coach_name,
        started=page.started,
        ended=page.ended,
        attendance=(
            [
                AttendanceOut(starts_at=a.starts_at, status=SessionStatus(a.status))
                for a in page.attendance
            ]
            if page.attendance is not None
            else None
        ),
        summaries=(
            [
                SummaryOut(
                    id=s.public_id, text=s.text, written_at=s.written_at, approved_at=s.answered_at
                )
                for s in page.summaries
            ]
            if page.summaries is not None
            else None
        ),
        closing=_closing(page.closing),
    )
