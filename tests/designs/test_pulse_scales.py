"""A design names the client's weekly pulse scales; files without them still import."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.designs.design_file.reading import read_design
from arcwise.designs.design_file.writing import write_design
from arcwise.designs.models import DesignVersion
from arcwise.designs.queries import version_spec
from arcwise.designs.services import creating
from tests.conftest import Cast
from tests.designs.test_design_file import GOOD, refusal_for

WITH_SCALES = GOOD.replace(
    "  cadence_days: 14\n",
    "  cadence_days: 14\n  pulse_scales:\n  - room for this work\n  - confidence saying no\n",
)


@pytest.mark.django_db
def test_a_file_with_scales_keeps_them_and_exports_them_again(cast: Cast) -> None:
    design = creating.design_import(
        practice=cast.practice, owner=cast.coach, data=WITH_SCALES.encode()
    )

    version = DesignVersion.objects.get(design=design)
    assert version.pulse_scales == ["room for this work", "confidence saying no"]
    assert write_design(version_spec(version)) == write_design(read_design(WITH_SCALES.encode()))
    assert "pulse_scales:\n  - room for this work" in write_design(version_spec(version))


@pytest.mark.django_db
def test_a_file_without_scales_imports_and_exports_without_them(cast: Cast) -> None:
    design = creating.design_import(practice=cast.practice, owner=cast.coach, data=GOOD.encode())

    version = DesignVersion.objects.get(design=design)
    assert version.pulse_scales == []
    assert "pulse_scales" not in write_design(version_spec(version))


@pytest.mark.django_db
def test_one_scale_alone_is_refused_with_its_field(cast: Cast) -> None:
    one = GOOD.replace("  cadence_days: 14\n", "  cadence_days: 14\n  pulse_scales: [energy]\n")

    problems = refusal_for(cast, one.encode())

    assert problems == ["line 5, design.pulse_scales: name 2 to 6 scales, or none (there are 1)."]


@pytest.mark.django_db
def test_the_designer_saves_scales_one_per_line(cast: Cast, as_coach: HttpClient) -> None:
    response = as_coach.post(
        reverse("designs:new"),
        {
            "name": "Pulse arc",
            "purpose": "",
            "audience": "",
            "cadence_days": "14",
            "pulse_scales": "room for this work\n\n  confidence saying no  \n",
            "visibility": "private",
        },
    )

    assert response.status_code == 302
    version = DesignVersion.objects.get(name="Pulse arc")
    assert version.pulse_scales == ["room for this work", "confidence saying no"]


@pytest.mark.django_db
def test_the_same_scale_twice_is_refused_next_to_the_field(
    cast: Cast, as_coach: HttpClient
) -> None:
    response = as_coach.post(
        reverse("designs:new"),
        {
            "name": "Pulse arc",
            "cadence_days": "14",
            "pulse_scales": "Energy\nenergy",
            "visibility": "private",
        },
    )

    assert 'id="id_pulse_scales-errors"' in response.content.decode()
    assert "“energy” is named twice." in response.content.decode()
    assert not DesignVersion.objects.filter(name="Pulse arc").exists()
