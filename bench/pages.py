"""Every page against a floor: the caseload, the journey page, session prep, the practice
insight page and the client's portal page, each at a small and a large size, against a bare
authenticated Django view served by the same settings and middleware (bench/common.py).

Ratios are measured in the same run, so they say what a page costs on top of what any
signed-in request costs, whatever the machine. The caseload is measured with momentum
included (states, reasons and 12-week sparklines), at 10 and 200 journeys; its target is at
most CASELOAD_TARGET times the bare view at 200. Run with `make bench`; it uses a throwaway
in-memory SQLite database. `--profile` (or PROFILE=1 in the environment) prints a cProfile of
the caseload at 200 journeys with cold caches, by cumulative and by own time.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import re
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arcwise.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from arcwise.accounts.models import Practice, Role, User  # noqa: E402
from arcwise.insights import caseload_judgements as caseload_module  # noqa: E402
from arcwise.journeys.models import Journey, PhaseRun, Session, SessionStatus  # noqa: E402
from arcwise.nudges.models import Nudge, NudgeKind  # noqa: E402
from arcwise.portal.services import portal_link_send  # noqa: E402
from arcwise.svg import sparkline  # noqa: E402
from bench.common import (  # noqa: E402
    median_seconds,
    paired_medians,
    queries_of,
    serve_bare_view,
)
from tests.factories import make_client, make_member, make_practice  # noqa: E402
from tests.journeys.factories import START, at, days, make_journey, make_version  # noqa: E402

SIZES = (10, 200)
CASELOAD_TARGET = 15.0


def signed_in(role: str = Role.COACH) -> tuple[HttpClient, Practice, User]:
    practice = make_practice()
    user = make_member(practice, role)
    http = HttpClient()
    http.force_login(user)
    return http, practice, user


def caseload(journeys: int) -> tuple[HttpClient, str]:
    """A coach with `journeys` open journeys of different ages, some with a session held
    weeks ago, so that momentum has states and reasons to show."""
    http, practice, coach = signed_in(Role.OWNER)
    version = make_version(make_client(practice), coach, ["orient", "experiment", "close"])
    today = timezone.localdate()
    for number in range(journeys):
        journey = make_journey(
            coach,
            make_client(practice, name=f"Client {number}"),
            version=version,
            start=today - timedelta(days=7 * (number % 16)),
        )
        held = Session.objects.filter(journey=journey, starts_at__lt=timezone.now())
        held.filter(pk__in=held.values("pk")[: number % 3]).update(status=SessionStatus.HELD)
    return http, reverse("insights:caseload")


def journey_pages(sessions: int) -> tuple[HttpClient, str, str]:
    http, practice, coach = signed_in()
    journey = make_journey(coach, make_client(practice))
    phase = PhaseRun.objects.get(journey=journey).phase
    Session.objects.bulk_create(
        Session(journey=journey, phase=phase, starts_at=at(START + days(n % 40)))
        for n in range(sessions)
    )
    return (
        http,
        reverse("journeys:detail", args=[journey.public_id]),
        reverse("journeys:prep", args=[journey.public_id]),
    )


def portal_page(sessions: int) -> tuple[HttpClient, str]:
    """The client's portal page, opened through a magic link, with `sessions` sessions."""
    _, practice, coach = signed_in()
    client = make_client(practice)
    journey: Journey = make_journey(coach, client)
    phase = PhaseRun.objects.get(journey=journey).phase
    Session.objects.bulk_create(
        Session(journey=journey, phase=phase, starts_at=at(START + days(n % 40)))
        for n in range(sessions)
    )
    portal_link_send(client=client, sent_by=coach, from_link="", site_url="http://testserver/")
    nudge = Nudge.objects.filter(kind=NudgeKind.PORTAL_LINK, client=client).latest("created_at")
    found = re.search(r"https?://[^/\s]+(/portal/open/\S+/)", nudge.body)
    assert found, "no portal link in the e-mail"
    http = HttpClient()
    assert http.get(found.group(1)).status_code == 302
    return http, reverse("portal:home")


def practice_insight(journeys: int) -> tuple[HttpClient, str]:
    http, practice, owner = signed_in(Role.OWNER)
    version = make_version(make_client(practice), owner, ["orient", "experiment", "close"])
    for number in range(journeys):
        make_journey(owner, make_client(practice, name=f"Client {number}"), version=version)
    return http, reverse("insights:practice")


# page, size, its median seconds, its queries, the bare view's median timed alongside it
Row = tuple[str, int, float, int, float]
Bare = Callable[[], object]


def measure(name: str, size: int, bare: Bare, http: HttpClient, url: str) -> Row:
    response = http.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return timed(name, size, bare, lambda: http.get(url))


def timed(name: str, size: int, bare: Bare, request: Callable[[], object]) -> Row:
    seconds, bare_seconds = paired_medians(request, bare)
    return name, size, seconds, queries_of(request), bare_seconds


def forget_momentum_weeks() -> None:
    """Empty the per-process caches of past weeks and sparklines: a coach's first look."""
    caseload_module._PAST_WEEKS.clear()
    caseload_module._NOW.clear()
    sparkline._sparkline.cache_clear()
    sparkline._body.cache_clear()
    sparkline._words.cache_clear()


def cold(http: HttpClient, url: str) -> Callable[[], object]:
    def request() -> object:
        forget_momentum_weeks()
        return http.get(url)

    return request


def profile(request: Callable[[], object]) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        request()
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)


def main() -> int:
    # Not setup_test_environment(): it instruments every template render for the test
    # client, which production does not pay and the bare view (no template) would not show.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    bare_url = serve_bare_view()
    call_command("migrate", verbosity=0)
    coach, _, _ = signed_in()

    def bare() -> object:
        return coach.get(bare_url)

    rows: list[Row] = []
    for size in SIZES:
        http, url = caseload(size)
        rows.append(measure("caseload (journeys)", size, bare, http, url))
        cold_request = cold(http, url)
        rows.append(timed("caseload, cold caches (journeys)", size, bare, cold_request))
        if size == max(SIZES) and ("--profile" in sys.argv or os.environ.get("PROFILE")):
            profile(cold_request)
    for size in SIZES:
        http, detail, prep = journey_pages(size)
        rows.append(measure("journey page (sessions)", size, bare, http, detail))
        rows.append(measure("session prep (sessions)", size, bare, http, prep))
    for size in SIZES:
        rows.append(measure("practice insight (journeys)", size, bare, *practice_insight(size)))
    for size in SIZES:
        rows.append(measure("portal page (sessions)", size, bare, *portal_page(size)))
    bare_alone = median_seconds(bare)

    rows.sort(key=lambda row: (row[0], row[1]))
    print("Each page is timed just after the bare view; x bare is their ratio.")
    print(f"{'page':34} {'size':>5} {'ms':>8} {'queries':>8} {'bare ms':>8} {'x bare':>7}")
    print(
        f"{'bare authenticated view':34} {'':>5} {bare_alone * 1000:8.2f} "
        f"{queries_of(bare):8} {bare_alone * 1000:8.2f} {1:7.1f}"
    )
    for name, size, seconds, queries, floor in rows:
        print(
            f"{name:34} {size:5} {seconds * 1000:8.2f} {queries:8} {floor * 1000:8.2f} "
            f"{seconds / floor:7.1f}"
        )
    largest = next(row for row in rows if row[0] == "caseload (journeys)" and row[1] == max(SIZES))
    ratio = largest[2] / largest[4]
    verdict = "within" if ratio <= CASELOAD_TARGET else "OVER"
    print(
        f"caseload at {max(SIZES)} journeys: {ratio:.1f}x the bare view, {verdict} the target "
        f"of {CASELOAD_TARGET:.0f}x"
    )
    # Reported, not enforced: `make bench` runs the other benchmarks after this one.
    return 0


if __name__ == "__main__":
    sys.exit(main())
