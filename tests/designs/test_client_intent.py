"""A phase's optional wording for the client: typed in the phase form, kept in the design
file (files without it import as before), and named in the diff between versions."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.designs.arc_input import arc_input
from arcwise.designs.design_file.reading import read_design
from arcwise.designs.design_file.writing import write_design
from arcwise.designs.diff import CHANGED, compare_designs
from arcwise.designs.models import Design, DesignVersion, Phase
from arcwise.designs.queries import phase_spec, version_spec
from arcwise.designs.services import creating, editing
from arcwise.designs.spec import CLIENT_INTENT_LENGTH
from arcwise.designs.starters import starters
from arcwise.svg.design_arc import render_design_arc
from tests.conftest import Cast
from tests.designs.factories import make_design, make_phase_spec, make_spec
from tests.designs.test_design_file import GOOD, refusal_for
from tests.designs.test_design_views import PHASE, new_phase

# A file as Arcwise wrote it before phases had wording for the client.
EARLIER_FILE = """arcwise: 1
design:
  name: Test arc
  purpose: For tests.
  audience: Test clients.
  cadence_days: 14
  phases:
  - key: orient
    name: Orient
    intent: Arrive and agree.
    planned_weeks: 2
    planned_sessions: 1
    readiness_signals: []
    session_prompts: []
    practices: []
    reflection_prompts: []
"""
WORDING = "We get to know each other and agree what you want from our work together."


def url(name: str, design: Design, **kwargs: Any) -> str:
    return reverse(f"designs:{name}", kwargs={"design_id": design.public_id, **kwargs})


# --- The design file -----------------------------------------------------------------------


def test_a_file_written_before_client_wording_imports_as_before() -> None:
    spec = read_design(EARLIER_FILE.encode())

    assert spec.phases[0].client_intent == ""
    assert write_design(spec) == EARLIER_FILE, "without client wording, the file is unchanged"


def test_client_wording_in_a_file_is_read_and_written_back() -> None:
    text = EARLIER_FILE.replace(
        "    intent: Arrive and agree.\n",
        f"    intent: Arrive and agree.\n    client_intent: {WORDING}\n",
    )

    spec = read_design(text.encode())

    assert spec.phases[0].client_intent == WORDING
    assert write_design(spec) == text


def test_empty_client_wording_in_a_file_is_no_wording() -> None:
    text = GOOD.replace(
        "    intent: Arrive and agree.\n", "    intent: Arrive and agree.\n    client_intent:\n"
    )

    assert read_design(text.encode()).phases[0].client_intent == ""


@pytest.mark.django_db
def test_too_long_client_wording_is_refused_naming_its_line(cast: Cast) -> None:
    too_long = "a" * (CLIENT_INTENT_LENGTH + 1)
    text = GOOD.replace(
        "    intent: Arrive and agree.\n",
        f"    intent: Arrive and agree.\n    client_intent: {too_long}\n",
    )

    problems = refusal_for(cast, text.encode())

    assert problems == [
        f"line 9, design.phases[1].client_intent: is {CLIENT_INTENT_LENGTH + 1} characters "
        f"long; at most {CLIENT_INTENT_LENGTH} fit."
    ]


@pytest.mark.django_db
def test_client_wording_survives_export_and_import_through_the_database(cast: Cast) -> None:
    spec = make_spec(phases=(make_phase_spec("orient", client_intent=WORDING),))
    design = creating.design_create(practice=cast.practice, owner=cast.coach, spec=spec)
    exported = write_design(version_spec(DesignVersion.objects.get(design=design)))

    copy = creating.design_import(practice=cast.practice, owner=cast.coach, data=exported.encode())

    assert Phase.objects.get(version__design=copy).client_intent == WORDING


@pytest.mark.parametrize("starter", starters(), ids=lambda item: item.key)
def test_every_starter_phase_speaks_to_the_client(starter: Any) -> None:
    for phase in starter.spec.phases:
        assert phase.client_intent, f"{phase.key} has no wording for the client"
        words = re.findall(r"[a-z]+", phase.client_intent.lower())
        assert {"you", "your"} & set(words), f"{phase.key}: speak to the client as “you”"
        assert "client" not in words, f"{phase.key}: not about “the client”"
        assert len(phase.client_intent) <= 200, f"{phase.key}: keep it short"


# --- The diff between versions -------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "said"),
    [
        ("", WORDING, "wording for the client added"),
        (WORDING, "Something else.", "wording for the client reworded"),
        (WORDING, "", "wording for the client removed"),
    ],
)
def test_the_diff_names_changed_client_wording(before: str, after: str, said: str) -> None:
    old = make_spec(phases=(make_phase_spec("orient", client_intent=before),))
    new = replace(old, phases=(replace(old.phases[0], client_intent=after),))

    diff = compare_designs(old, new)

    assert [(phase.kind, phase.changes) for phase in diff.phases] == [(CHANGED, (said,))]


# --- The phase form ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_phase_form_offers_optional_wording_for_the_client(
    cast: Cast, as_coach: HttpClient
) -> None:
    design = make_design(cast.practice, cast.coach, "orient")

    body = as_coach.get(url("phase_new", design)).content.decode()

    assert "For the client (optional)" in body
    assert "What the client sees about this phase in their portal" in body
    assert 'name="client_intent"' in body


@pytest.mark.django_db
def test_wording_for_the_client_is_saved_and_shown_in_the_designer(
    cast: Cast, as_coach: HttpClient
) -> None:
    design = make_design(cast.practice, cast.coach, "orient")

    as_coach.post(url("phase_new", design), new_phase(design, client_intent=f"  {WORDING}\r\n"))

    assert Phase.objects.get(version__design=design, key="meet-resistance").client_intent == WORDING
    assert WORDING in as_coach.get(url("designer", design)).content.decode()


@pytest.mark.django_db
def test_a_phase_without_client_wording_is_saved_without_it(
    cast: Cast, as_coach: HttpClient
) -> None:
    design = make_design(cast.practice, cast.coach, "orient")

    response = as_coach.post(url("phase_new", design), new_phase(design))

    assert response.status_code == 302
    assert Phase.objects.get(version__design=design, key="meet-resistance").client_intent == ""
    assert "For the client" not in as_coach.get(url("designer", design)).content.decode()


@pytest.mark.django_db
def test_clearing_the_client_wording_removes_it(cast: Cast, as_coach: HttpClient) -> None:
    design = make_design(
        cast.practice, cast.coach, phases=(make_phase_spec("orient", client_intent=WORDING),)
    )
    phase = Phase.objects.get(version__design=design)
    form = {
        **PHASE,
        "name": "Orient",
        "key": "orient",
        "client_intent": "",
        "revision": str(phase.revision),
    }

    as_coach.post(url("phase_edit", design, phase_id=phase.public_id), form)

    phase.refresh_from_db()
    assert phase.client_intent == ""


@pytest.mark.django_db
def test_too_long_client_wording_is_refused_beside_its_field(
    cast: Cast, as_coach: HttpClient
) -> None:
    design = make_design(cast.practice, cast.coach, "orient")

    response = as_coach.post(
        url("phase_new", design),
        new_phase(design, client_intent="a" * (CLIENT_INTENT_LENGTH + 1)),
    )

    assert response.status_code == 400
    assert response.context["form"].errors["client_intent"] == [
        f"Ensure this value has at most {CLIENT_INTENT_LENGTH} characters (it has "
        f"{CLIENT_INTENT_LENGTH + 1})."
    ]
    assert not Phase.objects.filter(key="meet-resistance").exists()


@pytest.mark.django_db
def test_the_service_clears_client_wording_when_a_phase_is_saved_without_it(cast: Cast) -> None:
    design = make_design(
        cast.practice, cast.coach, phases=(make_phase_spec("orient", client_intent=WORDING),)
    )
    phase = Phase.objects.select_related("version").get(version__design=design)

    editing.phase_update(phase=phase, spec=replace(phase_spec(phase), client_intent=""))

    phase.refresh_from_db()
    assert phase.client_intent == ""


def test_client_wording_leaves_the_design_arc_as_it_was() -> None:
    plain = make_spec("orient", "close")
    worded = replace(plain, phases=tuple(replace(p, client_intent=WORDING) for p in plain.phases))

    assert render_design_arc(arc_input(worded)) == render_design_arc(arc_input(plain))
