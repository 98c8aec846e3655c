"""Form fields for a design's short lists typed one per line: the weekly pulse's scales
and the wheel's suggested areas. Enrolment uses the pulse field too."""

from __future__ import annotations

from typing import Any

from django import forms

from arcwise.designs.spec import check_pulse_scales, check_wheel_areas, clean_text

# A few short names, one per line: no honest list is longer than this.
LIST_TEXT_LIMIT = 1000


class PulseScalesField(forms.CharField):
    """Weekly pulse scales typed one per line: two to six distinct short names, or none."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Weekly pulse scales")
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", LIST_TEXT_LIMIT)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> tuple[str, ...]:
        text = super().clean(value) or ""
        scales = tuple(clean_text(line) for line in str(text).splitlines() if line.strip())
        problems = check_pulse_scales(scales, where="")
        if problems:
            raise forms.ValidationError([problem.message for problem in problems])
        return scales


class WheelAreasField(forms.CharField):
    """The wheel's suggested areas typed one per line: three to ten distinct short names,
    or none."""

    widget = forms.Textarea(attrs={"rows": 5})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Wheel areas")
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", LIST_TEXT_LIMIT)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> tuple[str, ...]:
        text = super().clean(value) or ""
        areas = tuple(clean_text(line) for line in str(text).splitlines() if line.strip())
        problems = check_wheel_areas(areas, where="")
        if problems:
            raise forms.ValidationError([problem.message for problem in problems])
        return areas
