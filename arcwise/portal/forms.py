from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from arcwise.forms_common import SafeTextForm
from arcwise.portal.models import CHECK_IN_QUESTIONS, Tried

ANSWER_LIMIT = 5000
# Versions are database integers: a larger number in a forged form is refused, not a 500.
VERSION_LIMIT = 2**31 - 1
# Missing, not a number, or outside 0-10: one message naming the scale says what to do.
PULSE_ERRORS = ("required", "invalid", "min_value", "max_value")


class ReflectionAnswerForm(SafeTextForm):
    answer = forms.CharField(
        label="Your answer",
        required=False,
        max_length=ANSWER_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=VERSION_LIMIT)


class CheckInForm(SafeTextForm):
    tried = forms.ChoiceField(
        label="Did you try it?",
        required=False,
        choices=Tried.choices,
        widget=forms.RadioSelect,
    )
    what_happened = forms.CharField(
        label="What happened?",
        required=False,
        max_length=ANSWER_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    in_the_way = forms.CharField(
        label="What got in the way?",
        required=False,
        max_length=ANSWER_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=VERSION_LIMIT)


class SessionCheckInForm(SafeTextForm):
    since_last = forms.CharField(
        label=CHECK_IN_QUESTIONS["since_last"], required=False, max_length=ANSWER_LIMIT
    )
    want_from_session = forms.CharField(
        label=CHECK_IN_QUESTIONS["want_from_session"], required=False, max_length=ANSWER_LIMIT
    )
    arriving_with = forms.CharField(
        label=CHECK_IN_QUESTIONS["arriving_with"], required=False, max_length=ANSWER_LIMIT
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=VERSION_LIMIT)


class PulseForm(SafeTextForm):
    """One 0-10 answer per scale, each required: fields are named by the scale's position
    (`scale_0`, ...) because the scales are the client's own words."""

    def __init__(self, *args: Any, scales: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scales = list(scales)
        for index, scale in enumerate(self.scales):
            message = f"Choose a number from 0 to 10 for “{scale}”."
            self.fields[f"scale_{index}"] = forms.IntegerField(
                label=scale,
                min_value=0,
                max_value=10,
                error_messages=dict.fromkeys(
                    ("required", "invalid", "min_value", "max_value"), message
                ),
            )

    def values(self) -> dict[str, int]:
        """The answers by scale name, once the form is valid."""
        return {
            scale: self.cleaned_data[f"scale_{index}"] for index, scale in enumerate(self.scales)
        }


class LinkSendForm(SafeTextForm):
    # The newest usable link the page showed ("" for none): what the send was made from.
    from_link = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)


class LinkRevokeForm(SafeTextForm):
    link = forms.UUIDField(widget=forms.HiddenInput)
