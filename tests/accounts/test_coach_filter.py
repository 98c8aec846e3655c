"""Whose journeys a list shows: the owner picks one coach or all; anyone else always gets
their own (or, on practice insight, the whole practice), whatever the address says."""

from __future__ import annotations

from typing import Any, cast

import pytest
from django.test import RequestFactory

from arcwise.accounts.coach_filter import ALL, coach_filter_for
from arcwise.accounts.http import MemberRequest
from arcwise.accounts.models import Membership, User
from tests.conftest import Cast


def asking(user: User, cast_: Cast) -> MemberRequest:
    request = cast(MemberRequest, RequestFactory().get("/"))
    request.user = user
    request.membership = Membership.objects.get(user=user, practice=cast_.practice)
    request.practice = cast_.practice
    return request


def public_id(user: User, cast_: Cast) -> str:
    return str(Membership.objects.get(user=user, practice=cast_.practice).public_id)


def test_the_owner_starts_from_their_own_and_may_pick_all_or_one(cast: Cast) -> None:
    owner = asking(cast.owner, cast)
    assert coach_filter_for(owner, {}).coach_ids == {cast.owner.pk}
    assert coach_filter_for(owner, {"coach": ALL}).coach_ids is None
    one = coach_filter_for(owner, {"coach": public_id(cast.coach, cast)})
    assert one.coach_ids == {cast.coach.pk}
    assert one.several
    assert one.whose == "Cora Coach's"
    assert one.query == f"coach={public_id(cast.coach, cast)}"


def test_on_practice_insight_the_owner_starts_from_every_coach(cast: Cast) -> None:
    assert coach_filter_for(asking(cast.owner, cast), {}, practice_wide=True).everyone


@pytest.mark.parametrize("value", [ALL, "owner", "junk"])
def test_a_coach_gets_their_own_whatever_they_ask_for(cast: Cast, value: str) -> None:
    asked: dict[str, Any] = {"coach": public_id(cast.owner, cast) if value == "owner" else value}
    mine = coach_filter_for(asking(cast.coach, cast), asked)
    assert mine.coach_ids == {cast.coach.pk}
    assert not mine.offered
    assert mine.query == ""
    assert coach_filter_for(asking(cast.coach, cast), asked, practice_wide=True).everyone


@pytest.mark.parametrize("who", ["mentor", "outsider", "junk"])
def test_a_value_naming_no_coach_of_the_practice_is_refused(cast: Cast, who: str) -> None:
    from arcwise.accounts.models import Membership as M

    value = {
        "mentor": public_id(cast.mentor, cast),
        "outsider": str(M.objects.get(user=cast.outsider).public_id),
        "junk": "x" * 300,
    }[who]
    picked = coach_filter_for(asking(cast.owner, cast), {"coach": value})
    assert picked.coach_ids == {cast.owner.pk}
    assert picked.form is not None
    assert "No coach of this practice is" in str(picked.form.errors["coach"])
    assert picked.form["coach"].value() == public_id(cast.owner, cast)
