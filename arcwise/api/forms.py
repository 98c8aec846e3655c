"""The form that makes an access token."""

from __future__ import annotations

import uuid

from django import forms

from arcwise.api.models import NAME_LIMIT
from arcwise.forms_common import SafeTextForm

READ = "read"
READ_WRITE = "write"


class TokenForm(SafeTextForm):
    name = forms.CharField(
        label="Name",
        max_length=NAME_LIMIT,
        help_text="The tool that will use it, so you know which token to revoke later.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "Give the token a name, such as the tool that will use it."},
    )
    access = forms.ChoiceField(
        label="Access",
        choices=[(READ, "Read only"), (READ_WRITE, "Read and write")],
        initial=READ,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the token may only read, or also write."},
    )
    # A fresh key for each form shown: the same form sent twice makes one token, not two.
    form_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)

    def __init__(self, *args: object, may_write: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not may_write:
            field = self.fields["access"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(READ, "Read only")]
            field.help_text = "Your role reads only, so your tokens read only."
