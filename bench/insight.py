"""The practice insight page at 10,000 journeys, against a bare authenticated Django view.

Builds one practice with 10,000 journeys on one design (phase runs with revisits, held
sessions, adaptations, every status) by bulk inserts into a throwaway SQLite file, then
reports the median time of the insight page and of a view that only checks sign-in and
says "ok" (both through the full middleware stack), their ratio, and the queries each runs.
Run with `.venv/bin/python bench/insight.py`; JOURNEYS=1000 in the environment for a
quicker look.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='arcwise-insight-')}/bench.db"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arcwise.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from arcwise.accounts.models import Role  # noqa: E402
from arcwise.clients.models import Client  # noqa: E402
from arcwise.journeys.models import (  # noqa: E402
    Adaptation,
    AdaptationKind,
    Journey,
    JourneyStatus,
    PhaseRun,
    Session,
    SessionStatus,
)
from bench.common import median_seconds, queries_of, serve_bare_view  # noqa: E402
from tests.factories import make_client, make_member, make_practice  # noqa: E402
from tests.journeys.factories import at, make_version  # noqa: E402

JOURNEYS = int(os.environ.get("JOURNEYS", "10000"))
REPEATS = 9
KEYS = ("orient", "explore", "experiment", "integrate", "close")
BATCH = 2000


def build(journeys: int) -> HttpClient:
    """One practice, one coach, `journeys` journeys on a five-phase design, bulk inserted."""
    rng = random.Random(10)  # noqa: S311 - made-up data, the same on every run
    practice = make_practice()
    coach = make_member(practice, Role.OWNER)
    version = make_version(make_client(practice), coach, KEYS)
    phases = list(version.phases.order_by("position"))
    today = timezone.localdate()
    clients = Client.objects.bulk_create(
        (
            Client(practice=practice, name=f"Client {n}", email=f"c{n}@example.org")
            for n in range(journeys)
        ),
        batch_size=BATCH,
    )
    statuses = [JourneyStatus.ACTIVE] * 5 + [JourneyStatus.PAUSED, JourneyStatus.CLOSING]
    statuses += [JourneyStatus.CLOSED] * 3 + [JourneyStatus.ENDED_EARLY] * 2
    rows = []
    for client in clients:
        start = today - timedelta(days=rng.randint(14, 400))
        rows.append(
            Journey(
                practice=practice,
                client=client,
                coach=coach,
                design_version=version,
                status=rng.choice(statuses),
                goals="Bench",
                start_date=start,
                planned_end=start + timedelta(weeks=12),
                cadence_days=14,
            )
        )
    made = Journey.objects.bulk_create(rows, batch_size=BATCH)
    runs, sessions, adaptations = [], [], []
    for journey in made:
        day, ended = (
            journey.start_date,
            journey.status
            in (
                JourneyStatus.CLOSED,
                JourneyStatus.ENDED_EARLY,
            ),
        )
        path_taken = phases[: rng.randint(1, len(phases))]
        if rng.random() < 0.1 and len(path_taken) > 1:  # a revisit
            path_taken = [*path_taken[:-1], path_taken[0], path_taken[-1]]
        for number, phase in enumerate(path_taken, start=1):
            last = number == len(path_taken)
            left = min(day + timedelta(days=rng.randint(5, 40)), today)
            runs.append(
                PhaseRun(
                    journey=journey,
                    phase=phase,
                    sequence=number,
                    entered_on=day,
                    left_on=None if last and not ended else left,
                    planned_weeks=phase.planned_weeks,
                )
            )
            day = left
            if rng.random() < 0.15:
                adaptations.append(
                    Adaptation(
                        journey=journey,
                        kind=rng.choice([AdaptationKind.EXTEND, AdaptationKind.INSERT_SESSION]),
                        reason="Bench",
                        phase=phase,
                        on=day,
                    )
                )
        for _ in range(2):
            held = journey.start_date + timedelta(days=rng.randint(0, 200))
            sessions.append(
                Session(
                    journey=journey,
                    phase=path_taken[0],
                    starts_at=at(min(held, today)),
                    status=SessionStatus.HELD,
                )
            )
    PhaseRun.objects.bulk_create(runs, batch_size=BATCH)
    Session.objects.bulk_create(sessions, batch_size=BATCH)
    Adaptation.objects.bulk_create(adaptations, batch_size=BATCH)
    print(
        f"built {len(made)} journeys, {len(runs)} phase runs, {len(sessions)} held sessions, "
        f"{len(adaptations)} adaptations"
    )
    http = HttpClient()
    http.force_login(coach)
    return http


def main() -> None:
    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    bare_url = serve_bare_view()
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    http = build(JOURNEYS)
    print(f"setup took {time.perf_counter() - began:.1f} s")
    page = reverse("insights:practice")
    response = http.get(page)
    assert response.status_code == 200, response.status_code
    assert f"{JOURNEYS} journeys started" in response.content.decode()
    page_time, bare_time = (
        median_seconds(lambda: http.get(page), REPEATS),
        median_seconds(lambda: http.get(bare_url), REPEATS),
    )
    page_queries, bare_queries = (
        queries_of(lambda: http.get(page)),
        queries_of(lambda: http.get(bare_url)),
    )
    print(f"{'view':34} {'median ms':>10} {'queries':>8}")
    print(f"{'bare authenticated view':34} {bare_time * 1000:10.1f} {bare_queries:8}")
    print(
        f"{f'practice insight, {JOURNEYS} journeys':34} {page_time * 1000:10.1f} {page_queries:8}"
    )
    print(f"insight / bare: {page_time / bare_time:.1f}x")
    connection.close()
    shutil.rmtree(Path(settings.DATABASES["default"]["NAME"]).parent)


if __name__ == "__main__":
    main()
