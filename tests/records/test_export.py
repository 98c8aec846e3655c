"""The client's export: a ZIP whose JSON holds every field docs/export.md describes (and no
field it does not), read in a fixed number of queries, with each ended journey's summary as
a PDF that opens; the owner or the client's own coach downloads it."""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from pypdf import PdfReader

from arcwise.journeys.models import Journey, JourneyStatus
from arcwise.privacy.models import AuditAction, AuditEvent
from arcwise.records import export as export_module
from arcwise.records.export import MAX_SUMMARIES, client_export, summary_pdf
from arcwise.records.export_json import Data, client_data, client_journeys, comments_by_journey
from arcwise.records.models import Disposal, DisposalCause
from tests.conftest import Cast, signed_in
from tests.factories import make_member
from tests.journeys.factories import make_journey
from tests.outcomes.summary_factories import PRIVATE_AGREEMENT, PRIVATE_INSIGHT, PRIVATE_NOTE
from tests.records.factories import (
    ADAPTATION,
    BEFORE_SESSION,
    CHECK_IN,
    COMMENT,
    INTAKE_ANSWER,
    MESSAGE,
    REFLECTION,
    THREAD,
    WHERE_IT_WENT,
    full_journey,
)

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "export.md"
# A map whose keys are data (the goal's levels), not fields.
MAPS = {"goals[].levels"}


def opened(content: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(content))


def read_json(archive: zipfile.ZipFile, name: str) -> Any:
    return json.loads(archive.read(name).decode("utf-8"))


def paths(data: Any, prefix: str = "") -> set[str]:
    """Every field's path in `data`, as docs/export.md names them: `sessions[].notes`."""
    if isinstance(data, dict) and prefix not in MAPS:
        found: set[str] = set()
        for key, value in data.items():
            found |= paths(value, f"{prefix}.{key}" if prefix else key)
        return found
    if isinstance(data, list):
        found = {f"{prefix}[]"} if not data else set()
        for item in data:
            found |= paths(item, f"{prefix}[]")
        return found
    return {prefix}


def documented() -> dict[str, set[str]]:
    """The paths each section of docs/export.md names, by file."""
    sections: dict[str, set[str]] = {"client": set(), "journey": set()}
    current = None
    for line in DOCS.read_text().splitlines():
        if line.startswith("## `client.json`"):
            current = "client"
        elif line.startswith("## `journeys/"):
            current = "journey"
        elif current and line.startswith("| `"):
            first = line.split("|")[1]
            sections[current] |= set(re.findall(r"`([^`]+)`", first))
    return sections


def _is_documented(path: str, names: set[str]) -> bool:
    # A list of plain values is named with its brackets, a null object by its own name, and
    # an empty list by the fields of its entries.
    if path.endswith("[]"):
        return any(name.startswith(path) for name in names)
    return path in names


@pytest.fixture
def exported(cast: Cast) -> tuple[Journey, zipfile.ZipFile]:
    journey = full_journey(cast.coach, cast.client, mentor=cast.mentor)
    Disposal.objects.create(
        journey=journey, cause=DisposalCause.RETENTION, told_on=journey.ended_on
    )
    make_journey(cast.coach, cast.client, another_open_confirmed=True)  # one still running
    return journey, opened(client_export(cast.client).content)


def test_the_zip_holds_the_client_each_journey_and_each_ended_journeys_summary(
    cast: Cast, exported: tuple[Journey, zipfile.ZipFile]
) -> None:
    ended, archive = exported
    running = Journey.objects.exclude(pk=ended.pk).get(client=cast.client)
    assert sorted(archive.namelist()) == sorted(
        [
            "README.txt",
            "client.json",
            f"journeys/{ended.public_id}.json",
            f"journeys/{running.public_id}.json",
            f"summaries/{ended.public_id}.pdf",
        ]
    )
    client = read_json(archive, "client.json")
    assert client["format"] == "arcwise-client-export"
    assert client["client"]["name"] == "Quentin Confidential"
    assert client["client"]["email"] == "quentin@example.org"
    assert client["client"]["notes"] == "Grieving a parent; do not mention the move yet."
    assert [j["summary_pdf"] for j in client["journeys"]] == [
        f"summaries/{ended.public_id}.pdf",
        None,
    ]
    assert client["portal_links"][0]["requested_by_client"] is False
    assert client["messages"][0]["kind"] == "portal_link"
    assert "portal/" not in client["messages"][0]["body"]  # a waiting link never leaves


def test_a_journeys_file_holds_every_word_and_number_it_keeps(
    exported: tuple[Journey, zipfile.ZipFile],
) -> None:
    journey, archive = exported
    data = read_json(archive, f"journeys/{journey.public_id}.json")
    text = json.dumps(data, ensure_ascii=False)
    for words in (
        PRIVATE_NOTE,
        PRIVATE_INSIGHT,
        PRIVATE_AGREEMENT,
        REFLECTION,
        CHECK_IN,
        BEFORE_SESSION,
        THREAD,
        WHERE_IT_WENT,
        COMMENT,
        ADAPTATION,
        INTAKE_ANSWER,
        MESSAGE,
        "To lead without rescuing everyone.",
        "I stopped carrying everyone and slept better.",
    ):
        assert words in text, words
    assert data["status"] == JourneyStatus.CLOSED
    assert data["ended_on"] == "2026-10-17"
    assert data["coach"] == {"name": "Cora Coach", "email": "cora@example.com"}
    goal = data["goals"][0]
    assert goal["levels"]["0"] == "Lets the team struggle once a week"
    assert {(r["moment"], r["rater"], r["level"]) for r in goal["ratings"]} >= {
        ("baseline", "client", -1),
        ("close", "coach", 1),
    }
    assert [a["name"] for a in data["wheel"]] == ["Area 1", "Area 2", "Area 3"]
    assert data["pulse_answers"] == [
        {
            "week_of": "2026-09-07",
            "scale": "Energy",
            "value": 6,
            "answered_at": data["pulse_answers"][0]["answered_at"],
        }
    ]
    [checked] = [e for e in data["experiments"] if e["check_in"]]
    assert checked["check_in"]["what_happened"] == CHECK_IN
    assert data["closing_review"]["kind"] == "full"
    assert data["disposal"] == {"cause": "retention", "told_on": "2026-10-17", "disposed_at": None}
    assert {m["kind"] for m in data["messages"]} == {"session_reminder", "reflection_request"}


def test_the_summary_in_the_zip_opens_and_names_the_client(
    exported: tuple[Journey, zipfile.ZipFile],
) -> None:
    journey, archive = exported
    pdf = PdfReader(io.BytesIO(archive.read(f"summaries/{journey.public_id}.pdf")))
    words = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Quentin Confidential" in words
    assert PRIVATE_NOTE not in words


def test_every_field_is_documented_and_every_documented_field_is_there(
    exported: tuple[Journey, zipfile.ZipFile],
) -> None:
    _, archive = exported
    docs = documented()
    client_paths = paths(read_json(archive, "client.json"))
    journey_paths = set().union(
        *(paths(read_json(archive, n)) for n in archive.namelist() if n.startswith("journeys/"))
    )
    # client.json's messages are described once, with a journey's.
    client_names = docs["client"] | {f"{p}" for p in docs["journey"] if p.startswith("messages[]")}

    assert sorted(p for p in client_paths if not _is_documented(p, client_names)) == []
    assert sorted(p for p in journey_paths if not _is_documented(p, docs["journey"])) == []
    found = client_paths | journey_paths
    stale = [
        name
        for name in docs["client"] | docs["journey"]
        if not any(p == name or p.startswith((f"{name}.", f"{name}[]")) for p in found)
    ]
    assert stale == []


def test_the_json_costs_the_same_queries_however_many_journeys(
    cast: Cast, django_assert_num_queries: Any
) -> None:
    def read() -> None:
        journeys = client_journeys(cast.client)
        files: dict[int, Data] = {j.pk: {} for j in journeys}
        comments_by_journey(journeys)
        client_data(cast.client, journeys, files)

    full_journey(cast.coach, cast.client)
    # The journeys with everything prefetched (19: intake answers, the conversation and the
    # moves asked for among them), mentors' comments, portal links and the client's own
    # messages.
    with django_assert_num_queries(21):
        read()
    for _ in range(3):
        full_journey(cast.coach, cast.client)
    with django_assert_num_queries(21):
        read()


def test_one_file_holds_the_summaries_of_the_journeys_that_ended_last(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_module, "summary_pdf", lambda journey: b"%PDF-1.7")
    journeys = [full_journey(cast.coach, cast.client) for _ in range(MAX_SUMMARIES + 2)]
    for days_on, journey in enumerate(journeys):
        Journey.objects.filter(pk=journey.pk).update(
            ended_on=journey.ended_on.replace(day=1 + days_on)  # type: ignore[union-attr]
        )

    made = client_export(cast.client)
    archive = opened(made.content)

    assert made.summaries == MAX_SUMMARIES
    in_file = {n for n in archive.namelist() if n.startswith("summaries/")}
    assert in_file == {f"summaries/{j.public_id}.pdf" for j in journeys[2:]}
    page = signed_in(cast.coach).get(reverse("records:export", args=[cast.client.public_id]))
    for older in journeys[:2]:
        link = reverse("records:export_summary", args=[cast.client.public_id, older.public_id])
        assert link in page.content.decode()


def test_measured_a_summary_and_a_client_with_many_journeys(cast: Cast) -> None:
    """Not a limit: prints what docs/export.md states (run with -s)."""
    journeys = [full_journey(cast.coach, cast.client) for _ in range(20)]
    summary_pdf(journeys[0])  # the first in a process loads fonts
    started = time.perf_counter()
    summary_pdf(journeys[0])
    one = time.perf_counter() - started
    started = time.perf_counter()
    journeys_read = client_journeys(cast.client)
    client_data(cast.client, journeys_read, {j.pk: {} for j in journeys_read})
    json_time = time.perf_counter() - started
    started = time.perf_counter()
    made = client_export(cast.client)
    whole = time.perf_counter() - started
    print(
        f"\none summary {one:.2f} s; the JSON of 20 journeys {json_time:.2f} s; the export "
        f"of 20 journeys with {made.summaries} summaries {whole:.2f} s, {len(made.content):,} bytes"
    )
    assert made.journeys == 20


def test_the_owner_downloads_the_zip_and_no_cache_keeps_it(
    cast: Cast, as_owner: HttpClient
) -> None:
    response = as_owner.get(reverse("records:export_zip", args=[cast.client.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="records-quentin-confidential-'
    )
    assert "no-store" in response["Cache-Control"]
    assert read_json(opened(response.content), "client.json")["client"]["name"] == (
        "Quentin Confidential"
    )
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.subject_id) == (cast.owner, str(cast.client.public_id))
    assert event.detail == {"what": "zip"}


def test_a_colleague_whose_journey_it_is_not_is_told_why(cast: Cast) -> None:
    full_journey(cast.coach, cast.client)
    colleague = make_member(cast.practice, name="Cole Colleague")
    for name in ("records:export", "records:export_zip", "records:erase"):
        response = signed_in(colleague).get(reverse(name, args=[cast.client.public_id]))
        assert response.status_code == 403
        assert "can export or erase this client" in response.content.decode()
    page = signed_in(colleague).get(reverse("clients:detail", args=[cast.client.public_id]))
    assert reverse("records:export", args=[cast.client.public_id]) not in page.content.decode()


def test_another_practices_client_is_not_found(cast: Cast, as_owner: HttpClient) -> None:
    for name in ("records:export", "records:export_zip", "records:erase"):
        response = as_owner.get(reverse(name, args=[cast.outsiders_client.public_id]))
        assert response.status_code == 404
