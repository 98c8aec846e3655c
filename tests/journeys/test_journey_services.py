from __future__ import annotations

from datetime import date

import pytest

from arcwise.errors import DomainError
from arcwise.journeys.enrolment.services import Agreement, journey_enrol
from arcwise.journeys.errors import StaleRecord
from arcwise.journeys.experiments.services import experiment_agree
from arcwise.journeys.models import (
    Experiment,
    Journey,
    JourneyStatus,
    PhaseRun,
    Session,
    SessionStatus,
)
from arcwise.journeys.plan.services import phase_advance
from arcwise.journeys.sessions.services import (
    session_record_save,
    session_reschedule,
    session_set_status,
)
from tests.conftest import Cast
from tests.journeys.factories import START, at, days, make_journey

pytestmark = pytest.mark.django_db


def runs(journey: Journey) -> list[tuple[str, date, date | None]]:
    return [
        (run.phase.key, run.entered_on, run.left_on)
        for run in PhaseRun.objects.filter(journey=journey)
        .select_related("phase")
        .order_by("sequence")
    ]


def test_enrolment_starts_in_the_first_phase_with_the_accepted_plan(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)

    assert journey.status == JourneyStatus.ACTIVE
    assert runs(journey) == [("orient", START, None)]
    sessions = Session.objects.filter(journey=journey).order_by("starts_at")
    assert [s.phase.key for s in sessions] == ["orient", "experiment", "close"]
    assert journey.planned_end == START + days(42)


def test_a_journey_needs_a_published_design(cast: Cast) -> None:
    from arcwise.designs.models import DesignVersion
    from tests.designs.factories import make_design

    draft = DesignVersion.objects.get(design=make_design(cast.practice, cast.coach))
    agreement = Agreement("Goals", START, START + days(30), 14, 60, "")

    with pytest.raises(DomainError, match="Journeys run on published designs"):
        journey_enrol(
            practice=cast.practice,
            coach=cast.coach,
            client=cast.client,
            design_version=draft,
            agreement=agreement,
            plan=[],
        )
    assert not Journey.objects.exists()


def test_an_end_before_the_start_is_refused(cast: Cast) -> None:
    with pytest.raises(DomainError, match="The planned end must be after the start date"):
        make_journey(cast.coach, cast.client, planned_end=START - days(1))
    assert not Journey.objects.exists()


def test_a_planned_session_outside_the_journey_is_refused(cast: Cast) -> None:
    with pytest.raises(DomainError, match="after the journey's planned end"):
        make_journey(cast.coach, cast.client, planned_end=START + days(10))
    assert not Session.objects.exists()


def test_a_session_outside_the_journey_is_refused(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    session = Session.objects.filter(journey=journey).first()
    assert session is not None

    with pytest.raises(DomainError, match="before the journey starts"):
        session_reschedule(
            session=session,
            starts_at=at(START - days(2)),
            minutes=60,
            from_starts_at=session.starts_at,
            from_minutes=session.minutes,
        )
    assert Session.objects.get(pk=session.pk).starts_at == session.starts_at


def test_a_held_session_joins_the_current_run(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    phase_advance(journey=journey, readiness_note="Ready", on=START + days(14), expected_revision=1)
    second = Session.objects.filter(journey=journey).order_by("starts_at")[1]

    session_set_status(session=second, status=SessionStatus.HELD, from_status=SessionStatus.PLANNED)

    second.refresh_from_db()
    assert second.status == SessionStatus.HELD
    assert second.phase_run == PhaseRun.objects.get(journey=journey, sequence=2)


def test_a_stale_record_save_is_refused_and_the_first_save_stands(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    session = Session.objects.filter(journey=journey).first()
    assert session is not None

    session_record_save(
        session=session,
        by=cast.coach,
        expected_version=1,
        notes="First tab",
        key_insights="",
        agreements="",
    )
    with pytest.raises(StaleRecord, match="saved somewhere else"):
        session_record_save(
            session=session,
            by=cast.coach,
            expected_version=1,
            notes="Second tab",
            key_insights="",
            agreements="",
        )

    assert Session.objects.get(pk=session.pk).notes == "First tab"


def test_an_experiment_is_due_after_its_session(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    session = Session.objects.filter(journey=journey).first()
    assert session is not None

    with pytest.raises(DomainError, match="before the session it was agreed in"):
        experiment_agree(
            session=session,
            title="Say no once",
            what_to_try="Decline one request",
            by_when=START - days(1),
        )
    experiment = experiment_agree(
        session=session,
        title="Say no once",
        what_to_try="Decline one request",
        by_when=START + days(10),
    )

    assert Experiment.objects.get(pk=experiment.pk).status == "open"
