"""The forms of removing a journey started by mistake and of handing a leaving coach's
journeys to another coach."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms

from arcwise.errors import DomainError
from arcwise.forms_common import SafeTextForm
from arcwise.journeys.inputs import ReasonField


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
