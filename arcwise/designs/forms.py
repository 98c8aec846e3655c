"""Forms of the designer. They turn what a coach typed into the plain `spec` data."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.text import slugify

from arcwise.designs.list_fields import PulseScalesField, WheelAreasField
from arcwise.designs.models import DesignVersion, Visibility
from arcwise.designs.spec import (
    CLIENT_INTENT_LENGTH,
    KEY_LENGTH,
    MAX_CADENCE_DAYS,
    MAX_LIST_ITEMS,
    MAX_SESSIONS,
    MAX_WEEKS,
    TEXT_LENGTH,
    CycleStep,
    DesignSpec,
    PhaseSpec,
    Practice,
    ReflectionPrompt,
    clean_text,
)
from arcwise.forms_common import SafeTextForm

ONE_PER_LINE = "One per line."


def lines_of(text: str) -> tuple[str, ...]:
    """The non-blank lines of a textarea, each an item of a list."""
    return tuple(line.strip() for line in clean_text(text).split("\n") if line.strip())


class ListField(forms.CharField):
    """A textarea holding one item per line."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        # Every line is at most a design text long, and there are at most so many lines.
        kwargs.setdefault("max_length", MAX_LIST_ITEMS * (TEXT_LENGTH + 1))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> tuple[str, ...]:
        items = lines_of(super().clean(value) or "")
        if len(items) > MAX_LIST_ITEMS:
            raise forms.ValidationError(f"At most {MAX_LIST_ITEMS} lines; this has {len(items)}.")
        return items

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value


PAGE_OUT_OF_DATE = (
    "This page is out of date: reload it to see the design as it is now. Nothing was saved."
)


class CarriesState(SafeTextForm):
    """A form that carries, in hidden fields, the state its page was made from.

    A person cannot mend a hidden field, so a missing or mangled one is said as one error
    about the page rather than as a field error nobody can see.
    """

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if any(name in self.errors for name, f in self.fields.items() if f.widget.is_hidden):
            self.add_error(None, PAGE_OUT_OF_DATE)
        return cleaned


def idempotency_key_field() -> forms.UUIDField:
    """A fresh key for each form shown: sending that form twice makes one thing, not two.

    Optional, as an Idempotency-Key header is: a request without one (a script, a page
    cached from before keys) is taken as a first request.
    """
    return forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)


class DraftState(CarriesState):
    """Which draft a page showed, and at which revision: every change to a draft says so."""

    draft = forms.UUIDField(widget=forms.HiddenInput)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DesignDetailsForm(SafeTextForm):
    name = forms.CharField(max_length=120, help_text="What coaches will call this design.")
    purpose = forms.CharField(
        required=False,
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What journeys of this design are for.",
    )
    audience = forms.CharField(
        label="Intended audience",
        required=False,
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Who this design is meant for.",
    )
    cadence_days = forms.IntegerField(
        label="Cadence (days between sessions)",
        min_value=1,
        max_value=MAX_CADENCE_DAYS,
        initial=14,
        error_messages={
            "min_value": "Sessions are at least 1 day apart.",
            "max_value": f"Sessions are at most {MAX_CADENCE_DAYS} days apart.",
            "invalid": "Enter a whole number of days.",
        },
        help_text="7 for weekly sessions, 14 for every two weeks.",
    )
    pulse_scales = PulseScalesField(
        help_text=(
            "Two to six 0 to 10 scales the client answers each week, one per line, in words "
            "they would use (“room for this work”). Leave empty for none."
        )
    )
    wheel_areas = WheelAreasField(
        help_text=(
            "Three to ten areas a journey's wheel suggests, one per line, each up to 40 "
            "characters (“Energy”, “Time for thinking”). The client rates each from 0 to 10 "
            "at the start and at close; each journey may change them. Leave empty for none."
        )
    )

    def clean_name(self) -> str:
        return clean_text(self.cleaned_data["name"])

    def clean_purpose(self) -> str:
        return clean_text(self.cleaned_data["purpose"])

    def clean_audience(self) -> str:
        return clean_text(self.cleaned_data["audience"])

    def to_spec(self) -> DesignSpec:
        """The design's details as typed, without phases."""
        data = self.cleaned_data
        return DesignSpec(
            name=data["name"],
            purpose=data["purpose"],
            audience=data["audience"],
            cadence_days=data["cadence_days"],
            pulse_scales=data["pulse_scales"],
            wheel_areas=data["wheel_areas"],
        )


class DraftDetailsForm(DesignDetailsForm, DraftState):
    """The draft's details, with the draft and revision the form was opened at."""

    @staticmethod
    def initial_from(draft: DesignVersion) -> dict[str, Any]:
        return {
            "name": draft.name,
            "purpose": draft.purpose,
            "audience": draft.audience,
            "cadence_days": draft.cadence_days,
            "pulse_scales": "\n".join(draft.pulse_scales),
            "wheel_areas": "\n".join(draft.wheel_areas),
            "draft": draft.public_id,
            "revision": draft.revision,
        }


class NewDesignForm(DesignDetailsForm, CarriesState):
    visibility = forms.ChoiceField(
        label="Who can see it",
        choices=Visibility.choices,
        initial=Visibility.PRIVATE,
        widget=forms.RadioSelect,
    )
    idempotency_key = idempotency_key_field()


class StarterForm(CarriesState):
    starter = forms.CharField(widget=forms.HiddenInput, max_length=KEY_LENGTH)
    idempotency_key = idempotency_key_field()


class ImportForm(CarriesState):
    file = forms.FileField(
        label="Design file (.yaml)",
        help_text="A file exported from Arcwise, or written in the documented format.",
    )
    idempotency_key = idempotency_key_field()


class VisibilityForm(SafeTextForm):
    visibility = forms.ChoiceField(choices=Visibility.choices)


class PhaseForm(SafeTextForm):
    name = forms.CharField(max_length=120)
    key = forms.CharField(
        required=False,
        max_length=KEY_LENGTH,
        help_text="A short unique label such as “meet-resistance”. Left empty, it is made "
        "from the name.",
    )
    intent = forms.CharField(
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What this phase is for: what the client needs from it.",
    )
    client_intent = forms.CharField(
        label="For the client (optional)",
        required=False,
        max_length=CLIENT_INTENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the client sees about this phase in their portal; leave empty to "
        "show nothing.",
    )
    planned_weeks = forms.IntegerField(
        min_value=1,
        max_value=MAX_WEEKS,
        initial=2,
        error_messages={
            "min_value": "Plan at least 1 week.",
            "max_value": f"Plan at most {MAX_WEEKS} weeks.",
            "invalid": "Enter a whole number of weeks.",
        },
    )
    planned_sessions = forms.IntegerField(
        min_value=1,
        max_value=MAX_SESSIONS,
        initial=1,
        error_messages={
            "min_value": "Plan at least 1 session.",
            "max_value": f"Plan at most {MAX_SESSIONS} sessions.",
            "invalid": "Enter a whole number of sessions.",
        },
    )
    readiness_signals = ListField(
        help_text="How you will know the client is ready to move on. " + ONE_PER_LINE
    )
    session_prompts = ListField(help_text="Questions and openings for sessions. " + ONE_PER_LINE)
    experience_prompts = ListField(
        label="Reflection prompts: experience",
        help_text="Prompts that help the client notice what happened. " + ONE_PER_LINE,
    )
    reflection_prompts = ListField(
        label="Reflection prompts: reflection",
        help_text="Prompts that help the client make sense of it. " + ONE_PER_LINE,
    )
    integration_prompts = ListField(
        label="Reflection prompts: integration",
        help_text="Prompts that help the client carry it into life. " + ONE_PER_LINE,
    )

    def clean_name(self) -> str:
        return clean_text(self.cleaned_data["name"])

    def clean_intent(self) -> str:
        return clean_text(self.cleaned_data["intent"])

    def clean_client_intent(self) -> str:
        return clean_text(self.cleaned_data["client_intent"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("key") and cleaned.get("name"):
            cleaned["key"] = slugify(cleaned["name"])[:KEY_LENGTH].strip("-")
        else:
            cleaned["key"] = clean_text(cleaned.get("key") or "")
        return cleaned

    def to_spec(self, practices: tuple[Practice, ...]) -> PhaseSpec:
        data = self.cleaned_data
        prompts = tuple(
            ReflectionPrompt(step=step, text=text)
            for step, field in (
                (CycleStep.EXPERIENCE, "experience_prompts"),
                (CycleStep.REFLECTION, "reflection_prompts"),
                (CycleStep.INTEGRATION, "integration_prompts"),
            )
            for text in data[field]
        )
        return PhaseSpec(
            key=data["key"],
            name=data["name"],
            intent=data["intent"],
            client_intent=data["client_intent"],
            planned_weeks=data["planned_weeks"],
            planned_sessions=data["planned_sessions"],
            readiness_signals=data["readiness_signals"],
            session_prompts=data["session_prompts"],
            practices=practices,
            reflection_prompts=prompts,
        )

    @staticmethod
    def initial_from(spec: PhaseSpec) -> dict[str, Any]:
        def prompts(step: CycleStep) -> list[str]:
            return [prompt.text for prompt in spec.reflection_prompts if prompt.step == step]

        return {
            "name": spec.name,
            "key": spec.key,
            "intent": spec.intent,
            "client_intent": spec.client_intent,
            "planned_weeks": spec.planned_weeks,
            "planned_sessions": spec.planned_sessions,
            "readiness_signals": list(spec.readiness_signals),
            "session_prompts": list(spec.session_prompts),
            "experience_prompts": prompts(CycleStep.EXPERIENCE),
            "reflection_prompts": prompts(CycleStep.REFLECTION),
            "integration_prompts": prompts(CycleStep.INTEGRATION),
        }


class PhaseAddForm(PhaseForm, CarriesState):
    """A new phase, with the draft it is for and the key that makes sending it twice safe."""

    draft = forms.UUIDField(widget=forms.HiddenInput)
    idempotency_key = idempotency_key_field()


class PhaseEditForm(PhaseForm, CarriesState):
    """A phase's new words, with the phase's revision the form was opened at."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PracticeForm(SafeTextForm):
    title = forms.CharField(max_length=120, required=False, label="Practice")
    description = forms.CharField(
        required=False,
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="What to try",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Several practices share one page: number their labels so each input is told apart.
        number = int((self.prefix or "x-0").rsplit("-", 1)[-1]) + 1
        self.fields["title"].label = f"Practice {number}"
        self.fields["description"].label = f"Practice {number}: what to try"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        title = clean_text(cleaned.get("title") or "")
        description = clean_text(cleaned.get("description") or "")
        if description and not title:
            self.add_error("title", "Give this practice a title, or clear its description.")
        cleaned["title"], cleaned["description"] = title, description
        return cleaned


PracticeFormSet = forms.formset_factory(
    PracticeForm, extra=2, can_delete=True, max_num=MAX_LIST_ITEMS, validate_max=True
)


def practices_from(formset: Any) -> tuple[Practice, ...]:
    return tuple(
        Practice(title=form.cleaned_data["title"], description=form.cleaned_data["description"])
        for form in formset.forms
        if form.cleaned_data.get("title") and not form.cleaned_data.get("DELETE")
    )
