"""Removing a coach from the practice asks for their open journeys to go to another coach
first; the owner chooses who, and each journey's log records the handover."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.accounts.models import Membership, Role, User
from arcwise.errors import DomainError
from arcwise.journeys.endings.services import Ending, journey_end, journeys_hand_over
from arcwise.journeys.errors import AlreadyChanged
from arcwise.journeys.models import Adaptation, Journey
from arcwise.journeys.pages.state import JourneyState
from tests.conftest import Cast, signed_in
from tests.factories import make_client, make_member
from tests.journeys.factories import START, make_journey
from tests.races import in_two_threads

pytestmark = pytest.mark.django_db
TODAY = date(2026, 9, 20)


def member(user: User) -> Membership:
    return Membership.objects.get(user=user)


def handover_url(user: User) -> str:
    return reverse("journeys:handover", args=[member(user).public_id])


def seen(*journeys: Journey) -> dict[Any, int]:
    return {j.public_id: Journey.objects.get(pk=j.pk).revision for j in journeys}


def hand_over(cast: Cast, to: User, *journeys: Journey, **overrides: Any) -> list[Journey]:
    fields: dict[str, Any] = {
        "practice": cast.practice,
        "from_coach": cast.coach,
        "to_coach": to,
        "seen": seen(*journeys),
        "reason": "Cora is leaving the practice.",
        "by": cast.owner,
        "today": TODAY,
    }
    fields.update(overrides)
    return journeys_hand_over(**fields)


@pytest.fixture
def colleague(cast: Cast) -> User:
    return make_member(cast.practice, Role.COACH, name="Cole Colleague", email="cole@example.com")


def two_journeys(cast: Cast) -> tuple[Journey, Journey]:
    other = make_client(cast.practice, name="Rosa Marquez")
    return make_journey(cast.coach, cast.client), make_journey(cast.coach, other)


def test_handing_over_moves_each_open_journey_and_logs_it(cast: Cast, colleague: User) -> None:
    first, second = two_journeys(cast)

    given = hand_over(cast, colleague, first, second)

    assert len(given) == 2
    for journey in (first, second):
        now = Journey.objects.get(pk=journey.pk)
        assert (now.coach, now.revision) == (colleague, 2)
        log = JourneyState.of(now).log
        assert [line.text for line in log] == [
            "Handed to another coach (from Cora Coach to Cole Colleague): "
            "Cora is leaving the practice."
        ]
        assert log[0].adaptation.created_by == cast.owner


def test_ended_journeys_stay_with_their_coach(cast: Cast, colleague: User) -> None:
    ended, running = two_journeys(cast)
    journey_end(
        journey=ended,
        ending=Ending.closed(on=START, what_shifted="Calmer."),
        by=ended.coach,
        expected_revision=1,
        today=START,
    )

    hand_over(cast, colleague, running)

    assert Journey.objects.get(pk=ended.pk).coach == cast.coach
    assert Journey.objects.get(pk=running.pk).coach == colleague


def test_only_an_owner_hands_journeys_over(cast: Cast, colleague: User) -> None:
    journey = make_journey(cast.coach, cast.client)

    with pytest.raises(DomainError, match="Only an owner"):
        hand_over(cast, colleague, journey, by=colleague)
    assert Journey.objects.get(pk=journey.pk).coach == cast.coach


def test_journeys_go_only_to_a_coach_of_the_practice(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)

    for taker in (cast.mentor, cast.outsider, cast.coach):
        with pytest.raises(DomainError, match=r"[Cc]hoose"):
            hand_over(cast, taker, journey)
    assert not Adaptation.objects.filter(journey=journey).exists()


def test_a_journey_changed_since_the_page_hands_nothing_over(cast: Cast, colleague: User) -> None:
    first, second = two_journeys(cast)
    page = seen(first, second)
    Journey.objects.filter(pk=second.pk).update(revision=5)

    with pytest.raises(DomainError, match="changed since you opened this page"):
        hand_over(cast, colleague, seen=page)
    assert Journey.objects.filter(coach=colleague).count() == 0


def test_handing_over_twice_hands_over_once(cast: Cast, colleague: User) -> None:
    first, second = two_journeys(cast)
    page = seen(first, second)
    hand_over(cast, colleague, seen=page)

    with pytest.raises(AlreadyChanged, match="already handed to Cole Colleague"):
        hand_over(cast, colleague, seen=page)
    assert Adaptation.objects.filter(kind="handover").count() == 2


@pytest.mark.django_db(transaction=True)
def test_handing_over_from_two_threads_hands_over_once(cast: Cast, colleague: User) -> None:
    first, second = two_journeys(cast)
    page = seen(first, second)

    outcomes = in_two_threads(lambda: hand_over(cast, colleague, seen=page))

    assert sum(isinstance(o, list) for o in outcomes) == 1
    assert sum(isinstance(o, AlreadyChanged) for o in outcomes) == 1
    assert Adaptation.objects.filter(kind="handover").count() == 2
    assert set(Journey.objects.values_list("revision", flat=True)) == {2}


def test_removing_a_coach_with_open_journeys_leads_to_the_handover(
    cast: Cast, colleague: User, as_owner: HttpClient
) -> None:
    two_journeys(cast)

    response = as_owner.post(
        reverse("accounts:member_remove", args=[member(cast.coach).public_id]), follow=True
    )

    assert Membership.objects.filter(user=cast.coach).exists()
    assert response.redirect_chain[-1][0] == handover_url(cast.coach)
    page = response.content.decode()
    assert "Cora Coach still coaches 2 open journeys. Hand them to another coach first" in page
    assert "Quentin Confidential" in page
    assert "Rosa Marquez" in page
    assert "Cole Colleague" in page
    assert "Olive Owner" in page
    assert "Milo Mentor" not in page


def test_making_a_coach_with_open_journeys_a_mentor_leads_to_the_handover(
    cast: Cast, colleague: User, as_owner: HttpClient
) -> None:
    two_journeys(cast)

    response = as_owner.post(
        reverse("accounts:member_change_role", args=[member(cast.coach).public_id]),
        {"role": Role.MENTOR},
        follow=True,
    )

    assert member(cast.coach).role == Role.COACH
    assert response.redirect_chain[-1][0] == handover_url(cast.coach)
    assert "can be removed or become a mentor" in response.content.decode()


def test_making_a_coach_with_open_journeys_a_sponsor_leads_to_the_handover(
    cast: Cast, colleague: User, as_owner: HttpClient
) -> None:
    two_journeys(cast)

    response = as_owner.post(
        reverse("accounts:member_change_role", args=[member(cast.coach).public_id]),
        {"role": Role.SPONSOR},
        follow=True,
    )

    assert member(cast.coach).role == Role.COACH
    assert response.redirect_chain[-1][0] == handover_url(cast.coach)
    assert "Sasha Sponsor" not in response.content.decode()  # not someone to hand over to


def test_the_owner_hands_over_through_the_page_then_removes_the_coach(
    cast: Cast, colleague: User, as_owner: HttpClient
) -> None:
    first, second = two_journeys(cast)
    page = as_owner.get(handover_url(cast.coach)).content.decode()
    assert f"{first.public_id}:1" in page
    data = {
        "to_coach": str(member(colleague).public_id),
        "reason": "Cora is leaving for a sabbatical.",
        "seen": f"{first.public_id}:1,{second.public_id}:1",
    }

    done = as_owner.post(handover_url(cast.coach), data, follow=True)
    again = as_owner.post(handover_url(cast.coach), data, follow=True)
    removed = as_owner.post(
        reverse("accounts:member_remove", args=[member(cast.coach).public_id]), follow=True
    )

    assert "2 journeys of Cora Coach now with Cole Colleague, each logged" in (
        done.content.decode()
    )
    assert "already handed to Cole Colleague" in again.content.decode()
    assert Adaptation.objects.filter(kind="handover").count() == 2
    assert "Cora Coach is no longer a member of this practice." in removed.content.decode()
    journey_page = signed_in(colleague).get(reverse("journeys:detail", args=[first.public_id]))
    assert "Handed to another coach (from Cora Coach to Cole Colleague)" in (
        journey_page.content.decode()
    )


def test_a_coach_without_open_journeys_is_removed_at_once(cast: Cast, as_owner: HttpClient) -> None:
    response = as_owner.post(
        reverse("accounts:member_remove", args=[member(cast.coach).public_id]), follow=True
    )

    assert not Membership.objects.filter(user=cast.coach).exists()
    assert "Cora Coach is no longer a member" in response.content.decode()


def test_an_unknown_coach_choice_is_refused_with_the_form(
    cast: Cast, colleague: User, as_owner: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    data = {"to_coach": str(member(cast.mentor).public_id), "reason": "Leaving.", "seen": ""}

    response = as_owner.post(handover_url(cast.coach), data)

    assert response.status_code == 400
    assert Journey.objects.get(pk=journey.pk).coach == cast.coach


def test_a_tampered_page_hands_nothing_over(
    cast: Cast, colleague: User, as_owner: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    data = {"to_coach": str(member(colleague).public_id), "reason": "Leaving.", "seen": "x:y"}

    response = as_owner.post(handover_url(cast.coach), data)

    assert response.status_code == 400
    assert "out of date" in response.content.decode()
    assert Journey.objects.get(pk=journey.pk).coach == cast.coach


@pytest.mark.parametrize("who", ["coach", "mentor", "colleague"])
def test_only_the_owner_sees_or_sends_the_handover_page(
    cast: Cast, colleague: User, who: str
) -> None:
    journey = make_journey(cast.coach, cast.client)
    person = {"coach": cast.coach, "mentor": cast.mentor, "colleague": colleague}[who]
    data = {"to_coach": str(member(colleague).public_id), "reason": "Mine now.", "seen": ""}

    assert signed_in(person).get(handover_url(cast.coach)).status_code == 403
    assert signed_in(person).post(handover_url(cast.coach), data).status_code == 403
    assert Journey.objects.get(pk=journey.pk).coach == cast.coach


def test_another_practice_gets_404_and_anonymous_signs_in(
    cast: Cast, as_outsider: HttpClient
) -> None:
    make_journey(cast.coach, cast.client)

    assert as_outsider.get(handover_url(cast.coach)).status_code == 404
    assert as_outsider.post(handover_url(cast.coach), {}).status_code == 404
    anonymous = HttpClient().post(handover_url(cast.coach), {})
    assert anonymous["Location"].startswith(reverse("accounts:sign_in"))


def test_the_handover_page_refuses_other_methods(cast: Cast, as_owner: HttpClient) -> None:
    assert as_owner.put(handover_url(cast.coach)).status_code == 405


def test_a_handover_sent_twice_is_told_as_information_not_as_an_error(
    cast: Cast, colleague: User, as_owner: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    data = {
        "to_coach": str(member(colleague).public_id),
        "reason": "Cora is leaving.",
        "seen": f"{journey.public_id}:1",
    }

    as_owner.post(handover_url(cast.coach), data)
    again = as_owner.post(handover_url(cast.coach), data, follow=True).content.decode()

    assert "message--info" in again
    assert "message--error" not in again
    assert "already handed to Cole Colleague; nothing more was changed" in again
    assert Adaptation.objects.filter(kind="handover").count() == 1
