"""Forms of the goals and wheel: the goals with their levels (a form set of rows), the
wheel's areas (rows that can be reordered), and the ratings at one moment."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from arcwise.errors import DomainError
from arcwise.forms_common import SafeTextForm
from arcwise.outcomes.measure_services import AreaInput, GoalInput
from arcwise.outcomes.models import (
    AREA_NAME_LIMIT,
    GOAL_TEXT_LIMIT,
    LEVEL_TEXT_LIMIT,
    LEVELS,
    MAX_AREAS,
    MAX_GOALS,
    MAX_WEIGHT,
    MIN_WEIGHT,
    Goal,
    Moment,
    WheelArea,
)

# Versions are database integers: a larger number in a forged form is refused, not a 500.
VERSION_LIMIT = 2**31 - 1
OUT_OF_DATE = "This page is out of date: reload it and try again. Nothing was saved."


class CarriesVersion(SafeTextForm):
    """A hidden field the page was made with; a missing or mangled one is said in words."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if any(name in self.errors for name, f in self.fields.items() if f.widget.is_hidden):
            self.add_error(None, OUT_OF_DATE)
        return cleaned


class GoalForm(SafeTextForm):
    public_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label="The goal, in the client's words",
        required=False,
        max_length=GOAL_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    weight = forms.IntegerField(
        label="Weight",
        min_value=MIN_WEIGHT,
        max_value=MAX_WEIGHT,
        initial=1,
        help_text=f"{MIN_WEIGHT} to {MAX_WEIGHT}: how much this goal counts in the T-score.",
        error_messages=dict.fromkeys(
            ("required", "invalid", "min_value", "max_value"),
            f"A weight is a whole number from {MIN_WEIGHT} to {MAX_WEIGHT}.",
        ),
    )
    remove = forms.BooleanField(label="Remove this goal", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        number = int((self.prefix or "x-0").rsplit("-", 1)[-1]) + 1
        self.fields["text"].label = f"Goal {number}, in the client's words"
        self.fields["weight"].label = f"Goal {number}: weight"
        self.fields["remove"].label = f"Remove goal {number}"
        for value, name, label in LEVELS:
            self.fields[name] = forms.CharField(
                label=f"Goal {number} at {value:+d}: {label.lower()}",
                required=False,
                max_length=LEVEL_TEXT_LIMIT,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @property
    def level_fields(self) -> list[forms.BoundField]:
        return [self[name] for _, name, _ in LEVELS]

    def to_input(self) -> GoalInput:
        data = self.cleaned_data
        return GoalInput(
            public_id=data.get("public_id"),
            text=data.get("text") or "",
            weight=data.get("weight") or MIN_WEIGHT,
            levels=tuple(data.get(name) or "" for _, name, _ in LEVELS),
            remove=bool(data.get("remove")),
        )


GoalFormSet = forms.formset_factory(
    GoalForm, extra=0, max_num=MAX_GOALS, validate_max=True, absolute_max=MAX_GOALS
)


def goal_formset(goals: Sequence[Goal], prefill: Sequence[str], data: Any = None) -> Any:
    """The goals as rows, then blank rows up to MAX_GOALS; the agreement's lines fill the
    rows while the journey has no goals."""
    initial: list[dict[str, Any]] = [
        {
            "public_id": g.public_id,
            "text": g.text,
            "weight": g.weight,
            **{name: getattr(g, name) for _, name, _ in LEVELS},
        }
        for g in goals
    ]
    initial += [{"text": line, "weight": 1} for line in prefill]
    initial += [{"weight": 1}] * (MAX_GOALS - len(initial))
    return GoalFormSet(data, initial=initial, prefix="goals")


class GoalsStateForm(CarriesVersion):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=VERSION_LIMIT)
    remove_rated = forms.BooleanField(
        label="Yes, remove rated goals and their ratings", required=False
    )


class AreaForm(SafeTextForm):
    area_id = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=VERSION_LIMIT
    )
    name = forms.CharField(required=False, max_length=AREA_NAME_LIMIT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        number = int((self.prefix or "x-0").rsplit("-", 1)[-1]) + 1
        self.fields["name"].label = f"Area {number}"


AreaFormSet = forms.formset_factory(
    AreaForm,
    extra=0,
    max_num=MAX_AREAS,
    validate_max=True,
    absolute_max=MAX_AREAS,
    can_order=True,
)


def area_formset(areas: Sequence[WheelArea], prefill: Sequence[str], data: Any = None) -> Any:
    initial: list[dict[str, Any]] = [
        {"area_id": a.pk, "name": a.name, "ORDER": i} for i, a in enumerate(areas, start=1)
    ]
    initial += [{"name": name} for name in prefill]
    initial += [{}] * (MAX_AREAS - len(initial))
    formset = AreaFormSet(data, initial=initial, prefix="areas")
    for number, form in enumerate(formset.forms, start=1):
        form.fields["ORDER"].label = f"Area {number}: place on the wheel"
    return formset


def area_inputs(formset: Any) -> list[AreaInput]:
    """The rows in the order asked for: by their place number, rows without one after."""
    rows = [f for f in formset.forms if f.cleaned_data.get("area_id") or f.cleaned_data.get("name")]
    ordered = sorted(
        enumerate(rows),
        key=lambda pair: (
            pair[1].cleaned_data.get("ORDER") is None,
            pair[1].cleaned_data.get("ORDER") or 0,
            pair[0],
        ),
    )
    return [
        AreaInput(f.cleaned_data.get("area_id"), f.cleaned_data.get("name") or "")
        for _, f in ordered
    ]


class AreasStateForm(CarriesVersion):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=VERSION_LIMIT)


class RatingsForm(CarriesVersion):
    """One moment's ratings: a level for each scaled goal (`goal-<id>`), or a 0 to 10 value
    for each area (`area-<id>`). The service says which one is missing."""

    moment = forms.ChoiceField(choices=Moment.choices, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        goals: Sequence[Goal] = (),
        areas: Sequence[WheelArea] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for goal in goals:
            self.fields[f"goal-{goal.public_id}"] = forms.TypedChoiceField(
                label=goal.text,
                required=False,
                coerce=int,
                choices=[(v, f"{v:+d}: {goal.level_words(v)}") for v, _, _ in LEVELS],
                widget=forms.RadioSelect,
            )
        for area in areas:
            self.fields[f"area-{area.pk}"] = forms.TypedChoiceField(
                label=area.name,
                required=False,
                coerce=int,
                choices=[(v, str(v)) for v in range(11)],
                widget=forms.RadioSelect,
            )

    def chosen(self, kind: str) -> dict[str, object]:
        """The values chosen for `kind` ("goal" or "area"), keyed by id; unchosen left out."""
        start = f"{kind}-"
        return {
            name.removeprefix(start): value
            for name, value in self.cleaned_data.items()
            if name.startswith(start) and value not in ("", None)
        }


def mark(form: Any, error: DomainError, formset: Any = None) -> None:
    """Put a service's refusal next to the field it names (a row of `formset` for
    "<prefix>-<n>-<field>"), or at the top of `form`."""
    name = error.field or ""
    if formset is not None and name.startswith(f"{formset.prefix}-"):
        _, index, field = name.split("-", 2)
        if index.isdigit() and int(index) < len(formset.forms):
            row = formset.forms[int(index)]
            if field in row.fields:
                row.add_error(field, error.message)
                return
    if name in form.fields and not form.fields[name].widget.is_hidden:
        form.add_error(name, error.message)
    else:
        form.add_error(None, error.message)
