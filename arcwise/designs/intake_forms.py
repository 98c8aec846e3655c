"""The coach's form for one intake question: its kind, prompt, whether it is required,
a choice's options (one a line) and what its answer prefills."""

from __future__ import annotations

from typing import Any

from django import forms

from arcwise.designs.forms import DraftState
from arcwise.designs.intake_spec import (
    GOALS,
    KIND_LABELS,
    MAX_OPTIONS,
    OPTION_LENGTH,
    PROMPT_LENGTH,
    IntakeQuestion,
    QuestionKind,
    question_record,
    wheel_mapping,
)
from arcwise.designs.spec import clean_text


class IntakeQuestionForm(DraftState):
    kind = forms.ChoiceField(
        label="How the client answers",
        choices=[(str(kind), label) for kind, label in KIND_LABELS.items()],
        widget=forms.RadioSelect,
        initial=str(QuestionKind.TEXT),
    )
    prompt = forms.CharField(
        label="The question",
        max_length=PROMPT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="In your voice, as the client will read it.",
    )
    required = forms.BooleanField(label="The client must answer it before sending", required=False)
    options = forms.CharField(
        label="Options, for a choice",
        required=False,
        max_length=MAX_OPTIONS * (OPTION_LENGTH + 1),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"One a line, 2 to {MAX_OPTIONS}, each up to {OPTION_LENGTH} characters.",
    )
    maps_to = forms.ChoiceField(label="The answer fills in", required=False)

    def __init__(self, *args: Any, wheel_areas: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["maps_to"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", "Nothing: the coach reads it"),
            (GOALS, "The journey's goals, one a line (a question answered in words)"),
            *(
                (wheel_mapping(area), f"The starting rating of “{area}” (a 0-10 scale)")
                for area in wheel_areas
            ),
        ]

    def to_question(self) -> IntakeQuestion:
        """The question as typed; its key is the service's to give or keep."""
        data = self.cleaned_data
        options = tuple(
            line for line in (clean_text(part) for part in data["options"].splitlines()) if line
        )
        return IntakeQuestion(
            key="",
            kind=QuestionKind(data["kind"]),
            prompt=clean_text(data["prompt"]),
            required=data["required"],
            options=options,
            maps_to=data["maps_to"] or "",
        )


def question_initial(question: IntakeQuestion) -> dict[str, object]:
    """The form's fields for an existing question."""
    record = question_record(question)
    return {
        "kind": record["kind"],
        "prompt": question.prompt,
        "required": question.required,
        "options": "\n".join(question.options),
        "maps_to": question.maps_to,
    }
