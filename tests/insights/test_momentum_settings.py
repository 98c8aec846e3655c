"""The practice's momentum thresholds: the owner sees each with its label, default and why,
saves only what differs from the defaults, is told what is out of range without losing
anything typed, and can reset to the defaults; a repeated save changes nothing twice;
coaches read the values, mentors are refused."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from arcwise.accounts.models import Practice
from arcwise.errors import DomainError
from arcwise.insights.momentum.thresholds import DEFAULT, Thresholds
from arcwise.insights.momentum_settings import (
    LABELS,
    momentum_thresholds_set,
    revision_of,
    threshold_rows,
    why_of,
)
from tests.conftest import Cast, signed_in
from tests.races import in_two_threads

pytestmark = pytest.mark.django_db

URL = reverse("insights:momentum_settings")


def defaults_posted(**changes: Any) -> dict[str, Any]:
    """The form as the page sends it, every threshold at its default but `changes`."""
    data: dict[str, Any] = {spec.name: getattr(DEFAULT, spec.name) for spec in fields(Thresholds)}
    data.update(changes)
    data.setdefault("was", revision_of({}))
    return data


def stored(cast: Cast) -> dict[str, Any]:
    return Practice.objects.get(pk=cast.practice.pk).momentum_thresholds


def test_every_threshold_has_a_label_and_a_why() -> None:
    for spec in fields(Thresholds):
        assert spec.name in LABELS
        assert len(why_of(spec.name)) > 20, spec.name
    assert why_of("gap_stalled_cadences").startswith("Stalled past 2.5 cadences")


def test_the_owner_sees_each_threshold_with_its_default_and_why(as_owner: HttpClient) -> None:
    page = as_owner.get(URL).content.decode()

    assert "Stalled after a gap of (cadences)" in page
    assert "two sessions have not happened and none has replaced them" in page
    assert "Default 2.5; 1 to 20." in page
    assert 'name="gap_stalled_cadences"' in page
    assert "Reset to defaults" in page


def test_saving_keeps_only_what_differs_from_the_defaults(cast: Cast, as_owner: HttpClient) -> None:
    response = as_owner.post(
        URL, defaults_posted(gap_stalled_cadences="3", drift_signals_for_stall="4")
    )

    assert response.status_code == 302
    assert stored(cast) == {"gap_stalled_cadences": 3.0, "drift_signals_for_stall": 4}
    page = as_owner.get(URL).content.decode()
    assert "Saved: momentum uses these thresholds now." in page
    assert "This practice has changed 2 of them." in page


def test_out_of_range_values_get_a_message_and_lose_nothing_typed(
    cast: Cast, as_owner: HttpClient
) -> None:
    response = as_owner.post(
        URL,
        defaults_posted(
            gap_stalled_cadences="25",
            pulse_fall_points="2.5",
            reflection_answered_share="nan",
            experiment_overdue_days="12",
        ),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "25 is outside the limits: choose from 1 to 20" in page
    assert "Enter a whole number." in page
    assert "Enter a number." in page
    for typed in ('value="25"', 'value="2.5"', 'value="nan"', 'value="12"'):
        assert typed in page
    assert stored(cast) == {}


def test_a_stall_gap_shorter_than_the_drift_gap_is_refused(
    cast: Cast, as_owner: HttpClient
) -> None:
    response = as_owner.post(
        URL, defaults_posted(gap_drifting_cadences="3", gap_stalled_cadences="2")
    )

    assert "A stall is a longer gap than a drift: choose at least 3" in response.content.decode()
    assert stored(cast) == {}


def test_reset_brings_the_defaults_back(cast: Cast, as_owner: HttpClient) -> None:
    Practice.objects.filter(pk=cast.practice.pk).update(
        momentum_thresholds={"pulse_fall_points": 5}
    )

    response = as_owner.post(
        URL, defaults_posted(pulse_fall_points="99", reset="1", was='{"pulse_fall_points":5}')
    )

    assert response.status_code == 302
    assert stored(cast) == {}
    assert "The defaults are back." in as_owner.get(URL).content.decode()


def test_the_same_save_twice_changes_nothing_the_second_time(
    cast: Cast, as_owner: HttpClient
) -> None:
    data = defaults_posted(pulse_fall_points="4")
    as_owner.post(URL, data)
    as_owner.get(URL)

    response = as_owner.post(URL, data, follow=True)

    # Why nothing changed: the practice already has exactly these thresholds.
    assert "The thresholds already were these; nothing changed." in response.content.decode()
    assert stored(cast) == {"pulse_fall_points": 4}


def test_a_save_from_a_page_older_than_another_change_is_refused(
    cast: Cast, as_owner: HttpClient
) -> None:
    as_owner.post(URL, defaults_posted(pulse_fall_points="4"))
    as_owner.get(URL)

    response = as_owner.post(URL, defaults_posted(pulse_fall_points="6"), follow=True)

    assert "changed meanwhile" in response.content.decode()
    assert stored(cast) == {"pulse_fall_points": 4}


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_once_store_the_thresholds_once(cast: Cast) -> None:
    def save() -> bool:
        practice = Practice.objects.get(pk=cast.practice.pk)
        return momentum_thresholds_set(
            practice=practice, values={"pulse_fall_points": 4}, was=revision_of({})
        )

    outcomes = in_two_threads(save)

    # One stored them; the other found them already stored (not "changed meanwhile").
    assert sorted(outcomes, key=str) == [False, True]
    assert stored(cast) == {"pulse_fall_points": 4}


def test_a_value_outside_the_limits_never_reaches_the_practice(cast: Cast) -> None:
    with pytest.raises(DomainError, match="outside its limits"):
        momentum_thresholds_set(
            practice=cast.practice, values={"pulse_fall_points": 40}, was=revision_of({})
        )
    assert stored(cast) == {}


def test_coaches_read_the_values_and_cannot_change_them(cast: Cast, as_coach: HttpClient) -> None:
    Practice.objects.filter(pk=cast.practice.pk).update(
        momentum_thresholds={"pulse_fall_points": 5}
    )

    page = as_coach.get(URL).content.decode()
    refused = as_coach.post(URL, defaults_posted(pulse_fall_points="2"))

    assert "The practice's owner sets these." in page
    assert 'name="pulse_fall_points"' not in page
    assert "Save the thresholds" not in page
    assert "A pulse fall that counts (points of 10)" in page
    assert '<td>5 <span class="badge">changed</span></td>' in page
    assert "<td>1.5</td>" in page
    assert refused.status_code == 403
    assert stored(cast) == {"pulse_fall_points": 5}


def test_mentors_are_refused(as_mentor: HttpClient) -> None:
    assert as_mentor.get(URL).status_code == 403
    assert as_mentor.post(URL, defaults_posted()).status_code == 403


def test_the_practices_thresholds_are_what_the_rows_show(cast: Cast) -> None:
    cast.practice.momentum_thresholds = {"planned_end_grace_days": 14, "nonsense": "x"}

    rows = {row.name: row for row in threshold_rows(cast.practice)}

    assert (rows["planned_end_grace_days"].value, rows["planned_end_grace_days"].default) == (
        14,
        7,
    )
    assert rows["planned_end_grace_days"].changed
    assert not rows["pulse_fall_points"].changed
    assert "nonsense" not in rows


def test_the_page_costs_the_same_queries_changed_or_not(
    cast: Cast, as_owner: HttpClient, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    as_owner.get(URL)
    with django_assert_num_queries(3) as plain:
        as_owner.get(URL)
    Practice.objects.filter(pk=cast.practice.pk).update(
        momentum_thresholds={"pulse_fall_points": 5, "reflection_min_asked": 4}
    )
    with django_assert_num_queries(len(plain)):
        as_owner.get(URL)


def test_the_practice_page_links_to_the_thresholds(cast: Cast) -> None:
    for user in (cast.owner, cast.coach):
        page = signed_in(user).get(reverse("accounts:practice")).content.decode()
        assert URL in page
    assert URL not in signed_in(cast.mentor).get(reverse("accounts:practice")).content.decode()
