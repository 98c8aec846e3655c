"""The coach's summary page and PDF: only the journey's coach; a draft while the journey
runs, the PDF once it has ended; the PDF holds what the page shows and nothing private."""

from __future__ import annotations

import io

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from pypdf import PdfReader

from arcwise.journeys.models import Journey, Session
from arcwise.outcomes import summary_pdf
from arcwise.outcomes.models import ClosingReview
from tests.conftest import Cast, signed_in
from tests.factories import make_member
from tests.journeys.factories import make_journey
from tests.outcomes.summary_factories import (
    PRIVATE_AGREEMENT,
    PRIVATE_INSIGHT,
    PRIVATE_NOTE,
    journey_close,
    outcomes_fill,
    private_notes_plant,
)

pytestmark = pytest.mark.django_db

HOSTILE = "<img src=http://example.com/x> and <a href='javascript:alert(1)'>me</a>"


@pytest.fixture
def closed(cast: Cast) -> Journey:
    journey = make_journey(cast.coach, cast.client)
    private_notes_plant(journey)
    outcomes_fill(journey)
    return journey_close(journey)


def page_url(journey: Journey) -> str:
    return reverse("outcomes:summary", args=[journey.public_id])


def pdf_url(journey: Journey) -> str:
    return reverse("outcomes:summary_pdf", args=[journey.public_id])


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("url", [page_url, pdf_url], ids=["page", "pdf"])
def test_only_the_journeys_coach_reaches_its_summary(
    cast: Cast, closed: Journey, url: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The matrix is about who gets in, not about the PDF: skip rendering it.
    monkeypatch.setattr(summary_pdf, "render_pdf", lambda html, fetcher=None: b"%PDF-1.7")
    assert callable(url)
    address = url(closed)
    colleague = make_member(cast.practice, name="Cole Colleague")

    assert HttpClient().get(address).status_code == 302  # to sign in
    assert signed_in(cast.outsider).get(address).status_code == 404
    assert signed_in(colleague).get(address).status_code == 404
    assert signed_in(cast.owner).get(address).status_code == 404
    assert signed_in(cast.mentor).get(address).status_code == 403
    assert signed_in(cast.coach).get(address).status_code == 200


def test_the_summary_page_of_a_closed_journey_offers_the_pdf(
    closed: Journey, as_coach: HttpClient
) -> None:
    response = as_coach.get(page_url(closed))

    page = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert pdf_url(closed) in page
    assert "A draft, so far" not in page
    assert "I stopped carrying everyone and slept better." in page
    assert "T 62.4" in page
    assert not [word for word in (PRIVATE_NOTE, PRIVATE_INSIGHT, PRIVATE_AGREEMENT) if word in page]


def test_an_open_journeys_summary_is_a_draft_and_has_no_pdf_yet(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = make_journey(cast.coach, cast.client)

    page = as_coach.get(page_url(journey)).content.decode()
    response = as_coach.get(pdf_url(journey), follow=True)

    assert "A draft, so far" in page
    assert pdf_url(journey) not in page
    assert response.redirect_chain == [(page_url(journey), 302)]
    assert "The PDF is ready once the journey closes or ends early" in response.content.decode()


def test_the_journey_header_leads_to_the_summary_once_the_journey_has_ended(
    cast: Cast, closed: Journey, as_coach: HttpClient
) -> None:
    running = make_journey(cast.coach, cast.client, another_open_confirmed=True)

    ended_page = as_coach.get(reverse("journeys:detail", args=[closed.public_id]))
    open_page = as_coach.get(reverse("journeys:detail", args=[running.public_id]))

    assert f'href="{page_url(closed)}"' in ended_page.content.decode()
    assert page_url(running) not in open_page.content.decode()


def test_the_pdf_holds_the_closing_words_and_t_but_no_private_record(
    closed: Journey, as_coach: HttpClient
) -> None:
    Session.objects.filter(journey=closed).update(notes=PRIVATE_NOTE)

    response = as_coach.get(pdf_url(closed))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="journey-summary-quentin-confidential-{closed.ended_on}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert "I stopped carrying everyone and slept better." in text
    assert "T 62.4" in text
    assert PRIVATE_NOTE not in text
    assert PRIVATE_INSIGHT not in text
    assert PRIVATE_AGREEMENT not in text


def test_a_hostile_closing_word_is_shown_as_text_and_fetches_nothing(
    closed: Journey, as_coach: HttpClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    ClosingReview.objects.filter(journey=closed).update(client_words=HOSTILE)
    fetchers: list[summary_pdf.RefuseEveryUrl] = []

    class Watched(summary_pdf.RefuseEveryUrl):
        def __init__(self) -> None:
            super().__init__()
            fetchers.append(self)

    monkeypatch.setattr(summary_pdf, "RefuseEveryUrl", Watched)

    page = as_coach.get(page_url(closed)).content.decode()
    text = pdf_text(as_coach.get(pdf_url(closed)).content)

    assert "&lt;img src=http://example.com/x&gt;" in page
    assert "<img src=http://example.com/x>" not in page
    assert "<img src=http://example.com/x>" in text
    assert len(fetchers) == 1
    assert fetchers[0].asked == []
