"""Deleting a practice deletes everything it holds; deleting one of its rows alone (a client,
a design, a coach) is refused with a message while journeys still need it. Never a server
error from a protected foreign key."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from arcwise.accounts.models import Invitation, Membership, Practice, Role, User
from arcwise.accounts.services import practice_delete
from arcwise.clients.models import Client
from arcwise.clients.services import client_delete
from arcwise.designs.models import Design, DesignVersion, Phase
from arcwise.designs.services.creating import draft_start
from arcwise.errors import DomainError, history_kept
from arcwise.journeys.endings.services import Ending, journey_end
from arcwise.journeys.models import Adaptation, Experiment, Journey, PhaseRun, PlanStage, Session
from arcwise.journeys.plan.services import journey_adapt
from arcwise.journeys.schedule import Extend
from tests.conftest import Cast
from tests.factories import make_client
from tests.journeys.factories import START, days, make_journey

pytestmark = pytest.mark.django_db


def busy_practice(cast: Cast) -> list[Journey]:
    """Harbour with journeys in every state: held sessions with notes, experiments,
    adaptations, a closed journey, a design in use with a newer draft, an invitation."""
    running = make_journey(cast.coach, cast.client)
    first = Session.objects.filter(journey=running).order_by("starts_at")[0]
    Session.objects.filter(pk=first.pk).update(status="held", notes="Opened up about work.")
    Experiment.objects.create(
        journey=running, session=first, title="Pause", what_to_try="Wait", by_when=START
    )
    journey_adapt(
        journey=running,
        change=Extend(weeks=1),
        reason="Needs more time to orient.",
        by=cast.coach,
        today=START + days(3),
        expected_revision=1,
    )
    closed = make_journey(cast.owner, make_client(cast.practice), version=running.design_version)
    journey_end(
        journey=closed,
        ending=Ending.closed(on=START, what_shifted="Found her voice."),
        by=closed.coach,
        expected_revision=1,
        today=START,
    )
    draft_start(design=running.design_version.design, user=cast.coach)
    Invitation.objects.create(
        practice=cast.practice,
        email="new@example.com",
        role=Role.COACH,
        token_hash="x" * 64,
        invited_by=cast.owner,
        expires_at=timezone.now() + timedelta(days=3),
    )
    return [running, closed]


def left(model: type[models.Model], **lookup: Any) -> bool:
    return model._default_manager.filter(**lookup).exists()


def test_deleting_a_practice_leaves_nothing_of_it(cast: Cast) -> None:
    journeys = busy_practice(cast)
    elsewhere = make_journey(cast.outsider, cast.outsiders_client)
    ids = [journey.pk for journey in journeys]
    designs = Design.objects.filter(practice=cast.practice)
    design_ids = list(designs.values_list("pk", flat=True))
    assert design_ids

    practice_delete(practice=cast.practice, by=cast.owner)

    assert not Practice.objects.filter(pk=cast.practice.pk).exists()
    for owned in (Membership, Invitation, Client, Design, Journey):
        assert not left(owned, practice_id=cast.practice.pk), owned
    for inside in (PhaseRun, PlanStage, Session, Experiment, Adaptation):
        assert not left(inside, journey_id__in=ids), inside
    assert not DesignVersion.objects.filter(design_id__in=design_ids).exists()
    assert not Phase.objects.filter(version__design_id__in=design_ids).exists()
    # People keep their accounts; another practice keeps everything.
    assert User.objects.filter(pk__in=[cast.owner.pk, cast.coach.pk]).count() == 2
    assert Journey.objects.filter(pk=elsewhere.pk).exists()
    assert Session.objects.filter(journey=elsewhere).count() == 3


def test_only_an_owner_deletes_the_practice(cast: Cast) -> None:
    busy_practice(cast)

    for person in (cast.coach, cast.mentor, cast.outsider):
        with pytest.raises(DomainError, match="Only an owner"):
            practice_delete(practice=cast.practice, by=person)
    assert Journey.objects.filter(practice=cast.practice).count() == 2


def test_deleting_a_client_with_a_journey_is_refused_with_a_message(cast: Cast) -> None:
    make_journey(cast.coach, cast.client)

    with pytest.raises(DomainError) as refused:
        client_delete(client=cast.client)

    assert refused.value.message == (
        "Quentin Confidential has journeys, and their history stays with the practice, so "
        "Quentin Confidential cannot be deleted. Archive them instead. Still kept for: "
        "1 journey."
    )
    assert Client.objects.filter(pk=cast.client.pk).exists()


def test_a_client_without_journeys_can_be_deleted(cast: Cast) -> None:
    client_delete(client=cast.client)

    assert not Client.objects.filter(pk=cast.client.pk).exists()


def test_a_design_in_use_or_a_coach_with_journeys_is_not_deleted_alone(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)

    for row in (journey.design_version.design, journey.design_version, cast.coach):
        with (
            pytest.raises(DomainError, match=r"Still kept for: .*1 journey"),
            history_kept("Journeys still run on it."),
        ):
            row.delete()
    assert Journey.objects.filter(pk=journey.pk).exists()


def test_no_foreign_key_protects_a_row_from_its_practices_deletion() -> None:
    # PROTECT refuses even when the protecting rows go in the same delete, so deleting a
    # practice would fail. "Not while history exists" is RESTRICT.
    protected = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("arcwise.")
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey) and field.remote_field.on_delete is models.PROTECT
    ]
    assert protected == []
