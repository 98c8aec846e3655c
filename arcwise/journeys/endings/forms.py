"""The forms that end a journey: closing it well, ending it early with the reason, removing
one started by mistake, and handing a leaving coach's journeys to another coach."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms

from arcwise.errors import DomainError
from arcwise.forms_common import SafeTextForm, WorkingDateField
from arcwise.journeys.endings.services import Ending, EndingKind
from arcwise.journeys.inputs import DateInput, ReasonField
from arcwise.journeys.models import EndReason


class EndingForm(SafeTextForm):
    """What every ending carries: its day, and the revision the journey page showed."""

    kind: EndingKind
    on = WorkingDateField(widget=DateInput())
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def ending(self) -> Ending:
        """The service's ending for the valid form."""
        raise TypeError(f"{type(self).__name__} must say how the journey ends")


class CloseForm(EndingForm):
    kind = EndingKind.CLOSE
    prefix = "close"
    on = WorkingDateField(label="Closing date", widget=DateInput())
    what_shifted = forms.CharField(
        label="What has shifted, in your words",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What is different for the client now than when the journey began.",
    )
    field_order = ["on", "what_shifted", "revision"]

    def ending(self) -> Ending:
        data = self.cleaned_data
        return Ending.closed(on=data["on"], what_shifted=data["what_shifted"])


class EndEarlyForm(EndingForm):
    kind = EndingKind.EARLY
    prefix = "end"
    on = WorkingDateField(label="Ended on", widget=DateInput())
    because = forms.ChoiceField(label="Why it ends early", choices=EndReason.choices)
    note = ReasonField(label="A note for the log")
    field_order = ["on", "because", "note", "revision"]

    def ending(self) -> Ending:
        data = self.cleaned_data
        return Ending.early(on=data["on"], because=data["because"], note=data["note"])


ENDING_FORMS: dict[EndingKind, type[EndingForm]] = {
    form.kind: form for form in (CloseForm, EndEarlyForm)
}


class RemoveForm(SafeTextForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def expected_revision(self) -> int:
        """The revision the page showed; a form without it is refused as out of date."""
        if not self.is_valid():
            raise DomainError("This page is out of date.")
        revision: int = self.cleaned_data["revision"]
        return revision


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
