"""A copy of everything held about one client: a ZIP of JSON, with the journey summaries.

    client.json                 the client, their portal links and messages, and the journeys
    journeys/<journey id>.json  one journey with every row it holds
    summaries/<journey id>.pdf  the journey summary, for the five journeys that ended last
    README.txt                  what the files are

`docs/export.md` describes every field. The JSON is read in a fixed number of queries
(`export_json`); each ended journey adds its summary, made as the coach's summary PDF is made
(`outcomes.summary_pdf`): that is the slow part, so one export makes at most
`MAX_SUMMARIES` of them, for the journeys that ended last.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from django.utils import timezone

from arcwise.clients.models import Client
from arcwise.journeys.models import ENDED_STATUSES, Journey
from arcwise.outcomes.summary import journey_summary
from arcwise.outcomes.summary_pdf import render_pdf, summary_html
from arcwise.outcomes.wording import ascii_slug
from arcwise.records.export_json import (
    Data,
    client_data,
    client_journeys,
    comments_by_journey,
    journey_data,
    plain,
)

# A summary takes half a second to a second to render on a busy two-core machine (measured
# in tests/records/test_export.py; the first in a process longer, loading fonts), so
# one export makes at most this many, for the most recently ended journeys: the download
# stays within a few seconds however many journeys the client had. The JSON holds every
# journey; the export page offers the older journeys' summaries one by one.
MAX_SUMMARIES = 5

README = """\
Everything {practice} holds about {name}, exported on {day}.

client.json                 the client, their portal links and the messages sent to them,
                            and a list of their journeys
journeys/<journey id>.json  one journey: the agreement, phases, sessions with their notes,
                            reflections, check-ins, experiments, threads, adaptations, goals
                            and ratings, the wheel, the pulse, the closing review, mentors'
                            comments and the messages about it
summaries/<journey id>.pdf  the journey summary of each journey that has ended (of the
                            five that ended last: the coach can give you the older ones)

Dates are ISO 8601 (2026-09-07); moments are ISO 8601 in UTC. Text that was removed when the
practice's retention ended, or when the client was erased, reads "(removed)".
"""


@dataclass(frozen=True)
class Export:
    filename: str
    content: bytes
    journeys: int
    summaries: int


def _has_summary(journey: Journey) -> bool:
    return journey.status in ENDED_STATUSES


def summarised_in_export(journeys: list[Journey]) -> list[Journey]:
    """The ended journeys whose summaries one export holds: the MAX_SUMMARIES ended last."""
    ended = sorted(
        (j for j in journeys if _has_summary(j)), key=lambda j: (j.ended_on or j.start_date, j.pk)
    )
    return ended[-MAX_SUMMARIES:]


@dataclass(frozen=True)
class ExportLine:
    """One journey as the export page lists it."""

    journey: Journey
    summary_in_file: bool
    summary_apart: bool  # ended, but among the older ones the file leaves out


def export_contents(client: Client) -> list[ExportLine]:
    """The client's journeys as the export page lists them, with where each summary is.
    One query."""
    journeys = list(
        Journey.objects.filter(client=client)
        .select_related("design_version", "coach")
        .order_by("start_date", "created_at", "pk")
    )
    inside = {j.pk for j in summarised_in_export(journeys)}
    return [ExportLine(j, j.pk in inside, _has_summary(j) and j.pk not in inside) for j in journeys]


def summary_pdf(journey: Journey) -> bytes:
    """The journey's summary as the coach's PDF is made."""
    return render_pdf(summary_html(journey_summary(journey)))


def client_export(client: Client, *, today: date | None = None) -> Export:
    """The client's records as a ZIP: every journey's JSON, and the summaries of the
    MAX_SUMMARIES journeys that ended last."""
    today = today or timezone.localdate()
    journeys = client_journeys(client)
    comments = comments_by_journey(journeys)
    summarised = summarised_in_export(journeys)
    pdfs = {j.pk: summary_pdf(j) for j in summarised}
    files: dict[int, Data] = {}
    listing: dict[int, Data] = {}
    for journey in journeys:
        name = f"summaries/{journey.public_id}.pdf" if journey.pk in pdfs else None
        files[journey.pk] = journey_data(journey, comments.get(journey.pk, []), name)
        listing[journey.pk] = {
            "id": str(journey.public_id),
            "file": f"journeys/{journey.public_id}.json",
            "summary_pdf": name,
            "status": journey.status,
            "start_date": plain(journey.start_date),
            "ended_on": plain(journey.ended_on),
        }
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "README.txt",
            README.format(practice=client.practice.name, name=client.name, day=today.isoformat()),
        )
        archive.writestr("client.json", _json(client_data(client, journeys, listing)))
        for journey in journeys:
            archive.writestr(f"journeys/{journey.public_id}.json", _json(files[journey.pk]))
            if journey.pk in pdfs:
                archive.writestr(f"summaries/{journey.public_id}.pdf", pdfs[journey.pk])
    return Export(
        filename=f"records-{ascii_slug(client.name)}-{today.isoformat()}.zip",
        content=buffer.getvalue(),
        journeys=len(journeys),
        summaries=len(pdfs),
    )


def _json(data: Data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
