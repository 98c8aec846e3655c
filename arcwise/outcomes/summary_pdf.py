"""The journey summary as a PDF (WeasyPrint), and the response that hands it over.

The renderer is kept from reaching anything outside the document: there is no base URL, so
no relative address means anything, and every address it is asked to fetch (an image, a
stylesheet, a font) is refused by `refuse_every_url`. Everything the summary shows is
escaped by the template, and the pictures are inline SVG, so nothing needs fetching; the
refusal is there so that a string that ever slipped past escaping still makes no request
from the server. The print stylesheet is given as a string for the same reason.

WeasyPrint needs Pango and a font on the machine: `scripts/system-packages chromium`
installs them with the browser tests' other needs.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NoReturn

from django.http import HttpResponse
from django.template.loader import render_to_string

from arcwise.outcomes.summary import JourneySummary
from arcwise.outcomes.wording import ascii_slug

PRINT_CSS = "outcomes/summary_print.css"


class FetchRefused(ValueError):
    """The summary's renderer asked for an address; it never gets one."""


class RefuseEveryUrl:
    """A WeasyPrint URL fetcher that fetches nothing.

    Each refusal is a plain exception, which WeasyPrint reports as a warning and renders on
    without the resource (`_fail_on_errors` is what WeasyPrint reads to decide that). The
    addresses asked for are kept, so a test can see that none was.
    """

    _fail_on_errors = False

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, url: str, *args: object, **kwargs: object) -> NoReturn:
        self.asked.append(url)
        raise FetchRefused(f"The journey summary fetches nothing, not {url[:80]!r}.")


# The pictures keep their labels legible over lines with a paper-coloured outline drawn
# under the text (`paint-order: stroke`). WeasyPrint does not know paint-order and would draw
# the outline over the letters, rubbing them out; on white paper the outline is not needed.
_HALOED_TAG = re.compile(r'<[^<>]*\bpaint-order="stroke"[^<>]*>')
_HALO_ATTRIBUTE = re.compile(r' (?:stroke|stroke-width|stroke-linejoin|paint-order)="[^"]*"')


def without_halos(svg: str) -> str:
    """`svg` with the outline taken off every haloed label, for WeasyPrint."""
    return _HALOED_TAG.sub(lambda tag: _HALO_ATTRIBUTE.sub("", tag.group(0)), svg)


def summary_html(summary: JourneySummary) -> str:
    """The summary as the HTML document the PDF is made from."""
    printed = replace(
        summary,
        map_svg=without_halos(summary.map_svg),
        wheel_svg=without_halos(summary.wheel_svg) if summary.wheel_svg else None,
    )
    return render_to_string("outcomes/summary_print.html", {"summary": printed})


def render_pdf(html: str, fetcher: RefuseEveryUrl | None = None) -> bytes:
    """`html` as an A4 PDF, with the print stylesheet and no way to reach the network."""
    # Imported here: WeasyPrint loads Pango when imported, which only the PDF's views need.
    from weasyprint import CSS, HTML

    fetcher = fetcher or RefuseEveryUrl()
    css = CSS(string=render_to_string(PRINT_CSS), base_url=None, url_fetcher=fetcher)
    document = HTML(string=html, base_url=None, url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(stylesheets=[css])
    return pdf


def summary_filename(summary: JourneySummary) -> str:
    """“journey-summary-quentin-confidential-2026-12-04.pdf”: ASCII only, so every browser
    and file system takes it as it is, and nothing in a name can break the header."""
    day = summary.ended_on or summary.start_date
    return f"journey-summary-{ascii_slug(summary.client_name)}-{day.isoformat()}.pdf"


def pdf_response(summary: JourneySummary) -> HttpResponse:
    """The summary's PDF as a download (no cache keeps it: arcwise/security_headers.py)."""
    response = HttpResponse(render_pdf(summary_html(summary)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{summary_filename(summary)}"'
    return response
