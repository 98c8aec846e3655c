"""Form pieces every app shares: text that cannot hide its order, dates in the working range.

Every Arcwise form derives from `SafeTextForm`, so each text field of each form (names,
e-mail addresses, notes, reasons, and fields added later) refuses bidirectional control
characters with a message next to the field. Every date a person types is a
`WorkingDateField`, so a mistyped year is refused with a message instead of reaching date
arithmetic that overflows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from arcwise.days import format_day
from arcwise.text import bidi_control_message, find_bidi_control

# Years before and after today that a practice plausibly works in: a journey started long
# ago and entered late, an experiment due next year. Anything further is a typing slip, and
# keeping far from year 1 and year 9999 means no date arithmetic on an accepted date
# overflows (a design is at most 20 phases of 104 weeks: 40 years).
WORKING_YEARS_BACK = 10
WORKING_YEARS_AHEAD = 10


def working_years(today: date) -> tuple[int, int]:
    """The first and last year a date may fall in, seen from `today`."""
    return today.year - WORKING_YEARS_BACK, today.year + WORKING_YEARS_AHEAD


def working_date_problem(day: date, *, today: date) -> str | None:
    """Why `day` is outside the years a practice works in, or None when it is inside."""
    first, last = working_years(today)
    if first <= day.year <= last:
        return None
    return (
        f"Check the year: {day.year:04d} is far from the years a practice works in. "
        f"Use a year from {first} to {last}."
    )


class WorkingDateField(forms.DateField):
    """A date no more than ten years before or after the current year, with a message."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        if isinstance(value, date):
            problem = working_date_problem(value, today=timezone.localdate())
            if problem:
                raise ValidationError(problem, code="outside_working_range")


def refuse_bidi_controls(value: Any, *, multiline: bool = False) -> None:
    """A validator: refuse text holding a bidirectional control character, saying where."""
    if not isinstance(value, str):
        return
    hidden = find_bidi_control(value)
    if hidden is not None:
        raise ValidationError(
            bidi_control_message(hidden, multiline=multiline), code="bidi_control"
        )


def _refuse_bidi_controls_multiline(value: Any) -> None:
    refuse_bidi_controls(value, multiline=True)


# Django decodes a request's bytes as UTF-8 and puts U+FFFD where a byte is not UTF-8, so a
# replacement character in a field is the mark of bytes that were not text. Browsers send
# UTF-8; what does not is refused rather than kept with the damage.
NOT_UTF8 = "\ufffd"


def refuse_bytes_not_utf8(value: Any) -> None:
    """A validator: refuse text that arrived as bytes that are not UTF-8, saying so."""
    if isinstance(value, str) and NOT_UTF8 in value:
        raise ValidationError(
            "This arrived with bytes that are not UTF-8 text (shown as \ufffd): retype the "
            "text where the \ufffd appears and send it again.",
            code="not_utf8",
        )


def limit_hint(max_length: int) -> str:
    """How a form states a free-text field's limit beside it."""
    return f"Up to {max_length:,} characters."


class SafeTextForm(forms.Form):
    """A form whose text fields refuse bidirectional control characters and bytes that are
    not UTF-8, and whose boxes for longer text state their limit.

    The checks are added to every `CharField` (and so every e-mail field) when the form is
    made, so a field added later is covered without remembering to. Passwords are left
    alone: they are never shown, and any character may be part of one. Every text field
    has a `max_length` (tests/test_forms_say_why.py checks each form); a text box shows it
    in words beside its own help, unless that help already says it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field, forms.CharField):
                continue
            if isinstance(field.widget, forms.PasswordInput):
                continue
            multiline = isinstance(field.widget, forms.Textarea)
            field.validators.append(
                _refuse_bidi_controls_multiline if multiline else refuse_bidi_controls
            )
            field.validators.append(refuse_bytes_not_utf8)
            if multiline and field.max_length and "characters" not in str(field.help_text):
                field.help_text = " ".join(
                    part for part in (str(field.help_text), limit_hint(field.max_length)) if part
                )


class DateInput(forms.DateInput):
    """The browser's date picker, holding the day as ISO 8601 whatever the language."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateRangeForm(SafeTextForm):
    """A range of days to filter by: either end may be left open; both ends are inclusive,
    and a "To" before the "From" is refused at the "To" field."""

    since = WorkingDateField(
        label="From",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Write the “From” date as a date, such as 2026-01-31."},
    )
    until = WorkingDateField(
        label="To",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Write the “To” date as a date, such as 2026-12-31."},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error(
                "until",
                f"The “To” date is before the “From” date ({format_day(since)}): choose a day "
                "on or after it.",
            )
        return cleaned
