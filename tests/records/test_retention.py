"""The practice's retention: the owner sets it on the practice page within its bounds, with a
message for anything else; coaches read it; a second save from the same page is refused and
changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.errors import DomainError
from arcwise.records.models import RetentionPolicy
from arcwise.records.retention import retention_of, retention_set
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

URL = reverse("records:retention")


def test_a_practice_keeps_records_24_months_until_it_says_otherwise(cast: Cast) -> None:
    assert retention_of(cast.practice.pk).months == 24
    assert retention_of(cast.practice.pk).is_default

    assert retention_set(practice=cast.practice, months=36, expected_version=0, by=cast.owner)

    now = retention_of(cast.practice.pk)
    assert (now.months, now.version, now.is_default) == (36, 1, False)
    assert RetentionPolicy.objects.get().changed_by == cast.owner


@pytest.mark.parametrize("months", [0, 121, -3])
def test_a_period_out_of_bounds_is_refused_with_the_bounds(cast: Cast, months: int) -> None:
    with pytest.raises(DomainError, match="from 1 to 120 months") as refused:
        retention_set(practice=cast.practice, months=months, expected_version=0, by=cast.owner)
    assert refused.value.field == "months"
    assert not RetentionPolicy.objects.exists()


def test_a_save_from_an_older_page_is_refused(cast: Cast) -> None:
    retention_set(practice=cast.practice, months=36, expected_version=0, by=cast.owner)
    with pytest.raises(DomainError, match="changed meanwhile: it is 36 months"):
        retention_set(practice=cast.practice, months=12, expected_version=0, by=cast.owner)
    assert retention_of(cast.practice.pk).months == 36


def test_the_practice_page_shows_it_and_the_owner_sets_it_there(
    cast: Cast, as_owner: HttpClient
) -> None:
    page = as_owner.get(reverse("accounts:practice")).content.decode()
    assert "<strong>24 months</strong> after it ends (the default)" in page
    assert f'action="{URL}"' in page

    response = as_owner.post(URL, {"months": "36", "version": "0"}, follow=True)

    assert "Saved: records are kept 36 months after a journey ends." in response.content.decode()
    assert "<strong>36 months</strong>" in response.content.decode()


def test_a_coach_reads_it_and_may_not_set_it(cast: Cast, as_coach: HttpClient) -> None:
    page = as_coach.get(reverse("accounts:practice")).content.decode()
    assert "<strong>24 months</strong>" in page
    assert f'action="{URL}"' not in page
    assert as_coach.post(URL, {"months": "36", "version": "0"}).status_code == 403
    assert not RetentionPolicy.objects.exists()


def test_a_mentor_sees_no_retention(cast: Cast, as_mentor: HttpClient) -> None:
    assert "retention-heading" not in as_mentor.get(reverse("accounts:practice")).content.decode()


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("", "Enter how many months"),
        ("two years", "Enter a whole number of months"),
        ("0", "from 1 to 120 months"),
        ("500", "from 1 to 120 months"),
    ],
)
def test_a_refused_period_names_the_field_and_keeps_what_was_typed(
    cast: Cast, as_owner: HttpClient, typed: str, said: str
) -> None:
    response = as_owner.post(URL, {"months": typed, "version": "0"})
    html = response.content.decode()
    assert response.status_code == 200
    assert said in html
    assert f'value="{typed}"' in html or not typed
    assert not RetentionPolicy.objects.exists()


def test_the_same_form_sent_twice_changes_once_and_says_why(
    cast: Cast, as_owner: HttpClient
) -> None:
    as_owner.post(URL, {"months": "36", "version": "0"}, follow=True)
    second = as_owner.post(URL, {"months": "12", "version": "0"}, follow=True)
    html = second.content.decode()
    assert "changed meanwhile: it is 36 months" in html
    assert "message--success" not in html
    assert retention_of(cast.practice.pk).months == 36
