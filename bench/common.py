"""What the page benchmarks share: a bare authenticated view to measure pages against, the
URL configuration that serves it beside the app's, and the timing helpers.

Import this after `django.setup()`. A benchmark points ROOT_URLCONF here (`serve_bare_view`)
so that the bare view goes through the same settings and middleware as every page: the
ratio page / bare is then what the page itself costs, on whatever machine runs it.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches, include, path, reverse

BARE = "bench_bare"


@login_required
def bare(request: HttpRequest) -> HttpResponse:
    """Checks sign-in (through the full middleware stack) and says "ok"."""
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare, name=BARE), path("", include("arcwise.urls"))]


def serve_bare_view() -> str:
    """Serve the app's URLs and the bare view, as in production (DEBUG off); its URL."""
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    clear_url_caches()
    return reverse(BARE)


def median_seconds(request: Callable[[], object], repeats: int = 15) -> float:
    """The median time of `repeats` calls, after one to warm caches and templates."""
    request()
    timings = []
    for _ in range(repeats):
        began = time.perf_counter()
        request()
        timings.append(time.perf_counter() - began)
    return statistics.median(timings)


def queries_of(request: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        request()
    return len(captured.captured_queries)


def paired_medians(
    page: Callable[[], object], bare: Callable[[], object], repeats: int = 21
) -> tuple[float, float]:
    """Median times of `page` and of `bare` timed just before it, so that both see the
    machine as it is then: medians taken minutes apart move with whatever else runs. Not
    alternated call by call: a bare request right after a heavy page pays for the page's
    garbage and cold caches, which would flatter the page."""
    bare_seconds = median_seconds(bare, repeats)
    return median_seconds(page, repeats), bare_seconds
