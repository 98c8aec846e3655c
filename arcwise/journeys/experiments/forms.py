"""The forms for experiments: agreeing one in a session, and closing it with what was learned."""

from __future__ import annotations

from django import forms

from arcwise.forms_common import DateInput, SafeTextForm, WorkingDateField
from arcwise.journeys.inputs import OUT_OF_DATE, CarriesState
from arcwise.journeys.models import ExperimentStatus
from arcwise.journeys.text_limits import DEBRIEF_LIMIT, WHAT_TO_TRY_LIMIT


class ExperimentForm(CarriesState):
    state_fields = ("token",)
    title = forms.CharField(max_length=120, help_text="A few words the client will recognise.")
    what_to_try = forms.CharField(
        label="What to try", max_length=WHAT_TO_TRY_LIMIT, widget=forms.Textarea(attrs={"rows": 3})
    )
    by_when = WorkingDateField(label="By when", widget=DateInput())
    # Made when the session page renders; a repeat of the same form agrees nothing new.
    token = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE},
    )


class ExperimentStatusForm(SafeTextForm):
    status = forms.ChoiceField(
        choices=[(ExperimentStatus.DONE, "Done"), (ExperimentStatus.DROPPED, "Dropped")],
        error_messages={"required": "Choose done or dropped."},
    )
    from_status = forms.ChoiceField(
        choices=ExperimentStatus.choices,
        error_messages={"required": OUT_OF_DATE, "invalid_choice": OUT_OF_DATE},
    )
    debrief = forms.CharField(
        label="What was learned",
        max_length=DEBRIEF_LIMIT,
        error_messages={"required": "Write what was learned before marking it done or dropped."},
    )
