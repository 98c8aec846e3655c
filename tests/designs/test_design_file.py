"""Design files: lossless round trips, and hostile files refused with a message and no rows."""

from __future__ import annotations

import pytest

from arcwise.designs.design_file.reading import read_design
from arcwise.designs.design_file.writing import write_design
from arcwise.designs.models import Design, DesignVersion, Phase
from arcwise.designs.queries import version_spec
from arcwise.designs.services import creating, refusals
from arcwise.designs.starters import starters
from arcwise.errors import DomainError
from tests.conftest import Cast
from tests.designs.factories import make_design, make_spec

GOOD = """arcwise: 1
design:
  name: Test arc
  cadence_days: 14
  phases:
  - key: orient
    name: Orient
    intent: Arrive and agree.
    planned_weeks: 2
    planned_sessions: 1
"""


def row_counts() -> tuple[int, int, int]:
    return Design.objects.count(), DesignVersion.objects.count(), Phase.objects.count()


def refusal_for(cast: Cast, data: bytes) -> list[str]:
    before = row_counts()
    with pytest.raises(refusals.DesignProblems) as refusal:
        creating.design_import(practice=cast.practice, owner=cast.coach, data=data)
    assert row_counts() == before, "a refused file must not change the database"
    assert refusal.value.message == "The file was not imported, and nothing was saved."
    return [str(problem) for problem in refusal.value.problems]


@pytest.mark.django_db
def test_a_good_file_becomes_a_draft_design(cast: Cast) -> None:
    design = creating.design_import(practice=cast.practice, owner=cast.coach, data=GOOD.encode())

    version = DesignVersion.objects.get(design=design)
    assert version.is_draft()
    assert version.name == "Test arc"
    assert Phase.objects.get(version=version).key == "orient"


@pytest.mark.django_db
def test_export_import_export_gives_identical_text(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, "orient", "experiment", "close")
    first = write_design(version_spec(DesignVersion.objects.get(design=design)))

    copy = creating.design_import(
        practice=cast.other_practice, owner=cast.outsider, data=first.encode()
    )
    second = write_design(version_spec(DesignVersion.objects.get(design=copy)))

    assert second == first


@pytest.mark.parametrize("starter", starters(), ids=lambda item: item.key)
def test_every_starter_round_trips_and_is_clean(starter: object) -> None:
    text = write_design(starter.spec)  # type: ignore[attr-defined]

    assert write_design(read_design(text.encode())) == text
    assert text == starter.data.decode()  # type: ignore[attr-defined]


def test_the_starters_are_the_three_promised_shapes() -> None:
    shapes = {item.key: item.spec for item in starters()}

    arc = shapes["transformation-arc"]
    assert [phase.name for phase in arc.phases] == [
        "Orient",
        "Resource",
        "Understand",
        "Experiment",
        "Meet resistance",
        "Integrate",
        "Recognise and close",
    ]
    assert shapes["focused-six-sessions"].planned_sessions == 6
    assert 12 <= shapes["leadership-transition-90-days"].planned_weeks <= 14
    for spec in shapes.values():
        for phase in spec.phases:
            assert phase.readiness_signals
            assert phase.session_prompts
            assert phase.practices
            assert len({prompt.step for prompt in phase.reflection_prompts}) >= 2


@pytest.mark.django_db
def test_text_that_is_not_yaml_is_refused_with_its_line(cast: Cast) -> None:
    problems = refusal_for(cast, b"arcwise: 1\ndesign: [unclosed\n  name: x\n")

    assert problems[0].startswith("line ")
    assert "this is not valid YAML" in problems[0]


@pytest.mark.django_db
def test_a_wrong_type_is_refused_naming_the_field_and_line(cast: Cast) -> None:
    problems = refusal_for(cast, GOOD.replace("planned_weeks: 2", "planned_weeks: two").encode())

    assert problems == [
        "line 9, design.phases[1].planned_weeks: expected a whole number, found the text “two”."
    ]


@pytest.mark.django_db
def test_an_unknown_key_is_refused_with_a_suggestion(cast: Cast) -> None:
    problems = refusal_for(cast, GOOD.replace("planned_weeks: 2", "planed_weeks: 2").encode())

    assert problems[0].startswith("line 9, design.phases[1].planed_weeks: “planed_weeks” is not")
    assert "did you mean “planned_weeks”?" in problems[0]


@pytest.mark.django_db
def test_a_missing_field_is_refused_naming_it(cast: Cast) -> None:
    problems = refusal_for(cast, GOOD.replace("    intent: Arrive and agree.\n", "").encode())

    assert problems == ["line 6, design.phases[1]: the required field “intent” is missing."]


@pytest.mark.django_db
def test_a_five_megabyte_file_is_refused_by_its_size(cast: Cast) -> None:
    problems = refusal_for(cast, GOOD.encode() + b"#" * 5_000_000)

    assert problems == ["file: it is 5.0 MB; a design file can be at most 1 MB."]


@pytest.mark.django_db
def test_a_billion_laughs_alias_bomb_is_refused_before_it_expands(cast: Cast) -> None:
    layers = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    layers += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    bomb = "arcwise: 1\nbomb:\n" + "\n".join(f"  {layer}" for layer in layers) + "\n"

    problems = refusal_for(cast, bomb.encode())

    assert problems == ["line 3: anchors (&name) are not allowed in a design file."]


@pytest.mark.django_db
def test_a_python_tag_is_refused(cast: Cast) -> None:
    problems = refusal_for(cast, b"arcwise: !!python/object/apply:os.system ['true']\n")

    assert "tags such as" in problems[0]


@pytest.mark.django_db
def test_another_format_version_is_refused(cast: Cast) -> None:
    problems = refusal_for(cast, GOOD.replace("arcwise: 1", "arcwise: 2").encode())

    assert problems == ["line 1, arcwise: this file is format 2; this Arcwise reads format 1."]


@pytest.mark.django_db
def test_a_file_that_is_not_utf8_is_refused(cast: Cast) -> None:
    problems = refusal_for(cast, b"arcwise: 1\ndesign:\n  name: caf\xe9\n")

    assert problems == ["line 3: it is not UTF-8 text (byte 31 cannot be read)."]


@pytest.mark.django_db
def test_every_problem_is_reported_at_once(cast: Cast) -> None:
    broken = GOOD.replace("planned_weeks: 2", "planned_weeks: 0").replace(
        "key: orient", "key: Not A Key"
    )

    problems = refusal_for(cast, broken.encode())

    assert any("design.phases[1].key" in problem for problem in problems)
    assert any("design.phases[1].planned_weeks: must be from 1 to 104" in p for p in problems)


@pytest.mark.django_db
def test_importing_as_a_new_version_needs_no_open_draft(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, published=True)
    text = write_design(make_spec("orient", "experiment", "close", name="Arc, second edition"))

    draft = creating.version_import(design=design, user=cast.coach, data=text.encode())

    assert (draft.number, draft.name, draft.is_draft()) == (2, "Arc, second edition", True)
    with pytest.raises(DomainError, match="already has a draft"):
        creating.version_import(design=design, user=cast.coach, data=text.encode())
