"""The forms that end a journey: closing it well, or ending it early with the reason."""

from __future__ import annotations

from django import forms

from arcwise.journeys.forms import DateInput, ReasonField
from arcwise.journeys.models import EndReason


class CloseForm(forms.Form):
    on = forms.DateField(label="Closing date", widget=DateInput())
    what_shifted = forms.CharField(
        label="What has shifted, in your words",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What is different for the client now than when the journey began.",
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    prefix = "close"


class EndEarlyForm(forms.Form):
    on = forms.DateField(label="Ended on", widget=DateInput())
    because = forms.ChoiceField(label="Why it ends early", choices=EndReason.choices)
    note = ReasonField(label="A note for the log")
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    prefix = "end"
