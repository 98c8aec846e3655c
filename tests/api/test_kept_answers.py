"""Kept answers to writes: a day long, and never naming an erased client."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from arcwise.api.models import IdempotentWrite
from arcwise.clients.models import Client
from arcwise.records.erasure import client_erase
from tests.api.conftest import api_as
from tests.conftest import Cast

NOON = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
NEW = {"name": "Wanda Wrote", "email": "wanda@example.org", "time_zone": "UTC"}


@pytest.mark.django_db
def test_a_key_is_kept_a_day_then_forgotten(cast: Cast) -> None:
    api = api_as(cast.coach, cast.practice)
    with time_machine.travel(NOON, tick=False):
        assert api.post("/clients", NEW, key="day-key-0001").status_code == 201
    with time_machine.travel(NOON + timedelta(hours=23), tick=False):
        assert api.post("/clients", NEW, key="day-key-0001")["Idempotent-Replayed"] == "true"
    with time_machine.travel(NOON + timedelta(hours=25), tick=False):
        later = api.post("/clients", NEW, key="day-key-0001")
        # Tried afresh: the client exists, so the form's check refuses a second one.
        assert later.status_code == 422
        assert "Idempotent-Replayed" not in later
    assert Client.objects.filter(email="wanda@example.org").count() == 1
    assert IdempotentWrite.objects.count() == 1  # the day-old answer went


@pytest.mark.django_db
def test_an_erasure_forgets_the_kept_answers_that_name_the_client(cast: Cast) -> None:
    api = api_as(cast.coach, cast.practice)
    api.post("/clients", NEW, key="erase-key-01")
    api.post("/clients", {**NEW, "name": "Zoë Kept", "email": "zoe@example.org"})
    wanda = Client.objects.get(email="wanda@example.org")
    assert IdempotentWrite.objects.count() == 2
    client_erase(client=wanda, typed_name=wanda.name, expected_version=1, by=cast.coach)
    kept = [row.answer for row in IdempotentWrite.objects.all()]
    assert len(kept) == 1
    assert "Wanda" not in kept[0]
    assert "Zo" in kept[0]
