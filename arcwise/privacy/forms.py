"""The owner's filter of the audit log: what, who, when, and about which journey or client."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms

from arcwise.accounts.models import Membership
from arcwise.forms_common import DateRangeForm
from arcwise.privacy.models import AuditAction
from arcwise.privacy.queries import AuditFilter

ABOUT_MAX = 64


class AuditFilterForm(DateRangeForm):
    """Every field may be left empty; both dates are inclusive, in the owner's time zone."""

    field_order = ("action", "person", "since", "until", "about")

    action = forms.ChoiceField(
        label="What",
        required=False,
        choices=[("", "Every kind of event"), *AuditAction.choices],
        error_messages={"invalid_choice": "Choose one of the kinds of event listed."},
    )
    person = forms.ChoiceField(
        label="Who",
        required=False,
        error_messages={"invalid_choice": "Choose one of the practice's members listed."},
    )
    about = forms.CharField(
        label="Journey or client id",
        required=False,
        max_length=ABOUT_MAX,
        help_text=(
            "The public id at the end of the address of a journey's or a client's page, "
            "such as 4b1f0c2e-…; finds every event about that journey or client."
        ),
        error_messages={"max_length": f"A public id is at most {ABOUT_MAX} characters."},
    )

    def __init__(self, *args: Any, members: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = {str(m.public_id): m for m in members}
        field = self.fields["person"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Anyone")] + [
            (key, f"{m.user.name} ({m.get_role_display().lower()})")
            for key, m in self.members.items()
        ]

    def chosen(self, zone: ZoneInfo) -> AuditFilter:
        """The filter the form asks for; call once it is valid (or unbound: everything)."""
        cleaned = self.cleaned_data if self.is_bound else {}
        since, until = cleaned.get("since"), cleaned.get("until")
        member = self.members.get(cleaned.get("person") or "")
        return AuditFilter(
            action=cleaned.get("action") or "",
            actor_id=member.user_id if member else None,
            since=datetime.combine(since, time.min, zone) if since else None,
            before=datetime.combine(until + timedelta(days=1), time.min, zone) if until else None,
            about=(cleaned.get("about") or "").strip(),
        )

    def facts(self) -> dict[str, str]:
        """The filter in a few short facts, for the audit event of a download."""
        cleaned = self.cleaned_data if self.is_bound else {}
        return {
            key: str(value)
            for key in ("action", "person", "since", "until", "about")
            if (value := cleaned.get(key))
        }
