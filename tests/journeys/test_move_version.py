"""A running journey moves onto a newer version of its design: history mapped by key, the plan
ahead from the new version, the move logged, and a stale or repeated move refused."""

from __future__ import annotations

from dataclasses import replace

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.designs.models import DesignVersion
from arcwise.designs.spec import PhaseSpec
from arcwise.errors import DomainError
from arcwise.journeys.models import Adaptation, Journey, PhaseRun, PlanStage, Session
from arcwise.journeys.pages.state import JourneyState
from arcwise.journeys.plan.moving import journey_move_version
from arcwise.journeys.plan.services import phase_advance
from tests.conftest import Cast
from tests.journeys.factories import START, days, make_journey, publish_newer_version

pytestmark = pytest.mark.django_db
TODAY = START + days(16)


def practise_instead_of_experiment(phases: tuple[PhaseSpec, ...]) -> tuple[PhaseSpec, ...]:
    orient, _experiment, close = phases
    practise = replace(orient, key="practise", name="Practise", planned_weeks=3)
    return (replace(orient, name="Arrive"), practise, close)


def journey_in_experiment(cast: Cast) -> Journey:
    journey = make_journey(cast.coach, cast.client)
    phase_advance(journey=journey, readiness_note="Ready", on=START + days(14), expected_revision=1)
    first = Session.objects.filter(journey=journey).order_by("starts_at").first()
    assert first is not None
    Session.objects.filter(pk=first.pk).update(status="held")
    return Journey.objects.get(pk=journey.pk)


def move(journey: Journey, version: DesignVersion, continue_at: str, revision: int) -> None:
    journey_move_version(
        journey=journey,
        version=version,
        continue_at=continue_at,
        reason="The practice redesigned the middle.",
        by=journey.coach,
        today=TODAY,
        expected_revision=revision,
    )


def test_moving_keeps_history_by_key_and_plans_ahead_from_the_new_version(cast: Cast) -> None:
    journey = journey_in_experiment(cast)
    newer = publish_newer_version(journey.design_version, practise_instead_of_experiment)

    move(journey, newer, "practise", journey.revision)

    journey = Journey.objects.get(pk=journey.pk)
    assert journey.design_version == newer
    runs = list(PhaseRun.objects.filter(journey=journey).select_related("phase__version"))
    # Orient exists in the new version: its run now names it; Experiment keeps its old phase.
    assert [(r.phase.key, r.phase.version.number, r.left_on) for r in runs] == [
        ("orient", 2, START + days(14)),
        ("experiment", 1, TODAY),
        ("practise", 2, None),
    ]
    held = Session.objects.get(journey=journey, status="held")
    assert (held.phase.name, held.phase.version.number) == ("Arrive", 2)
    assert list(PlanStage.objects.filter(journey=journey).values_list("phase__key", flat=True)) == [
        "practise",
        "close",
    ]
    to_come = Session.objects.filter(
        journey=journey, status="planned", starts_at__date__gte=TODAY
    ).select_related("phase")
    assert {s.phase.key for s in to_come} == {"practise", "close"}
    (log,) = JourneyState.of(journey).log
    assert log.label == "Moved to a newer version of the design (from version 1 to version 2)"
    logged = Adaptation.objects.select_related("phase").get(journey=journey)
    assert logged.phase is not None
    assert logged.phase.key == "practise"


def test_the_journey_page_still_draws_a_phase_the_new_version_lacks(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = journey_in_experiment(cast)
    newer = publish_newer_version(journey.design_version, practise_instead_of_experiment)
    move(journey, newer, "practise", journey.revision)

    with time_machine.travel(TODAY):
        page = as_coach.get(reverse("journeys:detail", args=[journey.public_id]))

    assert page.status_code == 200
    assert "Experiment" in page.content.decode()
    assert "Now: Practise" in page.content.decode()


def test_a_repeated_move_changes_nothing(cast: Cast) -> None:
    journey = journey_in_experiment(cast)
    newer = publish_newer_version(journey.design_version, practise_instead_of_experiment)
    revision = journey.revision
    move(journey, newer, "practise", revision)

    with pytest.raises(DomainError, match="Nothing was changed"):
        move(journey, newer, "practise", revision)
    assert PhaseRun.objects.filter(journey=journey).count() == 3


def test_only_a_newer_published_version_of_the_same_design_is_accepted(cast: Cast) -> None:
    journey = journey_in_experiment(cast)
    other = make_journey(cast.coach, cast.client, another_open_confirmed=True)

    with pytest.raises(DomainError, match="newer than this journey's"):
        move(journey, other.design_version, "orient", journey.revision)
    with pytest.raises(DomainError, match="newer than this journey's"):
        move(journey, journey.design_version, "orient", journey.revision)


def test_the_journey_page_says_a_newer_version_is_published(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = journey_in_experiment(cast)
    url = reverse("journeys:detail", args=[journey.public_id])
    assert "Version 2 of this design is published" not in as_coach.get(url).content.decode()

    publish_newer_version(journey.design_version, practise_instead_of_experiment)

    assert "Version 2 of this design is published" in as_coach.get(url).content.decode()


def test_the_move_page_shows_the_design_diff_and_the_plan_effect_without_changing_anything(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = journey_in_experiment(cast)
    publish_newer_version(journey.design_version, practise_instead_of_experiment)
    url = reverse("journeys:move_version", args=[journey.public_id])

    with time_machine.travel(TODAY):
        first = as_coach.get(url).content.decode()
        preview = as_coach.get(url, {"version": "2", "continue_at": "practise"}).content.decode()

    assert "renamed from “Orient”" in first
    assert "no longer in the design" in first
    assert "Choose where the journey goes on" in first  # Experiment is gone: the coach picks
    assert "Move to version 2" in preview
    assert "now in Practise" in preview
    assert Journey.objects.get(pk=journey.pk).design_version.number == 1


def confirm_move(journey: Journey, *, reason: str = "") -> dict[str, str]:
    """What the move page's confirm button sends, continuing in Practise."""
    return {
        "version": "2",
        "continue_at": "practise",
        "reason": reason,
        "revision": str(journey.revision),
    }


def test_confirming_the_move_with_the_reason_left_empty_moves_it(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = journey_in_experiment(cast)
    publish_newer_version(journey.design_version, practise_instead_of_experiment)
    url = reverse("journeys:move_version", args=[journey.public_id])

    with time_machine.travel(TODAY):
        page = as_coach.post(url, confirm_move(journey), follow=True)

    assert "The journey now runs on version 2." in page.content.decode()
    assert Journey.objects.get(pk=journey.pk).design_version.number == 2
    logged = Adaptation.objects.get(journey=journey, kind="move_version")
    assert logged.reason == "No reason given."


def test_confirming_the_move_twice_says_what_changed_meanwhile_and_moves_once(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = journey_in_experiment(cast)
    publish_newer_version(journey.design_version, practise_instead_of_experiment)
    url = reverse("journeys:move_version", args=[journey.public_id])
    data = confirm_move(journey)

    with time_machine.travel(TODAY):
        as_coach.post(url, data)
        second = as_coach.post(url, data, follow=True)

    text = second.content.decode()
    assert "This journey changed meanwhile: Moved to a newer version of the design" in text
    assert "(from version 1 to version 2). Nothing was changed this time" in text
    assert Adaptation.objects.filter(journey=journey, kind="move_version").count() == 1
    assert PhaseRun.objects.filter(journey=journey).count() == 3


def test_a_reason_too_long_shows_the_page_again_with_the_reason_marked(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = journey_in_experiment(cast)
    publish_newer_version(journey.design_version, practise_instead_of_experiment)
    url = reverse("journeys:move_version", args=[journey.public_id])

    with time_machine.travel(TODAY):
        page = as_coach.post(url, confirm_move(journey, reason="x" * 201))

    text = page.content.decode()
    assert page.status_code == 400
    assert "at most 200 characters" in text
    assert 'aria-invalid="true"' in text
    assert "Move to version 2" in text  # the preview and its button are still there
    assert Journey.objects.get(pk=journey.pk).design_version.number == 1
