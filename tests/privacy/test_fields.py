"""An encrypted text field: transparent to the app, opaque in the table, limited in length."""

from __future__ import annotations

import pytest
from django.core.exceptions import FieldError
from django.db import IntegrityError, connection, transaction

from arcwise.journeys.models import Session
from arcwise.journeys.text_limits import SESSION_NOTES_LIMIT
from arcwise.privacy.crypto import UndecryptableText, encrypt, token_length_limit
from arcwise.privacy.keys import new_key
from tests.conftest import Cast
from tests.journeys.factories import make_journey


def _session(cast: Cast) -> Session:
    journey = make_journey(cast.coach, cast.client)
    session = journey.sessions.order_by("starts_at").first()
    assert session is not None
    return session


def _raw_notes(session: Session) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM journeys_session WHERE id = %s", [session.pk])
        return str(cursor.fetchone()[0])


def test_notes_read_back_as_written_and_are_stored_as_a_token(cast: Cast) -> None:
    session = _session(cast)
    words = "Naïve about the reorg — « c'est la vie » 🙂\nSecond line."
    Session.objects.filter(pk=session.pk).update(notes=words)

    assert Session.objects.get(pk=session.pk).notes == words
    raw = _raw_notes(session)
    assert raw.startswith("gAAAAA")
    assert "reorg" not in raw


def test_the_same_words_encrypt_differently_each_time(cast: Cast) -> None:
    first, second = make_journey(cast.coach, cast.client).sessions.order_by("pk")[:2]
    for session in (first, second):
        Session.objects.filter(pk=session.pk).update(notes="Same words")
    assert _raw_notes(first) != _raw_notes(second)


def test_empty_text_stays_empty_so_is_there_any_text_can_be_asked(cast: Cast) -> None:
    session = _session(cast)
    assert _raw_notes(session) == ""
    Session.objects.filter(pk=session.pk).update(notes="Something")
    assert Session.objects.filter(pk=session.pk).exclude(notes="").exists()


def test_comparing_encrypted_text_with_a_value_is_refused_not_silently_empty(cast: Cast) -> None:
    _session(cast)
    with pytest.raises(FieldError, match="encrypted"):
        list(Session.objects.filter(notes="Something"))
    with pytest.raises(FieldError):
        list(Session.objects.filter(notes__icontains="Something"))


def test_the_database_refuses_a_token_longer_than_the_limit_allows(cast: Cast) -> None:
    session = _session(cast)
    too_long = "x" * (token_length_limit(SESSION_NOTES_LIMIT) + 1)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE journeys_session SET notes = %s WHERE id = %s", [too_long, session.pk]
        )


def test_notes_at_the_limit_in_four_byte_characters_fit(cast: Cast) -> None:
    session = _session(cast)
    widest = "🙂" * SESSION_NOTES_LIMIT
    Session.objects.filter(pk=session.pk).update(notes=widest)
    assert Session.objects.get(pk=session.pk).notes == widest


@pytest.mark.parametrize("characters", [0, 1, 15, 16, 17, 300, 5000])
def test_the_token_limit_bounds_every_text_of_that_length(characters: int) -> None:
    assert len(encrypt("🙂" * characters)) <= token_length_limit(characters)


def test_notes_written_under_a_key_no_longer_configured_say_so(cast: Cast, settings) -> None:
    session = _session(cast)
    Session.objects.filter(pk=session.pk).update(notes="Written under the old key")
    settings.ENCRYPTION_KEYS = [new_key()]
    with pytest.raises(UndecryptableText, match="ARCWISE_ENCRYPTION_KEYS"):
        Session.objects.get(pk=session.pk)
