"""The client rates their goals and wheel in the portal when a moment is open to them, and
writes their closing words once their coach asks; the mid-way prompt is planned once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from arcwise.clients.services import client_archive
from arcwise.journeys.models import Journey, JourneyStatus
from arcwise.nudges.models import Nudge, NudgeKind
from arcwise.outcomes.models import ClosingReview, Goal, GoalRating, WheelArea, WheelRating
from arcwise.outcomes.rating_services import client_ratings_save
from arcwise.portal.models import PortalLink
from arcwise.portal.prompts import plan_client_prompts
from tests.conftest import Cast
from tests.outcomes.factories import LEVELS, measured_journey
from tests.portal.helpers import open_portal

pytestmark = pytest.mark.django_db

# In the first phase of a journey that starts on 7 September 2026: the start is open.
EARLY = datetime(2026, 9, 10, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def in_the_first_phase() -> Iterator[None]:
    with time_machine.travel(EARLY, tick=False):
        yield


HOME = reverse("portal:home")


def ratings(journey: Journey, level: int = 1, value: int = 6, moment: str = "baseline") -> dict:
    return {
        "moment": moment,
        **{f"goal-{g.public_id}": str(level) for g in Goal.objects.filter(journey=journey)},
        **{f"area-{a.pk}": str(value) for a in WheelArea.objects.filter(journey=journey)},
    }


def save_url(name: str, journey: Journey) -> str:
    return reverse(f"portal:{name}", kwargs={"journey_id": journey.public_id})


def test_the_client_is_asked_to_rate_each_goal_by_its_five_levels(cast: Cast) -> None:
    journey = measured_journey(cast)

    page = open_portal(cast).get(HOME).content.decode()

    assert "Rate your goals" in page
    assert "<legend>Lead without rescuing</legend>" in page
    for words in LEVELS:
        assert words in page
    assert page.count('type="radio"') == 2 * 5 + 3 * 11
    assert save_url("ratings_save", journey) in page


def test_ratings_sent_twice_are_stored_once_and_the_ask_goes_away(cast: Cast) -> None:
    journey = measured_journey(cast)
    http = open_portal(cast)

    first = http.post(save_url("ratings_save", journey), ratings(journey), follow=True)
    second = http.post(save_url("ratings_save", journey), ratings(journey), follow=True)

    assert "your ratings are saved" in first.content.decode()
    assert "already saved" in second.content.decode()
    assert "Rate your goals" not in second.content.decode()
    assert GoalRating.objects.filter(rater="client", level=1).count() == 2
    assert WheelRating.objects.filter(by_coach=False, value=6).count() == 3


def test_a_goal_left_unrated_is_named_and_the_other_choices_are_kept(cast: Cast) -> None:
    journey = measured_journey(cast)
    data = ratings(journey, level=2)
    second_goal = Goal.objects.filter(journey=journey)[1]
    del data[f"goal-{second_goal.public_id}"]

    response = open_portal(cast).post(save_url("ratings_save", journey), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Not saved. Choose one of the five levels for “Find time to think”." in page
    assert 'value="2" checked' in page
    assert not GoalRating.objects.exists()


def test_an_archived_clients_ratings_and_words_store_nothing(cast: Cast) -> None:
    journey = measured_journey(cast)
    review = ClosingReview.objects.create(journey=journey, client_asked_at=timezone.now())
    http = open_portal(cast)
    client_archive(client=cast.client)

    rated = http.post(save_url("ratings_save", journey), ratings(journey))
    words = http.post(save_url("closing_words_save", journey), {"words": "x", "version": "1"})

    assert (rated.status_code, words.status_code) == (403, 403)
    assert not GoalRating.objects.exists()
    assert ClosingReview.objects.get(pk=review.pk).client_words == ""


def test_a_revoked_link_stores_nothing(cast: Cast) -> None:
    journey = measured_journey(cast)
    http = open_portal(cast)
    PortalLink.objects.update(revoked_at=timezone.now())

    response = http.post(save_url("ratings_save", journey), ratings(journey))

    assert response.status_code == 403
    assert not GoalRating.objects.exists()


def test_another_clients_journey_is_not_found(cast: Cast) -> None:
    theirs = measured_journey(cast)
    other = open_portal(cast, cast.outsiders_client)

    response = other.post(save_url("ratings_save", theirs), ratings(theirs))

    assert response.status_code == 404
    assert not GoalRating.objects.exists()


def test_the_closing_section_takes_ratings_at_close_and_words_once(cast: Cast) -> None:
    journey = measured_journey(cast)
    ClosingReview.objects.create(journey=journey, client_asked_at=timezone.now())
    http = open_portal(cast)
    assert "Your coach asks for your closing reflections" in http.get(HOME).content.decode()

    http.post(save_url("ratings_save", journey), ratings(journey, 2, 8, "close"))
    first = http.post(
        save_url("closing_words_save", journey), {"words": "I say no now.", "version": "1"}
    )
    second = http.post(
        save_url("closing_words_save", journey),
        {"words": "I say no now.", "version": "1"},
        follow=True,
    )

    assert first.status_code == 302
    assert "already saved" in second.content.decode()
    review = ClosingReview.objects.get(journey=journey)
    assert (review.client_words, review.version) == ("I say no now.", 2)
    assert GoalRating.objects.filter(moment="close", rater="client").count() == 2


def test_closing_words_over_the_limit_are_refused_and_kept_in_the_box(cast: Cast) -> None:
    journey = measured_journey(cast)
    ClosingReview.objects.create(journey=journey, client_asked_at=timezone.now())
    long = "Shifted. " * 500

    response = open_portal(cast).post(
        save_url("closing_words_save", journey), {"words": long, "version": "1"}
    )

    assert response.status_code == 400
    assert "4000" in response.content.decode()
    assert long.strip()[:200] in response.content.decode()
    assert ClosingReview.objects.get(journey=journey).client_words == ""


# START is 7 September 2026; the default journey plans to end on 19 October 2026, so
# mid-way opens on 28 September. London is an hour ahead of UTC.
MIDWAY = datetime(2026, 9, 29, 12, 0, tzinfo=UTC)


def prompt_keys() -> list[list[str]]:
    return [n.covers for n in Nudge.objects.filter(kind=NudgeKind.CLIENT_PROMPTS)]


def test_the_mid_way_prompt_is_planned_once_per_journey(cast: Cast) -> None:
    journey = measured_journey(cast)
    key = f"goals-midway:{journey.public_id}"

    with time_machine.travel(MIDWAY, tick=False):
        plan_client_prompts()
    Nudge.objects.update(sent_at=MIDWAY)
    for days_later in (1, 4, 9):
        with time_machine.travel(MIDWAY + timedelta(days=days_later), tick=False):
            plan_client_prompts()

    assert [keys for keys in prompt_keys() if key in keys] == [[key]]
    (message,) = Nudge.objects.filter(kind=NudgeKind.CLIENT_PROMPTS)
    assert "Half way through your journey: rate your goals again" in message.body


def test_no_mid_way_prompt_before_halfway_or_once_rated(cast: Cast) -> None:
    journey = measured_journey(cast)
    with time_machine.travel(datetime(2026, 9, 20, 12, 0, tzinfo=UTC), tick=False):
        plan_client_prompts()
    with time_machine.travel(MIDWAY, tick=False):
        sent = ratings(journey, moment="midway")
        client_ratings_save(
            journey=journey,
            moment="midway",
            levels={k.removeprefix("goal-"): v for k, v in sent.items() if k.startswith("goal-")},
            values={k.removeprefix("area-"): v for k, v in sent.items() if k.startswith("area-")},
        )
        plan_client_prompts()

    assert GoalRating.objects.filter(moment="midway").count() == 2
    assert not [k for keys in prompt_keys() for k in keys if k.startswith("goals-midway:")]


def test_a_closing_journeys_client_is_told_their_coach_asks_for_reflections(
    cast: Cast,
) -> None:
    journey = measured_journey(cast)
    Journey.objects.filter(pk=journey.pk).update(status=JourneyStatus.CLOSING)
    ClosingReview.objects.create(journey=journey, client_asked_at=MIDWAY)

    with time_machine.travel(MIDWAY, tick=False):
        plan_client_prompts()

    (message,) = Nudge.objects.filter(kind=NudgeKind.CLIENT_PROMPTS)
    assert message.covers == [f"closing:{journey.public_id}"]
    assert "Your coach asks for your closing reflections" in message.body
