"""The hash chain as plain data: a chain built link by link is whole, and any one change to
any one entry, or an entry taken from anywhere, is found and named."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from arcwise.privacy.chain import GENESIS, Entry, Head, canonical, entry_hash, walk

WHEN = datetime(2026, 9, 7, 9, 30, 0, 123456, tzinfo=UTC)


def linked(count: int, chain: str = "practice-a") -> list[Entry]:
    entries: list[Entry] = []
    previous = GENESIS
    for number in range(1, count + 1):
        entry = Entry(
            chain=chain,
            sequence=number,
            at=WHEN + timedelta(minutes=number),
            actor_label="Cora Coach <cora@example.com>",
            action="note_read",
            subject_kind="journey",
            subject_id=f"journey-{number}",
            client="client-1",
            detail={"page": "session", "count": number},
            prev_hash=previous,
        )
        entry = replace(entry, hash=entry_hash(entry))
        entries.append(entry)
        previous = entry.hash
    return entries


def head_of(entries: list[Entry]) -> Head:
    return Head(entries[-1].sequence, entries[-1].hash) if entries else Head(0, GENESIS)


def test_a_chain_built_link_by_link_is_whole() -> None:
    entries = linked(5)

    assert walk(entries, head_of(entries)) == []


def test_an_empty_chain_with_its_head_is_whole() -> None:
    assert walk([], Head(0, GENESIS)) == []
    assert walk([], None) == []


def test_the_hash_reads_the_time_in_utc_whatever_zone_it_comes_in() -> None:
    entry = linked(1)[0]
    in_paris = replace(entry, at=entry.at.astimezone(timezone(timedelta(hours=2))))

    assert entry_hash(in_paris) == entry.hash


def test_the_canonical_form_sorts_the_details_keys() -> None:
    entry = linked(1)[0]
    reordered = replace(entry, detail={"count": 1, "page": "session"})

    assert canonical(reordered) == canonical(entry)
    assert b'"detail":{"count":1,"page":"session"}' in canonical(entry)


def test_an_altered_entry_is_named() -> None:
    entries = linked(4)
    entries[1] = replace(entries[1], subject_id="someone-else")

    findings = walk(entries, head_of(entries))

    assert [(f.sequence, f.kind) for f in findings] == [(2, "altered")]


def test_an_entry_altered_with_its_hash_made_again_breaks_the_next_link() -> None:
    entries = linked(4)
    forged = replace(entries[1], actor_label="Nobody")
    entries[1] = replace(forged, hash=entry_hash(forged))

    findings = walk(entries, head_of(entries))

    assert [(f.sequence, f.kind) for f in findings] == [(3, "broken link")]
    assert "entry 2 was altered and its hash made again" in findings[0].message


def test_entries_deleted_from_the_middle_are_named_by_number() -> None:
    entries = linked(6)
    kept = entries[:2] + entries[4:]

    findings = walk(kept, head_of(entries))

    assert [(f.sequence, f.kind) for f in findings] == [(3, "missing")]
    assert findings[0].message == "Entries 3 to 4 are missing: deleted from the log."


def test_an_entry_deleted_from_the_end_is_found_from_the_head() -> None:
    entries = linked(3)

    findings = walk(entries[:2], head_of(entries))

    assert [(f.sequence, f.kind) for f in findings] == [(3, "missing")]
    assert "its head says it ends at entry 3" in findings[0].message


def test_a_head_that_does_not_match_the_last_entry_is_named() -> None:
    entries = linked(3)

    findings = walk(entries, Head(3, "f" * 64))

    assert [(f.sequence, f.kind) for f in findings] == [(3, "head mismatch")]


def test_a_chain_without_its_head_is_named() -> None:
    findings = walk(linked(2), None)

    assert [(f.sequence, f.kind) for f in findings] == [(None, "head missing")]


FIELDS = ("chain", "sequence", "at", "actor_label", "action", "subject_kind", "subject_id")


@st.composite
def one_change(draw: st.DrawFn) -> tuple[int, list[Entry], list[Entry]]:
    """A whole chain, and the same chain with one field of one entry changed."""
    entries = linked(draw(st.integers(min_value=1, max_value=12)))
    index = draw(st.integers(min_value=0, max_value=len(entries) - 1))
    field = draw(st.sampled_from((*FIELDS, "client", "detail", "prev_hash")))
    original = entries[index]
    changed: Any
    if field == "sequence":
        changed = original.sequence + len(entries) + draw(st.integers(1, 5))
    elif field == "at":
        changed = original.at + timedelta(microseconds=draw(st.integers(1, 10**9)))
    elif field == "detail":
        changed = {**original.detail, "page": draw(st.sampled_from(["prep", "journey", ""]))}
    else:
        changed = getattr(original, field) + draw(st.text(min_size=1, max_size=3))
    altered = list(entries)
    altered[index] = replace(original, **{field: changed})
    return index, entries, altered


@given(one_change())
def test_any_one_change_to_any_entry_is_found(case: tuple[int, list[Entry], list[Entry]]) -> None:
    index, whole, altered = case

    findings = walk(altered, head_of(whole))

    assert findings, "a changed entry went unnoticed"
    assert findings[0].sequence == index + 1


@given(st.data())
def test_any_entry_taken_out_is_found(data: st.DataObject) -> None:
    whole = linked(data.draw(st.integers(min_value=1, max_value=12)))
    index = data.draw(st.integers(min_value=0, max_value=len(whole) - 1))

    findings = walk(whole[:index] + whole[index + 1 :], head_of(whole))

    assert [(f.sequence, f.kind) for f in findings][:1] == [(index + 1, "missing")]
