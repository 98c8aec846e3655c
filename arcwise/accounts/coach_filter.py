"""Whose journeys a list shows: the owner's "Coach" filter on the caseload, the journey lists
and practice insight.

An owner may look at one coach's journeys or at every coach's at once; by default they see
their own, as before. Anyone else sees only their own journeys: the filter is not offered,
and a `?coach=` they write by hand is ignored, so it can never show them anything more.
A value that names no coach of the practice (another practice's member, a mentor, junk) is
refused beside the filter and the owner's own journeys are shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.models import CLIENT_ROLES, Membership
from arcwise.forms_common import SafeTextForm

ALL = "all"  # the filter's value for every coach of the practice


class CoachPickForm(SafeTextForm):
    coach = forms.ChoiceField(
        label="Coach",
        required=False,
        error_messages={
            "invalid_choice": "No coach of this practice is “%(value)s”; showing what you "
            "see without a choice."
        },
    )

    def __init__(self, data: Mapping[str, Any], *, choices: list[tuple[str, str]]) -> None:
        super().__init__(data)
        field = self.fields["coach"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


@dataclass(frozen=True)
class CoachFilter:
    """The coaches whose journeys to show, as the signed-in member may ask for them."""

    viewer_id: int
    # The user ids of the coaches shown; None for every coach of the practice.
    coach_ids: frozenset[int] | None
    chosen: str  # the filter's value: a membership's public id, or ALL
    names: dict[int, str]  # user id → name, of every coach an owner may pick
    form: CoachPickForm | None  # None: the filter is not offered (not an owner)

    @property
    def offered(self) -> bool:
        return self.form is not None

    @property
    def several(self) -> bool:
        """Whether rows of more than the viewer's own journeys may show, so that each row
        must say whose journey it is."""
        return self.coach_ids is None or self.coach_ids != {self.viewer_id}

    @property
    def everyone(self) -> bool:
        return self.coach_ids is None

    @property
    def query(self) -> str:
        """The filter as a query-string pair for links that keep it ("" when not offered)."""
        return "" if self.form is None else f"coach={self.chosen}"

    @property
    def ids(self) -> tuple[int, ...]:
        """The coaches' user ids, sorted; empty for every coach."""
        return () if self.coach_ids is None else tuple(sorted(self.coach_ids))

    @property
    def whose(self) -> str:
        """Whose journeys are shown, in words: "every coach's", "your", "Cora Coach's"."""
        if self.coach_ids is None:
            return "every coach's"
        if self.coach_ids == {self.viewer_id}:
            return "your"
        return ", ".join(f"{self.name_of(pk)}'s" for pk in sorted(self.coach_ids))

    def name_of(self, user_id: int) -> str:
        return self.names.get(user_id, "another coach")


def coach_filter_for(
    request: MemberRequest, query: Mapping[str, Any], *, practice_wide: bool = False
) -> CoachFilter:
    """Whose journeys `request` asks for through `query`'s `coach`, within what the member
    may see. One query for an owner (the practice's coaches), none for anyone else.

    `practice_wide` is for practice insight, which shows counts and weeks of every coach's
    journeys to every coach: there the owner starts from all coaches, and anyone else
    keeps the whole practice (without the filter)."""
    me = request.user.pk
    if not request.membership.is_owner:
        return CoachFilter(me, None if practice_wide else frozenset({me}), "", {}, None)
    coaches = list(
        Membership.objects.filter(practice=request.practice, role__in=CLIENT_ROLES)
        .order_by("user__name", "pk")
        .values_list("public_id", "user_id", "user__name")
    )
    mine = next((str(public_id) for public_id, user_id, _ in coaches if user_id == me), "")
    start = ALL if practice_wide else mine
    choices = [(ALL, "All coaches")] + [
        (str(public_id), f"{name} (you)" if user_id == me else name)
        for public_id, user_id, name in coaches
    ]
    form = CoachPickForm({"coach": start, **_plain(query)}, choices=choices)
    chosen = form.cleaned_data.get("coach") if form.is_valid() else None
    if chosen is None:
        # Shown as the owner's own journeys, with the refusal beside the filter: the select
        # must not look as if it picked something else.
        refused = form.errors["coach"]
        form = CoachPickForm({"coach": start}, choices=choices)
        form.is_valid()
        form.add_error("coach", refused)
    names = {user_id: name for _, user_id, name in coaches}
    if (chosen or start) == ALL:
        return CoachFilter(me, None, ALL, names, form)
    picked = next((user_id for public_id, user_id, _ in coaches if str(public_id) == chosen), me)
    return CoachFilter(me, frozenset({picked}), chosen or mine, names, form)


def _plain(query: Mapping[str, Any]) -> dict[str, str]:
    # A QueryDict gives the last value of a repeated key; an empty `coach=` means the default.
    value = query.get("coach")
    return {"coach": str(value)} if value else {}
