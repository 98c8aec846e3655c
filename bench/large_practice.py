"""A large practice, measured: what `make bench` runs.

Seeds 50 coaches, 10,000 journeys, about 150,000 sessions and 60,000 reflections
(bench/seed_practice.py) into a throwaway PostgreSQL database made beside DATABASE_URL's
and dropped at the end, then in one process:

- times every page at two sizes against a bare signed-in Django view, as paired medians,
  and counts its queries at both sizes (bench/page_rows.py): at most 5x the bare view, and
  the same number of queries whatever the size;
- times momentum for all 10,000 journeys against loading their rows (at most 1.5x);
- runs bench/sender.py (the sender against a plain smtplib loop, at least 0.8x);
- serves the practice with gunicorn and has locust's 50 coaches use it for 60 s
  (bench/load_run.py): p50 and p95 per page, and the errors, which must be none.

Prints a table and writes bench/results.json. `--profile` (or PROFILE=1) prints a cProfile of
the slowest page. JOURNEYS=1000 seeds a tenth of the practice for a quicker look;
LOAD_SECONDS=0 leaves out the load run. bench/run starts a PostgreSQL when none is named.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from arcwise.privacy.keys import new_key  # noqa: E402 - no Django import

# One fresh key for this run's throwaway data, shared with the gunicorn serving it.
os.environ.setdefault("ARCWISE_ENCRYPTION_KEYS", new_key())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arcwise.settings")
if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    sys.exit("bench/large_practice.py measures on PostgreSQL: set DATABASE_URL, or use bench/run")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from arcwise.insights.alerts import judge_momentum  # noqa: E402
from arcwise.insights.momentum_facts import fact_rows, momentum_for  # noqa: E402
from arcwise.journeys.models import Journey, JourneyStatus  # noqa: E402
from bench.common import median_seconds, queries_of, serve_bare_view  # noqa: E402
from bench.load_run import load_run  # noqa: E402
from bench.page_rows import Measured, measure, pages, profile, signed_in, token_of  # noqa: E402
from bench.seed_practice import PASSWORD, Seeded, seed  # noqa: E402

JOURNEYS = int(os.environ.get("JOURNEYS", "10000"))
LOAD_SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
MOMENTUM_ROUNDS = 5
MOMENTUM_TARGET = 1.5
RESULTS = ROOT / "bench" / "results.json"


def seconds(work: Callable[[], object]) -> float:
    gc.collect()  # each timing from the same heap, not another's leftovers
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def momentum(seeded: Seeded) -> dict[str, Any]:
    """Judging every journey of the practice against only reading the rows it needs,
    alternating, the ratio taken in each round (bench/momentum.py's comparison)."""
    journeys = Journey.objects.filter(practice_id=seeded.owner.memberships.get().practice_id)
    now = timezone.now()

    def load() -> object:
        return fact_rows(journeys)

    def judge() -> object:
        return momentum_for(journeys, now)

    load(), judge()  # warm the connection, the caches and the zones
    rounds = [(seconds(load), seconds(judge)) for _ in range(MOMENTUM_ROUNDS)]
    ratio = statistics.median(b / a for a, b in rounds)
    return {
        "journeys": journeys.count(),
        "load_ms": statistics.median(a for a, _ in rounds) * 1000,
        "judge_ms": statistics.median(b for _, b in rounds) * 1000,
        "ratio": ratio,
        "target": MOMENTUM_TARGET,
        "verdict": "ok" if ratio <= MOMENTUM_TARGET else "OVER",
    }


def sender() -> dict[str, Any]:
    """bench/sender.py in its own process (its own SQLite outbox and SMTP sink)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        # Nine rounds, not the script's 25: its ratio is steady by then, and minutes count here.
        env.setdefault("SENDER_ROUNDS", "9")
        subprocess.run(  # noqa: S603 - this Python, a script of ours
            [sys.executable, "bench/sender.py", "--json", out.name], cwd=ROOT, env=env, check=True
        )
        found: dict[str, Any] = json.loads(Path(out.name).read_text())
        return found


def locust_data(seeded: Seeded, folder: Path) -> Path:
    """What each simulated coach signs in with and opens: one of their active journeys, and
    its client's magic link when they have one."""
    coaches = []
    for coach in seeded.coaches:
        journey = (
            Journey.objects.filter(coach=coach, status=JourneyStatus.ACTIVE).order_by("pk").first()
        )
        journey = journey or Journey.objects.filter(coach=coach).order_by("pk").first()
        assert journey is not None
        token = seeded.portal_tokens.get(journey.client_id)
        coaches.append(
            {
                "email": coach.email,
                "journey": reverse("journeys:detail", args=[journey.public_id]),
                "prep": reverse("journeys:prep", args=[journey.public_id]),
                "portal_open": reverse("portal:enter", args=[token]) if token else "",
                "api_token": token_of(coach),
            }
        )
    data = {
        "password": PASSWORD,
        "sign_in": reverse("accounts:sign_in"),
        "caseload": reverse("insights:caseload"),
        "insight": reverse("insights:practice"),
        "portal": reverse("portal:home"),
        "api_journeys": "/api/v1/journeys",
        "coaches": coaches,
    }
    path = folder / "locust-data.json"
    path.write_text(json.dumps(data))
    return path


def table(rows: list[Measured], bare_ms: float, bare_queries: int) -> str:
    lines = [
        f"{'page':30} {'size':>14} {'ms':>8} {'queries':>7} {'bare ms':>8} {'x bare':>7} "
        f"{'target':>6}  verdict",
        f"{'bare signed-in view':30} {'':>14} {bare_ms:8.2f} {bare_queries:7} {bare_ms:8.2f} "
        f"{1:7.1f} {'':>6}",
    ]
    for row in rows:
        size = f"{row.size} {row.unit}"
        lines.append(
            f"{row.page:30} {size:>14} {row.ms:8.2f} {row.queries:7} {row.bare_ms:8.2f} "
            f"{row.ratio:7.1f} {row.target:5.0f}x  {row.verdict}"
        )
    return "\n".join(lines)


def database_url_of(name: str) -> str:
    return urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()


def main() -> int:
    begun = time.perf_counter()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    original = settings.DATABASES["default"]["NAME"]
    connection.settings_dict["TEST"]["NAME"] = f"arcwise_bench_{os.getpid()}"
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        return run(name, begun)
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)


def run(database: str, begun: float) -> int:
    results: dict[str, Any] = {"database": connection.vendor, "journeys_asked": JOURNEYS}
    began = time.perf_counter()
    seeded = seed(JOURNEYS)
    # Every open journey judged as the sender's momentum pass judges it, so the caseload's
    # stored states are what they are in production an hour after seeding.
    judge_momentum(timezone.now(), Journey.objects.all())
    seed_seconds = time.perf_counter() - began
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does on its own, in time
    results["seed"] = {
        "seconds": round(seed_seconds, 1),
        "vacuum_analyze_seconds": round(time.perf_counter() - began - seed_seconds, 1),
        "rows": seeded.counts,
    }
    print(
        f"seeded in {seed_seconds:.0f} s: "
        + ", ".join(f"{n} {what.replace('_', ' ')}" for what, n in seeded.counts.items()),
        flush=True,
    )

    bare_url = serve_bare_view()
    bare_client = signed_in(seeded.few_coach)()

    def bare() -> object:
        return bare_client.get(bare_url)

    measured: list[Measured] = []
    page_list = pages(seeded)
    for page in page_list:
        measured.extend(measure(page, bare))
        print(f"  measured {page.name}", flush=True)
    bare_ms = median_seconds(bare) * 1000
    bare_queries = queries_of(bare)
    slowest = max(page_list, key=lambda p: max(m.ratio for m in measured if m.page == p.name))
    results["bare"] = {"ms": bare_ms, "queries": bare_queries}
    results["pages"] = [dict(vars(m), ratio=m.ratio, verdict=m.verdict) for m in measured]
    results["slowest_page"] = slowest.name
    if "--profile" in sys.argv or os.environ.get("PROFILE"):
        results["profile"] = profile(slowest)

    results["momentum"] = momentum(seeded)
    print("  measured momentum", flush=True)
    results["sender"] = sender()
    print("  measured the sender", flush=True)
    if LOAD_SECONDS:
        with tempfile.TemporaryDirectory() as folder:
            data = locust_data(seeded, Path(folder))
            connection.close()  # the served workers open their own
            results["load"] = load_run(database_url_of(database), data, seconds=LOAD_SECONDS)
    results["total_seconds"] = round(time.perf_counter() - begun, 1)
    RESULTS.write_text(json.dumps(results, indent=2, default=str))
    report(results, measured)
    return 0


def report(results: dict[str, Any], measured: list[Measured]) -> None:
    print()
    if "profile" in results:
        print(f"Profile of the slowest page, {results['slowest_page']}, at its larger size:")
        print(results["profile"])
    seed_ = results["seed"]
    print(f"Seed: {seed_['seconds']} s (then VACUUM ANALYZE {seed_['vacuum_analyze_seconds']} s)")
    print("Each page is timed just after the bare view, in this process; x bare is their ratio.")
    print(table(measured, results["bare"]["ms"], results["bare"]["queries"]))
    m = results["momentum"]
    print(
        f"momentum, {m['journeys']} journeys: load rows {m['load_ms']:.0f} ms, judge "
        f"{m['judge_ms']:.0f} ms, {m['ratio']:.2f}x (target at most {m['target']}): {m['verdict']}"
    )
    s = results["sender"]
    print(
        f"sender: {s['ratio']:.2f} of a plain smtplib loop (target at least {s['target']}): "
        f"{s['verdict']}"
    )
    if "load" in results:
        load = results["load"]
        print(
            f"load: {load['users']} coaches for {load['seconds']} s on gunicorn (2 workers), "
            f"{int(load['total'].get('requests', 0))} requests, {load['errors']} errors"
        )
        print(f"  {'page':22} {'requests':>8} {'p50 ms':>7} {'p95 ms':>7} {'failures':>8}")
        for name, page in sorted(load["pages"].items()):
            print(
                f"  {name:22} {page['requests']:8} {page['p50_ms']:7.0f} {page['p95_ms']:7.0f} "
                f"{page['failures']:8}"
            )
    print(f"Total {results['total_seconds']:.0f} s; results in {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
