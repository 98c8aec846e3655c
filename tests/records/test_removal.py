"""Removing a journey's text: every encrypted column is reached from a journey (or has a rule
of its own), text becomes "(removed)" and empty stays empty, so every CHECK still holds and
everything read from text (is there an answer, is a goal scaled) reads as before."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.booking.models import VideoLink
from arcwise.journeys.models import Experiment, Journey, Session, SessionStatus
from arcwise.nudges.models import Nudge
from arcwise.outcomes.models import Goal
from arcwise.portal.models import ReflectionRequest
from arcwise.privacy.rotation import encrypted_columns
from arcwise.records.removal import REMOVED, journey_texts, journeys_text_remove, unreached_columns
from tests.conftest import Cast
from tests.records.factories import full_journey

pytestmark = pytest.mark.django_db


def test_every_encrypted_column_is_reached_from_a_journey_or_has_a_rule_of_its_own() -> None:
    assert unreached_columns() == []
    reached = {f"{t.model._meta.label}.{name}" for t in journey_texts() for name in t.fields}
    # Every column but the client's notes, the outbox's bodies and the API's kept answers,
    # which have their own rules.
    expected = {c.label for c in encrypted_columns()} - {
        "clients.Client.notes",
        "nudges.Nudge.body",
        "api.IdempotentWrite.answer",
    }
    assert reached == expected


def _texts(journey: Journey) -> dict[str, list[str]]:
    """Every encrypted value of the journey's rows, read through the ORM, by column."""
    found: dict[str, list[str]] = {}
    for text in journey_texts():
        model: type[models.Model] = apps.get_model(text.model._meta.label)
        rows = model._default_manager.filter(**{text.journey_lookup: journey.pk})
        for name in text.fields:
            found[f"{text.model._meta.label}.{name}"] = list(rows.values_list(name, flat=True))
    return found


def test_text_becomes_removed_and_empty_stays_empty(cast: Cast) -> None:
    journey = full_journey(cast.coach, cast.client, mentor=cast.mentor)
    before = _texts(journey)
    assert all(values for values in before.values()), "each column holds a row to try"

    journeys_text_remove([journey.pk])

    after = _texts(journey)
    for label, values in before.items():
        assert after[label] == [REMOVED if value else "" for value in values], label


def test_what_is_read_from_text_reads_as_before(cast: Cast) -> None:
    journey = full_journey(cast.coach, cast.client)
    scaled = [g.is_scaled() for g in Goal.objects.filter(journey=journey)]
    answered = ReflectionRequest.objects.filter(journey=journey).exclude(answer="").count()

    journeys_text_remove([journey.pk])

    assert [g.is_scaled() for g in Goal.objects.filter(journey=journey)] == scaled
    assert ReflectionRequest.objects.filter(journey=journey).exclude(answer="").count() == answered


def test_titles_go_and_a_stale_session_page_cannot_write_notes_back(cast: Cast) -> None:
    journey = full_journey(cast.coach, cast.client)
    versions = dict(Session.objects.filter(journey=journey).values_list("pk", "record_version"))

    journeys_text_remove([journey.pk])

    assert set(Experiment.objects.filter(journey=journey).values_list("title", flat=True)) == {
        REMOVED
    }
    for pk, version in Session.objects.filter(journey=journey).values_list("pk", "record_version"):
        assert version == versions[pk] + 1


def test_no_new_notes_are_kept_for_a_journey_whose_words_are_gone(
    cast: Cast, as_coach: HttpClient
) -> None:
    journey = full_journey(cast.coach, cast.client)
    held = Session.objects.filter(journey=journey, status=SessionStatus.HELD).first()
    assert held is not None
    journeys_text_remove([journey.pk])
    held.refresh_from_db()
    url = reverse("journeys:session", args=[journey.public_id, held.public_id])

    page = as_coach.get(url).content.decode()
    posted = as_coach.post(
        reverse("journeys:session_record", args=[journey.public_id, held.public_id]),
        {
            "notes": "Written after the disposal",
            "key_insights": "",
            "agreements": "",
            "record_version": held.record_version,
        },
    )

    assert 'name="notes"' not in page
    assert "records were removed on" in page
    assert "records were removed on" in posted.content.decode()
    assert Session.objects.get(pk=held.pk).notes == REMOVED


def test_waiting_messages_go_and_sent_ones_keep_no_words(cast: Cast) -> None:
    journey = full_journey(cast.coach, cast.client)
    assert Nudge.objects.filter(journey=journey, sent_at=None).exists()

    journeys_text_remove([journey.pk])

    left = Nudge.objects.filter(journey=journey)
    assert not left.filter(sent_at=None, failed_at=None).exists()
    assert {n.body for n in left} == {REMOVED}


def test_another_journeys_text_is_left_alone(cast: Cast) -> None:
    journey = full_journey(cast.coach, cast.client)
    other = full_journey(cast.coach, cast.client)
    before = _texts(other)

    journeys_text_remove([journey.pk])

    assert _texts(other) == before


def test_a_video_link_goes_with_the_journeys_words(cast: Cast) -> None:
    journey = full_journey(cast.coach, cast.client)
    VideoLink.objects.create(journey=journey, url="https://meet.example.com/quentin")

    journeys_text_remove([journey.pk])

    assert not VideoLink.objects.exists()
