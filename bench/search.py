"""Search at 10,000 journeys: median and 95th-percentile times of typical searches.

Builds one practice of ten coaches with 10,000 clients, 10,000 journeys on twenty designs
and three threads a journey (30,000, their words in the blind index), plus another practice
of 2,000 journeys that search must never show, all by bulk inserts into a throwaway
database: PostgreSQL when DATABASE_URL names one (a test database is made beside it and
dropped after), else a SQLite file. Then times each search through the whole page (the
full middleware stack, signed in as one coach), and the search itself (`search_for`, the
four queries and their rows), and prints the queries each runs.

Run with `DATABASE_URL=postgres://… .venv/bin/python bench/search.py` (the 100 ms target is
on PostgreSQL); JOURNEYS=1000 for a quicker look.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import cast

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault(
    "DATABASE_URL", f"sqlite:///{tempfile.mkdtemp(prefix='arcwise-search-')}/bench.db"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arcwise.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from arcwise.accounts.http import MemberRequest  # noqa: E402
from arcwise.accounts.models import Membership, Practice, Role, User  # noqa: E402
from arcwise.clients.models import Client  # noqa: E402
from arcwise.designs.models import DesignVersion, Visibility  # noqa: E402
from arcwise.journeys.models import Journey, JourneyStatus, Session, Thread  # noqa: E402
from arcwise.search.blind_index import digests, key_id  # noqa: E402
from arcwise.search.models import ThreadWord  # noqa: E402
from arcwise.search.queries import search_for  # noqa: E402
from arcwise.search.words import indexed_words  # noqa: E402
from bench.common import queries_of  # noqa: E402
from tests.designs.factories import make_design  # noqa: E402
from tests.factories import make_member, make_practice  # noqa: E402
from tests.journeys.factories import at  # noqa: E402

JOURNEYS = int(os.environ.get("JOURNEYS", "10000"))
REPEATS = 41
BATCH = 2000
FIRST = [
    "Maria",
    "Ahmed",
    "Chen",
    "Olga",
    "Pat",
    "Sam",
    "Noor",
    "Ivan",
    "Lena",
    "Tom",
    "Ana",
    "Kofi",
    "Zoe",
    "Raj",
    "Eva",
    "Luis",
]
LAST = [
    "Okafor",
    "Smith",
    "Novak",
    "Haddad",
    "Kim",
    "Silva",
    "Berg",
    "Ito",
    "Costa",
    "Walsh",
    "Nair",
    "Dubois",
    "Meyer",
]
TOPICS = [
    "promotion",
    "team",
    "feedback",
    "board",
    "delegation",
    "conflict",
    "sleep",
    "budget",
    "hiring",
    "voice",
]
SEARCHES = ("maria", "maria okafor", "okaf", "leadership", "promotion", "promotion board",
            "zzzz", "a")  # fmt: skip


def practice_with(journeys: int, coaches: int, rng: random.Random, tag: str) -> list[User]:
    """A practice of `coaches` coaches (the first its owner) holding `journeys` journeys."""
    practice = make_practice(name=f"Bench {tag}")
    people = [
        make_member(
            practice,
            Role.OWNER if n == 0 else Role.COACH,
            name=f"Coach {tag}{n}",
            email=f"coach{n}@{tag}.example.com",
        )
        for n in range(coaches)
    ]
    versions = []
    for n in range(20):
        name = f"{rng.choice(['Leadership', 'Transition', 'Career', 'Team'])} arc {n}"
        design = make_design(
            practice, people[0], published=True, visibility=Visibility.PRACTICE, name=name
        )
        versions.append(DesignVersion.objects.get(design=design))
    phases = {v.pk: v.phases.order_by("position").first() for v in versions}
    clients = Client.objects.bulk_create(
        (
            Client(
                practice=practice,
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}",
                email=f"c{n}@{tag}.example.org",
            )
            for n in range(journeys)
        ),
        batch_size=BATCH,
    )
    today = timezone.localdate()
    made = Journey.objects.bulk_create(
        (
            Journey(
                practice=practice,
                client=client,
                coach=people[n % coaches],
                design_version=(version := versions[n % len(versions)]),
                status=rng.choice([JourneyStatus.ACTIVE] * 3 + [JourneyStatus.CLOSED]),
                goals="Bench",
                start_date=today,
                planned_end=today + timedelta(weeks=12),
                cadence_days=version.cadence_days,
            )
            for n, client in enumerate(clients)
        ),
        batch_size=BATCH,
    )
    sessions = Session.objects.bulk_create(
        (Session(journey=j, phase=phases[j.design_version_id], starts_at=at(today)) for j in made),
        batch_size=BATCH,
    )
    threads = Thread.objects.bulk_create(
        (
            Thread(
                journey_id=s.journey_id,
                session=s,
                kind="question",
                text=f"Whether the {' '.join(rng.sample(TOPICS, 3))} question is {n}",
            )
            for s in sessions
            for n in range(3)
        ),
        batch_size=BATCH,
    )
    # The digests made as `thread_words_index` makes them, in bulk.
    current = key_id()
    ThreadWord.objects.bulk_create(
        (
            ThreadWord(
                thread=t, journey_id=t.journey_id, practice=practice, digest=d, key_id=current
            )
            for t in threads
            for d in dict.fromkeys(digests(practice.pk, indexed_words(t.text)))
        ),
        batch_size=BATCH * 5,
    )
    print(f"{tag}: {len(made)} journeys, {len(threads)} threads, {coaches} coaches")
    return people


def timings(run: Callable[[], object]) -> tuple[float, float]:
    """Median and 95th percentile in ms of REPEATS runs, after two to warm caches."""
    run()
    run()
    found = []
    for _ in range(REPEATS):
        began = time.perf_counter()
        run()
        found.append((time.perf_counter() - began) * 1000)
    found.sort()
    return statistics.median(found), found[int(0.95 * (len(found) - 1))]


def main() -> None:
    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DEBUG = False
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        rng = random.Random(18)  # noqa: S311 - made-up data, the same on every run
        began = time.perf_counter()
        coaches = practice_with(JOURNEYS, 10, rng, "here")
        practice_with(JOURNEYS // 5, 3, rng, "there")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # What autovacuum does on its own in time: statistics, and the visibility
                # map that lets the blind index be read from the index alone.
                cursor.execute("VACUUM ANALYZE")
        print(f"setup took {time.perf_counter() - began:.1f} s on {connection.vendor}")
        coach = coaches[1]
        http = HttpClient()
        http.force_login(coach)
        request = cast(MemberRequest, RequestFactory().get("/search/"))
        request.user = coach
        request.membership = Membership.objects.get(user=coach)
        request.practice = Practice.objects.get(name="Bench here")
        print(f"{'search':20} {'page median':>12} {'page p95':>9} {'query median':>13} "
              f"{'query p95':>10} {'queries':>8} {'hits':>5}")  # fmt: skip
        for text in SEARCHES:
            url = f"{reverse('search:results')}?q={text.replace(' ', '+')}"
            assert http.get(url).status_code == 200
            page = timings(partial(http.get, url))
            query = timings(partial(search_for, request, text))
            count = queries_of(partial(search_for, request, text))
            hits = search_for(request, text).total
            print(f"{text!r:20} {page[0]:12.1f} {page[1]:9.1f} {query[0]:13.1f} "
                  f"{query[1]:10.1f} {count:8} {hits:5}")  # fmt: skip
    finally:
        connection.creation.destroy_test_db(settings.DATABASES["default"]["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
