"""The mentor's pages show a shared journey's structure and nothing of the client: every
sensitive field is seeded with a marker that must not appear. Anything not shared is 404;
the coach grants, revokes and reads comments on the journey page; the owner sees the record."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from arcwise.accounts.models import Membership, Role
from arcwise.insights.mentoring import mentor_grant, mentor_revoke, review_comment_add
from arcwise.insights.models import MentorGrant, MentorViewRecord, ReviewComment
from arcwise.insights.momentum_facts import FACT_QUERIES
from arcwise.journeys.models import (
    Experiment,
    Journey,
    PulseAnswer,
    Session,
    SessionStatus,
    Thread,
)
from arcwise.journeys.plan.services import journey_adapt, phase_advance
from arcwise.journeys.schedule import Extend
from arcwise.portal.models import ReflectionRequest
from tests.conftest import Cast, signed_in
from tests.factories import make_client, make_member
from tests.journeys.factories import START, days, make_journey

pytestmark = pytest.mark.django_db

MARKERS = {
    "client name": "Zebedee Markworth",
    "first name": "Zebedee",
    "e-mail": "zeb.mark@example.org",
    "client notes": "CLIENT-NOTES-MARKER",
    "goals": "GOALS-MARKER",
    "confidentiality": "CONFIDENTIALITY-MARKER",
    "session notes": "SESSION-NOTES-MARKER",
    "key insights": "KEY-INSIGHTS-MARKER",
    "agreements": "AGREEMENTS-MARKER",
    "readiness note": "READINESS-NOTE-MARKER",
    "reflection answer": "REFLECTION-ANSWER-MARKER",
    "experiment": "EXPERIMENT-MARKER",
    "thread": "THREAD-MARKER",
    "experiment title": "EXPERIMENT-TITLE-MARKER",
    "pulse scale": "PULSE-SCALE-MARKER",
}


def seeded_journey(cast: Cast) -> Journey:
    """A journey whose every sensitive field holds a marker; an adaptation's reason names
    the client, and it has moved on to a second phase with a readiness note."""
    client = make_client(
        cast.practice,
        name=MARKERS["client name"],
        email=MARKERS["e-mail"],
        notes=MARKERS["client notes"],
    )
    journey = make_journey(
        cast.coach, client, goals=MARKERS["goals"], confidentiality=MARKERS["confidentiality"]
    )
    first = Session.objects.filter(journey=journey).order_by("starts_at")[0]
    Session.objects.filter(pk=first.pk).update(
        status=SessionStatus.HELD,
        notes=MARKERS["session notes"],
        key_insights=MARKERS["key insights"],
        agreements=MARKERS["agreements"],
    )
    Experiment.objects.create(
        journey=journey,
        session=first,
        title=MARKERS["experiment title"],
        what_to_try=MARKERS["experiment"],
        by_when=START,
    )
    Thread.objects.create(journey=journey, session=first, kind="question", text=MARKERS["thread"])
    ReflectionRequest.objects.create(
        journey=journey,
        session=first,
        phase=first.phase,
        position=1,
        step="reflection",
        prompt="What did you notice?",
        due_on=START,
        answer=MARKERS["reflection answer"],
        answered_at=timezone.now(),
    )
    # A pulse that fell over the last three weeks: momentum names the scale to the coach.
    monday = timezone.localdate() - days(timezone.localdate().weekday())
    PulseAnswer.objects.bulk_create(
        PulseAnswer(
            journey=journey, week_of=monday - days(7 * n), scale=MARKERS["pulse scale"], value=v
        )
        for n, v in enumerate([2, 5, 9])
    )
    journey_adapt(
        journey=journey,
        change=Extend(weeks=1),
        reason="Zebedee travels for work; zeb.mark@example.org is out of office.",
        by=cast.coach,
        today=START + days(3),
        expected_revision=journey.revision,
    )
    journey.refresh_from_db()
    phase_advance(
        journey=journey,
        readiness_note=MARKERS["readiness note"],
        on=START + days(20),
        expected_revision=journey.revision,
    )
    return journey


def shared(cast: Cast, journey: Journey) -> Journey:
    mentor_grant(journey=journey, mentor=cast.mentor, by=cast.coach)
    return journey


def review_url(journey: Journey) -> str:
    return reverse("insights:mentor_journey", args=[journey.public_id])


def comment_url(journey: Journey) -> str:
    return reverse("insights:mentor_comment", args=[journey.public_id])


def test_the_mentor_sees_the_structure_and_nothing_of_the_client(
    cast: Cast, as_mentor: HttpClient, as_coach: HttpClient
) -> None:
    journey = shared(cast, seeded_journey(cast))
    # The seeding took: the coach's own page shows what the mentor's must not.
    coach_page = as_coach.get(reverse("journeys:detail", args=[journey.public_id])).content
    for what in ("client name", "goals", "readiness note", "reflection answer", "experiment"):
        assert MARKERS[what] in coach_page.decode(), what

    pages = {
        "review": as_mentor.get(review_url(journey)).content.decode(),
        "list": as_mentor.get(reverse("insights:mentor_list")).content.decode(),
    }

    review = pages["review"]
    assert "Client A:" in review
    assert "Journey map: Client A" in review  # the map's title
    assert "Client A travels for work; Client A is out of office." in review
    assert "Extended a phase" in review
    assert "Phase history" in review
    assert "a pulse scale fell from 9 to 2 over three weekly pulses" in review
    assert "an agreed experiment" in review
    assert 'href="' + review_url(journey) + '"' in pages["list"]
    for page, html in pages.items():
        leaked = [what for what, marker in MARKERS.items() if marker.lower() in html.lower()]
        assert leaked == [], f"the mentor's {page} page shows {leaked}"


def test_anything_not_shared_now_is_404_to_the_mentor(cast: Cast, as_mentor: HttpClient) -> None:
    granted = shared(cast, make_journey(cast.coach, cast.client))
    unshared = make_journey(cast.coach, make_client(cast.practice), version=granted.design_version)
    revoked = shared(cast, make_journey(cast.coach, make_client(cast.practice)))
    mentor_revoke(journey=revoked, mentor=cast.mentor, by=cast.coach)
    elsewhere = make_journey(cast.outsider, cast.outsiders_client)
    Membership.objects.create(user=cast.outsider, practice=cast.practice, role=Role.MENTOR)

    assert as_mentor.get(review_url(granted)).status_code == 200
    for journey in (unshared, revoked, elsewhere):
        assert as_mentor.get(review_url(journey)).status_code == 404
        assert as_mentor.post(comment_url(journey), {"text": "Hi"}).status_code == 404
    assert as_mentor.get(reverse("insights:mentor_journey", args=[uuid4()])).status_code == 404
    # Another mentor of the practice does not see what was shared with this one.
    other = signed_in(make_member(cast.practice, Role.MENTOR))
    assert other.get(review_url(granted)).status_code == 404
    assert not ReviewComment.objects.exists()


def test_the_coaches_pages_stay_closed_to_a_mentor_with_access(
    cast: Cast, as_mentor: HttpClient
) -> None:
    journey = shared(cast, make_journey(cast.coach, cast.client))
    session = Session.objects.filter(journey=journey)[0]

    for url in (
        reverse("journeys:detail", args=[journey.public_id]),
        reverse("journeys:prep", args=[journey.public_id]),
        reverse("journeys:session", args=[journey.public_id, session.public_id]),
        reverse("clients:detail", args=[cast.client.public_id]),
    ):
        response = as_mentor.get(url)
        assert response.status_code == 403, url
        assert cast.client.name not in response.content.decode()


def test_every_mentor_page_view_is_recorded(cast: Cast, as_mentor: HttpClient) -> None:
    journey = shared(cast, make_journey(cast.coach, cast.client))

    as_mentor.get(reverse("insights:mentor_list"))
    as_mentor.get(review_url(journey))
    as_mentor.get(review_url(journey))
    as_mentor.get(review_url(make_journey(cast.coach, make_client(cast.practice))))  # 404

    records = list(MentorViewRecord.objects.order_by("at", "pk").values_list("page", "journey"))
    assert records == [("list", None), ("journey", journey.pk), ("journey", journey.pk)]


def test_a_comment_sent_twice_is_kept_once_and_the_coach_sees_it(
    cast: Cast, as_mentor: HttpClient, as_coach: HttpClient
) -> None:
    journey = shared(cast, make_journey(cast.coach, cast.client))
    form = {"about": "1", "text": "  Orient looks rushed.  ", "token": str(uuid4())}

    first = as_mentor.post(comment_url(journey), form, follow=True)
    again = as_mentor.post(comment_url(journey), form, follow=True)

    assert "Your comment is with the coach." in first.content.decode()
    assert "That comment was already added." in again.content.decode()
    assert ReviewComment.objects.count() == 1
    coach_page = as_coach.get(reverse("journeys:detail", args=[journey.public_id])).content
    section = coach_page.decode().split('id="mentor-review"')[1]
    assert "Milo Mentor" in section
    assert "Orient looks rushed." in section
    assert "on run 1:" in section


def test_a_comment_that_cannot_be_kept_is_shown_back_with_the_reason(
    cast: Cast, as_mentor: HttpClient
) -> None:
    journey = shared(cast, make_journey(cast.coach, cast.client))

    unknown_run = as_mentor.post(comment_url(journey), {"about": "9", "text": "Keep me"})
    empty = as_mentor.post(comment_url(journey), {"about": "", "text": "   "})
    bad_token = as_mentor.post(comment_url(journey), {"text": "Keep me too", "token": "x"})

    assert unknown_run.status_code == 400
    assert "Select a valid choice" in unknown_run.content.decode()
    assert "Keep me" in unknown_run.content.decode()  # nothing typed is lost
    assert empty.status_code == 400
    assert "Write a comment first." in empty.content.decode()
    assert bad_token.status_code == 400
    assert "Keep me too" in bad_token.content.decode()
    assert not ReviewComment.objects.exists()


def test_the_coach_shares_and_revokes_from_the_journey_page_once_each(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    page_url = reverse("journeys:detail", args=[journey.public_id])
    mentor = Membership.objects.get(user=cast.mentor).public_id
    grant = reverse("insights:mentor_grant", args=[journey.public_id])
    revoke = reverse("insights:mentor_revoke", args=[journey.public_id])

    before = as_coach.get(page_url).content.decode()
    assert f'<option value="{mentor}">Milo Mentor</option>' in before
    said = [
        as_coach.post(url, {"mentor": str(mentor)}, follow=True).content.decode()
        for url in (grant, grant, revoke, revoke)
    ]

    assert "Milo Mentor can now review this journey" in said[0]
    assert "Milo Mentor already has access to this journey." in said[1]
    assert "Milo Mentor no longer has access to this journey." in said[2]
    assert "nothing to revoke" in said[3]
    assert MentorGrant.objects.filter(journey=journey).count() == 1
    assert MentorGrant.objects.get().revoked_at is not None


@pytest.mark.parametrize(
    ("mentor", "message"),
    [
        ("", "Choose a mentor."),
        ("not-a-uuid", "Choose a mentor."),
        ("6e98b91a-5a0a-422a-85cf-07ff6950d1d0", "not a member of this practice"),
        ("coach", "is not a mentor of this practice"),
    ],
)
def test_a_grant_of_no_mentor_changes_nothing_and_says_why(
    cast: Cast, as_coach: HttpClient, mentor: str, message: str
) -> None:
    journey = make_journey(cast.coach, cast.client)
    if mentor == "coach":
        mentor = str(Membership.objects.get(user=cast.coach).public_id)

    response = as_coach.post(
        reverse("insights:mentor_grant", args=[journey.public_id]), {"mentor": mentor}, follow=True
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MentorGrant.objects.exists()


def test_the_owner_sees_who_viewed_what_with_the_clients_name(
    cast: Cast, as_mentor: HttpClient, as_owner: HttpClient, as_coach: HttpClient
) -> None:
    journey = shared(cast, make_journey(cast.coach, cast.client))
    as_mentor.get(review_url(journey))

    page = as_owner.get(reverse("insights:mentor_views")).content.decode()

    assert "Milo Mentor" in page
    assert "Client A" in page
    assert "Quentin Confidential" in page
    assert "Journey review" in page
    practice_page = as_owner.get(reverse("accounts:practice")).content.decode()
    assert f'<a href="{reverse("insights:mentor_views")}">Mentor views</a>' in practice_page
    assert as_coach.get(reverse("insights:mentor_views")).status_code == 403
    assert as_mentor.get(reverse("insights:mentor_views")).status_code == 403


# --- Query counts -----------------------------------------------------------------------------


def grow(cast: Cast, journey: Journey, size: int) -> None:
    """`size` more sessions, adaptations and comments on the journey."""
    phase = Session.objects.filter(journey=journey)[0].phase
    Session.objects.bulk_create(
        Session(journey=journey, phase=phase, starts_at=timezone.now() + days(n % 40))
        for n in range(size)
    )
    for n in range(size // 10):
        review_comment_add(journey=journey, mentor=cast.mentor, text=f"Comment {n}", run_sequence=1)


@pytest.mark.parametrize("size", [10, 100])
def test_the_mentors_pages_cost_the_same_queries_at_any_size(
    cast: Cast, as_mentor: HttpClient, size: int, django_assert_num_queries: Any
) -> None:
    journey = shared(cast, make_journey(cast.coach, cast.client))
    grow(cast, journey, size)
    for _ in range(size // 10):
        shared(cast, make_journey(cast.coach, make_client(cast.practice)))

    # session, user, memberships; the grant with journey, client, design and pseudonym;
    # phases, runs, plan stages, sessions, adaptations, comments; momentum's facts; the
    # view record, and the audit log's four (its chain's head made if missing, and locked;
    # the event; the head moved on)
    with django_assert_num_queries(15 + FACT_QUERIES):
        review = as_mentor.get(review_url(journey))
    # session, user, memberships; the grants; the view record and the audit log's four
    with django_assert_num_queries(9):
        listing = as_mentor.get(reverse("insights:mentor_list"))
    assert review.content.decode().count('class="mentor-comment"') == size // 10
    assert listing.content.decode().count("<tr>") == 1 + size // 10 + 1


@pytest.mark.parametrize("size", [10, 100])
def test_the_owners_record_costs_the_same_queries_at_any_size(
    cast: Cast, as_owner: HttpClient, size: int, django_assert_num_queries: Any
) -> None:
    journey = shared(cast, make_journey(cast.coach, cast.client))
    MentorViewRecord.objects.bulk_create(
        MentorViewRecord(
            practice=cast.practice, mentor=cast.mentor, journey=journey, page="journey"
        )
        for _ in range(size)
    )

    # session, user, memberships; the records with mentor, client and pseudonym
    with django_assert_num_queries(4):
        page = as_owner.get(reverse("insights:mentor_views"))
    assert page.content.decode().count("Client A") == size


def test_a_mentor_of_two_practices_sees_only_the_one_they_work_in(
    cast: Cast, as_mentor: HttpClient
) -> None:
    journey = shared(cast, make_journey(cast.coach, cast.client, goals="Harbour goal"))
    Membership.objects.create(user=cast.mentor, practice=cast.other_practice, role=Role.MENTOR)
    switch = reverse("accounts:practice_switch", args=[cast.other_practice.public_id])
    assert as_mentor.post(switch).status_code == 302

    listing = as_mentor.get(reverse("insights:mentor_list")).content.decode()

    assert "Client A" not in listing
    assert journey.design_version.name not in listing
    assert as_mentor.get(review_url(journey)).status_code == 404


def test_a_design_named_after_the_client_is_redacted_on_every_mentor_page(
    cast: Cast, as_mentor: HttpClient
) -> None:
    journey = shared(cast, make_journey(cast.coach, cast.client))
    type(journey.design_version).objects.filter(pk=journey.design_version_id).update(
        name="Quentin's leadership arc"
    )

    for url in (reverse("insights:mentor_list"), review_url(journey)):
        page = as_mentor.get(url).content.decode()
        assert "Client A&#x27;s leadership arc" in page, url
        assert "Quentin" not in page, url
