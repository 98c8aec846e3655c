"""A design's intake questionnaire as plain data, and its rules. No Django import.

The client answers it in the portal before the first session. Each question is text, a
choice among named options, or a 0-10 scale; it may be required; and it may prefill
something the coach would otherwise ask for again: the journey's goals (a text answer, in
the client's words) or the baseline rating of one area of the design's wheel (a scale).
Questions are stored on the design version, so a published version's intake is frozen with
its phases, and the answers a journey keeps name questions by their `key`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from arcwise.designs.spec import Problem, check_key, check_text


class QuestionKind(StrEnum):
    TEXT = "text"
    CHOICE = "choice"
    SCALE = "scale"


KIND_LABELS = {
    QuestionKind.TEXT: "In their words",
    QuestionKind.CHOICE: "A choice",
    QuestionKind.SCALE: "A scale from 0 to 10",
}

# A questionnaire the client finishes in a few minutes on a phone.
MAX_QUESTIONS = 12
PROMPT_LENGTH = 300
MIN_OPTIONS = 2
MAX_OPTIONS = 8
OPTION_LENGTH = 80
QUESTION_KEY_LENGTH = 40
# The longest answer a client may type to one text question (the form says so).
ANSWER_LENGTH = 2000
SCALE_MIN = 0
SCALE_MAX = 10
GOALS = "goals"
WHEEL_PREFIX = "wheel:"
WHEEL_MAPPING = re.compile(r"^wheel:\s*(?P<area>.+)$")


@dataclass(frozen=True)
class IntakeQuestion:
    """One question of a design's intake; `maps_to` is "", "goals" or "wheel: <area>"."""

    key: str
    kind: QuestionKind
    prompt: str
    required: bool = False
    options: tuple[str, ...] = ()
    maps_to: str = ""

    @property
    def wheel_area(self) -> str:
        """The wheel area whose baseline this question's answer sets, or ""."""
        match = WHEEL_MAPPING.match(self.maps_to)
        return match["area"].strip() if match else ""

    @property
    def maps_to_goals(self) -> bool:
        return self.maps_to == GOALS


def wheel_mapping(area: str) -> str:
    """The `maps_to` of a question that sets `area`'s baseline rating."""
    return f"{WHEEL_PREFIX} {area}"


def question_record(question: IntakeQuestion) -> dict[str, object]:
    """A question as plain JSON-like data, in the order of the file format's fields;
    options and the mapping only where they say something."""
    record: dict[str, object] = {
        "key": question.key,
        "kind": str(question.kind),
        "prompt": question.prompt,
        "required": question.required,
    }
    if question.options:
        record["options"] = list(question.options)
    if question.maps_to:
        record["maps_to"] = question.maps_to
    return record


def question_from_record(record: dict[str, object]) -> IntakeQuestion:
    """The inverse of `question_record`, for what the database stores."""
    options = record.get("options") or []
    return IntakeQuestion(
        key=str(record["key"]),
        kind=QuestionKind(str(record["kind"])),
        prompt=str(record["prompt"]),
        required=bool(record.get("required", False)),
        options=tuple(str(option) for option in options) if isinstance(options, list) else (),
        maps_to=str(record.get("maps_to") or ""),
    )


def check_intake(
    questions: tuple[IntakeQuestion, ...],
    wheel_areas: tuple[str, ...],
    *,
    where: str = "intake",
) -> list[Problem]:
    """Every error of a design's intake, each naming the question (from 1) and field."""
    errors: list[Problem] = []
    if len(questions) > MAX_QUESTIONS:
        errors.append(
            Problem(
                where,
                f"an intake has at most {MAX_QUESTIONS} questions (there are {len(questions)}); "
                "a client answers it on a phone.",
            )
        )
    keys: dict[str, int] = {}
    goals_at: int | None = None
    areas_at: dict[str, int] = {}
    known_areas = {area.casefold() for area in wheel_areas}
    for number, question in enumerate(questions, start=1):
        at = f"{where}[{number}]"
        errors += check_question(question, where=at)
        if question.key in keys:
            errors.append(
                Problem(
                    f"{at}.key",
                    f"“{question.key}” is already the key of question {keys[question.key]}; "
                    "each question needs its own key.",
                )
            )
        else:
            keys[question.key] = number
        if question.maps_to_goals:
            if goals_at is not None:
                errors.append(
                    Problem(f"{at}.maps_to", f"question {goals_at} already prefills the goals.")
                )
            goals_at = goals_at or number
        area = question.wheel_area
        if area:
            if area.casefold() not in known_areas:
                named = ", ".join(wheel_areas) if wheel_areas else "none yet"
                errors.append(
                    Problem(
                        f"{at}.maps_to",
                        f"“{area}” is not an area of this design's wheel (its areas: {named}).",
                    )
                )
            elif area.casefold() in areas_at:
                errors.append(
                    Problem(
                        f"{at}.maps_to",
                        f"question {areas_at[area.casefold()]} already rates “{area}”.",
                    )
                )
            else:
                areas_at[area.casefold()] = number
    return errors


def check_question(question: IntakeQuestion, *, where: str = "") -> list[Problem]:
    """The errors of one question on its own (keys and mappings are checked together)."""
    prefix = f"{where}." if where else ""
    errors: list[Problem] = []
    errors += check_key(f"{prefix}key", question.key, QUESTION_KEY_LENGTH, "hopes")
    errors += check_text(f"{prefix}prompt", question.prompt, length=PROMPT_LENGTH, required=True)
    if question.kind is QuestionKind.CHOICE:
        if not MIN_OPTIONS <= len(question.options) <= MAX_OPTIONS:
            errors.append(
                Problem(
                    f"{prefix}options",
                    f"a choice needs {MIN_OPTIONS} to {MAX_OPTIONS} options "
                    f"(there are {len(question.options)}).",
                )
            )
        seen: set[str] = set()
        for number, option in enumerate(question.options, start=1):
            at = f"{prefix}options[{number}]"
            errors += check_text(at, option, length=OPTION_LENGTH, required=True)
            if option.casefold() in seen:
                errors.append(Problem(at, f"“{option}” is offered twice."))
            seen.add(option.casefold())
    elif question.options:
        errors.append(
            Problem(f"{prefix}options", f"only a choice has options, not a {question.kind}.")
        )
    if question.maps_to and not (question.maps_to_goals or question.wheel_area):
        errors.append(
            Problem(
                f"{prefix}maps_to",
                f"“{question.maps_to}” prefills nothing Arcwise knows; use “goals” or "
                "“wheel: <an area of the design's wheel>”.",
            )
        )
    if question.maps_to_goals and question.kind is not QuestionKind.TEXT:
        errors.append(
            Problem(f"{prefix}maps_to", "only a question answered in words can prefill goals.")
        )
    if question.wheel_area and question.kind is not QuestionKind.SCALE:
        errors.append(
            Problem(f"{prefix}maps_to", "only a 0-10 scale can set a wheel area's baseline.")
        )
    return errors


def kind_of(text: str) -> QuestionKind | None:
    """The kind a file or form names, or None for one Arcwise does not know."""
    try:
        return QuestionKind(text)
    except ValueError:
        return None
