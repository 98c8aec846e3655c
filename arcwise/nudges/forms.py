"""The coach's form on a journey's Messages page."""

from __future__ import annotations

from typing import Any

from django import forms

from arcwise.forms_common import SafeTextForm
from arcwise.journeys.models import MAX_WEEKLY_MESSAGE_CAP, MIN_WEEKLY_MESSAGE_CAP


class MessageCapForm(SafeTextForm):
    cap = forms.IntegerField(
        label="Messages a week, at most",
        min_value=MIN_WEEKLY_MESSAGE_CAP,
        max_value=MAX_WEEKLY_MESSAGE_CAP,
        help_text=(
            f"{MIN_WEEKLY_MESSAGE_CAP} to {MAX_WEEKLY_MESSAGE_CAP}, in any seven days. Prompts "
            "wait when it is reached; session reminders always go."
        ),
    )
    # The cap the page showed: a second tab or a repeated request changes nothing twice.
    was = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=1000)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "was" in self.errors:
            # Hidden, so said above the form: a page from before the cap, or tampered with.
            del self.errors["was"]
            self.add_error(None, "This page is out of date: reload it, then choose again.")
        return cleaned
