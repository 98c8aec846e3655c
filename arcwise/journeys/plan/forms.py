"""The forms that change a running journey's plan.

The adaptations: one typed form per kind, each turning what the coach chose into a change
for the planner. Views look a kind up here; nothing about a kind is decided anywhere else.
Besides them, moving on to the next phase, and moving to a newer version of the design."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms

from arcwise.designs.models import DesignVersion, Phase
from arcwise.forms_common import DateInput, WorkingDateField
from arcwise.journeys import schedule
from arcwise.journeys.inputs import CarriesState, LocalTimeForm, ReasonField
from arcwise.journeys.pages.state import JourneyState
from arcwise.journeys.text_limits import READINESS_NOTE_LIMIT

CARRY = "carry"
DROP = "drop"
LONGEST_PAUSE_DAYS = 366


class AdaptationForm(CarriesState):
    """What every adaptation carries: its reason, and the revision it was made from."""

    state_fields = ("revision",)
    kind = ""
    title = ""
    reason = ReasonField()
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(
        self, data: Any = None, *, state: JourneyState, time_zone: str, **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", self.kind)
        kwargs.setdefault("initial", {}).setdefault("revision", state.journey.revision)
        super().__init__(data, **kwargs)
        self.state = state
        self.time_zone = time_zone

    def made_from(self) -> int | None:
        """The revision the page was made from, as sent (None if it is missing or garbled).

        Read before validating: choices that depend on the journey's state are only worth
        checking against the journey the page showed.
        """
        try:
            return int(self.data.get(self.add_prefix("revision"), ""))
        except ValueError:
            return None

    def change(self) -> schedule.Change:
        """The planner's change for the valid form."""
        raise TypeError(f"{type(self).__name__} must say what it changes")

    def heading(self) -> str:
        return self.title

    def confirm_label(self) -> str:
        """“Confirm: extend Resource”: the heading as an action, phase names kept as written."""
        heading = self.heading()
        return f"Confirm: {heading[:1].lower()}{heading[1:]}"


class ExtendForm(AdaptationForm):
    kind = "extend"
    weeks = forms.IntegerField(label="Extra weeks", min_value=1, max_value=26, initial=2)
    add_sessions = forms.IntegerField(
        label="Sessions to add in those weeks",
        min_value=0,
        max_value=10,
        initial=0,
        help_text="0 keeps the sessions as they are.",
    )
    field_order = ["weeks", "add_sessions", "reason"]

    def heading(self) -> str:
        phase = self.state.current_phase
        return f"Extend {phase.name}" if phase else "Extend the phase"

    def change(self) -> schedule.Change:
        return schedule.Extend(self.cleaned_data["weeks"], self.cleaned_data["add_sessions"])


class SkipForm(AdaptationForm):
    kind = "skip"
    phase = forms.ChoiceField(label="Phase to skip")
    sessions = forms.ChoiceField(
        label="Its planned sessions",
        widget=forms.RadioSelect,
        choices=[
            (CARRY, "Keep them: they join the phase after it"),
            (DROP, "Drop them: later phases come earlier"),
        ],
        initial=CARRY,
    )
    field_order = ["phase", "sessions", "reason"]

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["phase"].choices = [  # type: ignore[attr-defined]
            (p.key, p.name) for p in self.state.later_phases()
        ]

    def heading(self) -> str:
        return "Skip a phase ahead"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        ahead = [p.key for p in self.state.later_phases()]
        if ahead and cleaned.get("phase") == ahead[-1] and cleaned.get("sessions") == CARRY:
            self.add_error(
                "sessions", "It is the last phase: there is no phase after it to take them."
            )
        return cleaned

    def change(self) -> schedule.Change:
        return schedule.Skip(self.cleaned_data["phase"], self.cleaned_data["sessions"] == CARRY)


class RevisitForm(AdaptationForm):
    kind = "revisit"
    phase = forms.ChoiceField(label="Phase to go back to")
    field_order = ["phase", "reason"]

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["phase"].choices = [  # type: ignore[attr-defined]
            (p.key, p.name) for p in self.state.earlier_phases()
        ]

    def heading(self) -> str:
        return "Revisit an earlier phase"

    def change(self) -> schedule.Change:
        phase = next(p for p in self.state.phases if p.key == self.cleaned_data["phase"])
        return schedule.Revisit(schedule.plan_phase(phase))


class PauseForm(AdaptationForm):
    kind = "pause"
    until = WorkingDateField(
        label="Expected back on",
        widget=DateInput(),
        help_text="Sessions until then are suspended; resuming plans them again.",
    )
    field_order = ["until", "reason"]

    def heading(self) -> str:
        return "Pause the journey"

    def clean_until(self) -> date:
        until: date = self.cleaned_data["until"]
        today = self.state.today
        if until <= today:
            raise forms.ValidationError("The expected return must be after today.")
        if until > today + timedelta(days=LONGEST_PAUSE_DAYS):
            raise forms.ValidationError(
                "A pause of more than a year is better ended and restarted later."
            )
        return until

    def change(self) -> schedule.Change:
        return schedule.Pause(self.cleaned_data["until"])


class ResumeForm(AdaptationForm):
    kind = "resume"

    def heading(self) -> str:
        return "Resume the journey"

    def change(self) -> schedule.Change:
        journey = self.state.journey
        return schedule.Resume(journey.paused_on or self.state.today)


class InsertSessionForm(AdaptationForm, LocalTimeForm):
    kind = "insert_session"
    field_order = ["day", "at", "reason"]

    def heading(self) -> str:
        return "Insert an extra session"

    def change(self) -> schedule.Change:
        return schedule.InsertSession(self.cleaned_data["day"], self.cleaned_data["at"])


ADAPTATION_FORMS: dict[str, type[AdaptationForm]] = {
    form.kind: form
    for form in (ExtendForm, SkipForm, RevisitForm, PauseForm, ResumeForm, InsertSessionForm)
}


def available_adaptations(state: JourneyState, time_zone: str) -> list[AdaptationForm]:
    """The adaptations that make sense for the journey as it stands, as blank forms."""
    if not state.journey.is_open():
        return []
    kinds: list[type[AdaptationForm]]
    if state.is_paused:
        kinds = [ResumeForm]
    else:
        kinds = [ExtendForm, InsertSessionForm, PauseForm]
        if state.later_phases():
            kinds.insert(1, SkipForm)
        if state.earlier_phases():
            kinds.insert(1, RevisitForm)
    return [kind(state=state, time_zone=time_zone) for kind in kinds]


def current_adaptation(
    state: JourneyState, time_zone: str, kind: str, *, reason: str = ""
) -> AdaptationForm | None:
    """The blank form of adaptation `kind` as the journey stands (None if it is not on offer
    now), keeping the reason the coach typed."""
    form = next((f for f in available_adaptations(state, time_zone) if f.kind == kind), None)
    if form is not None:
        form.initial["reason"] = reason
    return form


class AdvanceForm(CarriesState):
    state_fields = ("revision",)
    readiness_note = forms.CharField(
        label="What tells you the client is ready to move on?",
        max_length=READINESS_NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    on = WorkingDateField(widget=DateInput(), label="Moving on from", initial=date.today)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MoveVersionForm(CarriesState):
    """Where the journey goes on in the newer version, and (if the coach says) why it moves."""

    state_fields = ("version", "revision")
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    continue_at = forms.ChoiceField(
        label="Continue in",
        help_text="The phase of the new version the journey goes on in from today.",
    )
    # Optional: a newer version of the design is reason enough to move.
    reason = ReasonField(required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, data: Any = None, *, phases: list[Phase], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["continue_at"].choices = [  # type: ignore[attr-defined]
            (phase.key, f"{phase.position}. {phase.name}") for phase in phases
        ]


def version_choice(versions: list[DesignVersion], number: str | None) -> DesignVersion | None:
    """The version a page asks for by its number, or the newest; None if there is none newer."""
    if not versions:
        return None
    return next((v for v in versions if str(v.number) == number), versions[0])
