"""What makes an intake answer acceptable, and how answers read back. No Django import.

Saving part-way checks each answer's shape (a text's length, a choice among the options, a
whole number 0-10) but asks for nothing; sending also asks for every required question.
Each problem names its question by number and prompt, so the client knows which to mend.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from arcwise.designs.intake_spec import (
    ANSWER_LENGTH,
    SCALE_MAX,
    SCALE_MIN,
    IntakeQuestion,
    QuestionKind,
)
from arcwise.text import bidi_control_message, find_bidi_control

# A line of a goals answer that starts like a list item ("- ", "• ", "1. ") is one goal;
# the mark is the client's layout, not their words.
LIST_MARK = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)])\s+")


@dataclass(frozen=True)
class AnswerProblem:
    key: str
    message: str


@dataclass(frozen=True)
class AnsweredQuestion:
    """A question with the client's answer ("" when unanswered), as prep and review show it."""

    number: int
    question: IntakeQuestion
    answer: str

    @property
    def shown(self) -> str:
        if not self.answer:
            return ""
        if self.question.kind is QuestionKind.SCALE:
            return f"{self.answer} out of {SCALE_MAX}"
        return self.answer


def label(number: int, question: IntakeQuestion) -> str:
    prompt = question.prompt if len(question.prompt) <= 60 else f"{question.prompt[:59]}…"
    return f"Question {number} (“{prompt}”)"


def check_answers(
    questions: tuple[IntakeQuestion, ...], answers: Mapping[str, str], *, sending: bool
) -> list[AnswerProblem]:
    """Every problem of `answers` (by question key) against `questions`; `sending` also
    asks for each required question's answer. Answers to unknown keys are problems too."""
    problems: list[AnswerProblem] = []
    known = {question.key for question in questions}
    for key in answers:
        if key not in known:
            problems.append(AnswerProblem(key, "This question is no longer asked; reload."))
    for number, question in enumerate(questions, start=1):
        answer = answers.get(question.key, "")
        message = _problem(question, answer)
        if message is None and sending and question.required and not answer.strip():
            message = "needs an answer before you send."
        if message is not None:
            problems.append(AnswerProblem(question.key, f"{label(number, question)} {message}"))
    return problems


def _problem(question: IntakeQuestion, answer: str) -> str | None:
    if not answer:
        return None
    if question.kind is QuestionKind.SCALE:
        if not (answer.isascii() and answer.isdigit() and SCALE_MIN <= int(answer) <= SCALE_MAX):
            return f"takes a whole number from {SCALE_MIN} to {SCALE_MAX}."
        return None
    if question.kind is QuestionKind.CHOICE:
        return None if answer in question.options else "takes one of the options shown."
    if len(answer) > ANSWER_LENGTH:
        return f"is {len(answer)} characters; keep it to {ANSWER_LENGTH}."
    hidden = find_bidi_control(answer)
    if hidden is not None:
        return bidi_control_message(hidden, multiline=True)
    return None


def answered(
    questions: tuple[IntakeQuestion, ...], answers: Mapping[str, str]
) -> list[AnsweredQuestion]:
    """Every question in order with its answer, unanswered ones included."""
    return [
        AnsweredQuestion(number, question, answers.get(question.key, ""))
        for number, question in enumerate(questions, start=1)
    ]


def goals_from(answer: str, *, limit: int, length: int) -> tuple[list[str], list[str]]:
    """The goals a goals answer names, one per non-empty line in the client's words (list
    marks dropped), at most `limit`; and the lines too long (over `length`) to be one."""
    goals: list[str] = []
    too_long: list[str] = []
    for line in answer.splitlines():
        words = LIST_MARK.sub("", line).strip()
        if not words:
            continue
        if len(words) > length:
            too_long.append(words)
        elif len(goals) < limit:
            goals.append(words)
    return goals, too_long
