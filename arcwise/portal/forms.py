from __future__ import annotations

from django import forms

from arcwise.forms_common import SafeTextForm
from arcwise.portal.models import Tried

ANSWER_LIMIT = 5000
# Versions are database integers: a larger number in a forged form is refused, not a 500.
VERSION_LIMIT = 2**31 - 1


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


class LinkSendForm(SafeTextForm):
    # The newest usable link the page showed ("" for none): what the send was made from.
    from_link = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)


class LinkRevokeForm(SafeTextForm):
    link = forms.UUIDField(widget=forms.HiddenInput)
