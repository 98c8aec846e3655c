"""Mentor review services: who may share a journey with whom, the pseudonyms a mentor sees,
comments, revoking, the record of views, and the redaction of the client from what a mentor
is shown."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any
from uuid import uuid4

import pytest
from django.http import Http404
from django.test import RequestFactory

from arcwise.accounts.models import Membership, Role, User
from arcwise.accounts.services import practice_delete
from arcwise.errors import DomainError
from arcwise.insights.mentor_reads import mentor_review_for
from arcwise.insights.mentor_redaction import Redactor, mentor_picture, mentor_signal
from arcwise.insights.mentoring import (
    COMMENT_MAX,
    Outcome,
    mentor_grant,
    mentor_revoke,
    mentor_view_record,
    review_comment_add,
)
from arcwise.insights.models import (
    MentorGrant,
    MentorPage,
    MentorPseudonym,
    MentorViewRecord,
    ReviewComment,
    pseudonym_label,
)
from arcwise.insights.momentum.states import Kind, Signal, State
from arcwise.journeys.models import Journey, PhaseRun
from arcwise.privacy.models import AuditEvent
from arcwise.svg.journey_map import AdaptationMarker, JourneyPicture, PhaseRunBar, PlannedPhase
from tests.conftest import Cast
from tests.factories import make_client, make_member
from tests.journeys.factories import START, make_journey
from tests.races import in_two_threads


def as_request(user: User, practice: Any) -> Any:
    request: Any = RequestFactory().get("/")
    request.user = user
    request.practice = practice
    request.membership = Membership.objects.get(user=user, practice=practice)
    return request


def live_grants(journey: Journey) -> int:
    return MentorGrant.objects.filter(journey=journey, revoked_at=None).count()


# --- Redaction -------------------------------------------------------------------------------

REDACT = Redactor("Quentin Confidential", "quentin.c@example.org", "Client A")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Quentin Confidential asked to slow down.", "Client A asked to slow down."),
        ("quentin was away", "Client A was away"),
        ("Met CONFIDENTIAL's manager", "Met Client A's manager"),
        ("Mail quentin.c@example.org first", "Mail Client A first"),
        ("Signed quentin.c, as usual", "Signed Client A, as usual"),
        ("Quentinesque plans stay", "Quentinesque plans stay"),
        ("Travelling for work", "Travelling for work"),
    ],
)
def test_the_clients_name_and_address_become_the_pseudonym(text: str, shown: str) -> None:
    assert REDACT(text) == shown


def test_a_one_letter_name_part_is_not_blanked_everywhere() -> None:
    redact = Redactor("J Smith", "js@example.org", "Client B")

    assert redact("J Smith said just a little") == "Client B said just a little"
    assert redact("Smith and J") == "Client B and J"


def text_fields(value: Any) -> list[str]:
    """Every string the picture carries, however deep: a field added later is checked too."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in text_fields(getattr(value, f.name))]
    if isinstance(value, tuple | list):
        return [s for item in value for s in text_fields(item)]
    return []


def test_the_mentors_map_input_carries_no_name_and_no_readiness_note() -> None:
    picture = JourneyPicture(
        title="Journey map: Quentin Confidential",
        starts=START,
        planned_end=date(2026, 12, 1),
        today=START,
        planned=(PlannedPhase(1, "Orient with Quentin", START, date(2026, 10, 1)),),
        runs=(PhaseRunBar(1, "Orient", START, None, readiness_note="READINESS-MARKER"),),
        sessions=(),
        adaptations=(AdaptationMarker(START, "extend", "Extended Orient: Quentin travelling"),),
    )

    safe = mentor_picture(picture, REDACT)

    texts = text_fields(safe)
    assert "Journey map: Client A" in texts
    assert "Extended Orient: Client A travelling" in texts
    assert not [t for t in texts if "Quentin" in t or "READINESS-MARKER" in t]


@pytest.mark.parametrize(
    ("kind", "reason", "shown"),
    [
        (
            Kind.EXPERIMENT_OVERDUE,
            "experiment \u2018Call Quentin\u2019s mum\u2019 9 days overdue, and 1 more",
            "an agreed experiment 9 days overdue, and 1 more",
        ),
        (
            Kind.PULSE_FALL,
            "\u2018Sleep\u2019 fell from 8 to 3 over four weekly pulses",
            "a pulse scale fell from 8 to 3 over four weekly pulses",
        ),
        (
            Kind.PHASE_OVERRUN,
            "5 weeks in Quentin time; 2 planned",
            "5 weeks in Client A time; 2 planned",
        ),
    ],
)
def test_momentum_signals_leave_out_the_words_agreed_with_the_client(
    kind: Kind, reason: str, shown: str
) -> None:
    signal = mentor_signal(Signal(kind, State.DRIFTING, reason), REDACT)

    assert signal.why == shown
    assert signal.severity == "drifting"


# --- Granting ---------------------------------------------------------------------------------


def test_the_coach_grants_a_mentor_access_once(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)

    first = mentor_grant(journey=journey, mentor=cast.mentor, by=cast.coach)
    again = mentor_grant(journey=journey, mentor=cast.mentor, by=cast.coach)

    assert first.changed
    assert "can now review" in first.message
    assert not again.changed
    assert again.message == "Milo Mentor already has access to this journey."
    assert live_grants(journey) == 1


def test_the_owner_may_grant_but_another_coach_may_not(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    colleague = make_member(cast.practice, Role.COACH)

    with pytest.raises(DomainError, match="Only the journey's coach or the practice owner"):
        mentor_grant(journey=journey, mentor=cast.mentor, by=colleague)
    assert live_grants(journey) == 0
    assert mentor_grant(journey=journey, mentor=cast.mentor, by=cast.owner).changed


@pytest.mark.parametrize("who", ["coach", "owner", "outsider", "elsewhere_mentor"])
def test_only_a_mentor_of_the_practice_can_be_granted_access(cast: Cast, who: str) -> None:
    journey = make_journey(cast.coach, cast.client)
    people = {
        "coach": make_member(cast.practice, Role.COACH, name="Cal Coach"),
        "owner": cast.owner,
        "outsider": cast.outsider,
        "elsewhere_mentor": make_member(cast.other_practice, Role.MENTOR, name="Mo Elsewhere"),
    }

    with pytest.raises(DomainError, match="is not a mentor of this practice"):
        mentor_grant(journey=journey, mentor=people[who], by=cast.coach)
    assert live_grants(journey) == 0


def test_an_invited_mentor_from_outside_can_be_granted_access(cast: Cast) -> None:
    # Someone who owns another practice joins Harbour as its mentor (an accepted invitation
    # makes exactly this membership); Harbour's coach can then share a journey with them.
    Membership.objects.create(user=cast.outsider, practice=cast.practice, role=Role.MENTOR)
    journey = make_journey(cast.coach, cast.client)

    assert mentor_grant(journey=journey, mentor=cast.outsider, by=cast.coach).changed


# --- Pseudonyms -------------------------------------------------------------------------------


def pseudonym(journey: Journey, mentor: User) -> str:
    grant = MentorGrant.objects.filter(journey=journey, mentor=mentor).latest("granted_at")
    return pseudonym_label(grant.pseudonym.number)


def test_each_client_gets_the_next_letter_in_grant_order_and_keeps_it(cast: Cast) -> None:
    first = make_journey(cast.coach, cast.client)
    rosa = make_client(cast.practice, name="Rosa Marquez")
    second = make_journey(cast.coach, rosa, version=first.design_version)
    again = make_journey(
        cast.coach, cast.client, version=first.design_version, another_open_confirmed=True
    )
    other_mentor = make_member(cast.practice, Role.MENTOR)

    for journey in (first, second, again):
        mentor_grant(journey=journey, mentor=cast.mentor, by=cast.coach)
    mentor_grant(journey=second, mentor=other_mentor, by=cast.coach)

    assert pseudonym(first, cast.mentor) == "Client A"
    assert pseudonym(second, cast.mentor) == "Client B"
    assert pseudonym(again, cast.mentor) == "Client A"  # the same client, the same letter
    assert pseudonym(second, other_mentor) == "Client A"  # each mentor counts their own


def test_revoking_and_granting_again_keeps_the_letter(cast: Cast) -> None:
    rosa = make_client(cast.practice, name="Rosa Marquez")
    first = make_journey(cast.coach, rosa)
    second = make_journey(cast.coach, cast.client, version=first.design_version)
    mentor_grant(journey=first, mentor=cast.mentor, by=cast.coach)
    mentor_grant(journey=second, mentor=cast.mentor, by=cast.coach)

    mentor_revoke(journey=first, mentor=cast.mentor, by=cast.coach)
    mentor_grant(journey=first, mentor=cast.mentor, by=cast.coach)

    assert pseudonym(first, cast.mentor) == "Client A"
    assert MentorGrant.objects.filter(journey=first).count() == 2


def test_a_letter_is_never_given_to_another_client(cast: Cast) -> None:
    first = make_journey(cast.coach, cast.client)
    mentor_grant(journey=first, mentor=cast.mentor, by=cast.coach)
    # The client behind "Client A" is gone (the row keeps its number, not the client).
    MentorPseudonym.objects.filter(mentor=cast.mentor).update(client=None)
    rosa = make_client(cast.practice, name="Rosa Marquez")
    second = make_journey(cast.coach, rosa, version=first.design_version)

    mentor_grant(journey=second, mentor=cast.mentor, by=cast.coach)

    assert pseudonym(second, cast.mentor) == "Client B"


def test_letters_go_on_past_z() -> None:
    assert [pseudonym_label(n) for n in (1, 26, 27, 28, 52, 53, 702, 703)] == [
        "Client A",
        "Client Z",
        "Client AA",
        "Client AB",
        "Client AZ",
        "Client BA",
        "Client ZZ",
        "Client AAA",
    ]


# --- Revoking ---------------------------------------------------------------------------------


def test_revoking_ends_access_once_and_keeps_the_comments(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    mentor_grant(journey=journey, mentor=cast.mentor, by=cast.coach)
    review_comment_add(journey=journey, mentor=cast.mentor, text="Long orient phase.")

    first = mentor_revoke(journey=journey, mentor=cast.mentor, by=cast.coach)
    again = mentor_revoke(journey=journey, mentor=cast.mentor, by=cast.coach)

    assert first.changed
    assert first.message == "Milo Mentor no longer has access to this journey."
    assert not again.changed
    assert "nothing to revoke" in again.message
    assert live_grants(journey) == 0
    assert ReviewComment.objects.filter(journey=journey).count() == 1
    with pytest.raises(Http404):
        mentor_review_for(as_request(cast.mentor, cast.practice), journey.public_id)


def test_a_mentor_who_leaves_and_is_invited_again_starts_without_access(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    mentor_grant(journey=journey, mentor=cast.mentor, by=cast.coach)
    Membership.objects.filter(user=cast.mentor).delete()
    Membership.objects.create(user=cast.mentor, practice=cast.practice, role=Role.MENTOR)

    with pytest.raises(Http404):
        mentor_review_for(as_request(cast.mentor, cast.practice), journey.public_id)
    with pytest.raises(DomainError, match="Your access to this journey has ended"):
        review_comment_add(journey=journey, mentor=cast.mentor, text="Still here?")
    again = mentor_grant(journey=journey, mentor=cast.mentor, by=cast.coach)

    assert again.changed  # not "already has access": the old grant is closed
    assert MentorGrant.objects.filter(journey=journey, revoked_at=None).count() == 1
    assert pseudonym(journey, cast.mentor) == "Client A"
    assert mentor_review_for(as_request(cast.mentor, cast.practice), journey.public_id)


def test_only_the_coach_or_owner_revokes(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    mentor_grant(journey=journey, mentor=cast.mentor, by=cast.coach)

    for person in (make_member(cast.practice, Role.COACH), cast.mentor, cast.outsider):
        with pytest.raises(DomainError, match="Only the journey's coach"):
            mentor_revoke(journey=journey, mentor=cast.mentor, by=person)
    assert live_grants(journey) == 1
    assert mentor_revoke(journey=journey, mentor=cast.mentor, by=cast.owner).changed


# --- Comments ---------------------------------------------------------------------------------


@pytest.fixture
def shared(cast: Cast) -> Journey:
    journey = make_journey(cast.coach, cast.client)
    mentor_grant(journey=journey, mentor=cast.mentor, by=cast.coach)
    return journey


def test_a_comment_is_trimmed_and_can_name_a_phase_run(cast: Cast, shared: Journey) -> None:
    outcome = review_comment_add(
        journey=shared, mentor=cast.mentor, text="  Orient ran long.  \n", run_sequence=1
    )

    comment = ReviewComment.objects.get()
    assert outcome.changed
    assert outcome.message == "Your comment is with the coach."
    assert comment.text == "Orient ran long."
    assert comment.phase_run == PhaseRun.objects.get(journey=shared, sequence=1)


@pytest.mark.parametrize(
    ("text", "run", "refusal"),
    [
        ("   ", None, "Write a comment first."),
        ("x" * (COMMENT_MAX + 1), None, f"Keep a comment to {COMMENT_MAX} characters"),
        ("Fine", 9, "That phase run is not part of this journey."),
    ],
)
def test_a_comment_that_cannot_be_kept_is_refused_with_a_reason(
    cast: Cast, shared: Journey, text: str, run: int | None, refusal: str
) -> None:
    with pytest.raises(DomainError, match=refusal):
        review_comment_add(journey=shared, mentor=cast.mentor, text=text, run_sequence=run)
    assert not ReviewComment.objects.exists()


def test_a_comment_needs_live_access(cast: Cast, shared: Journey) -> None:
    other = make_member(cast.practice, Role.MENTOR)
    mentor_revoke(journey=shared, mentor=cast.mentor, by=cast.coach)

    for mentor in (cast.mentor, other):
        with pytest.raises(DomainError, match="Your access to this journey has ended"):
            review_comment_add(journey=shared, mentor=mentor, text="Hello")
    assert not ReviewComment.objects.exists()


def test_the_same_comment_form_sent_twice_adds_one_comment(cast: Cast, shared: Journey) -> None:
    token = uuid4()

    first = review_comment_add(journey=shared, mentor=cast.mentor, text="Good arc.", token=token)
    again = review_comment_add(journey=shared, mentor=cast.mentor, text="Good arc.", token=token)

    assert first.changed
    assert not again.changed
    assert again.message == "That comment was already added."
    assert ReviewComment.objects.count() == 1


# --- The record of views ----------------------------------------------------------------------


def test_a_view_is_recorded_with_mentor_journey_and_page(cast: Cast, shared: Journey) -> None:
    mentor_view_record(
        mentor=cast.mentor, practice=cast.practice, page=MentorPage.JOURNEY, journey=shared
    )

    record = MentorViewRecord.objects.get()
    assert (record.mentor, record.journey, record.page) == (cast.mentor, shared, "journey")


def test_a_view_goes_into_the_audit_log_with_the_journey_and_client_by_id(
    cast: Cast, shared: Journey
) -> None:
    mentor_view_record(
        mentor=cast.mentor, practice=cast.practice, page=MentorPage.JOURNEY, journey=shared
    )
    mentor_view_record(mentor=cast.mentor, practice=cast.practice, page=MentorPage.LIST)

    events = list(AuditEvent.objects.order_by("sequence"))
    assert [(e.action, e.subject_kind, e.subject_id, e.client_public_id) for e in events] == [
        ("mentor_view", "journey", str(shared.public_id), str(cast.client.public_id)),
        ("mentor_view", "shared_list", "", ""),
    ]
    assert {e.actor_id for e in events} == {cast.mentor.pk}


def test_deleting_the_practice_deletes_its_mentor_review(cast: Cast, shared: Journey) -> None:
    review_comment_add(journey=shared, mentor=cast.mentor, text="Hello", run_sequence=1)
    mentor_view_record(
        mentor=cast.mentor, practice=cast.practice, page=MentorPage.JOURNEY, journey=shared
    )

    practice_delete(practice=cast.practice, by=cast.owner)

    for model in (MentorGrant, MentorPseudonym, ReviewComment, MentorViewRecord):
        assert not model._default_manager.exists(), model
    assert User.objects.filter(pk=cast.mentor.pk).exists()


# --- Races ------------------------------------------------------------------------------------


def changes(outcomes: list[Any]) -> list[bool]:
    """Whether each thread changed something, in sorted order; a thread that raised fails."""
    assert all(isinstance(o, Outcome) for o in outcomes), outcomes
    return sorted(o.changed for o in outcomes)


@pytest.mark.django_db(transaction=True)
def test_two_grants_at_once_make_one(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)

    outcomes = in_two_threads(
        lambda: mentor_grant(journey=journey, mentor=cast.mentor, by=cast.coach)
    )

    # The second waits for the first's lock on the mentor's membership, then finds the grant.
    assert changes(outcomes) == [False, True]
    assert live_grants(journey) == 1


@pytest.mark.django_db(transaction=True)
def test_grants_of_two_clients_at_once_take_two_letters(cast: Cast) -> None:
    first = make_journey(cast.coach, cast.client)
    rosa = make_client(cast.practice, name="Rosa Marquez")
    second = make_journey(cast.coach, rosa, version=first.design_version)
    journeys = iter([first, second])

    def grant_next() -> Any:
        return mentor_grant(journey=next(journeys), mentor=cast.mentor, by=cast.coach)

    outcomes = in_two_threads(grant_next)

    assert changes(outcomes) == [True, True]
    numbers = sorted(MentorGrant.objects.values_list("pseudonym__number", flat=True))
    assert numbers == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_two_revokes_at_once_revoke_once(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    mentor_grant(journey=journey, mentor=cast.mentor, by=cast.coach)

    outcomes = in_two_threads(
        lambda: mentor_revoke(journey=journey, mentor=cast.mentor, by=cast.coach)
    )

    # The conditional update revokes only a live grant: the second finds none left.
    assert changes(outcomes) == [False, True]
    assert MentorGrant.objects.get().revoked_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_double_submitted_comment_is_added_once(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    mentor_grant(journey=journey, mentor=cast.mentor, by=cast.coach)
    token = uuid4()

    outcomes = in_two_threads(
        lambda: review_comment_add(journey=journey, mentor=cast.mentor, text="Hi", token=token)
    )

    # The unique token: the second insert fails and is told the comment is already there.
    assert changes(outcomes) == [False, True]
    assert ReviewComment.objects.count() == 1
