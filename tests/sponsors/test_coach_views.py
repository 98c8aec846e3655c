"""The journey page's Sponsor section and the coach's pages behind it: the terms, the
sponsor's access, invitations and summaries, with the client's answers."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.sponsors.models import ProgressSummary, Sponsorship, SummaryStatus
from arcwise.sponsors.summary_services import summary_answer
from tests.conftest import Cast
from tests.journeys.factories import make_journey
from tests.sponsors.factories import membership_of, sponsor, summary_approved, summary_make

pytestmark = pytest.mark.django_db


def journey_page(http: HttpClient, journey: Any) -> str:
    return http.get(reverse("journeys:detail", args=[journey.public_id])).content.decode()


def sponsor_section(page: str) -> str:
    found = re.search(r'<section aria-labelledby="sponsor-heading".*?</section>', page, re.S)
    assert found, page
    return found[0]


def terms_url(journey: Any) -> str:
    return reverse("sponsors:terms", args=[journey.public_id])


def test_the_journey_page_offers_the_sponsor_terms_with_the_practices_sponsors(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)

    page = sponsor_section(journey_page(as_coach, journey))

    assert '<h2 id="sponsor-heading">Sponsor</h2>' in page
    assert f'action="{terms_url(journey)}"' in page
    assert f'<option value="{membership_of(cast).public_id}">Sasha Sponsor</option>' in page
    assert "Milo Mentor</option>" not in page


def test_the_coach_agrees_the_terms_from_the_journey_page(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)

    response = as_coach.post(
        terms_url(journey),
        {
            "organisation": "Acme Holdings",
            "sponsor": str(membership_of(cast).public_id),
            "attendance": "on",
            "version": "0",
        },
        follow=True,
    )

    sponsorship = Sponsorship.objects.get(journey=journey)
    assert sponsorship.shows_attendance
    assert not sponsorship.shows_summaries
    page = response.content.decode()
    assert "The sponsor&#x27;s terms are saved" in page
    assert "Sasha Sponsor sees attendance, and nothing else." in page
    assert "Agreed with Acme Holdings: attendance; sponsor: Sasha Sponsor." in page


def test_refused_terms_come_back_with_the_field_marked_and_nothing_lost(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    chosen = str(membership_of(cast).public_id)

    response = as_coach.post(
        terms_url(journey),
        {"organisation": "", "sponsor": chosen, "summaries": "on", "version": "0"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Name the organisation paying for the coaching." in page
    assert f'<option value="{chosen}" selected>' in page
    assert 'name="summaries" id="id_summaries" value="on" checked' in page
    assert not Sponsorship.objects.exists()


def test_a_member_who_is_not_a_sponsor_cannot_be_chosen(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)
    mentor = str(membership_of(cast, cast.mentor).public_id)

    response = as_coach.post(
        terms_url(journey), {"organisation": "Acme", "sponsor": mentor, "version": "0"}
    )

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Sponsorship.objects.exists()


def test_revoking_from_the_journey_page_ends_the_sponsors_access(
    cast: Cast, as_coach: HttpClient, as_sponsor: HttpClient
) -> None:
    journey = sponsor(cast).journey
    assert "Revoke Sasha Sponsor's access" in journey_page(as_coach, journey)

    response = as_coach.post(
        reverse("sponsors:revoke", args=[journey.public_id]), {"version": "1"}, follow=True
    )

    assert "no longer sees anything of this journey" in response.content.decode()
    assert as_sponsor.get(reverse("sponsors:journey", args=[journey.public_id])).status_code == 404


def test_the_coach_invites_a_sponsor_from_the_journey_page(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)
    url = reverse("sponsors:invite", args=[journey.public_id])

    first = as_coach.post(url, {"email": "dana@acme.example"}, follow=True).content.decode()
    second = as_coach.post(url, {"email": "dana@acme.example"}, follow=True).content.decode()

    assert "Invitation sent to dana@acme.example" in first
    assert "dana@acme.example, sent" in first  # waiting, in the section
    assert "already waiting" in second


def test_an_invitation_to_no_address_is_refused_beside_the_field(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)

    response = as_coach.post(reverse("sponsors:invite", args=[journey.public_id]), {"email": "x"})

    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()


def test_the_coach_writes_a_summary_and_sees_the_clients_answer(
    cast: Cast, as_coach: HttpClient
) -> None:
    sponsorship = sponsor(cast)
    journey = sponsorship.journey

    response = as_coach.post(
        reverse("sponsors:summary_new", args=[journey.public_id]),
        {"text": "Delegating more each month."},
        follow=True,
    )
    assert "is with Quentin Confidential for approval" in response.content.decode()
    summary = ProgressSummary.objects.get()
    assert "Waiting for the client&#x27;s answer" in journey_page(as_coach, journey)

    summary_answer(
        summary=summary,
        client=cast.client,
        approve=False,
        note="Leave out the reorganisation.",
        expected_version=1,
    )

    page = journey_page(as_coach, journey)
    assert "The client asked for changes" in page
    assert "Quentin Confidential would change:</strong> Leave out the reorganisation." in page


def test_a_stale_edit_keeps_what_the_coach_typed(cast: Cast, as_coach: HttpClient) -> None:
    summary = summary_make(sponsor(cast))
    journey = summary.sponsorship.journey
    summary_answer(summary=summary, client=cast.client, approve=True, expected_version=1)

    response = as_coach.post(
        reverse("sponsors:summary_edit", args=[journey.public_id, summary.public_id]),
        {"text": "My careful rewrite.", "version": "1"},
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "approved this summary meanwhile" in page
    assert "My careful rewrite." in page
    assert ProgressSummary.objects.get().status == SummaryStatus.APPROVED


def test_a_summary_of_another_journey_is_404(cast: Cast, as_coach: HttpClient) -> None:
    summary = summary_make(sponsor(cast))
    other = make_journey(cast.coach, cast.client, another_open_confirmed=True)

    response = as_coach.get(
        reverse("sponsors:summary_edit", args=[other.public_id, summary.public_id])
    )

    assert response.status_code == 404


@pytest.mark.parametrize("size", [2, 40])
def test_the_journey_page_costs_the_same_queries_with_a_sponsor_however_many_summaries(
    cast: Cast, as_coach: HttpClient, size: int, django_assert_num_queries: Any
) -> None:
    sponsorship = sponsor(cast)
    for n in range(size):
        summary_approved(sponsorship, f"Summary {n}")

    # As without a sponsor (tests/journeys/test_journey_views.py), and two more: the
    # summaries and the terms' log
    with django_assert_num_queries(42):
        page = journey_page(as_coach, sponsorship.journey)

    assert page.count('class="sponsor-summary"') == size


def test_the_coachs_sponsor_pages_are_never_stored(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)

    assert "no-store" in as_coach.get(terms_url(journey))["Cache-Control"]
