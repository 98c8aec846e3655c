"""Rotating the encryption key: every note re-encrypted under the new key, in batches, and a
run stopped half-way finished by running again."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from arcwise.journeys.models import Session
from arcwise.privacy.audit import audit_verify
from arcwise.privacy.crypto import UndecryptableText
from arcwise.privacy.keys import new_key
from arcwise.privacy.models import AuditAction, AuditEvent
from arcwise.privacy.rotation import encrypted_columns, pending_rows, rotate
from tests.conftest import Cast
from tests.journeys.factories import make_journey

NOTES = [f"Session {n}: what the client brought, in confidence." for n in range(3)]


def _notes_under(cast: Cast, settings, key: str) -> list[int]:
    """Session notes, and everything the cast already holds, under `key` alone."""
    settings.ENCRYPTION_KEYS = [key, *settings.ENCRYPTION_KEYS]
    journey = make_journey(cast.coach, cast.client)
    rotate()
    settings.ENCRYPTION_KEYS = [key]
    sessions = list(journey.sessions.order_by("pk"))
    assert len(sessions) >= len(NOTES)
    for session, words in zip(sessions, NOTES, strict=False):
        Session.objects.filter(pk=session.pk).update(notes=words)
    return [session.pk for session in sessions[: len(NOTES)]]


def _pending() -> int:
    return sum(pending_rows(column) for column in encrypted_columns())


def _notes(ids: list[int]) -> list[str]:
    return list(Session.objects.filter(pk__in=ids).order_by("pk").values_list("notes", flat=True))


def test_a_rotation_stopped_half_way_is_finished_by_running_again(cast: Cast, settings) -> None:
    old, new = new_key(), new_key()
    ids = _notes_under(cast, settings, old)
    settings.ENCRYPTION_KEYS = [new, old]
    before = _pending()
    assert before >= len(NOTES)

    first = rotate(batch_size=2, max_batches=2)

    assert 0 < _pending() < before  # half-way: some rows moved, some not yet
    assert sum(p.reencrypted for p in first) == before - _pending()
    assert _notes(ids) == NOTES  # both keys open everything meanwhile

    rotate(batch_size=2)

    assert _pending() == 0
    settings.ENCRYPTION_KEYS = [new]  # the old key can go now
    assert _notes(ids) == NOTES
    settings.ENCRYPTION_KEYS = [old]
    with pytest.raises(UndecryptableText):
        _notes(ids)


def test_the_command_reports_progress_and_checks_what_is_left(cast: Cast, settings) -> None:
    old, new = new_key(), new_key()
    _notes_under(cast, settings, old)
    settings.ENCRYPTION_KEYS = [new, old]

    check = StringIO()
    call_command("rotate_encryption_key", "--check", stdout=check)
    assert "journeys.Session.notes: 3 under an older key" in check.getvalue()

    stopped = StringIO()
    call_command("rotate_encryption_key", "--batch-size", "3", "--batches", "1", stdout=stopped)
    assert "Stopped before the end; run the command again to go on." in stopped.getvalue()

    finished = StringIO()
    call_command("rotate_encryption_key", "--batch-size", "3", stdout=finished)
    assert "journeys.Session.notes: 3 of 3 looked at, 3 re-encrypted" in finished.getvalue()
    assert "Done:" in finished.getvalue()

    again = StringIO()
    call_command("rotate_encryption_key", "--check", stdout=again)
    assert "Everything is under the newest key" in again.getvalue()
    # Both runs that rewrote rows are on the installation's audit chain; the checks are not.
    runs = AuditEvent.objects.filter(practice=None, action=AuditAction.KEY_ROTATION)
    assert [event.detail["finished"] for event in runs.order_by("sequence")] == [False, True]
    assert audit_verify() == []


def test_a_row_saved_since_the_new_key_came_is_left_as_it_is(cast: Cast, settings) -> None:
    old, new = new_key(), new_key()
    ids = _notes_under(cast, settings, old)
    settings.ENCRYPTION_KEYS = [new, old]
    # The coach saves after the new key came: the app wrote it under the newest key, so the
    # rotation leaves it alone (and its compare-and-set would, had it read the old token).
    Session.objects.filter(pk=ids[0]).update(notes="Saved during the rotation")
    rotate(batch_size=50)
    assert _notes(ids)[0] == "Saved during the rotation"


@pytest.mark.parametrize("args", [["--batch-size", "0"], ["--batches", "0"]])
def test_the_command_refuses_a_batch_of_nothing(args: list[str]) -> None:
    with pytest.raises(CommandError, match="1 or more"):
        call_command("rotate_encryption_key", *args, stdout=StringIO())
