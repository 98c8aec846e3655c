"""The audit log: one plain call appends an event to its practice's chain; the application
cannot change or delete one; and `audit_verify` finds an entry altered, one deleted from the
middle and one deleted from the end, on SQLite and on PostgreSQL."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from arcwise.accounts.models import Practice, User
from arcwise.accounts.services import practice_delete
from arcwise.privacy import audit
from arcwise.privacy.audit import COMMAND_ACTOR, ActorById, audit_chains, audit_record, audit_verify
from arcwise.privacy.chain import GENESIS, Entry
from arcwise.privacy.models import AppendOnlyError, AuditAction, AuditChainHead, AuditEvent
from tests.conftest import Cast
from tests.factories import make_member, make_practice
from tests.privacy.tampering import tamper
from tests.races import in_two_threads

pytestmark = pytest.mark.django_db


def read(cast: Cast, practice: Practice | None = None, **overrides: Any) -> AuditEvent:
    fields: dict[str, Any] = {
        "practice": practice or cast.practice,
        "actor": cast.coach,
        "action": AuditAction.NOTE_READ,
        "subject_kind": "journey",
        "subject_id": "4b1f0c2e-0000-4000-8000-000000000001",
        "client": cast.client.public_id,
        "detail": {"page": "session"},
    }
    fields.update(overrides)
    return audit_record(**fields)


def several(cast: Cast, count: int) -> list[AuditEvent]:
    return [read(cast, detail={"page": "session", "n": n}) for n in range(count)]


# --- Appending --------------------------------------------------------------------------------


def test_each_practice_numbers_its_own_chain_from_one(cast: Cast) -> None:
    first, second = several(cast, 2)
    elsewhere = read(cast, practice=cast.other_practice, actor=cast.outsider)

    assert (first.sequence, second.sequence, elsewhere.sequence) == (1, 2, 1)
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash
    head = AuditChainHead.objects.get(practice=cast.practice)
    assert (head.last_sequence, head.last_hash) == (2, second.hash)


def test_events_of_no_practice_go_to_the_installations_chain(cast: Cast) -> None:
    read(cast)
    rotated = audit_record(
        practice=None,
        actor=None,
        action=AuditAction.KEY_ROTATION,
        subject_kind="key",
        subject_id="key-2",
    )

    assert (rotated.practice_id, rotated.sequence) == (None, 1)
    assert rotated.actor_label == COMMAND_ACTOR
    assert AuditChainHead.objects.get(practice=None).last_hash == rotated.hash
    assert audit_verify() == []


def test_a_member_is_named_and_a_client_only_by_public_id(cast: Cast) -> None:
    by_coach = read(cast)
    by_client = read(cast, actor=ActorById("client", cast.client.public_id))

    assert by_coach.actor_label == "Cora Coach <cora@example.com>"
    assert by_coach.actor == cast.coach
    assert by_client.actor_label == f"client {cast.client.public_id}"
    assert by_client.actor is None
    for event in (by_coach, by_client):
        text = " ".join(str(getattr(event, f.attname)) for f in AuditEvent._meta.concrete_fields)
        assert "Quentin" not in text
        assert "quentin@example.org" not in text


def test_the_longest_name_and_address_a_member_can_have_fit_the_label(cast: Cast) -> None:
    longest = make_member(cast.practice, name="N" * 150, email=f"{'a' * 64}@{'b' * 185}.org")

    event = read(cast, actor=longest)

    assert len(AuditEvent.objects.get(pk=event.pk).actor_label) == 150 + 254 + 3


@pytest.mark.parametrize(
    "detail",
    [
        {"note": "x" * 201},
        {"nested": {"name": "Quentin"}},
        {f"k{n}": n for n in range(13)},
    ],
)
def test_a_detail_holds_only_a_few_short_facts(cast: Cast, detail: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="detail"):
        read(cast, detail=detail)

    assert not AuditEvent.objects.exists()


def test_an_append_costs_four_queries_first_and_every_time_after(
    cast: Cast, django_assert_num_queries: Any
) -> None:
    # Inside the test's transaction, as inside a service's: no savepoint of its own.
    with django_assert_num_queries(4):
        read(cast)
    with django_assert_num_queries(4):
        read(cast)


def test_an_event_rolls_back_with_the_transaction_it_records(cast: Cast) -> None:
    def change_that_fails() -> None:
        with transaction.atomic():
            read(cast)
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        change_that_fails()

    assert not AuditEvent.objects.exists()
    assert read(cast).sequence == 1


# --- Append-only in the application ----------------------------------------------------------


def test_the_application_cannot_change_or_delete_an_event(cast: Cast) -> None:
    event = read(cast)
    event.subject_id = "another"

    with pytest.raises(AppendOnlyError, match="append-only"):
        event.save()
    with pytest.raises(AppendOnlyError, match="append-only"):
        event.delete()
    with pytest.raises(AppendOnlyError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(subject_id="another")
    with pytest.raises(AppendOnlyError, match="append-only"):
        AuditEvent.objects.all().delete()

    assert AuditEvent.objects.get().subject_id == "4b1f0c2e-0000-4000-8000-000000000001"


def test_removing_an_account_keeps_its_events_and_their_label(cast: Cast) -> None:
    leaver = make_member(cast.practice, name="Lee Leaver", email="lee@example.com")
    read(cast, actor=leaver)

    User.objects.filter(pk=leaver.pk).delete()

    event = AuditEvent.objects.get()
    assert (event.actor_id, event.actor_label) == (None, "Lee Leaver <lee@example.com>")
    assert audit_verify() == []


def test_a_change_typed_in_sql_is_refused_by_postgresql_and_found_on_sqlite(
    cast: Cast,
) -> None:
    event = read(cast)

    def change() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE privacy_auditevent SET subject_id = 'x' WHERE id = %s",
                [event.pk],
            )

    if connection.vendor == "postgresql":
        with pytest.raises(IntegrityError, match="append-only: entry 1 cannot be changed"):
            change()
        assert audit_verify() == []
    else:  # SQLite has no roles to keep apart, and no trigger: the chain shows the change
        change()
        assert [(p.sequence, p.kind) for p in audit_verify()] == [(1, "altered")]


def test_a_delete_typed_in_sql_is_refused_by_postgresql_and_found_on_sqlite(
    cast: Cast,
) -> None:
    several(cast, 2)

    def delete() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM privacy_auditevent WHERE sequence = 1")
            if connection.vendor == "postgresql":
                # The check waits for the end of the transaction; this brings it forward.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    if connection.vendor == "postgresql":
        with pytest.raises(IntegrityError, match="append-only: entry 1 cannot be deleted"):
            delete()
        assert audit_verify() == []
    else:
        delete()
        assert [(p.sequence, p.kind) for p in audit_verify()] == [(1, "missing")]


# --- Finding what was altered or deleted ------------------------------------------------------


def test_a_whole_log_has_no_problems(cast: Cast) -> None:
    several(cast, 3)
    read(cast, practice=cast.other_practice, actor=cast.outsider)

    assert audit_verify() == []
    reports = {report.chain: report for report in audit_chains()}
    harbour = f"practice Harbour Coaching ({cast.practice.public_id})"
    assert reports[harbour].entries == 3
    assert (
        reports[harbour].head_hash
        == AuditEvent.objects.get(practice=cast.practice, sequence=3).hash
    )


def test_an_entry_altered_with_sql_is_found(cast: Cast) -> None:
    several(cast, 4)

    assert tamper(
        "UPDATE {table} SET subject_id = %s WHERE practice_id = %s AND sequence = 2",
        "someone-else",
        cast.practice.pk,
    )

    problems = audit_verify(cast.practice)
    assert [(p.sequence, p.kind) for p in problems] == [(2, "altered")]


def test_an_entry_deleted_from_the_middle_is_found(cast: Cast) -> None:
    several(cast, 4)

    tamper("DELETE FROM {table} WHERE practice_id = %s AND sequence = 3", cast.practice.pk)

    problems = audit_verify()
    assert [(p.sequence, p.kind) for p in problems] == [(3, "missing")]
    assert problems[0].message == "Entry 3 is missing: deleted from the log."


def test_the_last_entry_deleted_is_found(cast: Cast) -> None:
    several(cast, 4)

    tamper("DELETE FROM {table} WHERE practice_id = %s AND sequence = 4", cast.practice.pk)

    problems = audit_verify(cast.practice)
    assert [(p.sequence, p.kind) for p in problems] == [(4, "missing")]


def test_a_problem_in_one_practice_leaves_the_others_whole(cast: Cast) -> None:
    several(cast, 2)
    read(cast, practice=cast.other_practice, actor=cast.outsider)

    tamper("UPDATE {table} SET action = 'export' WHERE practice_id = %s", cast.other_practice.pk)

    assert audit_verify(cast.practice) == []
    assert [p.chain for p in audit_verify()] == [
        f"practice Elsewhere Partners ({cast.other_practice.public_id})"
    ]


def test_the_command_names_each_problem_and_fails(cast: Cast, capsys: Any) -> None:
    several(cast, 3)
    tamper("UPDATE {table} SET actor_label = 'Nobody' WHERE sequence = 1")
    tamper("DELETE FROM {table} WHERE sequence = 3")

    with pytest.raises(CommandError, match="not whole: 2 problems"):
        call_command("audit_verify")

    out = capsys.readouterr().out
    assert "entry 1, altered: Entry 1 was altered" in out
    assert "entry 3, missing: Entry 3 is missing from the end of the log" in out


def test_the_command_says_so_when_every_chain_is_whole(cast: Cast, capsys: Any) -> None:
    several(cast, 2)

    call_command("audit_verify", "--practice", str(cast.practice.public_id))

    out = capsys.readouterr().out
    assert f"practice Harbour Coaching ({cast.practice.public_id}): 2 entries, head " in out
    assert "The audit log is whole: 1 chain checked." in out


def test_the_command_refuses_an_unknown_practice(db: None) -> None:
    with pytest.raises(CommandError, match="There is no practice"):
        call_command("audit_verify", "--practice", "6f1c1e0a-0000-4000-8000-000000000000")


# --- Appends at once, and a practice deleted with its log -------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_appends_at_once_take_turns(monkeypatch: pytest.MonkeyPatch) -> None:
    practice = make_practice(name="Busy Practice")
    coach = make_member(practice, name="Cora Coach")
    hashed = audit.entry_hash

    def slowly(entry: Entry) -> str:
        # Between reading the head and writing the entry: both would read the same head here
        # unless the first holds it locked.
        time.sleep(0.3)
        return hashed(entry)

    monkeypatch.setattr(audit, "entry_hash", slowly)

    def append() -> int:
        return audit_record(
            practice=practice,
            actor=coach,
            action=AuditAction.NOTE_READ,
            subject_kind="journey",
            subject_id="j",
        ).sequence

    append()  # the chain's head exists: the two meet at its lock, not at its creation
    outcomes = in_two_threads(append)

    assert sorted(outcomes) == [2, 3]  # type: ignore[type-var]
    assert audit_verify(practice) == []


@pytest.mark.django_db(transaction=True)
def test_deleting_a_practice_deletes_its_log_and_nothing_else() -> None:
    practice = make_practice(name="Closing Down")
    owner = make_member(practice, role="owner", name="Olive Owner")
    other = make_practice(name="Carrying On")
    for place in (practice, other):
        audit_record(
            practice=place,
            actor=owner,
            action=AuditAction.NOTE_READ,
            subject_kind="journey",
            subject_id="j",
        )

    practice_delete(practice=practice, by=owner)  # commits: PostgreSQL's check has run

    assert list(AuditEvent.objects.values_list("practice_id", flat=True)) == [other.pk]
    assert audit_verify() == []
