"""Marking a session held asks the client for the phase's reflections, spread over the gap
to the next session in cycle order, once; the coach reads the answers in prep."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from arcwise.designs.models import Phase
from arcwise.errors import DomainError
from arcwise.journeys.models import Experiment, Session, SessionStatus
from arcwise.journeys.sessions.services import session_set_status
from arcwise.portal.models import ExperimentCheckIn, ReflectionRequest
from tests.conftest import Cast
from tests.journeys.factories import START, make_journey
from tests.portal.helpers import (
    DAY_AFTER,
    agree_experiment,
    hold,
    journey_with_prompts,
    sessions_of,
)
from tests.races import in_two_threads


@pytest.fixture(autouse=True)
def clock() -> Any:
    with time_machine.travel(DAY_AFTER, tick=False) as traveller:
        yield traveller


def requests_of(session: Session) -> list[tuple[str, date]]:
    rows = ReflectionRequest.objects.filter(session=session).order_by("due_on", "step")
    return [(r.step, r.due_on) for r in rows]


def test_marking_a_session_held_asks_for_reflections_in_cycle_order(cast: Cast) -> None:
    journey = journey_with_prompts(cast)
    first, second = sessions_of(journey)[:2]
    assert (second.starts_at - first.starts_at).days == 14

    hold(first)

    assert requests_of(first) == [
        ("experience", START + timedelta(days=3)),
        ("reflection", START + timedelta(days=7)),
        ("integration", START + timedelta(days=10)),
    ]
    asked = ReflectionRequest.objects.get(step="experience")
    assert asked.prompt == "What happened when you said no?"
    assert asked.phase.key == "orient"


def test_marking_held_again_asks_nothing_twice(cast: Cast) -> None:
    journey = journey_with_prompts(cast)
    first = sessions_of(journey)[0]
    hold(first)
    session_set_status(session=first, status=SessionStatus.PLANNED, from_status=SessionStatus.HELD)

    hold(Session.objects.get(pk=first.pk))

    assert ReflectionRequest.objects.count() == 3


def test_a_refused_status_change_asks_nothing(cast: Cast) -> None:
    journey = journey_with_prompts(cast)
    future = sessions_of(journey)[1]

    with pytest.raises(DomainError):
        hold(future)

    assert not ReflectionRequest.objects.exists()


def test_a_phase_without_prompts_asks_nothing(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)

    Phase.objects.filter(version=journey.design_version).update(reflection_prompts=[])

    hold(sessions_of(journey)[0])

    assert not ReflectionRequest.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_held_marks_at_once_ask_once(cast: Cast) -> None:
    journey = journey_with_prompts(cast)
    first = sessions_of(journey)[0]

    outcomes = in_two_threads(lambda: hold(Session.objects.get(pk=first.pk)))

    assert sum(isinstance(o, DomainError) for o in outcomes) == 1
    assert ReflectionRequest.objects.count() == 3


def test_prep_shows_reflections_since_the_last_session(
    cast: Cast, as_coach: HttpClient, clock: Any
) -> None:
    journey = journey_with_prompts(cast)
    hold(sessions_of(journey)[0])
    ReflectionRequest.objects.filter(step="reflection").update(
        answer="I notice I rush to fix.", answered_at=timezone.now()
    )

    page = as_coach.get(reverse("journeys:prep", args=[journey.public_id])).content.decode()

    reflections = page[page.index("Reflections since the last session") :]
    assert "I notice I rush to fix." in reflections
    assert "What did you notice in yourself?" in reflections
    assert "Not answered yet (asked from 10 September)" in reflections
    assert "None yet. When the client portal is set up" not in page


def test_the_journey_page_shows_answered_reflections(cast: Cast, as_coach: HttpClient) -> None:
    journey = journey_with_prompts(cast)
    hold(sessions_of(journey)[0])
    ReflectionRequest.objects.filter(step="integration").update(
        answer="Keep saying no on Fridays.", answered_at=timezone.now()
    )

    page = as_coach.get(reverse("journeys:detail", args=[journey.public_id])).content.decode()

    assert "Keep saying no on Fridays." in page
    assert "What happened when you said no?" not in page  # not answered: not listed


def test_prep_shows_the_check_in_beside_the_experiment_with_the_debrief(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = journey_with_prompts(cast)
    experiment = agree_experiment(journey)
    ExperimentCheckIn.objects.create(
        experiment=experiment, tried="yes", what_happened="They said fine, no drama."
    )
    Experiment.objects.filter(pk=experiment.pk).update(
        status="done", debrief="Saying no costs less than feared.", closed_at=timezone.now()
    )

    page = as_coach.get(reverse("journeys:prep", args=[journey.public_id])).content.decode()

    item = page[page.index(f'id="experiment-{experiment.public_id}"') :]
    item = item[: item.index("</li>")]
    assert "Saying no costs less than feared." in item
    assert "They said fine, no drama." in item
    assert "Tried it: Yes" in item


@pytest.mark.parametrize("size", [10, 200])
def test_prep_costs_the_same_queries_however_many_reflections_and_check_ins(
    cast: Cast, as_coach: HttpClient, size: int, django_assert_num_queries: Any
) -> None:
    journey = journey_with_prompts(cast)
    first = sessions_of(journey)[0]
    hold(first)
    phase = ReflectionRequest.objects.first().phase  # type: ignore[union-attr]
    ReflectionRequest.objects.bulk_create(
        ReflectionRequest(
            journey=journey,
            session=first,
            phase=phase,
            position=10 + n,
            step="reflection",
            prompt=f"Prompt {n}",
            due_on=START,
            answer=f"Answer {n}",
            answered_at=timezone.now(),
        )
        for n in range(size)
    )
    for n in range(size // 10):
        ExperimentCheckIn.objects.create(
            experiment=agree_experiment(journey, title=f"Try {n}"), what_happened=f"Did {n}"
        )

    # session, user, memberships; journey, phases, runs, stages, sessions, adaptations,
    # experiments, threads, pulse answers; the reflections and the check-ins; prep also
    # the client's check-in before the next session; the journey page also insights' two
    # for mentor review (the mentors, their comments); both pages insights' eight for
    # momentum: the practice's thresholds and seven facts; the journey page also the
    # outcomes' four for its goals (goals, their ratings, the wheel's areas, their ratings);
    # both pages the closing review's one (is it under way?), the journey page one more
    # for its ending section; the journey page also the sponsor's three (the agreement,
    # the practice's sponsors, invitations to sponsors); the audit log's four for each kind
    # of record read (prep: the notes and the reflections; the journey page: the reflections);
    # both pages the header's count of unread messages, prep the messages since the session;
    # the journey page also booking's two (the moves waiting, the video links)
    with django_assert_num_queries(34):
        prep = as_coach.get(reverse("journeys:prep", args=[journey.public_id]))
    with django_assert_num_queries(40):
        as_coach.get(reverse("journeys:detail", args=[journey.public_id]))
    assert prep.content.decode().count("Answer ") == size
    assert prep.content.decode().count("The client's check-in") == size // 10
