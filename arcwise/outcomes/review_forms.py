"""The forms of the closing review: starting it, each step, the closing date."""

from __future__ import annotations

from typing import Any

from django import forms

from arcwise.forms_common import DateInput, WorkingDateField
from arcwise.journeys.inputs import OUT_OF_DATE, CarriesState, ReasonField
from arcwise.journeys.models import EndReason
from arcwise.outcomes.models import CLOSING_TEXT_LIMIT, ReviewKind, ReviewStep
from arcwise.outcomes.review_services import StepWords


def _version() -> forms.IntegerField:
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE},
    )


def _words(label: str, help_text: str, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=CLOSING_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"{help_text} Up to {CLOSING_TEXT_LIMIT:,} characters.",
    )


class StartForm(CarriesState):
    """Start the review: its kind, and the journey's revision the page showed."""

    state_fields = ("revision",)
    kind = forms.ChoiceField(choices=ReviewKind.choices, widget=forms.HiddenInput)
    revision = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE},
    )


class VersionForm(CarriesState):
    """A review action that needs nothing but the version of the review the page showed."""

    state_fields = ("version",)
    version = _version()


class StepForm(CarriesState):
    """One step of the review; each step reads only its own fields."""

    state_fields = ("version", "step")
    step = forms.ChoiceField(choices=ReviewStep.choices, widget=forms.HiddenInput)
    version = _version()
    coach_words = _words(
        "What has shifted, in your words",
        "What is different for the client now than when the journey began.",
    )
    takes_forward = _words(
        "What the client takes forward",
        "The practices, insights and next steps the client carries on without you.",
    )
    because = forms.ChoiceField(
        label="Why it ends early", choices=[("", "Choose…"), *EndReason.choices], required=False
    )
    because_note = ReasonField(label="A note for the log", required=False)

    def __init__(self, *args: Any, short: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        step = self.data.get("step") if self.is_bound else self.initial.get("step")
        # Ending early, the reason and its note are what the step asks for; other steps
        # (and the full review) never show them.
        if short and step == ReviewStep.SHIFTED:
            for name, refusal in (
                ("because", "Choose why the journey ends early."),
                ("because_note", "Write a note for the log: one line on why it ends now."),
            ):
                self.fields[name].required = True
                self.fields[name].error_messages["required"] = refusal

    def words(self) -> StepWords:
        data = self.cleaned_data
        return StepWords(
            coach_words=data.get("coach_words", ""),
            takes_forward=data.get("takes_forward", ""),
            because=data.get("because", ""),
            because_note=data.get("because_note", ""),
        )


class CloseForm(CarriesState):
    state_fields = ("version",)
    on = WorkingDateField(
        label="Closing date",
        widget=DateInput(),
        help_text="Today or a day that has passed; sessions after it are cancelled.",
    )
    version = _version()
