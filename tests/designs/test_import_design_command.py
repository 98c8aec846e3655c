from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from arcwise.designs.design_file.writing import write_design
from arcwise.designs.models import Design, DesignVersion
from tests.conftest import Cast
from tests.designs.factories import make_design, make_spec

pytestmark = pytest.mark.django_db


def test_the_command_imports_a_file_as_a_new_draft_design(cast: Cast, tmp_path: Path) -> None:
    file = tmp_path / "arc.yaml"
    file.write_text(write_design(make_spec("orient", "close", name="Command arc")))
    out = StringIO()

    call_command("import_design", str(file), "--owner", cast.coach.email, stdout=out)

    version = DesignVersion.objects.get(name="Command arc")
    assert version.design.practice == cast.practice
    assert version.design.owner == cast.coach
    assert "as draft version 1" in out.getvalue()


def test_the_command_adds_a_version_to_an_existing_design(cast: Cast, tmp_path: Path) -> None:
    design = make_design(cast.practice, cast.coach, published=True)
    file = tmp_path / "arc.yaml"
    file.write_text(write_design(make_spec("orient", name="Second edition")))

    call_command(
        "import_design",
        str(file),
        "--owner",
        cast.coach.email,
        "--into",
        str(design.public_id),
        stdout=StringIO(),
    )

    assert DesignVersion.objects.get(design=design, number=2).name == "Second edition"


def test_a_bad_file_fails_with_every_problem_and_saves_nothing(cast: Cast, tmp_path: Path) -> None:
    file = tmp_path / "bad.yaml"
    file.write_text("arcwise: 1\ndesign:\n  name: X\n  phases: []\n  colour: blue\n")

    with pytest.raises(CommandError) as failure:
        call_command("import_design", str(file), "--owner", cast.coach.email)

    message = str(failure.value)
    assert "The file was not imported, and nothing was saved." in message
    assert "line 5, design.colour" in message
    assert "phases: a design needs at least one phase." in message
    assert not Design.objects.exists()


def test_a_mentor_cannot_own_an_imported_design(cast: Cast, tmp_path: Path) -> None:
    file = tmp_path / "arc.yaml"
    file.write_text(write_design(make_spec()))

    with pytest.raises(CommandError, match="is not a coach or owner"):
        call_command("import_design", str(file), "--owner", cast.mentor.email)
