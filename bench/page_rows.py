"""The pages of the large practice, each measured at two sizes against the bare view.

A page is one entry of `pages()`: its name, what its size counts, and two cases (a few and
many of that), each a URL and a maker of a signed-in test client. Each case is timed as
paired medians against the bare authenticated view (bench/common.py) and its queries are
counted; a page whose query count differs between its two sizes is flagged: it may run a
query per row somewhere (or only skip a query when there is nothing to fetch).
"""

from __future__ import annotations

import cProfile
import io
import pstats
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.accounts.models import Membership, User
from arcwise.api.tokens import token_create
from arcwise.journeys.models import Journey, Session
from bench.common import paired_medians, queries_of
from bench.seed_practice import Seeded

TARGET = 5.0  # at most this many times the bare view
Maker = Callable[[], HttpClient]


@dataclass(frozen=True)
class Case:
    size: int
    url: str
    client: Maker


@dataclass(frozen=True)
class Page:
    name: str
    unit: str  # what the size counts
    few: Case
    many: Case
    target: float = TARGET


def signed_in(user: User) -> Maker:
    def make() -> HttpClient:
        http = HttpClient()
        http.force_login(user)
        return http

    return make


def bearer(token: str) -> Maker:
    """A client of the API, which signs in with a token on every request."""
    return lambda: HttpClient(headers={"Authorization": f"Bearer {token}"})


def portal_client(token: str) -> Maker:
    """The client's browser after opening their magic link."""

    def make() -> HttpClient:
        http = HttpClient()
        opened = http.get(reverse("portal:enter", args=[token]))
        assert opened.status_code == 302, opened.status_code
        return http

    return make


def token_of(user: User) -> str:
    """A read-only API token of the user's, in their practice, as the token page makes one."""
    membership = Membership.objects.select_related("practice").get(user=user)
    _, raw = token_create(user, membership.practice, "Benchmark", can_write=False)
    return raw


def pages(seeded: Seeded) -> list[Page]:
    """Every page measured."""
    # The benchmark asks more often in a minute than a tool may; the counter still runs.
    settings.API_RATE_LIMIT = max(settings.API_RATE_LIMIT, 100_000)
    api_list = "/api/v1/journeys"
    busy = seeded.long_journey.coach
    few, many = seeded.short_journey, seeded.long_journey
    caseload = reverse("insights:caseload")
    insight = reverse("insights:practice")

    def journeys_of(user: User) -> int:
        return Journey.objects.filter(coach=user).count()

    def journeys_in(user: User) -> int:
        return Journey.objects.filter(practice__memberships__user=user).count()

    def sessions_of(journey: Journey) -> int:
        return Session.objects.filter(journey=journey).count()

    def page_of(name: str, journey: Journey) -> str:
        return reverse(name, args=[journey.public_id])

    return [
        Page(
            "caseload",
            "journeys",
            Case(journeys_of(seeded.few_coach), caseload, signed_in(seeded.few_coach)),
            Case(journeys_of(busy), caseload, signed_in(busy)),
        ),
        Page(
            "caseload, all coaches",
            "journeys",
            Case(
                journeys_in(seeded.small_owner),
                f"{caseload}?coach=all",
                signed_in(seeded.small_owner),
            ),
            Case(journeys_in(seeded.owner), f"{caseload}?coach=all", signed_in(seeded.owner)),
        ),
        Page(
            "session prep",
            "sessions",
            Case(sessions_of(few), page_of("journeys:prep", few), signed_in(few.coach)),
            Case(sessions_of(many), page_of("journeys:prep", many), signed_in(many.coach)),
        ),
        Page(
            "journey page",
            "sessions",
            Case(sessions_of(few), page_of("journeys:detail", few), signed_in(few.coach)),
            Case(sessions_of(many), page_of("journeys:detail", many), signed_in(many.coach)),
        ),
        Page(
            "practice insight, all coaches",
            "journeys",
            Case(
                journeys_in(seeded.small_owner),
                f"{insight}?coach=all",
                signed_in(seeded.small_owner),
            ),
            Case(journeys_in(seeded.owner), f"{insight}?coach=all", signed_in(seeded.owner)),
        ),
        Page(
            "portal page",
            "sessions",
            Case(
                sessions_of(few),
                reverse("portal:home"),
                portal_client(seeded.portal_tokens[few.client_id]),
            ),
            Case(
                sessions_of(many),
                reverse("portal:home"),
                portal_client(seeded.portal_tokens[many.client_id]),
            ),
        ),
        Page(
            "API journey list (50 a page)",
            "journeys",
            Case(journeys_of(seeded.few_coach), api_list, bearer(token_of(seeded.few_coach))),
            Case(journeys_of(busy), api_list, bearer(token_of(busy))),
        ),
    ]


@dataclass
class Measured:
    page: str
    unit: str
    size: int
    ms: float
    queries: int
    bare_ms: float
    target: float
    fixed_queries: bool  # the same count at both sizes

    @property
    def ratio(self) -> float:
        return self.ms / self.bare_ms

    @property
    def verdict(self) -> str:
        problems = []
        if self.ratio > self.target:
            problems.append("OVER")
        if not self.fixed_queries:
            problems.append("QUERIES DIFFER")
        return ", ".join(problems) or "ok"


def repeats_for(request: Callable[[], object]) -> int:
    """Enough runs for a steady median, within about three seconds a case."""
    began = time.perf_counter()
    request()
    took = time.perf_counter() - began
    return max(5, min(21, int(3.0 / max(took, 1e-3))))


def measure(page: Page, bare: Callable[[], object]) -> list[Measured]:
    timed = []
    for case in (page.few, page.many):
        http = case.client()
        response = http.get(case.url)
        assert response.status_code == 200, (page.name, case.url, response.status_code)

        def request(http: HttpClient = http, url: str = case.url) -> object:
            return http.get(url)

        seconds, bare_seconds = paired_medians(request, bare, repeats_for(request))
        timed.append((case, seconds, bare_seconds, queries_of(request)))
    fixed = len({queries for *_, queries in timed}) == 1
    return [
        Measured(page.name, page.unit, case.size, s * 1000, q, b * 1000, page.target, fixed)
        for case, s, b, q in timed
    ]


def profile(page: Page, runs: int = 3) -> str:
    """A cProfile of the page at its larger size: the top by cumulative and by own time."""
    http = page.many.client()
    http.get(page.many.url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        http.get(page.many.url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(20)
    return out.getvalue()
