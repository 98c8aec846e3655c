"""Response headers that limit what a page may do, and keep every page out of caches.

- Content-Security-Policy: scripts, styles and everything else come from Arcwise itself;
  no inline script, no inline style, no eval. A name or note that slipped past escaping
  still could not run. htmx is told (in base.html) not to inject its inline indicator style.
- Permissions-Policy: no page uses the camera, microphone, location or the like, so no
  page may, and neither may anything embedded in one.
- Cache-Control: no-store on every response Arcwise makes, so that neither a shared
  computer's cache or back button nor a proxy keeps it. Nearly every page names a client,
  a coach or a practice (the caseload, the account page with the calendar secret, the
  mentor's pages, practice insight and its CSV, the calendar feed, every form that shows
  what was typed), and a page that names no one today may name someone tomorrow: a rule
  that holds for every response cannot be forgotten by the next page added. Only the
  static files WhiteNoise serves (stylesheets, scripts, fonts; the same for everyone and
  named by their content's hash in production) may be cached, as WhiteNoise says.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import add_never_cache_headers
from whitenoise.middleware import WhiteNoiseFileResponse

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


def may_be_stored(response: HttpResponseBase) -> bool:
    """Only a static file (the same for everyone, holding nothing personal) may be kept."""
    return isinstance(response, WhiteNoiseFileResponse)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Django's debug error pages are built with inline script and style; with DEBUG on,
        # let them work. Production never shows them.
        debug_page = settings.DEBUG and response.status_code in (404, 500)
        if not debug_page:
            response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if not may_be_stored(response):
            add_never_cache_headers(response)
        return response
