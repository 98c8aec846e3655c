"""Recording who read or changed sensitive records, and checking that the record is whole.

`audit_record` is the one call every reader and writer makes, inside its own transaction
when it has one, so an event commits or rolls back with what it records. `audit_verify`
walks every chain and says what was altered or deleted. The actions, the two kinds of
chain and what the hash covers are in docs/architecture.md, "The audit log".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal
from uuid import UUID

from django.db import transaction
from django.db.models import Q

from arcwise.accounts.models import Practice, User
from arcwise.privacy.chain import GENESIS, DetailValue, Entry, Finding, Head, entry_hash, walk
from arcwise.privacy.models import AuditAction, AuditChainHead, AuditEvent

# The chain of events that belong to no one practice (key rotation, backup, restore).
INSTALLATION = "installation"
# Who acted when no person did: a management command or a scheduled job.
COMMAND_ACTOR = "Arcwise (a command or a scheduled job)"

# A detail is a handful of short facts (a page, a session's public id, a count), never text
# a person wrote and never a name.
DETAIL_MAX_KEYS = 12
DETAIL_MAX_TEXT = 200


@dataclass(frozen=True)
class ActorById:
    """Someone without an account, named in the log only by their random public id: a
    client acting through the portal, or a sponsor. Never by name or e-mail address, so
    that erasing a client leaves nothing in the log that names them."""

    role: Literal["client", "sponsor"]
    public_id: UUID | str


Actor = User | ActorById | None


def actor_label(actor: Actor) -> str:
    """How the log names who acted: a member by name and address (members are not erased
    with clients), anyone else by role and public id, a command as such."""
    if actor is None:
        return COMMAND_ACTOR
    if isinstance(actor, ActorById):
        return f"{actor.role} {actor.public_id}"
    return f"{actor.name} <{actor.email}>"


def _checked_detail(detail: Mapping[str, DetailValue] | None) -> dict[str, DetailValue]:
    checked = dict(detail or {})
    if len(checked) > DETAIL_MAX_KEYS:
        raise ValueError(f"An audit detail holds at most {DETAIL_MAX_KEYS} facts.")
    for key, value in checked.items():
        if not isinstance(key, str) or not isinstance(value, str | int | bool | None):
            raise ValueError(f"Audit detail {key!r}: keys are text, values text or numbers.")
        if isinstance(value, str) and len(value) > DETAIL_MAX_TEXT:
            raise ValueError(f"Audit detail {key!r}: at most {DETAIL_MAX_TEXT} characters.")
    return checked


def _chain_of(practice: Practice | None) -> Q:
    return Q(practice=practice) if practice is not None else Q(practice__isnull=True)


def _locked_head(practice: Practice | None) -> AuditChainHead:
    # Made on the chain's first append; ignore_conflicts makes the first appends of two
    # requests at once meet at the same row. Two queries every time, so an append costs
    # the same on a practice's first page view as on its thousandth.
    AuditChainHead.objects.bulk_create([AuditChainHead(practice=practice)], ignore_conflicts=True)
    return AuditChainHead.objects.select_for_update().get(_chain_of(practice))


def _entry(event: AuditEvent, chain: str) -> Entry:
    return Entry(
        chain=chain,
        sequence=event.sequence,
        at=event.at,
        actor_label=event.actor_label,
        action=event.action,
        subject_kind=event.subject_kind,
        subject_id=event.subject_id,
        client=event.client_public_id,
        detail=event.detail,
        prev_hash=event.prev_hash,
        hash=event.hash,
    )


def audit_record(
    *,
    practice: Practice | None,
    actor: Actor,
    action: AuditAction,
    subject_kind: str,
    subject_id: UUID | str,
    detail: Mapping[str, DetailValue] | None = None,
    client: UUID | str | None = None,
) -> AuditEvent:
    """Append one event to `practice`'s chain (None: the installation's own chain).

    `subject_kind` and `subject_id` name what was read or changed ("journey" and its public
    id, "client" and theirs); `client` is the public id of the client it concerns, if any,
    so the owner finds every event about one client. `detail` is a few short facts, never a
    name or words a person wrote. Four queries, however long the log: the chain's head is
    made if missing, then locked, so appends to one chain take turns; the event is written;
    the head moves on. Runs inside the caller's transaction when there is one.
    """
    facts = _checked_detail(detail)
    with transaction.atomic(savepoint=False):
        head = _locked_head(practice)
        event = AuditEvent(
            practice=practice,
            sequence=head.last_sequence + 1,
            actor=actor if isinstance(actor, User) else None,
            actor_label=actor_label(actor),
            action=action,
            subject_kind=subject_kind,
            subject_id=str(subject_id),
            client_public_id=str(client or ""),
            detail=facts,
            prev_hash=head.last_hash,
        )
        chain = str(practice.public_id) if practice is not None else INSTALLATION
        event.hash = entry_hash(_entry(event, chain))
        event.save()
        AuditChainHead.objects.filter(pk=head.pk).update(
            last_sequence=event.sequence, last_hash=event.hash
        )
    return event


# --- Checking the chains --------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Something wrong in one chain, at entry `sequence` (None: the chain as a whole)."""

    chain: str
    sequence: int | None
    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.chain}: {self.message}"


@dataclass(frozen=True)
class ChainReport:
    """One chain as `audit_verify` found it: how many entries, the hash at its head (worth
    writing down elsewhere: see docs/backup.md), and what is wrong."""

    chain: str
    entries: int
    head_hash: str
    problems: list[Problem]


ENTRY_FIELDS = (
    "sequence",
    "at",
    "actor_label",
    "action",
    "subject_kind",
    "subject_id",
    "client_public_id",
    "detail",
    "prev_hash",
    "hash",
)


def _entries(practice_id: int | None, chain: str) -> Iterator[Entry]:
    rows = AuditEvent.objects.filter(
        Q(practice_id=practice_id) if practice_id is not None else Q(practice__isnull=True)
    )
    for row in rows.order_by("sequence").values(*ENTRY_FIELDS).iterator(chunk_size=2000):
        fields: dict[str, Any] = dict(row)
        fields["client"] = fields.pop("client_public_id")
        yield Entry(chain=chain, **fields)


def _report(practice: Practice | None, practice_id: int | None) -> ChainReport:
    chain = str(practice.public_id) if practice is not None else INSTALLATION
    if practice is not None:
        label = f"practice {practice.name} ({practice.public_id})"
    elif practice_id is not None:
        label = f"practice #{practice_id} (its practice row is gone)"
    else:
        label = "the installation"
    found = AuditChainHead.objects.filter(
        Q(practice_id=practice_id) if practice_id is not None else Q(practice__isnull=True)
    ).first()
    head = Head(found.last_sequence, found.last_hash) if found else None
    counted: list[Entry] = []

    def counting() -> Iterator[Entry]:
        for entry in _entries(practice_id, chain):
            counted.append(entry)
            yield entry

    findings: list[Finding] = walk(counting(), head)
    return ChainReport(
        chain=label,
        entries=len(counted),
        head_hash=found.last_hash if found else GENESIS,
        problems=[Problem(label, f.sequence, f.kind, f.message) for f in findings],
    )


def audit_chains(practice: Practice | None = None) -> list[ChainReport]:
    """Walk `practice`'s chain, or, with None, every chain: the installation's and every
    practice's that has a head or an entry (so a chain whose head was deleted is walked
    too). A few queries a chain, reading its entries in chunks."""
    if practice is not None:
        return [_report(practice, practice.pk)]
    ids: set[int | None] = {None}
    ids |= set(AuditChainHead.objects.values_list("practice_id", flat=True))
    ids |= set(AuditEvent.objects.values_list("practice_id", flat=True).distinct())
    practices = Practice.objects.in_bulk([pk for pk in ids if pk is not None])
    ordered = sorted(ids, key=lambda pk: -1 if pk is None else pk)
    return [_report(practices.get(pk) if pk is not None else None, pk) for pk in ordered]


def audit_verify(practice: Practice | None = None) -> list[Problem]:
    """Everything wrong with `practice`'s chain (None: every chain): entries altered,
    missing from the middle or the end, or a head that does not match. Empty when whole."""
    return [problem for report in audit_chains(practice) for problem in report.problems]
