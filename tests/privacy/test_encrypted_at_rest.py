"""What a client said is unreadable in the database itself: the tables read with SQL, not
through the ORM, hold no plain text of any sensitive field, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, models
from django.utils import timezone

from arcwise.api.models import IdempotentWrite
from arcwise.api.tokens import token_create
from arcwise.insights.mentoring import mentor_grant, review_comment_add
from arcwise.journeys.models import Thread
from arcwise.portal.models import SessionCheckIn
from arcwise.privacy.crypto import decrypt
from arcwise.privacy.fields import EncryptedTextField
from arcwise.privacy.rotation import encrypted_columns
from arcwise.sponsors.models import ProgressSummary, SummaryStatus
from tests.conftest import Cast
from tests.journeys.factories import make_journey

# What the practice promises a client is encrypted (docs/privacy.md): each must stay so.
PROMISED = {
    "journeys.Session": {"notes", "key_insights", "agreements"},
    "journeys.PhaseRun": {"readiness_note"},
    "journeys.Journey": {"goals", "confidentiality", "what_shifted"},
    "journeys.Experiment": {"what_to_try", "debrief"},
    "journeys.Thread": {"text", "where_it_went"},
    "journeys.Adaptation": {"reason"},
    "portal.ReflectionRequest": {"answer"},
    "portal.ExperimentCheckin": {"what_happened", "in_the_way"},
    "portal.SessionCheckin": {"since_last", "want_from_session", "arriving_with"},
    "outcomes.Goal": {"text", "much_less", "less", "expected", "more", "much_more"},
    "outcomes.ClosingReview": {"coach_words", "client_words", "takes_forward", "because_note"},
    "clients.Client": {"notes"},
    "insights.ReviewComment": {"text"},
    "nudges.Nudge": {"body"},
    "sponsors.ProgressSummary": {"text", "client_note"},
    "intake.IntakeAnswer": {"answer"},
    "conversations.Message": {"body"},
}
# Short values ("Yes", "-") could turn up by chance in a token or a date; the demo's notes
# are sentences.
SHORTEST_SECRET = 12


def test_every_promised_field_is_encrypted() -> None:
    for label, names in PROMISED.items():
        model = apps.get_model(label)
        for name in names:
            assert isinstance(model._meta.get_field(name), EncryptedTextField), f"{label}.{name}"


def _plain_values() -> dict[str, list[str]]:
    """Every sensitive value the demo holds, read through the ORM (which decrypts)."""
    found: dict[str, list[str]] = {}
    for column in encrypted_columns():
        label, name = column.label.rsplit(".", 1)
        model: type[models.Model] = apps.get_model(label)
        values = model._default_manager.exclude(**{name: ""}).values_list(name, flat=True)
        found[column.label] = [value for value in values if value]
    return found


def _raw_tables() -> dict[str, str]:
    """Every text cell of every table, read with SQL: one string per table."""
    quote = connection.ops.quote_name
    tables: dict[str, str] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - table names
            tables[table] = "\n".join(
                str(cell) for row in cursor.fetchall() for cell in row if isinstance(cell, str)
            )
    return tables


@pytest.fixture
def demo(db: None, settings: Any) -> None:
    settings.DEBUG = True  # the demo is loaded only as `make run` loads it
    call_command("load_demo", stdout=StringIO())


@pytest.mark.usefixtures("demo")
def test_no_table_holds_the_plain_text_of_a_sensitive_field(cast: Cast) -> None:
    # What the demo does not show: a mentor's comment, a client's check-in before a session,
    # a thread closed with where it went, a summary the client sent back with a note.
    journey = make_journey(cast.coach, cast.client)
    mentor_grant(journey=journey, mentor=cast.mentor, by=cast.coach)
    review_comment_add(journey=journey, mentor=cast.mentor, text="The orient phase ran long.")
    session = journey.sessions.order_by("starts_at").first()
    assert session is not None
    SessionCheckIn.objects.create(
        session=session,
        journey=journey,
        since_last="Spoke to my manager about the move",
        want_from_session="To know whether I am ready to say no",
        arriving_with="Tired, and oddly hopeful",
    )
    ProgressSummary.objects.filter(pk=ProgressSummary.objects.order_by("pk")[:1]).update(
        status=SummaryStatus.CHANGES,
        answered_at=timezone.now(),
        client_note="Please leave out the part about my manager",
    )
    Thread.objects.update(
        closed_at=timezone.now(), where_it_went="Became the experiment about saying no"
    )
    # An answer the API keeps for a retry of a write: it names a client.
    token, _ = token_create(cast.coach, cast.practice, "CRM", can_write=True)
    IdempotentWrite.objects.create(
        token=token,
        key="kept-answer-1",
        fingerprint="0" * 64,
        status=201,
        answer='{"name": "Quentin Confidential", "notes": "Kept for a retry of the write"}',
    )
    found = _plain_values()
    assert [label for label, values in found.items() if not values] == []  # each is tried
    secrets = {value for values in found.values() for value in values}
    secrets = {value for value in secrets if len(value) >= SHORTEST_SECRET}
    assert len(secrets) > 50  # the demo is a whole practice: most fields hold something

    # A design's text (a practice to try, a readiness signal) is the practice's template, not
    # what a client said: a note that copies it is not found out by the design's own table.
    leaks = [
        (table, secret[:40])
        for table, text in _raw_tables().items()
        if not table.startswith("designs_")
        for secret in secrets
        if secret in text
    ]
    assert sorted(set(leaks)) == [], "\n".join(map(str, sorted(set(leaks))))


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
def test_each_encrypted_cell_is_a_token_the_keys_open() -> None:
    quote = connection.ops.quote_name
    opened = 0
    with connection.cursor() as cursor:
        for column in encrypted_columns():
            cursor.execute(
                f"SELECT {quote(column.column)} FROM {quote(column.table)} "  # noqa: S608
                f"WHERE {quote(column.column)} <> ''"
            )
            for (token,) in cursor.fetchall():
                assert token.startswith("gAAAAA"), column.label  # a Fernet token, version 0x80
                decrypt(token)
                opened += 1
    assert opened > 50


@pytest.mark.usefixtures("demo")
def test_the_search_index_holds_digests_and_no_word_of_any_encrypted_text(cast: Cast) -> None:
    from arcwise.search.words import words_of

    found = _plain_values()
    words = {w for values in found.values() for v in values for w in words_of(v) if len(w) >= 4}
    assert len(words) > 100
    search_tables = {t: text for t, text in _raw_tables().items() if t.startswith("search_")}
    assert search_tables, "the blind index's table is read"
    cells = "\n".join(search_tables.values()).split("\n")
    assert len(cells) > 20  # the demo's threads are indexed
    assert all(len(cell) in (8, 32) and set(cell) <= set("0123456789abcdef") for cell in cells)
    everything = "\n".join(search_tables.values()).casefold()
    # A word made only of hex digits ("face", "added") could turn up inside a digest by chance.
    words = {word for word in words if set(word) - set("0123456789abcdef")}
    assert [word for word in words if word in everything] == []
