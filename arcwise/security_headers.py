"""Response headers that limit what a page may do, and keep notes out of caches.

- Content-Security-Policy: scripts, styles and everything else come from Arcwise itself;
  no inline script, no inline style, no eval. A name or note that slipped past escaping
  still could not run. htmx is told (in base.html) not to inject its inline indicator style.
- Permissions-Policy: no page uses the camera, microphone, location or the like, so no
  page may, and neither may anything embedded in one.
- Cache-Control: no-store on every page under the URL namespaces that show coaching notes
  (clients and journeys, sessions and session prep among them, and the client's
  portal), so a shared computer's
  cache or back button does not keep them. A namespace, not a list of views, so that a page
  added under journeys/ later is covered without remembering to.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

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

# URL namespaces whose pages show what a coach wrote about a client.
# The calendar feed names clients (by first name) and when they are coached; outcomes holds
# a journey's goals, ratings, closing words and its summary.
NOTES_NAMESPACES = frozenset({"calendar", "clients", "journeys", "nudges", "outcomes", "portal"})


def shows_notes(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and not NOTES_NAMESPACES.isdisjoint(match.namespaces)


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
        if shows_notes(request):
            add_never_cache_headers(response)
        return response
