"""The client form: what a coach types about a client, checked before anything is saved."""

from __future__ import annotations

from django import forms

from arcwise.accounts.forms import TimeZoneField
from arcwise.clients.models import CLIENT_NOTES_LIMIT, EMPLOYER_MAX
from arcwise.forms_common import SafeTextForm


class ClientForm(SafeTextForm):
    name = forms.CharField(max_length=150, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    email = forms.EmailField(
        label="E-mail",
        help_text="Reminders and the client's portal link go to this address.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    employer = forms.CharField(
        label="Employer",
        required=False,
        max_length=EMPLOYER_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=(
            f"Where the client works, up to {EMPLOYER_MAX} characters. A mentor never sees it: "
            "it is taken out of everything a mentor reads."
        ),
    )
    time_zone = TimeZoneField(
        label="Time zone", help_text="Session times are shown to the client in this time zone."
    )
    notes = forms.CharField(
        required=False,
        max_length=CLIENT_NOTES_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Private to the coaches of your practice. Never shown to the client or a mentor.",
    )

    def clean_employer(self) -> str:
        return " ".join(self.cleaned_data["employer"].split())

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter the client's name.")
        return name


class ClientEditForm(ClientForm):
    # The version the coach started editing from; a save from an older one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
