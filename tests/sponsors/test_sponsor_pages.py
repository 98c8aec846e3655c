"""The sponsor's pages show exactly what a journey's terms allow and nothing else; access ends
at once on every page when the sponsorship is revoked, the member's role changes or they
leave; any journey they do not sponsor now is 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.accounts.models import Membership, Role
from arcwise.journeys.models import (
    Adaptation,
    Journey,
    PulseAnswer,
    Session,
    SessionStatus,
    Thread,
    ThreadKind,
)
from arcwise.portal.models import CycleStep, ExperimentCheckIn, ReflectionRequest, SessionCheckIn
from arcwise.privacy.models import AuditAction, AuditEvent
from arcwise.sponsors.services import sponsorship_revoke
from arcwise.sponsors.summary_services import summary_edit
from tests.conftest import Cast, signed_in
from tests.factories import make_client, make_member
from tests.journeys.factories import START, at, days, make_journey
from tests.outcomes.summary_factories import (
    PRIVATE_AGREEMENT,
    PRIVATE_INSIGHT,
    PRIVATE_NOTE,
    area_make,
    experiment_make,
    goal_make,
    goals_rate,
    journey_close,
    journey_end_early,
    private_notes_plant,
    review_make,
)
from tests.sponsors.factories import (
    ORGANISATION,
    membership_of,
    sponsor,
    summary_approved,
    summary_make,
)

pytestmark = pytest.mark.django_db

GOAL_TEXT = "PRIVATE-GOAL stop dreading the board"
AREA_NAME = "PRIVATE-AREA marriage"


def page_of(http: HttpClient, journey: Journey) -> Any:
    return http.get(reverse("sponsors:journey", args=[journey.public_id]))


def everything_private(journey: Journey) -> list[str]:
    """Plant something of every kind a sponsor must never see; return the words planted."""
    private_notes_plant(journey)
    session = Session.objects.filter(journey=journey).order_by("starts_at")[0]
    experiment = experiment_make(
        journey, title="PRIVATE-EXPERIMENT say no", debrief="PRIVATE-DEBRIEF"
    )
    ExperimentCheckIn.objects.create(experiment=experiment, what_happened="PRIVATE-CHECK-IN")
    SessionCheckIn.objects.create(
        session=session, journey=journey, want_from_session="PRIVATE-SESSION-CHECK-IN"
    )
    ReflectionRequest.objects.create(
        journey=journey,
        session=session,
        phase=session.phase,
        position=0,
        step=CycleStep.EXPERIENCE,
        prompt="What happened?",
        answer="PRIVATE-REFLECTION",
        due_on=START,
    )
    Thread.objects.create(
        journey=journey, session=session, kind=ThreadKind.QUESTION, text="PRIVATE-THREAD"
    )
    PulseAnswer.objects.create(journey=journey, week_of=START, scale="PRIVATE-PULSE", value=3)
    Adaptation.objects.create(
        journey=journey, kind="insert_session", reason="PRIVATE-ADAPTATION", on=START
    )
    Journey.objects.filter(pk=journey.pk).update(
        goals="PRIVATE-AGREEMENT-GOALS", confidentiality="PRIVATE-CONFIDENTIALITY"
    )
    goal = goal_make(journey, 1, text=GOAL_TEXT, expected="PRIVATE-LEVEL-WORDS")
    goals_rate(goal, start=-1, close=1)
    area_make(journey, AREA_NAME, 1, start=3, close=8)
    area_make(journey, "PRIVATE-AREA health", 2, start=4, close=6)
    review_make(journey, coach_words="PRIVATE-COACH-WORDS", client_words="PRIVATE-CLIENT-WORDS")
    return [
        PRIVATE_NOTE,
        PRIVATE_INSIGHT,
        PRIVATE_AGREEMENT,
        "PRIVATE-EXPERIMENT",
        "PRIVATE-DEBRIEF",
        "PRIVATE-CHECK-IN",
        "PRIVATE-SESSION-CHECK-IN",
        "PRIVATE-REFLECTION",
        "PRIVATE-THREAD",
        "PRIVATE-PULSE",
        "PRIVATE-ADAPTATION",
        "PRIVATE-AGREEMENT-GOALS",
        "PRIVATE-CONFIDENTIALITY",
        GOAL_TEXT,
        "PRIVATE-LEVEL-WORDS",
        AREA_NAME,
        "PRIVATE-AREA health",
        "PRIVATE-COACH-WORDS",
        "PRIVATE-CLIENT-WORDS",
        "Grieving a parent",  # the client's notes
        "quentin@example.org",  # the client's address
        "Orient",  # the design's phases
    ]


def test_the_sponsor_lists_the_journeys_they_sponsor(cast: Cast, as_sponsor: HttpClient) -> None:
    sponsored = sponsor(cast)
    make_journey(cast.coach, make_client(cast.practice, name="Nadia Notsponsored"))

    page = as_sponsor.get(reverse("sponsors:list")).content.decode()

    assert reverse("sponsors:journey", args=[sponsored.journey.public_id]) in page
    assert "Quentin Confidential" in page
    assert "Nadia Notsponsored" not in page


def test_a_closed_journey_shows_what_its_terms_allow_and_nothing_else(
    cast: Cast, as_sponsor: HttpClient
) -> None:
    sponsorship = sponsor(cast)
    journey = sponsorship.journey
    summary_approved(sponsorship, "APPROVED-SUMMARY delegating more.")
    summary_make(sponsorship, "WAITING-SUMMARY not yet approved.")
    planted = everything_private(journey)
    journey_close(journey)

    page = page_of(as_sponsor, journey).content.decode()

    assert "APPROVED-SUMMARY" in page
    assert "WAITING-SUMMARY" not in page
    assert "Attendance" in page
    assert "<td>Held</td>" in page
    assert "+1 More than expected" in page  # the goal's level at close, by both
    assert "Goal 1" in page
    assert "2 areas rated at close, averaging 7.0 out of 10" in page
    for words in planted:
        assert words.lower() not in page.lower(), f"the sponsor sees {words!r}"


@pytest.mark.parametrize(
    ("terms", "shown", "hidden"),
    [
        ({"attendance": False}, ["Progress summaries", "Closing measures"], ["Attendance"]),
        ({"summaries": False}, ["Attendance", "Closing measures"], ["APPROVED-SUMMARY"]),
        ({"closing_measures": False}, ["Attendance", "APPROVED-SUMMARY"], ["T at close"]),
    ],
)
def test_each_term_turned_off_hides_its_part(
    cast: Cast, as_sponsor: HttpClient, terms: dict[str, bool], shown: list[str], hidden: list[str]
) -> None:
    agreed = {"attendance": True, "summaries": True, "closing_measures": True, **terms}
    sponsorship = sponsor(
        cast,
        attendance=agreed["attendance"],
        summaries=agreed["summaries"],
        closing_measures=agreed["closing_measures"],
    )
    if sponsorship.shows_summaries:
        summary_approved(sponsorship, "APPROVED-SUMMARY delegating more.")
    journey = sponsorship.journey
    goals_rate(goal_make(journey, 1))
    Session.objects.filter(journey=journey).update(status=SessionStatus.HELD)
    journey_close(journey, on=START + days(60))

    page = page_of(as_sponsor, journey).content.decode()

    for words in shown:
        assert words in page
    for words in hidden:
        assert words not in page


def test_closing_measures_wait_for_the_close(cast: Cast, as_sponsor: HttpClient) -> None:
    journey = sponsor(cast).journey
    goals_rate(goal_make(journey, 1))

    page = page_of(as_sponsor, journey).content.decode()

    assert "shown here once the journey closes" in page
    assert "T at close" not in page


def test_a_journey_ended_early_says_it_has_no_closing_measures(
    cast: Cast, as_sponsor: HttpClient
) -> None:
    journey = sponsor(cast).journey
    journey_end_early(journey)

    page = page_of(as_sponsor, journey).content.decode()

    assert "ended without closing measures" in page
    assert "Moved abroad" not in page  # why it ended stays with the coach


def test_an_edited_summary_leaves_the_sponsors_page_until_approved_again(
    cast: Cast, as_sponsor: HttpClient
) -> None:
    sponsorship = sponsor(cast)
    summary = summary_approved(sponsorship, "FIRST-WORDS")
    summary_edit(summary=summary, by=cast.coach, text="SECOND-WORDS", expected_version=2)

    page = page_of(as_sponsor, sponsorship.journey).content.decode()

    assert "FIRST-WORDS" not in page
    assert "SECOND-WORDS" not in page


def test_revoking_the_sponsorship_ends_access_on_every_page_at_once(
    cast: Cast, as_sponsor: HttpClient
) -> None:
    sponsorship = sponsor(cast)
    assert page_of(as_sponsor, sponsorship.journey).status_code == 200

    sponsorship_revoke(journey=sponsorship.journey, by=cast.coach, expected_version=1)

    assert page_of(as_sponsor, sponsorship.journey).status_code == 404
    listing = as_sponsor.get(reverse("sponsors:list")).content.decode()
    assert "Quentin Confidential" not in listing


def test_each_sponsor_view_is_in_the_audit_log_and_a_refused_one_is_not(
    cast: Cast, as_sponsor: HttpClient
) -> None:
    sponsorship = sponsor(cast)
    page_of(as_sponsor, sponsorship.journey)
    sponsorship_revoke(journey=sponsorship.journey, by=cast.coach, expected_version=1)
    page_of(as_sponsor, sponsorship.journey)

    views = AuditEvent.objects.filter(action=AuditAction.SPONSOR_VIEW)
    assert views.count() == 1
    event = views.get()
    assert event.actor == cast.sponsor
    assert event.subject_id == str(sponsorship.journey.public_id)
    assert event.client_public_id == str(sponsorship.journey.client.public_id)


def test_a_sponsor_made_a_mentor_sees_nothing_of_the_journey(
    cast: Cast, as_sponsor: HttpClient
) -> None:
    sponsorship = sponsor(cast)

    Membership.objects.filter(pk=membership_of(cast).pk).update(role=Role.MENTOR)

    assert page_of(as_sponsor, sponsorship.journey).status_code == 403
    assert as_sponsor.get(reverse("sponsors:list")).status_code == 403


def test_a_sponsor_who_leaves_the_practice_sees_nothing_of_it(
    cast: Cast, as_sponsor: HttpClient
) -> None:
    sponsorship = sponsor(cast)

    membership_of(cast).delete()

    assert page_of(as_sponsor, sponsorship.journey).status_code == 403
    # Invited back, they are a new member: the old sponsorship does not come back.
    Membership.objects.create(user=cast.sponsor, practice=cast.practice, role=Role.SPONSOR)
    assert page_of(as_sponsor, sponsorship.journey).status_code == 404


def test_another_sponsor_of_the_practice_gets_404(cast: Cast) -> None:
    sponsorship = sponsor(cast)
    other = make_member(cast.practice, Role.SPONSOR, name="Otis Othersponsor")

    assert page_of(signed_in(other), sponsorship.journey).status_code == 404


def test_a_journey_of_the_same_client_not_sponsored_is_404(
    cast: Cast, as_sponsor: HttpClient
) -> None:
    sponsor(cast)
    unsponsored = make_journey(cast.coach, cast.client, another_open_confirmed=True)

    assert page_of(as_sponsor, unsponsored).status_code == 404


def test_a_sponsor_elsewhere_sees_nothing_of_this_practice(cast: Cast) -> None:
    sponsorship = sponsor(cast)
    stranger = signed_in(make_member(cast.other_practice, Role.SPONSOR))

    assert page_of(stranger, sponsorship.journey).status_code == 404
    listing = stranger.get(reverse("sponsors:list")).content.decode()
    assert "Quentin Confidential" not in listing
    assert ORGANISATION not in listing


@pytest.mark.parametrize("size", [3, 60])
def test_the_sponsors_page_costs_the_same_queries_however_many_rows(
    cast: Cast, as_sponsor: HttpClient, size: int, django_assert_num_queries: Any
) -> None:
    sponsorship = sponsor(cast)
    journey = sponsorship.journey
    phase = Session.objects.filter(journey=journey)[0].phase
    Session.objects.bulk_create(
        Session(
            journey=journey,
            phase=phase,
            starts_at=at(START + days(n % 40)),
            status=SessionStatus.HELD,
        )
        for n in range(size)
    )
    for n in range(size // 3):
        summary_approved(sponsorship, f"Summary {n}")
    for position in range(1, size // 10 + 2):
        goals_rate(goal_make(journey, position))
        area_make(journey, f"Area {position}", position, start=3, close=7)
    journey_close(journey, on=START + days(200))

    # session, user, memberships; the sponsorship with journey, client and coach;
    # attendance; approved summaries; goals, their ratings, the wheel's areas, their ratings;
    # the audit log's four
    with django_assert_num_queries(14):
        page = page_of(as_sponsor, journey).content.decode()

    assert page.count("Approved ") == size // 3


def test_the_sponsors_pages_are_never_stored(cast: Cast, as_sponsor: HttpClient) -> None:
    journey = sponsor(cast).journey

    for response in (
        as_sponsor.get(reverse("sponsors:list")),
        page_of(as_sponsor, journey),
    ):
        assert "no-store" in response["Cache-Control"]
