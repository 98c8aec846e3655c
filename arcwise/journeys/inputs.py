"""Form pieces every stage's forms share: date and time inputs, the one-line reason, a day and
time in the coach's zone, forms that carry the state they were made from, and the one way a
form's problems are said in a message."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms

from arcwise.forms_common import DateInput, SafeTextForm, WorkingDateField
from arcwise.journeys.schedule import TimeProblem, to_utc

OUT_OF_DATE = "This form is out of date. Reload the page and try again."


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class ReasonField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("help_text", "One line: why this is the right move for this client now.")
        super().__init__(**kwargs)


class LocalTimeForm(SafeTextForm):
    """A day and a wall-clock time in the coach's time zone, checked and turned into UTC."""

    day = WorkingDateField(widget=DateInput(), label="Date")
    at = forms.TimeField(widget=TimeInput(), label="Time")

    def __init__(self, *args: Any, time_zone: str = "UTC", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.time_zone = time_zone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, at = cleaned.get("day"), cleaned.get("at")
        if day and at:
            try:
                cleaned["starts_at"] = to_utc(day, at, self.time_zone)
            except TimeProblem as problem:
                self.add_error("at", str(problem))
        return cleaned

    def starts_at(self) -> datetime:
        value: datetime = self.cleaned_data["starts_at"]
        return value


class CarriesState(SafeTextForm):
    """A form with hidden fields holding the state it was made from.

    A person cannot fix a hidden field, so a problem with one is said once, above the form.
    """

    state_fields: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if any(name in self.errors for name in self.state_fields):
            for name in self.state_fields:
                self.errors.pop(name, None)
            self.add_error(None, OUT_OF_DATE)
        return cleaned


def form_problems(form: forms.Form) -> str:
    """Every problem of an invalid form in one line, for a message above the page."""
    return "; ".join(
        f"{form.fields[name].label or name}: {' '.join(str(e) for e in errors)}"
        if name in form.fields
        else " ".join(str(e) for e in errors)
        for name, errors in form.errors.items()
    )
