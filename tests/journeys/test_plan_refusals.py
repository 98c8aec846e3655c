"""Every refusal of a plan change says which field and why, where the coach sees it; a choice
made on a page the journey has since moved past says what changed and offers the choices as
they are now; sending a change twice changes nothing the second time and says why."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
import time_machine
from django.test import Client as HttpClient

from arcwise.journeys.models import Adaptation, Journey, PhaseRun
from arcwise.journeys.plan.services import phase_advance
from tests.conftest import Cast
from tests.journeys.factories import START, make_journey
from tests.journeys.pages import journey_url

pytestmark = pytest.mark.django_db

MARKED_BELOW = "marked below"


def text(response: object) -> str:
    return html.unescape(response.content.decode())  # type: ignore[attr-defined]


def words(response: object) -> str:
    """The page as a person reads it: no tags, one space between words."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).replace(" :", ":").split())


def move_on(journey: Journey, on: date = START) -> None:
    phase_advance(
        journey=journey, readiness_note="Ready.", on=on, expected_revision=journey.revision
    )


# --- 1. A refusal names its field and its reason -------------------------------------------


def test_an_inline_preview_without_a_reason_says_the_reason_is_missing(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)

    with time_machine.travel(START):
        response = as_coach.post(
            journey_url("adapt_preview", journey, kind="extend"),
            {"extend-weeks": "2", "extend-add_sessions": "0", "extend-revision": "1"},
            HTTP_HX_REQUEST="true",
        )

    page = text(response)
    assert response.status_code == 400
    assert MARKED_BELOW not in page
    assert "Reason: This field is required." in words(response)
    assert 'href="#id_extend-reason"' in page


def test_an_inline_preview_of_a_pause_in_the_past_says_which_date_is_wrong(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)

    with time_machine.travel(START):
        response = as_coach.post(
            journey_url("adapt_preview", journey, kind="pause"),
            {"pause-until": "2026-09-01", "pause-reason": "Surgery", "pause-revision": "1"},
            HTTP_HX_REQUEST="true",
        )

    page = text(response)
    assert MARKED_BELOW not in page
    assert "Expected back on: The expected return must be after today." in words(response)


@pytest.mark.parametrize("view", ["adapt_preview", "adapt"])
def test_a_form_without_its_revision_says_the_page_is_out_of_date(
    cast: Cast, as_coach: HttpClient, view: str
) -> None:
    journey = make_journey(cast.coach, cast.client)

    with time_machine.travel(START):
        response = as_coach.post(
            journey_url(view, journey, kind="extend"),
            {"extend-weeks": "2", "extend-add_sessions": "0", "extend-reason": "Travel"},
        )

    page = text(response)
    assert response.status_code == 400
    assert MARKED_BELOW not in page
    assert "This form is out of date. Reload the page and try again." in page
    assert not Adaptation.objects.exists()


# --- 2. A stale choice says what changed -----------------------------------------------------


def skip_experiment(revision: int = 1) -> dict[str, str]:
    return {
        "skip-phase": "experiment",
        "skip-sessions": "carry",
        "skip-reason": "She knows it",
        "skip-revision": str(revision),
    }


def test_a_skip_from_a_page_made_before_moving_on_says_the_journey_moved_on(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    move_on(journey)  # now in Experiment: skipping it is no longer a choice

    with time_machine.travel(START):
        response = as_coach.post(
            journey_url("adapt_preview", journey, kind="skip"), skip_experiment()
        )

    page = text(response)
    assert "Select a valid choice" not in page
    assert "This journey already moved on to Experiment." in page
    # The choices as they are now, none preset to a phase the coach did not choose.
    assert '<option value="close">Close</option>' in page
    assert 'value="experiment"' not in page
    assert 'name="skip-revision" value="2"' in page
    assert not Adaptation.objects.exists()


def test_a_stale_skip_by_htmx_replaces_the_form_with_the_current_choices(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    move_on(journey)

    with time_machine.travel(START):
        response = as_coach.post(
            journey_url("adapt_preview", journey, kind="skip"),
            skip_experiment(),
            HTTP_HX_REQUEST="true",
        )

    page = text(response)
    assert response.status_code == 409
    assert response["HX-Retarget"] == "closest form"
    assert "<html" not in page
    assert "This journey already moved on to Experiment." in page
    assert '<option value="close">Close</option>' in page
    assert 'hx-post="' in page


def test_a_stale_skip_confirmed_says_the_journey_moved_on(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)
    move_on(journey)

    with time_machine.travel(START):
        response = as_coach.post(
            journey_url("adapt", journey, kind="skip"), skip_experiment(), follow=True
        )

    page = text(response)
    assert "Select a valid choice" not in page
    assert "This journey already moved on to Experiment." in page
    assert "Skip a phase ahead" in page  # the journey page, with the choices as they are now
    assert not Adaptation.objects.exists()


def test_a_stale_revisit_says_the_journey_went_back_meanwhile(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    move_on(journey)
    revisit = {"revisit-phase": "orient", "revisit-reason": "Lost her footing"}
    with time_machine.travel(START):
        as_coach.post(
            journey_url("adapt", journey, kind="revisit"), {**revisit, "revisit-revision": "2"}
        )
        response = as_coach.post(
            journey_url("adapt_preview", journey, kind="revisit"),
            {**revisit, "revisit-revision": "2"},
            follow=True,
        )

    page = text(response)
    assert "Select a valid choice" not in page
    assert "This journey changed meanwhile: Went back to Orient." in page
    assert Adaptation.objects.filter(journey=journey).count() == 1


def test_a_stale_extend_preview_says_what_changed_instead_of_extending_another_phase(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    move_on(journey)
    extend = {"extend-weeks": "2", "extend-add_sessions": "0", "extend-reason": "Travel"}

    with time_machine.travel(START):
        response = as_coach.post(
            journey_url("adapt_preview", journey, kind="extend"), {**extend, "extend-revision": "1"}
        )

    page = text(response)
    assert "This journey already moved on to Experiment." in page
    assert "Confirm: extend" not in page
    assert 'name="extend-revision" value="2"' in page


def test_a_stale_adaptation_no_longer_on_offer_goes_back_to_the_journey_and_says_why(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    move_on(journey)
    move_on(Journey.objects.get(pk=journey.pk))  # in Close: nothing left to skip

    with time_machine.travel(START):
        response = as_coach.post(
            journey_url("adapt_preview", journey, kind="skip"), skip_experiment(revision=2)
        )

    assert response.status_code == 302
    follow = as_coach.get(response["Location"])
    assert "This journey already moved on to Close." in text(follow)


def test_moving_on_twice_from_the_journey_page_moves_once_and_says_where_it_is(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    data = {"readiness_note": "She named the pattern.", "on": "2026-09-07", "revision": "1"}

    with time_machine.travel(START):
        as_coach.post(journey_url("advance", journey), data)
        second = as_coach.post(journey_url("advance", journey), data, follow=True)

    page = text(second)
    assert "This journey already moved on to Experiment." in page
    assert "Nothing was changed this time" in page
    assert PhaseRun.objects.filter(journey=journey).count() == 2


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("extend", {"weeks": "2", "add_sessions": "0"}),
        ("insert_session", {"day": "2026-09-10", "at": "10:00"}),
        ("pause", {"until": "2026-10-05"}),
    ],
)
def test_every_adaptation_sent_twice_changes_once_and_says_why(
    cast: Cast, as_coach: HttpClient, kind: str, data: dict[str, str]
) -> None:
    journey = make_journey(cast.coach, cast.client)
    post = {f"{kind}-{k}": v for k, v in {**data, "reason": "Right now", "revision": "1"}.items()}

    with time_machine.travel(START):
        as_coach.post(journey_url("adapt", journey, kind=kind), post)
        second = as_coach.post(journey_url("adapt", journey, kind=kind), post, follow=True)

    page = text(second)
    assert "Nothing was changed this time" in page
    assert "Select a valid choice" not in page
    assert Adaptation.objects.filter(journey=journey).count() == 1
