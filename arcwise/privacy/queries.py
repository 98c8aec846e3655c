"""The owner's reads of the audit log: a page of it, and the whole of it for a download,
filtered. Each costs a fixed number of queries, however long the log."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from arcwise.accounts.models import Practice
from arcwise.privacy.models import AuditEvent

PER_PAGE = 50


@dataclass(frozen=True)
class AuditFilter:
    """Which events to show. `since` is inclusive, `before` exclusive; empty means any."""

    action: str = ""
    actor_id: int | None = None
    since: datetime | None = None
    before: datetime | None = None
    about: str = ""


def audit_events_for(practice: Practice, chosen: AuditFilter) -> QuerySet[AuditEvent]:
    """The events of `practice`'s chain and of the installation's (key rotation, backups,
    restores, which concern every practice), newest first, as `chosen` filters them."""
    rows = AuditEvent.objects.filter(Q(practice=practice) | Q(practice__isnull=True))
    if chosen.action:
        rows = rows.filter(action=chosen.action)
    if chosen.actor_id is not None:
        rows = rows.filter(actor_id=chosen.actor_id)
    if chosen.since is not None:
        rows = rows.filter(at__gte=chosen.since)
    if chosen.before is not None:
        rows = rows.filter(at__lt=chosen.before)
    if chosen.about:
        rows = rows.filter(Q(subject_id=chosen.about) | Q(client_public_id=chosen.about))
    return rows.order_by("-at", "-pk")


def audit_page(practice: Practice, chosen: AuditFilter, number: str | None) -> Page[AuditEvent]:
    """One page of the filtered log: two queries (the count, the page's rows). A page
    number that is not one gives the first page; one past the end, the last."""
    return Paginator(audit_events_for(practice, chosen), PER_PAGE).get_page(number)


def audit_csv_rows(practice: Practice, chosen: AuditFilter) -> Iterator[tuple[str, ...]]:
    """The filtered log as rows of a CSV file, header first, read in chunks (one query
    for a log of a few thousand rows)."""
    yield CSV_HEADER
    for event in audit_events_for(practice, chosen).iterator(chunk_size=2000):
        yield (
            "installation" if event.practice_id is None else "practice",
            str(event.sequence),
            event.at.isoformat(timespec="seconds"),
            _safe(event.actor_label),
            event.action,
            event.subject_kind,
            _safe(event.subject_id),
            event.client_public_id,
            _safe(" ".join(f"{key}={value}" for key, value in sorted(event.detail.items()))),
            event.prev_hash,
            event.hash,
        )


CSV_HEADER = (
    "Chain",
    "Entry",
    "At (UTC)",
    "Who",
    "Action",
    "Subject",
    "Subject id",
    "Client id",
    "Detail",
    "Previous hash",
    "Hash",
)

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection); a
# member's name is typed by a person, so such a cell gets a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell
