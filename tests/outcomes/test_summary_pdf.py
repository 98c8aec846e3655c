"""The PDF renderer reaches nothing outside the document, and draws the pictures' labels."""

from __future__ import annotations

import io
import socket
import urllib.request

import pytest
from pypdf import PdfReader

from arcwise.outcomes.summary_pdf import RefuseEveryUrl, render_pdf, without_halos


def test_every_address_the_renderer_asks_for_is_refused_without_a_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the renderer tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    fetcher = RefuseEveryUrl()
    html = (
        "<p>Before</p><img src='http://example.com/x.png'>"
        "<link rel=stylesheet href='https://example.com/s.css'>"
        "<div style=\"background: url('file:///etc/passwd')\">After</div>"
    )

    pdf = render_pdf(html, fetcher)

    assert set(fetcher.asked) == {
        "http://example.com/x.png",
        "https://example.com/s.css",
        "file:///etc/passwd",
    }
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Before" in text
    assert "After" in text


def test_a_relative_address_means_nothing_without_a_base() -> None:
    fetcher = RefuseEveryUrl()

    render_pdf("<img src='secret.png'><img src='/etc/passwd'>", fetcher)

    # No base URL: a relative address is not even resolved into something to fetch.
    assert not [url for url in fetcher.asked if url.startswith("file:")]


def test_labels_lose_their_halo_for_print_and_keep_everything_else() -> None:
    svg = (
        '<svg><text x="1" fill="#000" stroke="#ffffff" stroke-width="4" '
        'stroke-linejoin="round" paint-order="stroke">Orient &gt; 1</text>'
        '<line stroke="#000" stroke-width="1"/></svg>'
    )

    assert without_halos(svg) == (
        '<svg><text x="1" fill="#000">Orient &gt; 1</text>'
        '<line stroke="#000" stroke-width="1"/></svg>'
    )
