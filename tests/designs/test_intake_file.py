"""A design's intake travels in its file: round trips exactly, older files import as before,
and every mistake in the `intake:` list is refused naming the question and the field."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arcwise.designs.design_file.reading import read_design
from arcwise.designs.design_file.writing import write_design
from arcwise.designs.intake_spec import (
    MAX_QUESTIONS,
    IntakeQuestion,
    QuestionKind,
    wheel_mapping,
)
from arcwise.designs.models import DesignVersion
from arcwise.designs.queries import version_spec
from arcwise.designs.services import creating
from arcwise.designs.spec import DesignSpec, check_design
from arcwise.designs.starters import starters
from tests.conftest import Cast
from tests.designs.test_design_file import GOOD, refusal_for
from tests.designs.test_round_trip_property import designs, keys, required_text

AREAS = ("Energy", "Clarity", "Support")
WITH_INTAKE = GOOD.replace(
    "  cadence_days: 14\n",
    """  cadence_days: 14
  wheel_areas: [Energy, Clarity, Support]
  intake:
  - key: hopes
    kind: text
    prompt: What would make our work together worth it for you?
    required: true
    maps_to: goals
  - key: energy
    kind: scale
    prompt: How much energy do you have for this right now?
    maps_to: 'wheel: Energy'
  - key: pace
    kind: choice
    prompt: How often would you like to meet?
    options: [Every week, Every two weeks]
""",
)


def with_intake(block: str) -> bytes:
    return GOOD.replace("  cadence_days: 14\n", f"  cadence_days: 14\n  intake:\n{block}").encode()


def test_a_file_with_an_intake_reads_every_question_in_order() -> None:
    spec = read_design(WITH_INTAKE.encode())

    assert [q.key for q in spec.intake] == ["hopes", "energy", "pace"]
    assert spec.intake[0] == IntakeQuestion(
        key="hopes",
        kind=QuestionKind.TEXT,
        prompt="What would make our work together worth it for you?",
        required=True,
        maps_to="goals",
    )
    assert spec.intake[1].wheel_area == "Energy"
    assert spec.intake[2].options == ("Every week", "Every two weeks")


def test_a_file_without_an_intake_imports_as_before_and_writes_no_intake() -> None:
    spec = read_design(GOOD.encode())

    assert spec.intake == ()
    assert "intake" not in write_design(spec)


@pytest.mark.django_db
def test_export_then_import_gives_the_same_intake(cast: Cast) -> None:
    design = creating.design_import(
        practice=cast.practice, owner=cast.coach, data=WITH_INTAKE.encode()
    )
    exported = write_design(version_spec(DesignVersion.objects.get(design=design)))

    again = creating.design_import(practice=cast.practice, owner=cast.coach, data=exported.encode())

    assert (
        version_spec(DesignVersion.objects.get(design=again)).intake
        == read_design(WITH_INTAKE.encode()).intake
    )
    assert write_design(version_spec(DesignVersion.objects.get(design=again))) == exported


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("block", "problem"),
    [
        (
            "  - {key: a, kind: essay, prompt: Tell me}\n",
            "design.intake[1].kind: “essay” is not a kind of question; use text, choice or scale.",
        ),
        (
            "  - {key: a, kind: choice, prompt: Pick}\n",
            "design.intake[1].options: a choice needs 2 to 8 options (there are 0).",
        ),
        (
            "  - {key: a, kind: choice, prompt: Pick, options: [Yes, yes]}\n",
            "design.intake[1].options[2]: “yes” is offered twice.",
        ),
        (
            f"  - {{key: a, kind: text, prompt: {'x' * 301}}}\n",
            "design.intake[1].prompt: is 301 characters long; at most 300 fit.",
        ),
        (
            "  - {key: a, kind: text, prompt: Say, required: maybe}\n",
            "design.intake[1].required: expected true or false, found the text “maybe”.",
        ),
        (
            "  - {key: a, kind: scale, prompt: Rate, maps_to: goals}\n",
            "design.intake[1].maps_to: only a question answered in words can prefill goals.",
        ),
        (
            "  - {key: a, kind: scale, prompt: Rate, maps_to: 'wheel: Health'}\n",
            "design.intake[1].maps_to: “Health” is not an area of this design's wheel "
            "(its areas: none yet).",
        ),
        (
            "  - {key: a, kind: text, prompt: One}\n  - {key: a, kind: text, prompt: Two}\n",
            "design.intake[2].key: “a” is already the key of question 1; each question needs "
            "its own key.",
        ),
        (
            "  - {key: a, kind: text, prompt: Say, colour: red}\n",
            "design.intake[1].colour: “colour” is not a field here; known fields: key, kind, "
            "prompt, required, options, maps_to.",
        ),
        (
            '  - {key: a, kind: text, prompt: "Say \\u202e this"}\n',
            "line 6: an invisible right-to-left override (U+202E)",
        ),
    ],
)
def test_a_bad_question_is_refused_naming_it(cast: Cast, block: str, problem: str) -> None:
    problems = refusal_for(cast, with_intake(block))

    assert any(problem in found for found in problems), problems


@pytest.mark.django_db
def test_too_many_questions_are_refused(cast: Cast) -> None:
    block = "".join(
        f"  - {{key: q{n}, kind: scale, prompt: Rate {n}}}\n" for n in range(MAX_QUESTIONS + 1)
    )

    problems = refusal_for(cast, with_intake(block))

    assert any(
        "design.intake: an intake has at most 12 questions (there are 13)" in p for p in problems
    )


def test_every_starter_carries_a_short_intake_in_a_coachs_voice() -> None:
    for starter in starters():
        intake = starter.spec.intake
        assert 3 <= len(intake) <= 5, starter.key
        assert any(q.required for q in intake), starter.key
        assert {q.kind for q in intake} >= {QuestionKind.TEXT, QuestionKind.SCALE}, starter.key
        assert any(q.maps_to_goals for q in intake), starter.key
        assert any(q.wheel_area for q in intake), starter.key


prompts = required_text.map(lambda text: text[:300])
options = required_text.map(lambda text: text[:80])


@st.composite
def intakes(
    draw: st.DrawFn, areas: tuple[str, ...], min_size: int = 0
) -> tuple[IntakeQuestion, ...]:
    """A valid intake: distinct keys, at most one goals question, each area rated once."""
    question_keys = draw(st.lists(keys, min_size=min_size, max_size=6, unique=True))
    rated = iter(draw(st.permutations(areas)))
    goals_taken = False
    questions = []
    for key in question_keys:
        kind = draw(st.sampled_from(QuestionKind))
        maps_to = ""
        choices: tuple[str, ...] = ()
        if kind is QuestionKind.CHOICE:
            choices = tuple(draw(st.lists(options, min_size=2, max_size=4, unique_by=str.casefold)))
        elif kind is QuestionKind.TEXT and not goals_taken and draw(st.booleans()):
            maps_to, goals_taken = "goals", True
        elif kind is QuestionKind.SCALE and draw(st.booleans()):
            area = next(rated, None)
            maps_to = wheel_mapping(area) if area else ""
        questions.append(
            IntakeQuestion(
                key=key,
                kind=kind,
                prompt=draw(prompts),
                required=draw(st.booleans()),
                options=choices,
                maps_to=maps_to,
            )
        )
    return tuple(questions)


@st.composite
def designs_with_intake(draw: st.DrawFn) -> DesignSpec:
    base = draw(designs())
    spec = DesignSpec(
        name=base.name,
        purpose=base.purpose,
        audience=base.audience,
        cadence_days=base.cadence_days,
        phases=base.phases,
        wheel_areas=AREAS,
        intake=draw(intakes(AREAS)),
    )
    assert check_design(spec).ok, check_design(spec).errors
    return spec


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(designs_with_intake())
def test_any_valid_intake_round_trips_through_the_file(spec: DesignSpec) -> None:
    text = write_design(spec)

    assert read_design(text.encode()).intake == spec.intake
    assert write_design(read_design(text.encode())) == text
