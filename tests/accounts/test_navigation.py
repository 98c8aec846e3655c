from __future__ import annotations

import re

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

pytestmark = pytest.mark.django_db


def nav_labels(http: HttpClient) -> list[str]:
    page = http.get(reverse("accounts:practice")).content.decode()
    nav = re.search(r'<nav class="main-nav".*?</nav>', page, re.S)
    assert nav
    return re.findall(r'<a href="[^"]+"[^>]*>([^<]+)</a>', nav.group(0))


def test_coaches_see_the_sections_built_so_far_in_order(as_coach: HttpClient) -> None:
    assert nav_labels(as_coach) == [
        "Caseload",
        "Journeys",
        "Designs",
        "Clients",
        "Insight",
        "Practice",
    ]


def test_mentors_see_no_client_sections(as_mentor: HttpClient) -> None:
    assert nav_labels(as_mentor) == ["Shared with me", "Practice"]


def test_sponsors_see_only_their_sponsored_journeys(as_sponsor: HttpClient) -> None:
    page = as_sponsor.get(reverse("accounts:account")).content.decode()
    nav = re.search(r'<nav class="main-nav".*?</nav>', page, re.S)

    assert nav
    assert re.findall(r'<a href="[^"]+"[^>]*>([^<]+)</a>', nav.group(0)) == ["Sponsored journeys"]
    assert as_sponsor.get(reverse("accounts:practice")).status_code == 403


def test_the_current_section_is_marked_for_screen_readers(as_coach: HttpClient) -> None:
    page = as_coach.get(reverse("clients:list")).content.decode()

    assert re.search(r'<a href="/clients/" aria-current="page">Clients</a>', page)


def test_home_sends_each_role_to_its_first_section(
    as_coach: HttpClient, as_mentor: HttpClient, as_sponsor: HttpClient
) -> None:
    assert as_coach.get(reverse("home"))["Location"] == reverse("insights:caseload")
    assert as_mentor.get(reverse("home"))["Location"] == reverse("insights:mentor_list")
    assert as_sponsor.get(reverse("home"))["Location"] == reverse("sponsors:list")


def test_visitors_get_the_welcome_page(db: None) -> None:
    page = HttpClient().get(reverse("home")).content.decode()

    assert "Hold the whole journey" in page
    assert 'href="/sign-in/"' in page


def test_every_page_has_landmarks_and_a_skip_link(as_coach: HttpClient) -> None:
    page = as_coach.get(reverse("clients:list")).content.decode()

    assert '<a class="skip-link" href="#main">' in page
    assert '<main id="main"' in page
    assert '<nav class="main-nav" aria-label="Main">' in page
    assert "htmx-2.0.11.min.js" in page
