"""The journey summary's PDF for a long journey: 40 sessions held over four phases, 10
adaptations, 6 goals rated by both, a wheel of 8 areas and 8 experiments. Prints the time to
read the summary and the time to render its PDF (the first render of a process, which loads
fonts, and the median of the next ones), and the PDF's size and pages.

A PDF is made while the request waits, so this is what one download holds a worker for.
Run with `make bench`; it uses a throwaway in-memory SQLite database.
"""

from __future__ import annotations

import io
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arcwise.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from arcwise.accounts.models import Role  # noqa: E402
from arcwise.journeys.models import Journey  # noqa: E402
from arcwise.journeys.plan.services import phase_advance  # noqa: E402
from arcwise.outcomes.summary import journey_summary  # noqa: E402
from arcwise.outcomes.summary_pdf import render_pdf, summary_html  # noqa: E402
from bench.common import median_seconds  # noqa: E402
from tests.factories import make_client, make_member, make_practice  # noqa: E402
from tests.journeys.factories import make_journey  # noqa: E402
from tests.outcomes.summary_factories import (  # noqa: E402
    adaptation_make,
    area_make,
    experiment_make,
    goal_make,
    goals_rate,
    journey_close,
    private_notes_plant,
    review_make,
)

PHASES, SESSIONS_PER_PHASE = 4, 10
ADAPTATIONS, GOALS, AREAS, EXPERIMENTS = 10, 6, 8, 8


def long_journey() -> Journey:
    practice = make_practice()
    coach = make_member(practice, Role.COACH)
    client = make_client(practice, name="Quentin Confidential")
    today = timezone.localdate()
    # Sessions every 14 days: 40 of them take 560 days, all before today.
    start = today - timedelta(days=14 * PHASES * SESSIONS_PER_PHASE + 7)
    keys = [f"phase{n}" for n in range(1, PHASES + 1)]
    journey = make_journey(coach, client, *keys, start=start, sessions_per_phase=SESSIONS_PER_PHASE)
    for n in range(1, PHASES):
        phase_advance(
            journey=journey,
            readiness_note="Ready",
            on=start + timedelta(days=140 * n),
            expected_revision=Journey.objects.get(pk=journey.pk).revision,
        )
    for n in range(ADAPTATIONS):
        adaptation_make(
            journey, f"Reason {n}: what the client needed then", start + timedelta(50 * n)
        )
    for n in range(EXPERIMENTS):
        experiment_make(journey, title=f"Experiment {n}")
    for position in range(1, GOALS + 1):
        goals_rate(goal_make(journey, position))
    for position in range(1, AREAS + 1):
        area_make(journey, f"Area {position}", position, start=position % 10, close=7)
    review_make(journey, closing_date=today)
    private_notes_plant(journey, held_before=today)
    return journey_close(journey, on=today)


def main() -> None:
    call_command("migrate", verbosity=0)
    journey = long_journey()
    summary = journey_summary(journey)
    assert summary.sessions_held == PHASES * SESSIONS_PER_PHASE, summary.sessions_held
    read = median_seconds(lambda: journey_summary(journey), repeats=5)
    html = summary_html(summary)
    began = time.perf_counter()
    pdf = render_pdf(html)
    first = time.perf_counter() - began
    rendered = median_seconds(lambda: render_pdf(html), repeats=5)
    # CPU time too: on a busy machine the wall clock also counts time spent waiting for a CPU.
    cpu_began = time.process_time()
    render_pdf(html)
    cpu = time.process_time() - cpu_began
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(
        f"journey summary, {summary.sessions_held} sessions, {len(summary.adaptations)} "
        f"adaptations, {len(summary.goals)} goals: read {read * 1000:.0f} ms; PDF first "
        f"render {first:.2f} s, then median {rendered:.2f} s ({cpu:.2f} s of CPU); "
        f"{len(pdf) // 1024} KiB, "
        f"{pages} pages"
    )


if __name__ == "__main__":
    main()
