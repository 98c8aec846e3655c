"""Every page sends a Content-Security-Policy and a Permissions-Policy; no response but a
static file is stored by a browser or a cache; no template or script needs inline code.
tests/test_security_headers_walk.py asks every URL for no-store."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client as HttpClient
from django.test import RequestFactory
from django.urls import ResolverMatch, reverse

from arcwise.accounts.models import Membership
from arcwise.journeys.models import Session
from arcwise.nudges.feed_services import feed_reset
from arcwise.security_headers import SecurityHeadersMiddleware
from tests.conftest import Cast
from tests.journeys.factories import make_journey

ARCWISE = Path(__file__).resolve().parents[1] / "arcwise"


@pytest.mark.django_db
def test_pages_send_a_policy_that_allows_only_arcwise_own_scripts(client: HttpClient) -> None:
    response = client.get(reverse("accounts:sign_in"))

    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_htmx_is_told_not_to_inject_inline_style_or_eval(client: HttpClient) -> None:
    body = client.get(reverse("accounts:sign_in")).content.decode()

    meta = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", body)
    assert meta
    assert '"includeIndicatorStyles": false' in meta.group(1)
    assert '"allowEval": false' in meta.group(1)


def note_pages(cast: Cast) -> dict[str, str]:
    journey = make_journey(cast.coach, cast.client)
    session = Session.objects.filter(journey=journey).first()
    assert session is not None
    ids = {"journey_id": journey.public_id}
    return {
        "client list": reverse("clients:list"),
        "client": reverse("clients:detail", kwargs={"client_id": cast.client.public_id}),
        "client edit": reverse("clients:edit", kwargs={"client_id": cast.client.public_id}),
        "journey list": reverse("journeys:list"),
        "journey": reverse("journeys:detail", kwargs=ids),
        "session prep": reverse("journeys:prep", kwargs=ids),
        "session": reverse("journeys:session", kwargs={**ids, "session_id": session.public_id}),
    }


@pytest.mark.django_db
def test_pages_that_show_notes_are_never_stored(cast: Cast, as_coach: HttpClient) -> None:
    for name, url in note_pages(cast).items():
        response = as_coach.get(url)
        assert response.status_code == 200, name
        assert "no-store" in response["Cache-Control"], name


@pytest.mark.django_db
def test_an_autosave_answer_is_never_stored_either(cast: Cast, as_coach: HttpClient) -> None:
    journey = make_journey(cast.coach, cast.client)
    session = Session.objects.filter(journey=journey).first()
    assert session is not None
    url = reverse(
        "journeys:session_record",
        kwargs={"journey_id": journey.public_id, "session_id": session.public_id},
    )

    response = as_coach.post(
        url,
        {"notes": "Private", "key_insights": "", "agreements": "", "record_version": "1"},
        HTTP_HX_REQUEST="true",
    )

    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_pages_that_name_no_client_are_not_stored_either(cast: Cast, as_coach: HttpClient) -> None:
    # A design, the account page with the calendar's secret address, the caseload: a page
    # that names no client today may tomorrow, so none is stored.
    for url in (
        reverse("designs:list"),
        reverse("accounts:sign_in"),
        reverse("accounts:account"),
        reverse("insights:caseload"),
        reverse("insights:practice"),
    ):
        assert "no-store" in as_coach.get(url)["Cache-Control"], url


@pytest.mark.django_db
def test_the_practice_insight_csv_and_the_calendar_feed_are_never_stored(
    cast: Cast, as_coach: HttpClient
) -> None:
    make_journey(cast.coach, cast.client)
    membership = Membership.objects.get(user=cast.coach, practice=cast.practice)
    _, secret = feed_reset(membership=membership, from_address=None)

    csv = as_coach.get(reverse("insights:practice_csv"))
    feed = HttpClient().get(reverse("calendar:coach_feed", kwargs={"secret": secret}))

    assert csv.status_code == feed.status_code == 200
    assert csv["Content-Type"].startswith("text/csv")
    assert "BEGIN:VCALENDAR" in feed.content.decode()
    for response in (csv, feed):
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_only_static_files_may_be_cached(settings: Any) -> None:
    # Stylesheets and scripts are the same for everyone: WhiteNoise's caching stands.
    # (Served from the app folders, as in development; production serves STATIC_ROOT.)
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True

    response = HttpClient().get("/static/arcwise/app.js")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_page_added_anywhere_later_is_never_stored() -> None:
    def new_page(request: HttpRequest) -> HttpResponse:
        return HttpResponse("a name")

    request = RequestFactory().get("/somewhere/new/")
    request.resolver_match = ResolverMatch(new_page, (), {}, url_name="new_page")

    response = SecurityHeadersMiddleware(new_page)(request)

    assert "no-store" in response["Cache-Control"]


def test_an_error_page_is_never_stored_either() -> None:
    def failing(request: HttpRequest) -> HttpResponse:
        return HttpResponse("not found: Quentin", status=404)

    response = SecurityHeadersMiddleware(failing)(RequestFactory().get("/clients/x/"))

    assert "no-store" in response["Cache-Control"]


INLINE_CODE = {
    "an inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "an event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "an hx-on attribute": re.compile(r"\b(?:data-)?hx-on", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
    "a style attribute": re.compile(r"\sstyle\s*=", re.I),
    "a style element": re.compile(r"<style", re.I),
    "js: values for htmx": re.compile(r"hx-vals\s*=\s*['\"]\s*js:", re.I),
}


@pytest.mark.parametrize("template", sorted(ARCWISE.glob("**/templates/**/*.html")), ids=str)
def test_no_template_needs_what_the_policy_blocks(template: Path) -> None:
    text = template.read_text()

    found = [what for what, pattern in INLINE_CODE.items() if pattern.search(text)]

    assert found == []


def test_app_js_evaluates_no_strings() -> None:
    script = (ARCWISE / "static" / "arcwise" / "app.js").read_text()

    assert not re.search(r"\beval\(|new Function\(|setTimeout\(\s*['\"]|innerHTML", script)


def test_svg_pictures_use_attributes_not_inline_style() -> None:
    # The journey map and design arc are inlined into pages, so a style attribute or
    # element in them would be blocked by style-src 'self'.
    for module in (ARCWISE / "svg").glob("*.py"):
        text = module.read_text()
        assert not re.search(r"[\"']style[\"']\s*:|<style|\bstyle=", text), module.name
