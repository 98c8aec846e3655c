"""The audit log's hash chain, as plain data: how an entry is hashed, and what a walk along a
chain finds wrong. No Django here; `audit.py` reads the rows and hands them over.

Each entry's hash is SHA-256 over a canonical serialisation of its own fields and the hash
of the entry before it (`prev_hash`), so an entry changed in place no longer matches its
hash, an entry taken out leaves a gap in the numbers and a broken link, and the chain's head
(kept in a row of its own) says how long the chain should be, so an entry taken from the end
shows too. See docs/architecture.md, "The audit log".
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

# The `prev_hash` of a chain's first entry.
GENESIS = "0" * 64

DetailValue = str | int | bool | None


@dataclass(frozen=True)
class Entry:
    """One audit event, as the chain sees it. `chain` names the chain it belongs to: the
    practice's public id, or "installation" for events that belong to no practice."""

    chain: str
    sequence: int
    at: datetime
    actor_label: str
    action: str
    subject_kind: str
    subject_id: str
    client: str
    detail: Mapping[str, DetailValue]
    prev_hash: str
    hash: str = ""


@dataclass(frozen=True)
class Head:
    """What a chain's head row says: the number and hash of the chain's last entry."""

    last_sequence: int
    last_hash: str


Kind = Literal["altered", "broken link", "missing", "head mismatch", "head missing"]


@dataclass(frozen=True)
class Finding:
    """Something wrong at entry `sequence` of a chain (None: the chain as a whole)."""

    sequence: int | None
    kind: Kind
    message: str


def canonical(entry: Entry) -> bytes:
    """The bytes an entry's hash is taken over: every field but the hash itself, as JSON
    with sorted keys, no spaces and ASCII only, and the time in UTC to the microsecond, so
    that SQLite and PostgreSQL, and a backup restored elsewhere, give the same bytes."""
    fields = {
        "chain": entry.chain,
        "sequence": entry.sequence,
        "at": entry.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": entry.actor_label,
        "action": entry.action,
        "subject_kind": entry.subject_kind,
        "subject_id": entry.subject_id,
        "client": entry.client,
        "detail": dict(entry.detail),
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def entry_hash(entry: Entry) -> str:
    """The hash an entry should carry, as 64 hexadecimal digits."""
    return hashlib.sha256(canonical(entry)).hexdigest()


def _numbers(first: int, last: int) -> str:
    return f"entry {first} is" if first == last else f"entries {first} to {last} are"


def walk(entries: Iterable[Entry], head: Head | None) -> list[Finding]:
    """Everything wrong with one chain: `entries` in the order of their numbers, `head` as
    its head row says (None: the row is gone).

    Finds an entry whose fields no longer give its hash (altered), an entry whose link does
    not match the hash of the one before it (the one before was altered and its hash made
    again, or the link itself was changed), numbers missing in the middle or at the end
    (deleted), and a head that does not match the last entry.
    """
    findings: list[Finding] = []
    expected, previous = 1, GENESIS
    for entry in entries:
        if entry.sequence > expected:
            findings.append(
                Finding(
                    expected,
                    "missing",
                    f"{_numbers(expected, entry.sequence - 1).capitalize()} missing: "
                    "deleted from the log.",
                )
            )
        elif entry.prev_hash != previous:
            findings.append(
                Finding(
                    entry.sequence,
                    "broken link",
                    f"Entry {entry.sequence} does not link to entry {entry.sequence - 1}: "
                    f"entry {entry.sequence - 1} was altered and its hash made again, or this "
                    "entry's link was changed.",
                )
            )
        if entry_hash(entry) != entry.hash:
            findings.append(
                Finding(
                    entry.sequence,
                    "altered",
                    f"Entry {entry.sequence} was altered: its fields no longer give its hash.",
                )
            )
        expected, previous = entry.sequence + 1, entry.hash
    last = expected - 1
    if head is None:
        if last:
            findings.append(
                Finding(None, "head missing", "The chain's head row is missing: deleted.")
            )
        return findings
    if head.last_sequence > last:
        findings.append(
            Finding(
                last + 1,
                "missing",
                f"{_numbers(last + 1, head.last_sequence).capitalize()} missing from the end "
                f"of the log: its head says it ends at entry {head.last_sequence}.",
            )
        )
    elif head.last_sequence < last or head.last_hash != previous:
        findings.append(
            Finding(
                last,
                "head mismatch",
                f"The chain's head (entry {head.last_sequence}) does not match its last entry "
                f"({last}): the head or the last entry was changed.",
            )
        )
    return findings
