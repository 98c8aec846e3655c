"""The search box: what a person may type into it, and what is refused with a message."""

from __future__ import annotations

from typing import Any

from django import forms

from arcwise.forms_common import SafeTextForm
from arcwise.search.words import MAX_QUERY, MAX_WORDS, name_words


class SearchForm(SafeTextForm):
    """One text, limited in length and words; bidirectional controls and bytes that were not
    UTF-8 are refused by `SafeTextForm`, the NUL character by Django's own field."""

    q = forms.CharField(
        label="Search",
        max_length=MAX_QUERY,
        required=False,
        strip=True,
        error_messages={
            "max_length": "Search for at most %(limit_value)d characters "
            "(this has %(show_value)d): a name or a few words."
        },
    )

    def clean_q(self) -> str:
        text: str = self.cleaned_data.get("q", "")
        if not text:
            return ""
        words = name_words(text)
        if not words:
            raise forms.ValidationError(
                "Type a letter or a number to search for: punctuation and symbols alone "
                "find nothing.",
                code="no_words",
            )
        if len(words) > MAX_WORDS:
            raise forms.ValidationError(
                f"Search for at most {MAX_WORDS} words (this has {len(words)}).",
                code="too_many_words",
            )
        return text

    def text(self) -> str:
        """The valid search, or "" when there is none or it was refused."""
        if not self.is_valid():
            return ""
        value: Any = self.cleaned_data.get("q", "")
        return str(value)
