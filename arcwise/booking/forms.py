"""The coach's week, a client's chosen time, a coach's answer to a move, a video link."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from arcwise.booking.models import (
    MAX_BUFFER_MINUTES,
    MAX_NOTICE_HOURS,
    VIDEO_LINK_LIMIT,
    Availability,
)
from arcwise.booking.week import WEEKDAY_NAMES
from arcwise.forms_common import SafeTextForm

RANGES_A_DAY = 2
UNREADABLE_TIME = "This time could not be read. Choose one from the list."
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class WeekForm(SafeTextForm):
    """Up to two ranges a weekday, the buffer, the notice, and the version shown."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    buffer_minutes = forms.IntegerField(
        label="Buffer between sessions (minutes)",
        min_value=0,
        max_value=MAX_BUFFER_MINUTES,
        error_messages={"required": "Say how many minutes to keep between sessions (0 for none)."},
    )
    notice_hours = forms.IntegerField(
        label="Notice period (hours)",
        min_value=0,
        max_value=MAX_NOTICE_HOURS,
        help_text="How long before a session a client can still book or move it.",
        error_messages={"required": "Say how many hours' notice you need (0 for none)."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for weekday in range(len(WEEKDAY_NAMES)):
            for n in range(1, RANGES_A_DAY + 1):
                for end in ("starts", "ends"):
                    # Inside the day's fieldset, whose legend names the day.
                    label = "From" if end == "starts" else "To"
                    if n > 1:
                        label = f"Second range, {label.lower()}"
                    self.fields[f"day{weekday}_{n}_{end}"] = forms.TimeField(
                        label=label, required=False, widget=TIME_WIDGET
                    )

    @classmethod
    def for_availability(cls, availability: Availability | None) -> WeekForm:
        initial: dict[str, Any] = {"version": 0, "buffer_minutes": 15, "notice_hours": 24}
        if availability is not None:
            initial.update(
                version=availability.version,
                buffer_minutes=availability.buffer_minutes,
                notice_hours=availability.notice_hours,
            )
            counts: dict[int, int] = {}
            for r in availability.ranges.all():
                n = counts[r.weekday] = counts.get(r.weekday, 0) + 1
                if n <= RANGES_A_DAY:
                    initial[f"day{r.weekday}_{n}_starts"] = r.starts
                    initial[f"day{r.weekday}_{n}_ends"] = r.ends
        return cls(initial=initial)

    def days(self) -> list[tuple[str, list[tuple[forms.BoundField, forms.BoundField]]]]:
        """Each weekday's name with its (from, to) field pairs, for the template."""
        return [
            (
                name,
                [
                    (self[f"day{weekday}_{n}_starts"], self[f"day{weekday}_{n}_ends"])
                    for n in range(1, RANGES_A_DAY + 1)
                ],
            )
            for weekday, name in enumerate(WEEKDAY_NAMES)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for weekday, name in enumerate(WEEKDAY_NAMES):
            for n in range(1, RANGES_A_DAY + 1):
                starts = data.get(f"day{weekday}_{n}_starts")
                ends = data.get(f"day{weekday}_{n}_ends")
                if (starts is None) != (ends is None):
                    self.add_error(
                        f"day{weekday}_{n}_{'ends' if ends is None else 'starts'}",
                        f"Give {name}'s range both a start and an end, or neither.",
                    )
        return data

    def ranges(self) -> list[tuple[int, time, time]]:
        found = []
        for weekday in range(len(WEEKDAY_NAMES)):
            for n in range(1, RANGES_A_DAY + 1):
                starts = self.cleaned_data.get(f"day{weekday}_{n}_starts")
                ends = self.cleaned_data.get(f"day{weekday}_{n}_ends")
                if starts is not None and ends is not None:
                    found.append((weekday, starts, ends))
        return found


class InstantField(forms.CharField):
    """A moment as the page wrote it: ISO 8601 with its offset, read as a UTC instant."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=40, **kwargs)

    def clean(self, value: Any) -> datetime | None:
        # The text is checked as text (length, bidi, UTF-8), then read as a moment.
        text = super().clean(value)
        if not text:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValidationError(UNREADABLE_TIME) from None
        if moment.tzinfo is None:
            raise ValidationError(UNREADABLE_TIME)
        return moment.astimezone(UTC)


class ChooseTimeForm(SafeTextForm):
    """A free time the client chose, and the time the session had on their page."""

    starts_at = InstantField(
        error_messages={"required": "Choose one of the free times below."}, widget=forms.HiddenInput
    )
    from_starts_at = InstantField(
        error_messages={"required": "This page is out of date. Reload it and choose again."},
        widget=forms.HiddenInput,
    )


class MoveDecisionForm(SafeTextForm):
    decision = forms.ChoiceField(
        choices=[("accept", "Accept"), ("decline", "Decline")],
        error_messages={"required": "Choose to accept or decline the move."},
    )


class VideoLinkForm(SafeTextForm):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    # Empty: the journey's link; a session's id: that session's own.
    session = forms.UUIDField(required=False, widget=forms.HiddenInput)
    video_link = forms.CharField(
        label="Video link",
        required=False,
        max_length=VIDEO_LINK_LIMIT,
        help_text="An https:// address from your video service; leave empty to remove it.",
        widget=forms.URLInput,
    )
