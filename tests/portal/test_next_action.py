"""The portal opens with one next action, chosen in a stated order, and shows it once: the
section it usually sits in leaves it out."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from typing import cast as typed

import pytest
import time_machine
from django.db.models import F
from django.urls import reverse

from arcwise.designs.intake_spec import IntakeQuestion, QuestionKind, question_record
from arcwise.designs.models import DesignVersion
from arcwise.intake.services import intake_save, intake_submit
from arcwise.journeys.models import Journey, Session
from arcwise.portal.models import ExperimentCheckIn, ReflectionRequest, SessionCheckIn
from arcwise.portal.next_action import MAKERS, NextAction, next_action
from arcwise.portal.page import PortalPage, portal_page
from tests.conftest import Cast
from tests.portal.helpers import (
    DAY_AFTER,
    agree_experiment,
    hold,
    journey_with_prompts,
    open_portal,
    sessions_of,
)
from tests.sponsors.factories import sponsor, summary_make

# A fortnight after the first session: every reflection it asked for is due.
LATER = DAY_AFTER + timedelta(days=12)


@pytest.fixture(autouse=True)
def clock() -> Any:
    with time_machine.travel(DAY_AFTER, tick=False) as traveller:
        yield traveller


@pytest.fixture
def journey(cast: Cast, clock: Any) -> Journey:
    journey = journey_with_prompts(cast)
    hold(sessions_of(journey)[0])
    clock.move_to(LATER)
    # The sessions ahead a fortnight further on: no session's questions are open yet.
    Session.objects.filter(journey=journey, starts_at__gt=LATER).update(
        starts_at=F("starts_at") + timedelta(days=14)
    )
    return journey


def kind(cast: Cast) -> str | None:
    action = portal_page(cast.client).next
    return action.kind if action else None


def home(cast: Cast) -> str:
    return open_portal(cast).get(reverse("portal:home")).content.decode()


def answer_every_reflection() -> None:
    ReflectionRequest.objects.update(answer="Answered.", version=2)


def test_with_nothing_asked_the_page_says_so_above_the_next_session(cast: Cast, clock: Any) -> None:
    journey_with_prompts(cast)  # no session held yet: nothing is due

    page = home(cast)

    assert kind(cast) is None
    assert page.index("Nothing asked of you right now") < page.index("Your next session")


def test_a_waiting_reflection_comes_first_oldest_first_and_once(
    cast: Cast, journey: Journey
) -> None:
    page = home(cast)

    action = portal_page(cast.client).next
    assert action is not None
    assert action.kind == "reflection"
    first = typed(ReflectionRequest, action.subject)
    assert first.prompt == "What happened when you said no?", "the experience step first"
    assert page.count(f'id="answer-{first.public_id}"') == 1, "not again in its fold"
    now = page.index('class="portal-now"')
    assert now < page.index(first.prompt) < page.index("Your next session")
    assert 'Reflections <span class="portal-fold__count">(2)</span>' in page


def test_the_intake_comes_first_until_it_is_sent_and_shows_once(
    cast: Cast, journey: Journey
) -> None:
    hopes = IntakeQuestion(key="hopes", kind=QuestionKind.TEXT, prompt="What do you hope for?")
    DesignVersion.objects.filter(pk=journey.design_version_id).update(
        intake=[question_record(hopes)]
    )

    assert kind(cast) == "intake", "before the waiting reflections"
    assert home(cast).count("Before your first session") == 1, "not again below"

    intake_save(journey=journey, answers={"hopes": "Calm weeks"}, expected_revision=0)
    assert kind(cast) == "intake", "saved part-way is not sent"
    intake_submit(journey=journey, expected_revision=1)
    assert kind(cast) == "reflection"
    assert portal_page(cast.client).intakes == [], "no card left below either"


def test_the_questions_before_a_near_session_come_before_a_reflection(
    cast: Cast, journey: Journey
) -> None:
    soon = sessions_of(journey)[1]
    Session.objects.filter(pk=soon.pk).update(starts_at=LATER + timedelta(days=1))

    assert kind(cast) == "session_check_in"

    SessionCheckIn.objects.create(session=soon, journey=journey, since_last="Calm weeks.")
    assert kind(cast) == "reflection", "answered, the questions wait in their fold"


def test_a_summary_for_the_sponsor_comes_after_reflections_and_before_experiments(
    cast: Cast, journey: Journey
) -> None:
    agree_experiment(journey)
    summary_make(sponsor(cast, journey))

    assert kind(cast) == "reflection"
    answer_every_reflection()
    assert kind(cast) == "sponsor_summary"
    page = home(cast)
    assert page.count("Approve for Acme Holdings") == 1
    assert page.index("Approve for Acme Holdings") < page.index("Your next session")


def test_an_experiment_without_a_check_in_comes_before_the_weekly_pulse(
    cast: Cast, journey: Journey
) -> None:
    Journey.objects.filter(pk=journey.pk).update(pulse_scales=["Energy"])
    experiment = agree_experiment(journey)
    answer_every_reflection()

    assert kind(cast) == "experiment"
    page = home(cast)
    assert page.count(f'id="happened-{experiment.public_id}"') == 1
    assert 'Your experiments <span class="portal-fold__count">(0)</span>' in page

    ExperimentCheckIn.objects.create(experiment=experiment, tried="yes")
    assert kind(cast) == "pulse"


def test_a_refused_pulse_comes_first_with_its_reason_and_what_was_chosen(
    cast: Cast, journey: Journey
) -> None:
    Journey.objects.filter(pk=journey.pk).update(pulse_scales=["Energy", "Room"])
    http = open_portal(cast)

    response = http.post(reverse("portal:pulse_save", args=[journey.public_id]), {"scale_1": 3})

    page = response.content.decode()
    assert response.status_code == 400
    now = re.search(r'<div class="portal-now">.*?Your next session', page, re.S)
    assert now is not None
    assert "Not saved. Choose a number from 0 to 10 for “Energy”." in now[0]
    assert 'name="scale_1" value="3" checked' in now[0]
    assert "What happened when you said no?" not in now[0], "the reflection waits its turn"


def test_the_first_maker_to_find_an_action_wins() -> None:
    first, second = NextAction("a", 1, "a.html"), NextAction("b", 2, "b.html")
    page = typed(PortalPage, object())

    found = next_action(page, makers=(lambda _: None, lambda _: first, lambda _: second))

    assert found is first
    assert next_action(page, makers=(lambda _: None,)) is None


def test_the_order_of_the_makers_is_the_documented_one() -> None:
    assert [maker.__name__ for maker in MAKERS] == [
        "refused_form",
        "intake_waiting",
        "closing_asked",
        "ratings_open",
        "session_questions",
        "reflection_waiting",
        "summary_to_approve",
        "experiment_unchecked",
        "pulse_this_week",
    ]
