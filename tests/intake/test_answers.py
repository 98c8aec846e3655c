"""Properties of the pure intake rules: any well-formed answers are accepted, a missing
required one is named when sending (and only then), and goals are the answer's own lines."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from arcwise.designs.intake_spec import ANSWER_LENGTH, IntakeQuestion, QuestionKind
from arcwise.intake.answers import check_answers, goals_from, label
from tests.designs.test_intake_file import intakes
from tests.designs.test_round_trip_property import required_text, visible

AREAS = ("Energy", "Clarity", "Support")


@st.composite
def answered_intakes(
    draw: st.DrawFn, min_size: int = 0
) -> tuple[tuple[IntakeQuestion, ...], dict[str, str]]:
    """An intake and a well-formed answer to every question."""
    questions = draw(intakes(AREAS, min_size))
    answers = {}
    for question in questions:
        if question.kind is QuestionKind.SCALE:
            answers[question.key] = str(draw(st.integers(0, 10)))
        elif question.kind is QuestionKind.CHOICE:
            answers[question.key] = draw(st.sampled_from(question.options))
        else:
            answers[question.key] = draw(required_text)[:ANSWER_LENGTH]
    return questions, answers


@given(answered_intakes())
def test_well_formed_answers_to_every_question_can_be_sent(
    case: tuple[tuple[IntakeQuestion, ...], dict[str, str]],
) -> None:
    questions, answers = case

    assert check_answers(questions, answers, sending=True) == []


@given(answered_intakes(min_size=1), st.data())
def test_a_missing_required_answer_is_named_when_sending_and_not_when_saving(
    case: tuple[tuple[IntakeQuestion, ...], dict[str, str]], data: st.DataObject
) -> None:
    drawn, answers = case
    # One question, made required, goes unanswered; the others stay as drawn but optional.
    index = data.draw(st.integers(0, len(drawn) - 1))
    questions = tuple(replace(q, required=i == index) for i, q in enumerate(drawn))
    number, missing = index + 1, questions[index]
    del answers[missing.key]

    assert check_answers(questions, answers, sending=False) == []
    [problem] = check_answers(questions, answers, sending=True)
    assert problem.key == missing.key
    assert problem.message.startswith(label(number, missing))


one_line = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufeff\x85"
    ),
    max_size=50,
)
lines = st.lists(st.builds(lambda a, m, b: (a + m + b).strip(), one_line, visible, one_line))


@given(lines)
def test_goals_are_the_answers_own_lines_up_to_the_limit(written: list[str]) -> None:
    goals, too_long = goals_from("\n".join(written), limit=6, length=40)

    assert len(goals) <= 6
    assert all(len(goal) <= 40 for goal in goals)
    assert all(len(line) > 40 for line in too_long)
    assert all(any(goal in line for line in written) for goal in goals)
