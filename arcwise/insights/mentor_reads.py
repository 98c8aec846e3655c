"""Mentor review, the mentor's side: the journeys shared with them, and one shared journey
as they see it. Only what docs/architecture.md allows a mentor: the design, phases,
timing, adaptations with their reasons and the map, with the client under a pseudonym
(`mentor_redaction`); never notes, reflections, goals or readiness notes.

The coach's preview of what a mentor will see (`mentor_preview_for`) is built by the same
`_review_of` as the mentor's own page, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from uuid import UUID

from django.db.models import Max, QuerySet
from django.http import Http404
from django.utils import timezone

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.models import Practice, User
from arcwise.clients.models import Client
from arcwise.designs.models import Phase
from arcwise.insights.mentor_redaction import MentorSignal, Redactor, mentor_picture, mentor_signal
from arcwise.insights.models import (
    MentorGrant,
    MentorPseudonym,
    ReviewComment,
    pseudonym_label,
)
from arcwise.insights.momentum.thresholds import Thresholds
from arcwise.insights.momentum_facts import momentum_for
from arcwise.journeys.models import Adaptation, Journey, PhaseRun, PlanStage, Session
from arcwise.journeys.pages.state import JourneyState, LogLine, PhaseHistoryRow
from arcwise.svg.journey_map import JourneyPicture


def _live_grants(request: MemberRequest) -> QuerySet[MentorGrant]:
    # Only grants made since the mentor (last) joined: leaving the practice ends them, and
    # coming back by a new invitation does not bring them back.
    return MentorGrant.objects.filter(
        practice=request.practice,
        mentor=request.user,
        revoked_at=None,
        granted_at__gte=request.membership.joined_at,
    )


def _redactor(client: Client, pseudonym: str) -> Redactor:
    return Redactor(client.name, client.email, pseudonym, client.employer)


@dataclass(frozen=True)
class SharedRow:
    grant: MentorGrant

    @property
    def pseudonym(self) -> str:
        return pseudonym_label(self.grant.pseudonym.number)

    @property
    def design_name(self) -> str:
        """The design's name, which a coach may have named after the client, redacted."""
        journey = self.grant.journey
        return _redactor(journey.client, self.pseudonym)(journey.design_version.name)


def shared_with(request: MemberRequest) -> list[SharedRow]:
    """The journeys shared with the signed-in mentor, by pseudonym. One query."""
    grants = (
        _live_grants(request)
        .select_related("pseudonym", "journey__design_version", "journey__client")
        .only(
            "public_id",
            "granted_at",
            "pseudonym__number",
            "journey__public_id",
            "journey__status",
            "journey__start_date",
            "journey__planned_end",
            "journey__design_version__name",
            "journey__design_version__number",
            # Read only to take the client out of the design's name.
            "journey__client__name",
            "journey__client__email",
            "journey__client__employer",
        )
        .order_by("pseudonym__number", "granted_at")
    )
    return [SharedRow(grant) for grant in grants]


@dataclass(frozen=True)
class MentorMomentum:
    state: str  # "on track", "drifting", …
    signals: list[MentorSignal]


def momentum_for_mentor(
    journey: Journey, practice: Practice, now: datetime, redact: Redactor
) -> MentorMomentum:
    """The journey's momentum with the practice's thresholds, its signals made fit for a
    mentor. Momentum's seven queries."""
    thresholds = Thresholds.from_overrides(practice.momentum_thresholds or {})
    judged = momentum_for([journey.pk], now, thresholds)[journey.pk]
    return MentorMomentum(
        judged.state.label, [mentor_signal(signal, redact) for signal in judged.signals]
    )


@dataclass(frozen=True)
class AdaptationRow:
    adaptation: Adaptation
    kind: str
    what: str  # the worded change, redacted
    reason: str  # redacted


@dataclass(frozen=True)
class CommentRow:
    comment: ReviewComment
    about: str  # "run 2: Experiment", or "the journey"; the phase's name redacted


@dataclass(frozen=True)
class MentorReview:
    """One shared journey as its mentor sees it. Holds no note and no client identity:
    templates get only these fields."""

    journey: Journey
    pseudonym: str
    design_name: str
    design_number: int
    status: str
    starts: date
    planned_end: date
    phases: list[tuple[int, str, str, int]]  # position, name, intent, planned weeks
    history: list[PhaseHistoryRow]
    adaptations: list[AdaptationRow]
    picture: JourneyPicture
    momentum: MentorMomentum
    comments: list[CommentRow]

    @property
    def runs(self) -> list[tuple[int, str]]:
        """The phase runs a comment can be about: (sequence, "Run 2: Experiment")."""
        return [
            (row.run.sequence, f"Run {row.run.sequence}: {row.phase_name}") for row in self.history
        ]


def mentor_review_for(
    request: MemberRequest, journey_id: UUID, *, now: datetime | None = None
) -> MentorReview:
    """The journey `journey_id` if it is shared with the signed-in mentor; 404 otherwise
    (another journey, a revoked grant, another practice). Fourteen queries, whatever the size:
    seven here and momentum's seven."""
    grant = (
        _live_grants(request)
        .filter(journey__public_id=journey_id)
        .select_related("pseudonym", "journey__client", "journey__design_version")
        # Only the client's name, e-mail and employer are read, and only to take them out.
        .defer(
            "journey__goals",
            "journey__confidentiality",
            "journey__what_shifted",
            "journey__client__notes",
        )
        .first()
    )
    if grant is None:
        raise Http404("No such journey")
    return _review_of(
        grant.journey,
        mentor=request.user,
        pseudonym=pseudonym_label(grant.pseudonym.number),
        practice=request.practice,
        now=now,
    )


def mentor_preview_for(
    journey: Journey, mentor: User, *, practice: Practice, now: datetime | None = None
) -> MentorReview:
    """What `mentor` sees of `journey` once it is shared with them (or sees now, if it is),
    for its coach to check first: the mentor's own page, built the same way, under the
    letter the mentor has for this client or the one they would be given."""
    mine = MentorPseudonym.objects.filter(practice=practice, mentor=mentor)
    letter = mine.filter(client_id=journey.client_id).values_list("number", flat=True).first()
    if letter is None:
        letter = (mine.aggregate(highest=Max("number"))["highest"] or 0) + 1
    return _review_of(
        journey, mentor=mentor, pseudonym=pseudonym_label(letter), practice=practice, now=now
    )


def _review_of(
    journey: Journey, *, mentor: User, pseudonym: str, practice: Practice, now: datetime | None
) -> MentorReview:
    """`journey` as `mentor` sees it, the client as `pseudonym`. Six queries and momentum's."""
    phases = list(Phase.objects.filter(version_id=journey.design_version_id).order_by("position"))
    runs = list(
        PhaseRun.objects.filter(journey=journey)
        .select_related("phase")
        .defer("readiness_note")
        .order_by("sequence")
    )
    for run in runs:
        # Never read: the map input asks for it, and a mentor never sees it.
        run.readiness_note = ""
    stages = list(PlanStage.objects.filter(journey=journey).order_by("position"))
    # Marks on the map need a date and a status; notes, insights and agreements are not read.
    sessions = list(
        Session.objects.filter(journey=journey)
        .only("id", "journey_id", "phase_id", "phase_run_id", "starts_at", "status")
        .order_by("starts_at", "pk")
    )
    adaptations = list(
        Adaptation.objects.filter(journey=journey).select_related("phase").order_by("on", "pk")
    )
    comments = list(
        ReviewComment.objects.filter(journey=journey, grant__mentor=mentor)
        .select_related("phase_run__phase")
        .order_by("-created_at", "-pk")
    )
    now = now or timezone.now()
    state = JourneyState(
        journey=journey,
        phases=phases,
        runs=runs,
        stages=stages,
        sessions=sessions,
        adaptations=adaptations,
        experiments=[],
        threads=[],
        today=timezone.localdate(now),
        now=now,
    )
    redact = _redactor(journey.client, pseudonym)
    return MentorReview(
        journey=journey,
        pseudonym=pseudonym,
        design_name=redact(journey.design_version.name),
        design_number=journey.design_version.number,
        status=journey.get_status_display(),
        starts=journey.start_date,
        planned_end=journey.planned_end,
        phases=[(p.position, redact(p.name), redact(p.intent), p.planned_weeks) for p in phases],
        history=[replace(row, phase_name=redact(row.phase_name)) for row in state.phase_history],
        adaptations=[_adaptation_row(line, redact) for line in state.log],
        picture=mentor_picture(state.picture(), redact),
        momentum=momentum_for_mentor(journey, practice, now, redact),
        comments=[_comment_row(comment, redact) for comment in comments],
    )


def _comment_row(comment: ReviewComment, redact: Redactor) -> CommentRow:
    run = comment.phase_run
    about = f"run {run.sequence}: {redact(run.phase.name)}" if run else "the journey"
    return CommentRow(comment, about)


def _adaptation_row(line: LogLine, redact: Redactor) -> AdaptationRow:
    adaptation = line.adaptation
    return AdaptationRow(
        adaptation=adaptation,
        kind=adaptation.get_kind_display(),
        what=redact(line.label),
        reason=redact(adaptation.reason),
    )
