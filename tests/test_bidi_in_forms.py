"""Bidirectional control characters are refused, with a message at the field, wherever names
and text are typed: sign-up, account, invitations, clients, designs, and journeys."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from django import forms
from django.test import Client as HttpClient
from django.urls import reverse

import arcwise
from arcwise.accounts.models import Practice, User
from arcwise.clients.models import Client
from arcwise.designs.models import Design, DesignVersion, Phase
from arcwise.forms_common import SafeTextForm
from arcwise.journeys.models import Experiment, Session
from tests.conftest import Cast
from tests.designs.factories import make_design
from tests.journeys.factories import make_journey

pytestmark = pytest.mark.django_db

RLO = "\u202e"  # right-to-left override: "Ann\u202eevoL" shows as "AnnLove"
SPOOFED = f"Ann{RLO}evoL"
MESSAGE = "This holds an invisible right-to-left override (U+202E)"


def all_arcwise_forms() -> list[type[forms.Form]]:
    # Forms live in forms.py, but also beside the code that uses them (adaptations,
    # endings): import every module so none is missed.
    for module in pkgutil.walk_packages(arcwise.__path__, "arcwise."):
        if ".migrations" not in module.name and module.name != "arcwise.wsgi":
            importlib.import_module(module.name)
    found: set[type[forms.Form]] = set()
    pending: list[type[forms.BaseForm]] = [forms.Form]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.startswith("arcwise."):
                found.add(subclass)  # type: ignore[arg-type]
    return sorted(found, key=lambda form: f"{form.__module__}.{form.__qualname__}")


def test_every_arcwise_form_refuses_bidirectional_controls() -> None:
    forms_found = all_arcwise_forms()

    unsafe = [
        f"{form.__module__}.{form.__qualname__}"
        for form in forms_found
        if not issubclass(form, SafeTextForm)
    ]
    assert len(forms_found) > 20
    assert unsafe == [], "derive these from arcwise.forms_common.SafeTextForm"


def test_passwords_may_hold_any_character() -> None:
    from arcwise.accounts.forms import SignInForm

    form = SignInForm({"email": "cora@example.com", "password": f"pass{RLO}word"})

    assert form.is_valid()


def shows_refusal(response: Any) -> None:
    body = response.content.decode()
    assert response.status_code in (200, 400)
    assert MESSAGE in body


def test_sign_up_refuses_a_spoofed_name_and_practice_name(db: None) -> None:
    response = HttpClient().post(
        reverse("accounts:sign_up"),
        {
            "name": SPOOFED,
            "email": f"ann@exam{RLO}ple.com",
            "password": "slow-rivers-carve-stone",
            "practice_name": SPOOFED,
            "time_zone": "UTC",
        },
    )

    shows_refusal(response)
    assert response.content.decode().count(MESSAGE) == 3
    assert not User.objects.exists()
    assert not Practice.objects.exists()


def test_the_account_page_refuses_a_spoofed_name(cast: Cast, as_coach: HttpClient) -> None:
    shows_refusal(as_coach.post(reverse("accounts:account"), {"name": SPOOFED, "time_zone": "UTC"}))
    cast.coach.refresh_from_db()
    assert cast.coach.name == "Cora Coach"


def test_an_invitation_to_a_spoofed_address_is_refused(cast: Cast, as_owner: HttpClient) -> None:
    shows_refusal(
        as_owner.post(
            reverse("accounts:invitation_create"),
            {"email": f"new@exam{RLO}ple.com", "role": "coach"},
        )
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", SPOOFED),
        ("email", f"quentin@example.org{RLO}"),
        ("notes", f"Fine.\nLine two {RLO}hides"),
    ],
)
def test_a_client_field_holding_one_is_refused_at_the_field(
    field: str, value: str, cast: Cast, as_coach: HttpClient
) -> None:
    data = {"name": "New Client", "email": "new@example.org", "time_zone": "UTC", "notes": ""}

    response = as_coach.post(reverse("clients:create"), {**data, field: value})

    shows_refusal(response)
    assert f'id="id_{field}-errors"' in response.content.decode()
    assert not Client.objects.filter(email="new@example.org").exists()


def test_a_design_name_holding_one_is_refused(cast: Cast, as_coach: HttpClient) -> None:
    response = as_coach.post(
        reverse("designs:new"),
        {
            "name": SPOOFED,
            "purpose": "",
            "audience": "",
            "cadence_days": "14",
            "visibility": "private",
        },
    )

    shows_refusal(response)
    assert not Design.objects.exists()


def test_a_phase_and_its_practices_holding_one_are_refused(
    cast: Cast, as_coach: HttpClient
) -> None:
    design = make_design(cast.practice, cast.coach, "orient")
    phase = {
        "name": "Meet resistance",
        "key": "",
        "intent": "Work with what holds the old pattern.",
        "planned_weeks": "4",
        "planned_sessions": "2",
        "readiness_signals": f"Names it\nLaughs {RLO}at it",
        "session_prompts": "",
        "experience_prompts": "",
        "reflection_prompts": "",
        "integration_prompts": "",
        "practices-TOTAL_FORMS": "1",
        "practices-INITIAL_FORMS": "0",
        "practices-MIN_NUM_FORMS": "0",
        "practices-MAX_NUM_FORMS": "30",
        "practices-0-title": SPOOFED,
        "practices-0-description": "",
    }

    response = as_coach.post(
        reverse("designs:phase_new", kwargs={"design_id": design.public_id}), phase
    )

    assert response.content.decode().count(MESSAGE) == 2
    assert not Phase.objects.filter(name="Meet resistance").exists()
    assert DesignVersion.objects.filter(design=design).count() == 1


def test_journey_notes_experiments_and_reasons_holding_one_are_refused(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    session = Session.objects.filter(journey=journey).first()
    assert session is not None
    ids = {"journey_id": journey.public_id, "session_id": session.public_id}

    record = as_coach.post(
        reverse("journeys:session_record", kwargs=ids),
        {"notes": f"Said {RLO}yes", "key_insights": "", "agreements": "", "record_version": "1"},
    )
    experiment = as_coach.post(
        reverse("journeys:experiment_agree", kwargs=ids),
        {"title": SPOOFED, "what_to_try": "Decline one request", "by_when": "2026-09-18"},
    )
    pause = as_coach.post(
        reverse("journeys:adapt", kwargs={"journey_id": journey.public_id, "kind": "pause"}),
        {"pause-reason": f"Travelling {RLO}abroad"},
        follow=True,
    )

    shows_refusal(record)
    shows_refusal(experiment)
    shows_refusal(pause)
    assert Session.objects.get(pk=session.pk).notes == ""
    assert not Experiment.objects.exists()
    assert journey.adaptations.count() == 0
