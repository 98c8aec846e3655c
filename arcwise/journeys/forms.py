"""Forms for enrolling a client, shaping the session plan and running the journey."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from django import forms

from arcwise.designs.forms import PulseScalesField
from arcwise.forms_common import SafeTextForm, WorkingDateField
from arcwise.journeys.models import (
    DEFAULT_WEEKLY_MESSAGE_CAP,
    MAX_WEEKLY_MESSAGE_CAP,
    MIN_WEEKLY_MESSAGE_CAP,
    ExperimentStatus,
    SessionStatus,
)
from arcwise.journeys.schedule import TimeProblem, to_utc

DEFAULT_CONFIDENTIALITY = (
    "What you share in our sessions stays between us. I keep brief notes only to support our "
    "work, store them securely and delete them a year after we finish. I would break "
    "confidentiality only if you or someone else were at serious risk of harm, or if the law "
    "required it, and I would tell you first wherever I could."
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class ReasonField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("help_text", "One line: why this is the right move for this client now.")
        super().__init__(**kwargs)


class AgreementForm(SafeTextForm):
    client = forms.ChoiceField(help_text="Only active clients can start a journey.")
    design_version = forms.ChoiceField(
        label="Design", help_text="Journeys run on the published version of a design."
    )
    goals = forms.CharField(
        label="Goals, in the client's words",
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


class LocalTimeForm(SafeTextForm):
    """A day and a wall-clock time in the coach's time zone, checked and turned into UTC."""

    day = WorkingDateField(widget=DateInput(), label="Date")
    at = forms.TimeField(widget=TimeInput(), label="Time")

    def __init__(self, *args: Any, time_zone: str = "UTC", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.time_zone = time_zone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, at = cleaned.get("day"), cleaned.get("at")
        if day and at:
            try:
                cleaned["starts_at"] = to_utc(day, at, self.time_zone)
            except TimeProblem as problem:
                self.add_error("at", str(problem))
        return cleaned

    def starts_at(self) -> datetime:
        value: datetime = self.cleaned_data["starts_at"]
        return value


class PlanRowForm(LocalTimeForm):
    phase_key = forms.CharField(widget=forms.HiddenInput)


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


class WhenForm(LocalTimeForm):
    """When one session happens, in the coach's time zone, and how long it lasts."""

    minutes = forms.IntegerField(label="Length (minutes)", min_value=10, max_value=480, initial=60)


class AdvanceForm(SafeTextForm):
    readiness_note = forms.CharField(
        label="What tells you the client is ready to move on?",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    on = WorkingDateField(widget=DateInput(), label="Moving on from", initial=date.today)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class StartForm(SafeTextForm):
    """What "Start the journey" sends besides the agreement and the plan."""

    # Made when the plan page renders; a repeat of the same form starts nothing new.
    start_token = forms.UUIDField(widget=forms.HiddenInput)
    another_open_confirmed = forms.BooleanField(required=False)


OUT_OF_DATE = "This form is out of date. Reload the page and try again."


class CarriesState(SafeTextForm):
    """A form with hidden fields holding the state it was made from.

    A person cannot fix a hidden field, so a problem with one is said once, above the form.
    """

    state_fields: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if any(name in self.errors for name in self.state_fields):
            for name in self.state_fields:
                self.errors.pop(name, None)
            self.add_error(None, OUT_OF_DATE)
        return cleaned


class SessionStatusForm(SafeTextForm):
    status = forms.ChoiceField(choices=SessionStatus.choices)
    # The status the page showed: the change is made only from it.
    from_status = forms.ChoiceField(
        choices=SessionStatus.choices,
        widget=forms.HiddenInput,
        error_messages={"required": OUT_OF_DATE, "invalid_choice": OUT_OF_DATE},
    )


class RescheduleForm(CarriesState, WhenForm):
    """A new time for a session, with the time the page showed: only that one moves."""

    state_fields = ("from_starts_at", "from_minutes")

    # An ISO 8601 instant in UTC, not a local time: a local time in the hour the clocks go
    # back would name two instants.
    from_starts_at = forms.CharField(
        widget=forms.HiddenInput, error_messages={"required": OUT_OF_DATE}
    )
    from_minutes = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE},
    )

    @staticmethod
    def instant(moment: datetime) -> str:
        """How `from_starts_at` carries a session's start."""
        return moment.astimezone(UTC).isoformat()

    def clean_from_starts_at(self) -> datetime:
        try:
            moment = datetime.fromisoformat(self.cleaned_data["from_starts_at"])
        except ValueError:
            raise forms.ValidationError(OUT_OF_DATE) from None
        if moment.tzinfo is None:
            raise forms.ValidationError(OUT_OF_DATE)
        return moment


class SessionRecordForm(SafeTextForm):
    notes = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Private to you. Saved as you type.",
    )
    key_insights = forms.CharField(
        label="Key insights", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    agreements = forms.CharField(
        label="Agreements", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    record_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ExperimentForm(CarriesState):
    state_fields = ("token",)
    title = forms.CharField(max_length=120, help_text="A few words the client will recognise.")
    what_to_try = forms.CharField(label="What to try", widget=forms.Textarea(attrs={"rows": 3}))
    by_when = WorkingDateField(label="By when", widget=DateInput())
    # Made when the session page renders; a repeat of the same form agrees nothing new.
    token = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE},
    )


class ExperimentStatusForm(SafeTextForm):
    status = forms.ChoiceField(
        choices=[(ExperimentStatus.DONE, "Done"), (ExperimentStatus.DROPPED, "Dropped")],
        error_messages={"required": "Choose done or dropped."},
    )
    from_status = forms.ChoiceField(
        choices=ExperimentStatus.choices,
        error_messages={"required": OUT_OF_DATE, "invalid_choice": OUT_OF_DATE},
    )
    debrief = forms.CharField(
        label="What was learned",
        error_messages={"required": "Write what was learned before marking it done or dropped."},
    )
