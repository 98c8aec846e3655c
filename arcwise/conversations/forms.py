"""The forms of a conversation: writing a message, and making one a thread or an experiment."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import uuid4

from django import forms
from django.utils import timezone

from arcwise.conversations.models import BODY_LIMIT
from arcwise.forms_common import DateInput, WorkingDateField
from arcwise.journeys.inputs import OUT_OF_DATE, CarriesState
from arcwise.journeys.models import ThreadKind


class MessageForm(CarriesState):
    state_fields = ("token",)
    body = forms.CharField(
        label="Your message",
        max_length=BODY_LIMIT,
        help_text="Plain text; web addresses become links.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Write a message before sending it.",
            "max_length": f"A message holds up to {BODY_LIMIT:,} characters: shorten it, or "
            "send it in two.",
        },
    )
    # Made when the page is shown; sent back, it lets a repeat of this form send nothing.
    token = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE},
    )

    @classmethod
    def fresh(cls) -> MessageForm:
        return cls(initial={"token": uuid4()})

    def again(self) -> MessageForm:
        """The form to show after a refusal: what was typed, with the same token."""
        return self


class ThreadFromMessageForm(CarriesState):
    kind = forms.ChoiceField(label="Keep as", choices=ThreadKind.choices)


def _week_ahead() -> Any:
    return timezone.localdate() + timedelta(days=7)


class ExperimentFromMessageForm(CarriesState):
    title = forms.CharField(
        label="Title of the experiment",
        max_length=120,
        error_messages={"required": "Give the experiment a short title."},
    )
    by_when = WorkingDateField(
        label="By when",
        widget=DateInput(),
        initial=_week_ahead,
        error_messages={
            "required": "Say by when.",
            "invalid": "Write “By when” as a date, such as 2026-01-31.",
        },
    )
