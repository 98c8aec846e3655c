"""Mentor review: a coach shares a journey's structure with a mentor, who may comment on it.

Writes (grant, revoke, comment, record a view) are plain functions, one transaction each;
and the coach's and owner's reads: the journey page's mentor section and the audit of
mentor page views. What a mentor reads is in `mentor_reads`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Subquery
from django.utils import timezone

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.models import Membership, Practice, Role, User
from arcwise.errors import DomainError
from arcwise.insights.models import (
    COMMENT_MAX,
    MentorGrant,
    MentorPage,
    MentorPseudonym,
    MentorViewRecord,
    ReviewComment,
    pseudonym_label,
)
from arcwise.journeys.hooks import JourneySection, Page
from arcwise.journeys.models import Journey, PhaseRun
from arcwise.journeys.pages.state import JourneyState
from arcwise.privacy.audit import audit_record
from arcwise.privacy.models import AuditAction

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
    *, mentor: User, practice: Practice, page: MentorPage, journey: Journey | None = None
) -> None:
    """Note that `mentor` looked at `page` (of `journey`): for the owner's record of mentor
    views (with the pseudonym the mentor saw), and in the practice's audit log. Both commit
    together, as part of the caller's transaction when there is one."""
    with transaction.atomic(savepoint=False):
        MentorViewRecord.objects.create(
            practice=practice, mentor=mentor, journey=journey, page=page
        )
        audit_record(
            practice=practice,
            actor=mentor,
            action=AuditAction.MENTOR_VIEW,
            subject_kind="journey" if journey else "shared_list",
            subject_id=journey.public_id if journey else "",
            client=journey.client.public_id if journey else None,
            detail={"page": page.value},
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


def has_live_grant(*, journey: Journey, membership: Membership) -> bool:
    """Whether the mentor of `membership` may review `journey` now: a grant not revoked,
    made since they (last) joined."""
    return MentorGrant.objects.filter(
        journey=journey,
        mentor_id=membership.user_id,
        revoked_at=None,
        granted_at__gte=membership.joined_at,
    ).exists()


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
