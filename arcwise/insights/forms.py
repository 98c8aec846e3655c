"""The owner's form for the practice's momentum thresholds; the hours log's date range."""

from __future__ import annotations

from typing import Any

from django import forms

from arcwise.forms_common import DateRangeForm, SafeTextForm
from arcwise.insights.momentum_settings import ThresholdRow
from arcwise.insights.momentum_settings import shown as _number


class MomentumThresholdsForm(SafeTextForm):
    """One number per threshold, each within momentum's limits, and the page's revision."""

    # The stored thresholds the page showed: a second tab or a repeated request changes
    # nothing twice (see momentum_thresholds_set).
    was = forms.CharField(widget=forms.HiddenInput, max_length=4000, required=False)

    def __init__(self, *args: Any, rows: list[ThresholdRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = {row.name: row for row in rows}
        for row in rows:
            hint = (
                f"{row.why} Default {_number(row.default)}; "
                f"{_number(row.low)} to {_number(row.high)}."
            ).strip()
            attrs = {"min": _number(row.low), "max": _number(row.high)}
            field: forms.Field
            if row.whole:
                field = forms.IntegerField(
                    label=row.label, help_text=hint, widget=forms.NumberInput(attrs=attrs)
                )
            else:
                field = forms.FloatField(
                    label=row.label,
                    help_text=hint,
                    widget=forms.NumberInput(attrs={**attrs, "step": "any"}),
                )
            field.error_messages["required"] = (
                f"Enter a number from {_number(row.low)} to {_number(row.high)}."
            )
            self.fields[row.name] = field
            self.initial.setdefault(row.name, row.value)

    def threshold_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.rows]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, row in self.rows.items():
            value = cleaned.get(name)
            if value is not None and not row.low <= value <= row.high:
                self.add_error(
                    name,
                    f"{_number(value)} is outside the limits: choose from {_number(row.low)} "
                    f"to {_number(row.high)}, which keep the signal meaningful.",
                )
        drift, stall = cleaned.get("gap_drifting_cadences"), cleaned.get("gap_stalled_cadences")
        if (
            drift is not None
            and stall is not None
            and "gap_stalled_cadences" not in self.errors
            and stall < drift
        ):
            self.add_error(
                "gap_stalled_cadences",
                f"A stall is a longer gap than a drift: choose at least {_number(drift)}, "
                "the drifting gap.",
            )
        return cleaned

    def values(self) -> dict[str, int | float]:
        return {name: self.cleaned_data[name] for name in self.rows}


class HoursFilterForm(DateRangeForm):
    """The hours log's range: either end may be left open; both ends are inclusive."""
