"""What a form's error summary says: problems of the whole form, problems of fields a person
cannot see (hidden fields), and the fields a person can correct, each with its label."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms, template

register = template.Library()

# A hidden field holds the state the page was made from; a person cannot fix it, only reload.
HIDDEN_FIELD_PROBLEM = "This form is out of date. Reload the page and try again."


@dataclass(frozen=True)
class FieldProblem:
    label: str
    anchor: str  # the input's id, for a link from the summary to the field
    errors: str


@dataclass(frozen=True)
class ErrorSummary:
    general: list[str]
    fields: list[FieldProblem]

    def __bool__(self) -> bool:
        return bool(self.general or self.fields)


@register.simple_tag
def error_summary(form: forms.BaseForm) -> ErrorSummary:
    """`{% error_summary form as summary %}`: the form's problems, ready to say in words."""
    general = [str(error) for error in form.non_field_errors()]
    fields = []
    for bound in form:
        if not bound.errors:
            continue
        if bound.is_hidden:
            if HIDDEN_FIELD_PROBLEM not in general:
                general.append(HIDDEN_FIELD_PROBLEM)
            continue
        errors = " ".join(str(error) for error in bound.errors)
        fields.append(FieldProblem(str(bound.label), bound.auto_id or "", errors))
    return ErrorSummary(general, fields)
