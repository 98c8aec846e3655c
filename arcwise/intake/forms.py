"""The client's intake form, made from the design's questions: a box for words, a set of
options, or the eleven points of a 0-10 scale, each named by its question's key."""

from __future__ import annotations

from typing import Any

from django import forms

from arcwise.designs.intake_spec import (
    ANSWER_LENGTH,
    SCALE_MAX,
    SCALE_MIN,
    IntakeQuestion,
    QuestionKind,
)
from arcwise.forms_common import SafeTextForm

SCALE_POINTS = [(str(n), str(n)) for n in range(SCALE_MIN, SCALE_MAX + 1)]


def field_name(question: IntakeQuestion) -> str:
    return f"q-{question.key}"


def _field(number: int, question: IntakeQuestion) -> forms.Field:
    label = f"{number}. {question.prompt}"
    # Required questions say so, but none is required here: saving part-way asks for none,
    # and sending checks the saved answers and names the question missing.
    hint = "Needed before you send; you can save without it." if question.required else ""
    if question.kind is QuestionKind.TEXT:
        return forms.CharField(
            label=label,
            required=False,
            max_length=ANSWER_LENGTH,
            help_text=hint,
            widget=forms.Textarea(attrs={"rows": 4}),
        )
    choices = (
        SCALE_POINTS
        if question.kind is QuestionKind.SCALE
        else [(option, option) for option in question.options]
    )
    return forms.ChoiceField(
        label=label, required=False, choices=choices, help_text=hint, widget=forms.RadioSelect
    )


class IntakeForm(SafeTextForm):
    """What the client typed and chose, and the intake's revision the page was made from."""

    revision = forms.IntegerField(
        min_value=0,
        max_value=2**31 - 1,
        widget=forms.HiddenInput,
        error_messages={"required": "This page was not sent whole: reload it, then save again."},
    )
    questions: tuple[IntakeQuestion, ...] = ()

    def rows(self) -> list[tuple[IntakeQuestion, forms.BoundField]]:
        """Each question with its field, in order, for the page to lay out."""
        return [(question, self[field_name(question)]) for question in self.questions]

    def answers(self) -> dict[str, str]:
        """The answers by question key ("" where none was given)."""
        return {
            question.key: str(self.cleaned_data.get(field_name(question)) or "")
            for question in self.questions
        }


def intake_form(questions: tuple[IntakeQuestion, ...], *args: Any, **kwargs: Any) -> IntakeForm:
    """An `IntakeForm` holding a field per question. The fields are declared on a class made
    for these questions, so SafeTextForm guards the text boxes as it guards any form's."""
    fields: dict[str, Any] = {
        field_name(question): _field(number, question)
        for number, question in enumerate(questions, start=1)
    }
    form_class = type("IntakeForm", (IntakeForm,), {**fields, "questions": questions})
    form: IntakeForm = form_class(*args, **kwargs)
    return form
