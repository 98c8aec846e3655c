"""The form that moves a running journey onto a newer published version of its design."""

from __future__ import annotations

from typing import Any

from django import forms

from arcwise.designs.models import DesignVersion, Phase
from arcwise.forms_common import SafeTextForm
from arcwise.journeys.forms import ReasonField


class MoveVersionForm(SafeTextForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    continue_at = forms.ChoiceField(
        label="Continue in",
        help_text="The phase of the new version the journey goes on in from today.",
    )
    reason = ReasonField()
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(
        self, data: Any = None, *, phases: list[Phase], confirming: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        # Looking at what changes needs only the phase to continue in; moving needs a reason.
        self.fields["reason"].required = confirming
        self.fields["continue_at"].choices = [  # type: ignore[attr-defined]
            (phase.key, f"{phase.position}. {phase.name}") for phase in phases
        ]


def version_choice(versions: list[DesignVersion], number: str | None) -> DesignVersion | None:
    """The version a page asks for by its number, or the newest; None if there is none newer."""
    if not versions:
        return None
    return next((v for v in versions if str(v.number) == number), versions[0])
