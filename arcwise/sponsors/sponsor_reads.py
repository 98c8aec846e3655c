"""What a sponsor reads: the journeys they sponsor, and one journey as its terms show it.

Only what the three-way agreement allows: attendance (held, cancelled and no-show sessions
with their dates), the progress summaries the client approved, the closing measures (the
goals' T-scores and each goal's level at close, the wheel at close). Never session notes,
key insights, agreements, reflections, check-ins, threads, the pulse, momentum, the phases,
nor a word of the goals or the wheel: those are the client's words about their work and
life, and only a summary the client approved carries words to the sponsor.

Access is the sponsorship naming the signed-in member, with the sponsor role, of the
current practice, read afresh on every request: revoking it, changing the member's role or
removing them from the practice ends it on every page at once. Anything else is 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.models import Role
from arcwise.journeys.models import JourneyStatus, Session, SessionStatus
from arcwise.outcomes.gas import T_MEANING
from arcwise.outcomes.models import LEVEL_NAMES, Moment, Rater
from arcwise.outcomes.readings import outcomes_for
from arcwise.outcomes.wording import level_label, t_meaning
from arcwise.privacy.audit import audit_record
from arcwise.privacy.models import AuditAction
from arcwise.sponsors.models import ProgressSummary, Sponsorship, SummaryStatus
from arcwise.sponsors.terms import Terms, WheelAtClose, wheel_at_close

# What attendance shows: the sessions that took place or were meant to and did not.
ATTENDED = (SessionStatus.HELD, SessionStatus.CANCELLED, SessionStatus.NO_SHOW)


def _sponsored(request: MemberRequest) -> QuerySet[Sponsorship]:
    return Sponsorship.objects.filter(
        practice=request.practice,
        sponsor=request.membership,
        sponsor__role=Role.SPONSOR,
    )


def sponsored_by(request: MemberRequest) -> list[Sponsorship]:
    """The journeys the signed-in sponsor sponsors in the current practice, by client. One
    query; the rows hold the client's and coach's names and the dates, nothing more."""
    return list(
        _sponsored(request)
        .select_related("journey__client", "journey__coach")
        .only(
            "public_id",
            "organisation",
            "journey__public_id",
            "journey__start_date",
            "journey__ended_on",
            "journey__status",
            "journey__client__name",
            "journey__coach__name",
        )
        .order_by("journey__client__name", "journey__start_date", "pk")
    )


@dataclass(frozen=True)
class Attendance:
    """One session as the sponsor sees it: when, and whether it took place."""

    starts_at: datetime
    status: str  # held, cancelled or no_show
    label: str


@dataclass(frozen=True)
class GoalAtClose:
    number: int
    coach: str
    client: str


@dataclass(frozen=True)
class ClosingMeasures:
    coach_t: float | None
    client_t: float | None
    coach_meaning: str
    client_meaning: str
    goals: list[GoalAtClose]
    wheel: WheelAtClose | None


@dataclass(frozen=True)
class SponsorPage:
    sponsorship: Sponsorship
    terms: Terms
    client_name: str
    coach_name: str
    started: date
    ended: date | None
    # None where the terms do not show it.
    attendance: list[Attendance] | None
    summaries: list[ProgressSummary] | None
    closing: ClosingMeasures | None
    t_meaning: str = T_MEANING

    @property
    def counts(self) -> dict[str, int]:
        found = {status.value: 0 for status in ATTENDED}
        for line in self.attendance or []:
            found[line.status] += 1
        return found


def sponsor_page_for(request: MemberRequest, journey_id: UUID) -> SponsorPage:
    """One journey the signed-in member sponsors, as its terms show it; 404 for any other.
    One query for the sponsorship, one for attendance, one for summaries and four for the
    closing measures, each only when the terms show it."""
    sponsorship = (
        _sponsored(request)
        .select_related("journey__client", "journey__coach")
        # The agreement's words and the client's notes are never shown here: not loaded.
        .defer("journey__goals", "journey__confidentiality", "journey__what_shifted")
        .defer("journey__client__notes")
        .filter(journey__public_id=journey_id)
        .first()
    )
    if sponsorship is None:
        raise Http404("No such sponsored journey")
    journey = sponsorship.journey
    terms = Terms(
        organisation=sponsorship.organisation,
        sponsor=request.user.name,
        attendance=sponsorship.shows_attendance,
        summaries=sponsorship.shows_summaries,
        closing_measures=sponsorship.shows_closing_measures,
    )
    return SponsorPage(
        sponsorship=sponsorship,
        terms=terms,
        client_name=journey.client.name,
        coach_name=journey.coach.name,
        started=journey.start_date,
        ended=journey.ended_on if not journey.is_open() else None,
        attendance=_attendance(sponsorship) if terms.attendance else None,
        summaries=_approved(sponsorship) if terms.summaries else None,
        closing=(
            _closing(sponsorship)
            if terms.closing_measures and journey.status == JourneyStatus.CLOSED
            else None
        ),
    )


def _attendance(sponsorship: Sponsorship) -> list[Attendance]:
    # Only the time and the status are read: a session's notes never leave the database.
    sessions = (
        Session.objects.filter(journey_id=sponsorship.journey_id, status__in=ATTENDED)
        .only("starts_at", "status")
        .order_by("starts_at", "pk")
    )
    return [Attendance(s.starts_at, s.status, str(SessionStatus(s.status).label)) for s in sessions]


def _approved(sponsorship: Sponsorship) -> list[ProgressSummary]:
    return list(
        ProgressSummary.objects.filter(sponsorship=sponsorship, status=SummaryStatus.APPROVED)
        .only("public_id", "text", "answered_at", "written_at")
        .order_by("-answered_at", "-pk")
    )


def _closing(sponsorship: Sponsorship) -> ClosingMeasures:
    outcomes = outcomes_for(sponsorship.journey_id)
    coach_t = outcomes.t(Moment.CLOSE, Rater.COACH)
    client_t = outcomes.t(Moment.CLOSE, Rater.CLIENT)
    return ClosingMeasures(
        coach_t=coach_t,
        client_t=client_t,
        coach_meaning=t_meaning(coach_t),
        client_meaning=t_meaning(client_t),
        goals=[
            GoalAtClose(
                number,
                coach=level_label(reading.level(Moment.CLOSE, Rater.COACH), LEVEL_NAMES),
                client=level_label(reading.level(Moment.CLOSE, Rater.CLIENT), LEVEL_NAMES),
            )
            for number, reading in enumerate(outcomes.scaled_goals, start=1)
        ],
        wheel=wheel_at_close([area.value(Moment.CLOSE) for area in outcomes.areas]),
    )


def sponsor_view_record(request: MemberRequest, page: SponsorPage, **detail: str) -> None:
    """The sponsor read a journey's page (or the API's copy of it): recorded after the access
    check, so a refused request records nothing, naming which parts the terms showed, never
    what they said."""
    terms = page.sponsorship
    journey = terms.journey
    audit_record(
        practice=request.practice,
        actor=request.user,
        action=AuditAction.SPONSOR_VIEW,
        subject_kind="journey",
        subject_id=journey.public_id,
        client=journey.client.public_id,
        detail={
            "attendance": terms.shows_attendance,
            "summaries": terms.shows_summaries,
            "closing_measures": terms.shows_closing_measures,
            **detail,
        },
    )
