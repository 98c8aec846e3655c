"""How page cost grows with data: the caseload at 10 and 200 journeys, a journey page and
session prep at 10 and 200 sessions.

Reports the median time of each page and the ratio large/small. A page whose queries are
fixed should grow far slower than its data (the rendering still grows with what is shown).
Run with `make bench`; it uses a throwaway in-memory SQLite database.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arcwise.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from arcwise.accounts.models import Practice, Role, User  # noqa: E402
from arcwise.journeys.models import PhaseRun, Session  # noqa: E402
from tests.factories import make_client, make_member, make_practice  # noqa: E402
from tests.journeys.factories import START, at, days, make_journey, make_version  # noqa: E402

REPEATS = 15


def median_seconds(request: Callable[[], object]) -> float:
    request()  # warm caches and templates
    timings = []
    for _ in range(REPEATS):
        began = time.perf_counter()
        request()
        timings.append(time.perf_counter() - began)
    return statistics.median(timings)


def signed_in_coach() -> tuple[HttpClient, Practice, User]:
    practice = make_practice()
    coach = make_member(practice, Role.COACH)
    http = HttpClient()
    http.force_login(coach)
    return http, practice, coach


def caseload(journeys: int) -> float:
    http, practice, coach = signed_in_coach()
    client = make_client(practice)
    version = make_version(client, coach, ["orient", "experiment", "close"])
    for number in range(journeys):
        make_journey(coach, make_client(practice, name=f"C{number}"), version=version)
    return median_seconds(lambda: http.get(reverse("insights:caseload")))


def journey_pages(sessions: int) -> tuple[float, float]:
    http, practice, coach = signed_in_coach()
    journey = make_journey(coach, make_client(practice))
    phase = PhaseRun.objects.get(journey=journey).phase
    Session.objects.bulk_create(
        Session(journey=journey, phase=phase, starts_at=at(START + days(n % 40)))
        for n in range(sessions)
    )
    detail = reverse("journeys:detail", args=[journey.public_id])
    prep = reverse("journeys:prep", args=[journey.public_id])
    return median_seconds(lambda: http.get(detail)), median_seconds(lambda: http.get(prep))


def main() -> None:
    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    rows = []
    small, large = caseload(10), caseload(200)
    rows.append(("caseload, 10 -> 200 journeys", small, large))
    (detail_small, prep_small), (detail_large, prep_large) = journey_pages(10), journey_pages(200)
    rows.append(("journey page, 10 -> 200 sessions", detail_small, detail_large))
    rows.append(("session prep, 10 -> 200 sessions", prep_small, prep_large))
    print(f"{'page':38} {'small ms':>9} {'large ms':>9} {'ratio':>7}")
    for name, low, high in rows:
        print(f"{name:38} {low * 1000:9.1f} {high * 1000:9.1f} {high / low:7.2f}")


if __name__ == "__main__":
    main()
