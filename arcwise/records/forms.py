"""The records' forms: the practice's retention, and the confirmation of an erasure."""

from __future__ import annotations

from django import forms

from arcwise.forms_common import SafeTextForm
from arcwise.records.retention_days import MAX_MONTHS, MIN_MONTHS

RANGE = (
    f"Keep records from {MIN_MONTHS} to {MAX_MONTHS} months ({MAX_MONTHS // 12} years) after a "
    "journey ends."
)


class RetentionForm(SafeTextForm):
    months = forms.IntegerField(
        label="Months to keep a journey's records after it ends",
        min_value=MIN_MONTHS,
        max_value=MAX_MONTHS,
        help_text=RANGE,
        error_messages={
            "required": "Enter how many months to keep a journey's records after it ends.",
            "invalid": "Enter a whole number of months, such as 24.",
            "min_value": RANGE,
            "max_value": RANGE,
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    # The policy's version the page showed (0: the default); a save from an older one is
    # refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ErasureForm(SafeTextForm):
    typed_name = forms.CharField(
        label="Type the client's name to confirm",
        max_length=300,
        error_messages={"required": "Type the client's name, as shown above, to confirm."},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    # The client's version the page showed: an edit made meanwhile is seen before erasing.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
