"""The forms of the session page: its status, its time, and its record."""

from __future__ import annotations

from datetime import UTC, datetime

from django import forms

from arcwise.forms_common import SafeTextForm
from arcwise.journeys.inputs import OUT_OF_DATE, CarriesState, LocalTimeForm
from arcwise.journeys.models import SessionStatus
from arcwise.journeys.text_limits import SESSION_NOTES_LIMIT, SESSION_RECORD_LIMIT


class WhenForm(LocalTimeForm):
    """When one session happens, in the coach's time zone, and how long it lasts."""

    minutes = forms.IntegerField(label="Length (minutes)", min_value=10, max_value=480, initial=60)


class SessionStatusForm(SafeTextForm):
    status = forms.ChoiceField(choices=SessionStatus.choices)
    # The status the page showed: the change is made only from it.
    from_status = forms.ChoiceField(
        choices=SessionStatus.choices,
        widget=forms.HiddenInput,
        error_messages={"required": OUT_OF_DATE, "invalid_choice": OUT_OF_DATE},
    )


class RescheduleForm(CarriesState, WhenForm):
    """A new time for a session, with the time the page showed: only that one moves."""

    state_fields = ("from_starts_at", "from_minutes")

    # An ISO 8601 instant in UTC, not a local time: a local time in the hour the clocks go
    # back would name two instants.
    from_starts_at = forms.CharField(
        widget=forms.HiddenInput,
        max_length=40,
        error_messages={"required": OUT_OF_DATE, "max_length": OUT_OF_DATE},
    )
    from_minutes = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE},
    )

    @staticmethod
    def instant(moment: datetime) -> str:
        """How `from_starts_at` carries a session's start."""
        return moment.astimezone(UTC).isoformat()

    def clean_from_starts_at(self) -> datetime:
        try:
            moment = datetime.fromisoformat(self.cleaned_data["from_starts_at"])
        except ValueError:
            raise forms.ValidationError(OUT_OF_DATE) from None
        if moment.tzinfo is None:
            raise forms.ValidationError(OUT_OF_DATE)
        return moment


class SessionRecordForm(SafeTextForm):
    notes = forms.CharField(
        required=False,
        max_length=SESSION_NOTES_LIMIT,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Private to you. Saved as you type.",
    )
    key_insights = forms.CharField(
        label="Key insights",
        required=False,
        max_length=SESSION_RECORD_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    agreements = forms.CharField(
        label="Agreements",
        required=False,
        max_length=SESSION_RECORD_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    record_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
