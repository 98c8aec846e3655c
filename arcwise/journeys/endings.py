"""The forms that end a journey: closing it well, ending it early with the reason, removing
one started by mistake, and handing a leaving coach's journeys to another coach."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms

from arcwise.forms_common import SafeTextForm, WorkingDateField
from arcwise.journeys.forms import DateInput, ReasonField
from arcwise.journeys.models import EndReason


class CloseForm(SafeTextForm):
    on = WorkingDateField(label="Closing date", widget=DateInput())
    what_shifted = forms.CharField(
        label="What has shifted, in your words",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What is different for the client now than when the journey began.",
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    prefix = "close"


class EndEarlyForm(SafeTextForm):
    on = WorkingDateField(label="Ended on", widget=DateInput())
    because = forms.ChoiceField(label="Why it ends early", choices=EndReason.choices)
    note = ReasonField(label="A note for the log")
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    prefix = "end"


class RemoveForm(SafeTextForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class HandoverForm(SafeTextForm):
    """The owner's choice of coach for a leaving member's open journeys."""

    to_coach = forms.ChoiceField(label="Hand the journeys to")
    reason = ReasonField(label="A note for each journey's log")
    # "<journey id>:<revision>,…": the journeys the page showed, as it showed them.
    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20_000)

    def __init__(self, *args: Any, coaches: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_coach"].choices = coaches  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        # The field is hidden, so a problem with it is said above the form, not beside it.
        data = super().clean() or {}
        seen: dict[UUID, int] = {}
        for item in filter(None, data.get("seen", "").split(",")):
            key, _, revision = item.partition(":")
            try:
                seen[UUID(key)] = int(revision)
            except ValueError:
                raise forms.ValidationError(
                    "This page is out of date. Reload it and try again."
                ) from None
        data["seen"] = seen
        return data
