"""Render a form field with its label, hint and errors tied to the input for screen readers."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField

register = template.Library()


@register.inclusion_tag("ui/field.html")
def field(bound: BoundField, **attrs: Any) -> dict[str, Any]:
    """`{% field form.email %}`: label, hint, errors next to the field, nothing typed lost."""
    described_by = []
    if bound.help_text:
        described_by.append(f"{bound.auto_id}-hint")
    if bound.errors:
        described_by.append(f"{bound.auto_id}-errors")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    widget_html = bound.as_widget(attrs=attrs)
    return {"field": bound, "widget": widget_html}
