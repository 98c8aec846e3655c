"""The forms of starting a journey: the agreement, the proposed session plan, the start."""

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms

from arcwise.designs.list_fields import PulseScalesField
from arcwise.designs.spec import KEY_LENGTH
from arcwise.forms_common import DateInput, SafeTextForm, WorkingDateField
from arcwise.journeys.inputs import LocalTimeForm, TimeInput
from arcwise.journeys.models import (
    DEFAULT_WEEKLY_MESSAGE_CAP,
    MAX_WEEKLY_MESSAGE_CAP,
    MIN_WEEKLY_MESSAGE_CAP,
    FeeBasis,
)
from arcwise.journeys.text_limits import CONFIDENTIALITY_LIMIT, GOALS_LIMIT

DEFAULT_CONFIDENTIALITY = (
    "What you share in our sessions stays between us. I keep brief notes only to support our "
    "work, store them securely and delete them a year after we finish. I would break "
    "confidentiality only if you or someone else were at serious risk of harm, or if the law "
    "required it, and I would tell you first wherever I could."
)


class AgreementForm(SafeTextForm):
    client = forms.ChoiceField(help_text="Only active clients can start a journey.")
    design_version = forms.ChoiceField(
        label="Design", help_text="Journeys run on the published version of a design."
    )
    goals = forms.CharField(
        label="Goals, in the client's words",
        max_length=GOALS_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the client wants from this journey, as they said it.",
    )
    start_date = WorkingDateField(widget=DateInput(), help_text="The day of the first session.")
    # Empty until the coach types one: the design chosen above brings its own cadence, and
    # without JavaScript this form cannot fill it in as the design is chosen.
    cadence_days = forms.IntegerField(
        label="Cadence (days between sessions)",
        min_value=1,
        max_value=56,
        required=False,
        help_text="Left empty, the design's own cadence is used; you see it on the next page.",
    )
    weekly_message_cap = forms.IntegerField(
        label="Messages a week, at most",
        min_value=MIN_WEEKLY_MESSAGE_CAP,
        max_value=MAX_WEEKLY_MESSAGE_CAP,
        initial=DEFAULT_WEEKLY_MESSAGE_CAP,
        required=False,
        help_text=(
            "Reminders and prompts the client gets in any seven days without asking "
            f"({DEFAULT_WEEKLY_MESSAGE_CAP} if left empty). Prompts wait when it is reached; "
            "session reminders always go. You can change it on the journey's Messages page."
        ),
    )
    fee_basis = forms.ChoiceField(
        label="Paid or pro bono",
        choices=FeeBasis.choices,
        initial=FeeBasis.PAID,
        widget=forms.RadioSelect,
        help_text=(
            "Whether the client (or a sponsor) pays for this journey. Your hours log counts "
            "its held sessions as paid or pro bono hours, as credentialing bodies ask."
        ),
        error_messages={
            "required": "Choose paid or pro bono: your hours log counts this journey as one.",
            "invalid_choice": "Choose paid or pro bono: these are the two kinds of agreement.",
        },
    )
    session_time = forms.TimeField(
        widget=TimeInput(),
        initial=time(10, 0),
        help_text="Your usual time; each session can differ.",
    )
    session_minutes = forms.IntegerField(
        label="Session length (minutes)", min_value=10, max_value=480, initial=60
    )
    planned_end = WorkingDateField(
        required=False,
        widget=DateInput(),
        help_text="Left empty, it is proposed from the design's planned weeks.",
    )
    confidentiality = forms.CharField(
        label="Confidentiality terms",
        max_length=CONFIDENTIALITY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        initial=DEFAULT_CONFIDENTIALITY,
    )
    pulse_scales = PulseScalesField(
        help_text=(
            "Two to six 0 to 10 scales in the client's words, one per line. Left empty, the "
            "design's own scales are used (if it names any)."
        )
    )

    def __init__(
        self,
        *args: Any,
        clients: list[tuple[str, str]],
        designs: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = [("", "Choose a client"), *clients]  # type: ignore[attr-defined]
        self.fields["design_version"].choices = [("", "Choose a design"), *designs]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("planned_end")
        if start and end and end <= start:
            self.add_error("planned_end", "The planned end must be after the start date.")
        return cleaned


class PlanRowForm(LocalTimeForm):
    phase_key = forms.CharField(widget=forms.HiddenInput, max_length=KEY_LENGTH)


MAX_PLANNED_SESSIONS = 200


class PlanFormSetBase(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": (
            "A session plan holds at most %(num)d sessions. This plan was sent with more, "
            "so nothing has started: propose the plan again."
        ),
        "too_few_forms": "A session plan needs at least %(num)d session.",
    }


# A plan longer than the maximum is refused with a message, and no more rows than that are
# ever built from a request, however many it claims to hold.
PlanFormSet = forms.formset_factory(
    PlanRowForm,
    formset=PlanFormSetBase,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=MAX_PLANNED_SESSIONS,
    validate_max=True,
    absolute_max=MAX_PLANNED_SESSIONS,
)


class StartForm(SafeTextForm):
    """What "Start the journey" sends besides the agreement and the plan."""

    # Made when the plan page renders; a repeat of the same form starts nothing new.
    start_token = forms.UUIDField(widget=forms.HiddenInput)
    another_open_confirmed = forms.BooleanField(required=False)
