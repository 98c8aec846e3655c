"""The owner's audit log: filtered by what, who, when and which journey or client; paged in
a fixed number of queries; downloaded as CSV, which is itself recorded. Owners only."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.accounts.models import Membership
from arcwise.privacy.audit import audit_record
from arcwise.privacy.models import AuditAction, AuditEvent
from arcwise.privacy.queries import PER_PAGE
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

PAGE = reverse("privacy:audit_log")
CSV = reverse("privacy:audit_log_csv")
JOURNEY = "4b1f0c2e-0000-4000-8000-000000000001"
OTHER_JOURNEY = "4b1f0c2e-0000-4000-8000-000000000002"


def event(cast: Cast, **overrides: Any) -> AuditEvent:
    fields: dict[str, Any] = {
        "practice": cast.practice,
        "actor": cast.coach,
        "action": AuditAction.NOTE_READ,
        "subject_kind": "journey",
        "subject_id": JOURNEY,
        "client": cast.client.public_id,
        "detail": {"page": "session"},
    }
    fields.update(overrides)
    return audit_record(**fields)


def on(day: int) -> Any:
    return time_machine.travel(datetime(2026, 9, day, 10, 0, tzinfo=UTC), tick=False)


def rows_of(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def member_id(cast: Cast, user: Any) -> str:
    return str(Membership.objects.get(user=user, practice=cast.practice).public_id)


def test_the_owner_reads_their_practices_log_and_the_installations(
    cast: Cast, as_owner: HttpClient
) -> None:
    event(cast)
    event(cast, practice=cast.other_practice, actor=cast.outsider, subject_id=OTHER_JOURNEY)
    audit_record(
        practice=None,
        actor=None,
        action=AuditAction.KEY_ROTATION,
        subject_kind="key",
        subject_id="key-2",
    )

    page = as_owner.get(PAGE).content.decode()

    assert "2 events" in page
    assert "Cora Coach &lt;cora@example.com&gt;" in page
    assert JOURNEY in page
    assert "Rotated the encryption keys" in page
    assert OTHER_JOURNEY not in page
    assert "Quentin" not in page


def test_events_are_filtered_by_what_who_when_and_about(cast: Cast, as_owner: HttpClient) -> None:
    with on(7):
        event(cast)
    with on(8):
        event(cast, actor=cast.mentor, action=AuditAction.MENTOR_VIEW, subject_id=OTHER_JOURNEY)
    with on(9):
        event(cast, action=AuditAction.NOTES_CHANGED, client="")

    def shown(**query: str) -> int:
        response = as_owner.get(PAGE, query)
        assert response.status_code == 200
        return int(response.context["page"].paginator.count)

    assert shown() == 3
    assert shown(action="mentor_view") == 1
    assert shown(person=member_id(cast, cast.coach)) == 2
    assert shown(since="2026-09-08") == 2
    assert shown(since="2026-09-08", until="2026-09-08") == 1
    assert shown(about=OTHER_JOURNEY) == 1
    assert shown(about=str(cast.client.public_id)) == 2
    assert shown(action="note_read", person=member_id(cast, cast.mentor)) == 0


def test_a_filter_that_cannot_be_read_says_why_and_keeps_what_was_typed(
    cast: Cast, as_owner: HttpClient
) -> None:
    event(cast)

    response = as_owner.get(
        PAGE, {"since": "2026-09-10", "until": "2026-09-01", "action": "gossip", "about": "abc"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "The “To” date is before the “From” date" in page
    assert "Choose one of the kinds of event listed." in page
    assert 'value="abc"' in page
    assert "cora@example.com" not in page


def test_the_log_is_paged_newest_first(cast: Cast, as_owner: HttpClient) -> None:
    for n in range(PER_PAGE + 3):
        event(cast, detail={"n": n})

    first = as_owner.get(PAGE, {"action": "note_read"})
    second = as_owner.get(PAGE, {"action": "note_read", "page": "2"})
    beyond = as_owner.get(PAGE, {"page": "zebra"})

    assert [e.sequence for e in first.context["page"]][:2] == [PER_PAGE + 3, PER_PAGE + 2]
    assert [e.sequence for e in second.context["page"]] == [3, 2, 1]
    assert "action=note_read&amp;page=2" in first.content.decode()
    assert beyond.context["page"].number == 1


@pytest.mark.parametrize("size", [10, 200])
def test_a_page_of_the_log_costs_the_same_queries_at_any_size(
    cast: Cast, as_owner: HttpClient, size: int, django_assert_num_queries: Any
) -> None:
    for n in range(size):
        event(cast, detail={"n": n})
    coach = member_id(cast, cast.coach)

    # session, user, memberships; the members for the filter; the count; the page
    with django_assert_num_queries(6):
        response = as_owner.get(PAGE, {"person": coach, "page": "2"})
    # Page 2 of 200; of 10, the one page there is.
    assert len(response.context["page"]) == min(size, PER_PAGE)


def test_the_download_holds_the_filtered_log_and_is_recorded(
    cast: Cast, as_owner: HttpClient
) -> None:
    event(cast)
    event(cast, action=AuditAction.MENTOR_VIEW, actor=cast.mentor)

    response = as_owner.get(CSV, {"action": "note_read"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    header, *rows = rows_of(response)
    assert header[:5] == ["Chain", "Entry", "At (UTC)", "Who", "Action"]
    assert [(row[1], row[4], row[6]) for row in rows] == [("1", "note_read", JOURNEY)]
    download = AuditEvent.objects.get(action=AuditAction.AUDIT_DOWNLOAD)
    assert download.actor == cast.owner
    assert download.detail == {"action": "note_read"}


def test_a_name_that_looks_like_a_formula_is_made_plain_text_in_the_download(
    cast: Cast, as_owner: HttpClient
) -> None:
    cast.coach.name = "=HYPERLINK(1)"
    event(cast)

    rows = rows_of(as_owner.get(CSV, {"action": "note_read"}))

    assert [row[3] for row in rows[1:]] == ["'=HYPERLINK(1) <cora@example.com>"]


def test_a_download_with_a_filter_that_cannot_be_read_goes_back_to_the_page(
    as_owner: HttpClient,
) -> None:
    response = as_owner.get(CSV, {"since": "someday"})

    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?since=someday"
    assert not AuditEvent.objects.exists()


def test_only_an_owner_reads_the_log(as_coach: HttpClient, as_mentor: HttpClient) -> None:
    for http in (as_coach, as_mentor):
        assert http.get(PAGE).status_code == 403
        assert http.get(CSV).status_code == 403
    assert not AuditEvent.objects.exists()


def test_the_practice_page_leads_owners_to_the_log(
    as_owner: HttpClient, as_coach: HttpClient
) -> None:
    link = f'href="{PAGE}"'

    assert link in as_owner.get(reverse("accounts:practice")).content.decode()
    assert link not in as_coach.get(reverse("accounts:practice")).content.decode()
