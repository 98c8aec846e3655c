"""A design suggests the wheel's areas; files without them still import unchanged."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.designs.design_file.reading import read_design
from arcwise.designs.design_file.writing import write_design
from arcwise.designs.models import DesignVersion
from arcwise.designs.queries import version_spec
from arcwise.designs.services import creating
from arcwise.designs.starters import starters
from tests.conftest import Cast
from tests.designs.factories import draft_state, make_design
from tests.designs.test_design_file import GOOD, refusal_for

WITH_AREAS = GOOD.replace(
    "  cadence_days: 14\n",
    "  cadence_days: 14\n  wheel_areas:\n  - Energy\n  - Clarity of direction\n  - Delegation\n",
)


@pytest.mark.django_db
def test_a_file_with_areas_keeps_them_and_exports_them_again(cast: Cast) -> None:
    design = creating.design_import(
        practice=cast.practice, owner=cast.coach, data=WITH_AREAS.encode()
    )

    version = DesignVersion.objects.get(design=design)
    assert version.wheel_areas == ["Energy", "Clarity of direction", "Delegation"]
    assert write_design(version_spec(version)) == write_design(read_design(WITH_AREAS.encode()))
    assert "wheel_areas:\n  - Energy" in write_design(version_spec(version))


@pytest.mark.django_db
def test_a_file_without_areas_exports_without_them(cast: Cast) -> None:
    design = creating.design_import(practice=cast.practice, owner=cast.coach, data=GOOD.encode())

    version = DesignVersion.objects.get(design=design)
    assert version.wheel_areas == []
    assert "wheel_areas" not in write_design(version_spec(version))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("areas", "problem"),
    [
        (
            "[Energy, Calm]",
            "line 5, design.wheel_areas: name 3 to 10 areas, or none (there are 2).",
        ),
        ("[Energy, Calm, energy]", "line 5, design.wheel_areas[3]: “energy” is named twice."),
    ],
)
def test_a_wheel_out_of_bounds_is_refused_with_its_field(
    cast: Cast, areas: str, problem: str
) -> None:
    text = GOOD.replace("  cadence_days: 14\n", f"  cadence_days: 14\n  wheel_areas: {areas}\n")

    assert problem in refusal_for(cast, text.encode())


@pytest.mark.django_db
def test_a_name_longer_than_40_characters_is_refused(cast: Cast) -> None:
    text = GOOD.replace(
        "  cadence_days: 14\n", f"  cadence_days: 14\n  wheel_areas: [A, B, {'x' * 41}]\n"
    )

    problems = refusal_for(cast, text.encode())

    assert any("wheel_areas[3]" in p and "40" in p for p in problems)


@pytest.mark.django_db
def test_the_designer_saves_areas_one_per_line(cast: Cast, as_coach: HttpClient) -> None:
    design = make_design(cast.practice, cast.coach, published=True)
    creating.draft_start(design=design, user=cast.coach)

    response = as_coach.post(
        reverse("designs:draft_details", kwargs={"design_id": design.public_id}),
        {
            "name": "Arc",
            "cadence_days": "14",
            "wheel_areas": "Energy\n\n  Calm  \nFocus",
            **draft_state(design),
        },
    )

    assert response.status_code == 302
    draft = DesignVersion.objects.get(design=design, published_at=None)
    assert draft.wheel_areas == ["Energy", "Calm", "Focus"]


@pytest.mark.django_db
def test_the_same_area_twice_is_refused_next_to_the_field(cast: Cast, as_coach: HttpClient) -> None:
    response = as_coach.post(
        reverse("designs:new"),
        {
            "name": "Wheel arc",
            "cadence_days": "14",
            "wheel_areas": "Energy\nCalm\nenergy",
            "visibility": "private",
        },
    )

    assert 'id="id_wheel_areas-errors"' in response.content.decode()
    assert not DesignVersion.objects.filter(name="Wheel arc").exists()


@pytest.mark.parametrize("starter", starters(), ids=lambda item: item.key)
def test_every_starter_suggests_a_wheel(starter: object) -> None:
    areas = starter.spec.wheel_areas  # type: ignore[attr-defined]

    assert 3 <= len(areas) <= 10
