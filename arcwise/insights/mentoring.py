"""Mentor review: a coach shares a journey's structure with a mentor, who may comment on it.

Writes (grant, revoke, comment, record a view) are plain functions, one transaction each.
Reads give the mentor only what DESIGN.md allows: the design, phases, timing, adaptations
with their reasons and the map, with the client under a pseudonym and their name and e-mail
taken out of any free text; never notes, reflections, goals or readiness notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from arcwise.accounts.models import Membership, Practice, Role, User
from arcwise.designs.models import Phase
from arcwise.errors import DomainError
from arcwise.http import MemberRequest
from arcwise.insights.models import (
    MentorGrant,
    MentorPage,
    MentorPseudonym,
    MentorViewRecord,
    ReviewComment,
    pseudonym_label,
)
from arcwise.insights.momentum.states import Kind, Signal
from arcwise.insights.momentum.thresholds import Thresholds
from arcwise.insights.momentum_facts import momentum_for
from arcwise.journeys.hooks import JourneySection, Page
from arcwise.journeys.models import Adaptation, Journey, PhaseRun, PlanStage, Session
from arcwise.journeys.queries import JourneyState, LogLine, PhaseHistoryRow
from arcwise.svg.journey_map import JourneyPicture

COMMENT_MAX = 2000

# --- Redaction (pure) ------------------------------------------------------------------------


@dataclass(frozen=True)
class Redactor:
    """Replaces the client's name, each part of it, and their e-mail address with the
    pseudonym, wherever free text a mentor is shown mentions them."""

    name: str
    email: str
    pseudonym: str

    def __call__(self, text: str) -> str:
        pattern = self._pattern()
        return pattern.sub(self.pseudonym, text) if pattern else text

    def _pattern(self) -> re.Pattern[str] | None:
        words = [self.email.strip(), self.name.strip(), *self.name.split()]
        if "@" in self.email:
            words.append(self.email.split("@", 1)[0])  # "quentin.c" in "write to quentin.c"
        # One letter is no name to hide ("J." would blank every "J"); longest first, so the
        # full name goes as one before its parts.
        unique = sorted({w for w in words if len(w.strip(".,'")) > 1}, key=len, reverse=True)
        if not unique:
            return None
        alternatives = "|".join(re.escape(word) for word in unique)
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def mentor_picture(picture: JourneyPicture, redact: Redactor) -> JourneyPicture:
    """The journey map's input with nothing a mentor may not see: the pseudonym in the
    title, no readiness notes, and every other text field redacted."""
    return replace(
        picture,
        title=f"Journey map: {redact.pseudonym}",
        planned=tuple(replace(phase, name=redact(phase.name)) for phase in picture.planned),
        runs=tuple(replace(run, name=redact(run.name), readiness_note="") for run in picture.runs),
        adaptations=tuple(replace(a, label=redact(a.label)) for a in picture.adaptations),
    )


# --- Writes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What a write did: `changed` is False when it found its work already done, and
    `message` says so."""

    changed: bool
    message: str


def _may_share(journey: Journey, by: User) -> None:
    if journey.coach_id == by.pk:
        return
    if Membership.objects.filter(
        practice_id=journey.practice_id, user=by, role=Role.OWNER
    ).exists():
        return
    raise DomainError("Only the journey's coach or the practice owner can share it with a mentor.")


def _mentor_membership(journey: Journey, mentor: User) -> Membership:
    membership = (
        Membership.objects.select_for_update()
        .filter(practice_id=journey.practice_id, user=mentor, role=Role.MENTOR)
        .first()
    )
    if membership is None:
        raise DomainError(
            f"{mentor.name} is not a mentor of this practice. The owner can invite them as one."
        )
    return membership


def _pseudonym_for(journey: Journey, mentor: User) -> MentorPseudonym:
    """The mentor's letter for the journey's client: the one they had, or the next one.

    The caller holds the mentor's membership row locked, so two grants to one mentor at
    once take turns and cannot both take the same next letter.
    """
    mine = MentorPseudonym.objects.filter(practice_id=journey.practice_id, mentor=mentor)
    found = mine.filter(client_id=journey.client_id).first()
    if found is not None:
        return found
    highest = mine.aggregate(highest=Max("number"))["highest"] or 0
    return MentorPseudonym.objects.create(
        practice_id=journey.practice_id,
        mentor=mentor,
        client_id=journey.client_id,
        number=highest + 1,
    )


def mentor_grant(
    *, journey: Journey, mentor: User, by: User, now: datetime | None = None
) -> Outcome:
    """Let `mentor` review `journey` until revoked.

    Only the journey's coach or the practice owner may; only to a mentor of the journey's
    practice. Granting again while access is live changes nothing and says so.
    """
    _may_share(journey, by)
    name = mentor.name
    try:
        with transaction.atomic():
            membership = _mentor_membership(journey, mentor)
            # A grant from before the mentor last joined (they left and were invited again)
            # gives no access; it is closed so that this one can be the live one.
            MentorGrant.objects.filter(
                journey=journey, mentor=mentor, revoked_at=None, granted_at__lt=membership.joined_at
            ).update(revoked_at=membership.joined_at)
            if MentorGrant.objects.filter(journey=journey, mentor=mentor, revoked_at=None).exists():
                return Outcome(False, f"{name} already has access to this journey.")
            MentorGrant.objects.create(
                practice_id=journey.practice_id,
                journey=journey,
                mentor=mentor,
                granted_by=by,
                pseudonym=_pseudonym_for(journey, mentor),
                granted_at=now or timezone.now(),
            )
    except IntegrityError:
        # Another request granted the same access between our check and our insert.
        return Outcome(False, f"{name} already has access to this journey.")
    return Outcome(True, f"{name} can now review this journey's structure.")


def mentor_revoke(
    *, journey: Journey, mentor: User, by: User, now: datetime | None = None
) -> Outcome:
    """End `mentor`'s access to `journey`. Their comments stay for the coach to read."""
    _may_share(journey, by)
    revoked = MentorGrant.objects.filter(journey=journey, mentor=mentor, revoked_at=None).update(
        revoked_at=now or timezone.now()
    )
    if not revoked:
        return Outcome(False, f"{mentor.name} has no access to this journey; nothing to revoke.")
    return Outcome(True, f"{mentor.name} no longer has access to this journey.")


def review_comment_add(
    *,
    journey: Journey,
    mentor: User,
    text: str,
    run_sequence: int | None = None,
    token: UUID | None = None,
) -> Outcome:
    """A mentor's comment on the journey, or on its phase run number `run_sequence`.

    Needs live access. The same `token` sent twice (a double submit) adds one comment.
    """
    text = text.strip()
    if not text:
        raise DomainError("Write a comment first.", field="text")
    if len(text) > COMMENT_MAX:
        raise DomainError(
            f"Keep a comment to {COMMENT_MAX} characters; this one has {len(text)}.", field="text"
        )
    if token is not None and ReviewComment.objects.filter(token=token).exists():
        return Outcome(False, "That comment was already added.")
    try:
        with transaction.atomic():
            # Live, and made since the mentor (last) joined as a mentor: none for a mentor
            # who left the practice or is a mentor there no longer.
            joined = Membership.objects.filter(
                practice_id=journey.practice_id, user=mentor, role=Role.MENTOR
            ).values("joined_at")[:1]
            grant = (
                MentorGrant.objects.select_for_update()
                .filter(
                    journey=journey,
                    mentor=mentor,
                    revoked_at=None,
                    granted_at__gte=Subquery(joined),
                )
                .first()
            )
            if grant is None:
                raise DomainError("Your access to this journey has ended.")
            run = None
            if run_sequence is not None:
                run = PhaseRun.objects.filter(journey=journey, sequence=run_sequence).first()
                if run is None:
                    raise DomainError("That phase run is not part of this journey.", field="run")
            ReviewComment.objects.create(
                journey=journey, grant=grant, phase_run=run, text=text, token=token
            )
    except IntegrityError:
        # The same form, sent twice at once: the other request added it.
        return Outcome(False, "That comment was already added.")
    return Outcome(True, "Your comment is with the coach.")


def mentor_view_record(
    *, mentor: User, practice_id: int, page: MentorPage, journey: Journey | None = None
) -> None:
    """Note that `mentor` looked at `page` (of `journey`), for the owner's audit."""
    MentorViewRecord.objects.create(
        practice_id=practice_id, mentor=mentor, journey=journey, page=page
    )


# --- Reads for the mentor ---------------------------------------------------------------------


def _live_grants(request: MemberRequest) -> QuerySet[MentorGrant]:
    # Only grants made since the mentor (last) joined: leaving the practice ends them, and
    # coming back by a new invitation does not bring them back.
    return MentorGrant.objects.filter(
        practice=request.practice,
        mentor=request.user,
        revoked_at=None,
        granted_at__gte=request.membership.joined_at,
    )


@dataclass(frozen=True)
class SharedRow:
    grant: MentorGrant

    @property
    def pseudonym(self) -> str:
        return pseudonym_label(self.grant.pseudonym.number)


def shared_with(request: MemberRequest) -> list[SharedRow]:
    """The journeys shared with the signed-in mentor, by pseudonym. One query."""
    grants = (
        _live_grants(request)
        .select_related("pseudonym", "journey__design_version")
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
        )
        .order_by("pseudonym__number", "granted_at")
    )
    return [SharedRow(grant) for grant in grants]


@dataclass(frozen=True)
class MentorSignal:
    """One momentum signal as a mentor sees it: how serious, and a one-line why."""

    severity: str
    why: str


@dataclass(frozen=True)
class MentorMomentum:
    state: str  # "on track", "drifting", …
    signals: list[MentorSignal]


# Words the client or coach chose, which momentum quotes (a pulse scale's name, an
# experiment's title): what was agreed in a session is not a mentor's to read. Matched up to
# the wording that follows the quote, so a quote mark inside the name cannot end it early.
_WITHHELD = {
    Kind.EXPERIMENT_OVERDUE: (
        re.compile("^experiment \u2018.*\u2019 (\\d+ days? overdue.*)$", re.DOTALL),
        r"an agreed experiment \1",
    ),
    Kind.PULSE_FALL: (
        re.compile("^\u2018.*\u2019 (fell from .*)$", re.DOTALL),
        r"a pulse scale \1",
    ),
}
_ANY_QUOTE = re.compile("\u2018.*\u2019", re.DOTALL)


def mentor_signal(signal: Signal, redact: Redactor) -> MentorSignal:
    """A momentum signal with its quoted words left out and the client's name replaced."""
    why = signal.reason
    if signal.kind in _WITHHELD:
        pattern, replacement = _WITHHELD[signal.kind]
        why = pattern.sub(replacement, why)
    # Whatever else quotes someone's words (none today) loses them too.
    why = _ANY_QUOTE.sub("\u2026", why)
    return MentorSignal(signal.severity.label, redact(why))


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
class MentorReview:
    """One shared journey as its mentor sees it. Holds no note and no client identity:
    templates get only these fields."""

    grant: MentorGrant
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
    comments: list[ReviewComment]

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
        # Only the client's name and e-mail are read, and only to take them out of text.
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
    journey = grant.journey
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
        ReviewComment.objects.filter(journey=journey, grant__mentor=request.user)
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
    pseudonym = pseudonym_label(grant.pseudonym.number)
    redact = Redactor(journey.client.name, journey.client.email, pseudonym)
    return MentorReview(
        grant=grant,
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
        momentum=momentum_for_mentor(journey, request.practice, now, redact),
        comments=comments,
    )


def _adaptation_row(line: LogLine, redact: Redactor) -> AdaptationRow:
    adaptation = line.adaptation
    return AdaptationRow(
        adaptation=adaptation,
        kind=adaptation.get_kind_display(),
        what=redact(line.label),
        reason=redact(adaptation.reason),
    )


# --- Reads for the coach and the owner --------------------------------------------------------


def mentor_review_section(state: JourneyState, page: Page) -> JourneySection | None:
    """The journey page's "Mentor review": the practice's mentors, who has access, and
    their comments, newest first. Two queries."""
    if page != "journey":
        return None
    journey = state.journey
    live = MentorGrant.objects.filter(
        journey=journey,
        mentor=OuterRef("user"),
        revoked_at=None,
        granted_at__gte=OuterRef("joined_at"),
    )
    mentors = list(
        Membership.objects.filter(practice_id=journey.practice_id, role=Role.MENTOR)
        .select_related("user")
        .annotate(has_access=Exists(live), granted_at=Subquery(live.values("granted_at")[:1]))
        .order_by("user__name", "pk")
    )
    comments = list(
        ReviewComment.objects.filter(journey=journey)
        .select_related("grant__mentor", "phase_run__phase")
        .order_by("-created_at", "-pk")
    )
    return JourneySection(
        "insights/_mentor_review_section.html",
        {
            "journey": journey,
            "with_access": [m for m in mentors if m.has_access],
            "without_access": [m for m in mentors if not m.has_access],
            "comments": comments,
        },
    )


@dataclass(frozen=True)
class ViewLine:
    record: MentorViewRecord
    pseudonym: str
    client_name: str


AUDIT_LIMIT = 200


def mentor_views_for(request: MemberRequest) -> list[ViewLine]:
    """The practice's newest mentor page views (at most `AUDIT_LIMIT`), each with the
    pseudonym the mentor saw and the client's name behind it. One query."""
    letter = MentorPseudonym.objects.filter(
        practice_id=OuterRef("practice_id"),
        mentor_id=OuterRef("mentor_id"),
        client_id=OuterRef("journey__client_id"),
    ).values("number")[:1]
    records = (
        MentorViewRecord.objects.filter(practice=request.practice)
        .select_related("mentor", "journey__client")
        .annotate(pseudonym_number=Subquery(letter))
        .order_by("-at", "-pk")[:AUDIT_LIMIT]
    )
    return [
        ViewLine(
            record,
            pseudonym_label(record.pseudonym_number) if record.pseudonym_number else "",
            record.journey.client.name if record.journey else "",
        )
        for record in records
    ]
