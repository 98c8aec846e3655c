"""The forms for threads: keeping one from a session, and closing it with where it went."""

from __future__ import annotations

from django import forms

from arcwise.journeys.inputs import OUT_OF_DATE, CarriesState
from arcwise.journeys.models import ThreadKind


class ThreadForm(CarriesState):
    state_fields = ("token",)
    kind = forms.ChoiceField(label="Kind", choices=ThreadKind.choices)
    text = forms.CharField(
        label="What to come back to",
        max_length=500,
        help_text="In a line or two, as it was said.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # Made when the session page renders; a repeat of the same form keeps nothing twice.
    token = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE},
    )
    prefix = "thread"


class ThreadCloseForm(CarriesState):
    state_fields = ("version",)
    where_it_went = forms.CharField(label="Where it went", max_length=200)
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE},
    )
