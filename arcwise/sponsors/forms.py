"""The forms about a journey's sponsor: the coach's terms, invitation, revoking and summaries,
and the client's answer to a summary in the portal."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from django import forms

from arcwise.accounts.models import Membership
from arcwise.forms_common import SafeTextForm
from arcwise.sponsors.models import (
    CLIENT_NOTE_LIMIT,
    ORGANISATION_LIMIT,
    SUMMARY_LIMIT,
    ProgressSummary,
    Sponsorship,
)

VERSION_LIMIT = 2**31 - 1
NO_SPONSOR = ""
OUT_OF_DATE = "This form is out of date. Reload the page and try again."


def _version(minimum: int) -> forms.IntegerField:
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=minimum,
        max_value=VERSION_LIMIT,
        error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE},
    )


class TermsForm(SafeTextForm):
    organisation = forms.CharField(
        label="Organisation paying for the coaching",
        max_length=ORGANISATION_LIMIT,
        error_messages={"required": "Name the organisation paying for the coaching."},
    )
    sponsor = forms.ChoiceField(
        label="Sponsor",
        required=False,
        help_text="A sponsor of the practice; invite them below if they are not one yet.",
    )
    attendance = forms.BooleanField(
        label="Attendance: held, cancelled and no-show sessions, with their dates",
        required=False,
    )
    summaries = forms.BooleanField(label="Progress summaries the client approved", required=False)
    closing_measures = forms.BooleanField(
        label=(
            "Closing measures: the goals' T-scores and each goal's level at close, and the "
            "wheel at close (the goals are numbered and the wheel averaged: nothing is named)"
        ),
        required=False,
    )
    version = _version(0)

    def __init__(self, *args: Any, members: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = {str(member.public_id): member for member in members}
        field = self.fields["sponsor"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(NO_SPONSOR, "No one yet")] + [
            (public_id, member.user.name) for public_id, member in self.members.items()
        ]

    @classmethod
    def for_sponsorship(
        cls, sponsorship: Sponsorship | None, members: list[Membership], data: Any = None
    ) -> TermsForm:
        """The form showing the terms as they stand (or blank, for a journey without a
        sponsor), bound to `data` when it was sent."""
        initial: dict[str, Any] = {"version": 0}
        if sponsorship is not None:
            sponsor = sponsorship.sponsor
            initial = {
                "organisation": sponsorship.organisation,
                "sponsor": str(sponsor.public_id) if sponsor is not None else NO_SPONSOR,
                "attendance": sponsorship.shows_attendance,
                "summaries": sponsorship.shows_summaries,
                "closing_measures": sponsorship.shows_closing_measures,
                "version": sponsorship.version,
            }
        return cls(data, members=members, initial=initial)

    def chosen_sponsor(self) -> Membership | None:
        return self.members.get(self.cleaned_data.get("sponsor") or NO_SPONSOR)


class RevokeForm(SafeTextForm):
    version = _version(1)


class InviteForm(SafeTextForm):
    email = forms.EmailField(
        label="E-mail of the sponsor to invite",
        help_text=(
            "They join the practice as a sponsor and see nothing of it until you choose them "
            "as this journey's sponsor, and then only what the terms show."
        ),
        error_messages={"required": "Enter the e-mail address of the sponsor to invite."},
    )


class SummaryForm(SafeTextForm):
    text = forms.CharField(
        label="Progress summary for the sponsor",
        max_length=SUMMARY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            f"Up to {SUMMARY_LIMIT:,} characters. The client reads it first in their portal "
            "and approves it or asks for changes; only an approved summary reaches the "
            "sponsor. Changing an approved summary asks the client again."
        ),
        error_messages={"required": "Write the summary first."},
    )
    # A new summary carries a token, an edit the version it was made from.
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=VERSION_LIMIT
    )

    @classmethod
    def blank(cls) -> SummaryForm:
        return cls(initial={"token": uuid4()})

    @classmethod
    def of(cls, summary: ProgressSummary) -> SummaryForm:
        return cls(initial={"text": summary.text, "version": summary.version})


APPROVE = "approve"
CHANGES = "changes"


class AnswerForm(SafeTextForm):
    """The client's answer to a summary: the button pressed, and the note for changes."""

    answer = forms.ChoiceField(
        choices=[(APPROVE, "Approve"), (CHANGES, "Ask for changes")],
        error_messages={
            "required": "Choose whether to approve the summary or ask for changes.",
            "invalid_choice": "Choose whether to approve the summary or ask for changes.",
        },
    )
    note = forms.CharField(
        label="What would you change?",
        required=False,
        max_length=CLIENT_NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = _version(1)

    def approves(self) -> bool:
        return self.cleaned_data["answer"] == APPROVE
