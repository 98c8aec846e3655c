"""Before sharing a journey, its coach opens the mentor's page as the mentor will see it:
the same page, made the same way, labelled as a preview, and not recorded as a mentor's
view."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arcwise.accounts.models import Membership, Role
from arcwise.insights.mentoring import mentor_grant
from arcwise.insights.models import MentorGrant, MentorViewRecord
from arcwise.journeys.models import Adaptation, Journey
from tests.conftest import Cast, signed_in
from tests.factories import make_client, make_member
from tests.insights.test_mentor_pages import MARKERS, grow, review_url, seeded_journey
from tests.journeys.factories import make_journey

pytestmark = pytest.mark.django_db

EMPLOYER = "Northwind Holdings Ltd"
REASON = "Zebedee flies to Northwind on 12 March 2026; diagnosed with ADHD in May."


def preview_url(journey: Journey, mentor: Any) -> str:
    membership = Membership.objects.get(user=mentor, role=Role.MENTOR)
    return reverse("insights:mentor_preview", args=[journey.public_id, membership.public_id])


def with_employer_date_and_health(cast: Cast) -> Journey:
    journey = seeded_journey(cast)
    journey.client.__class__.objects.filter(pk=journey.client_id).update(employer=EMPLOYER)
    Adaptation.objects.filter(journey=journey).update(reason=REASON)
    return journey


def the_review(page: str) -> str:
    """The part of the mentor's page that shows the journey: from the map to the comments."""
    return page[page.index('<figure class="journey-map"') : page.index('id="comments"')]


def test_the_coach_sees_what_the_mentor_will_see_before_sharing(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = with_employer_date_and_health(cast)

    response = as_coach.get(preview_url(journey, cast.mentor))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Preview: what your mentor will see" in page
    assert "once you share it" in page
    assert "Share with Milo Mentor" in page
    assert "Client A travels for work" not in page  # the reason was replaced above
    assert "Client A flies to [employer] on [date]; diagnosed with [health] in May." in page
    leaked = [what for what, marker in MARKERS.items() if marker.lower() in page.lower()]
    assert leaked == []
    assert "Northwind" not in page
    assert not MentorGrant.objects.exists()
    assert not MentorViewRecord.objects.exists()
    assert 'name="text"' not in page  # the coach cannot comment as the mentor


def test_the_preview_is_the_mentors_page_itself(
    cast: Cast, as_coach: HttpClient, as_mentor: HttpClient
) -> None:
    journey = with_employer_date_and_health(cast)
    before = as_coach.get(preview_url(journey, cast.mentor)).content.decode()

    mentor_grant(journey=journey, mentor=cast.mentor, by=cast.coach)
    mentors = as_mentor.get(review_url(journey)).content.decode()
    after = as_coach.get(preview_url(journey, cast.mentor)).content.decode()

    assert the_review(before) == the_review(mentors) == the_review(after)
    assert "they see it now" in after
    assert "Share with Milo Mentor" not in after


def test_the_preview_uses_the_letter_the_mentor_would_be_given(
    cast: Cast, as_coach: HttpClient
) -> None:
    earlier = make_journey(cast.coach, make_client(cast.practice))
    mentor_grant(journey=earlier, mentor=cast.mentor, by=cast.coach)
    journey = make_journey(cast.coach, cast.client)

    page = as_coach.get(preview_url(journey, cast.mentor)).content.decode()

    assert "Client B:" in page
    mentor_grant(journey=journey, mentor=cast.mentor, by=cast.coach)
    assert "Client B:" in as_coach.get(preview_url(journey, cast.mentor)).content.decode()


def test_the_journey_page_links_each_mentor_to_their_preview(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    page_url = reverse("journeys:detail", args=[journey.public_id])

    before = as_coach.get(page_url).content.decode()
    mentor_grant(journey=journey, mentor=cast.mentor, by=cast.coach)
    after = as_coach.get(page_url).content.decode()

    link = f'href="{preview_url(journey, cast.mentor)}"'
    assert f"{link}>Preview: what Milo Mentor will see</a>" in before
    assert f"{link}>What Milo Mentor sees</a>" in after


def test_only_the_journeys_coach_previews_and_only_for_a_mentor(
    cast: Cast, as_coach: HttpClient, as_mentor: HttpClient, as_owner: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    url = preview_url(journey, cast.mentor)
    coach_membership = Membership.objects.get(user=cast.coach).public_id
    colleague = signed_in(make_member(cast.practice, Role.COACH))

    assert as_mentor.get(url).status_code == 403
    assert as_owner.get(url).status_code == 404
    assert colleague.get(url).status_code == 404
    not_a_mentor = reverse("insights:mentor_preview", args=[journey.public_id, coach_membership])
    assert as_coach.get(not_a_mentor).status_code == 404
    assert as_coach.post(url).status_code == 405


def preview_queries(cast: Cast, as_coach: HttpClient, size: int) -> int:
    """The queries of the preview of a journey with `size` more sessions and a tenth as
    many of the mentor's comments."""
    journey = make_journey(cast.coach, make_client(cast.practice))
    mentor_grant(journey=journey, mentor=cast.mentor, by=cast.coach)
    grow(cast, journey, size)
    url = preview_url(journey, cast.mentor)
    with CaptureQueriesContext(connection) as queries:
        page = as_coach.get(url).content.decode()
    assert page.count('class="mentor-comment"') == size // 10
    return len(queries)


def test_the_preview_costs_the_same_queries_at_any_size(cast: Cast, as_coach: HttpClient) -> None:
    assert preview_queries(cast, as_coach, 10) == preview_queries(cast, as_coach, 100)
