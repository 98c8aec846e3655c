"""A running journey for tests: a published design, a client and an accepted plan."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from django.utils import timezone

from arcwise.accounts.models import User
from arcwise.clients.models import Client
from arcwise.designs.models import DesignVersion
from arcwise.designs.queries import version_spec
from arcwise.designs.services.creating import _write_version
from arcwise.designs.spec import PhaseSpec
from arcwise.journeys.enrolment.services import Agreement, PlannedSessionInput, journey_enrol
from arcwise.journeys.models import Journey
from arcwise.journeys.schedule import plan_phase, planned_end, propose_sessions, to_utc
from tests.designs.factories import make_design, make_phase_spec

START = date(2026, 9, 7)  # a Monday


def make_version(
    client: Client, coach: User, keys: Sequence[str], sessions_per_phase: int = 1
) -> DesignVersion:
    """A published design version whose phases each last two weeks per session."""
    design = make_design(
        client.practice,
        coach,
        published=True,
        phases=tuple(
            make_phase_spec(
                key, planned_weeks=2 * sessions_per_phase, planned_sessions=sessions_per_phase
            )
            for key in keys
        ),
    )
    return DesignVersion.objects.get(design=design)


def make_journey(
    coach: User,
    client: Client,
    *keys: str,
    start: date = START,
    sessions_per_phase: int = 1,
    version: DesignVersion | None = None,
    start_token: UUID | None = None,
    another_open_confirmed: bool = False,
    **overrides: Any,
) -> Journey:
    """A journey through phases `keys` (default three) with the proposed plan accepted;
    `overrides` change the agreement."""
    if version is None:
        version = make_version(
            client, coach, keys or ("orient", "experiment", "close"), sessions_per_phase
        )
    phases = [plan_phase(p) for p in version.phases.order_by("position")]
    plan = [
        PlannedSessionInput(s.phase_key, to_utc(s.on, time(10, 0), "Europe/London"))
        for s in propose_sessions(start, phases, cadence_days=14)
    ]
    fields: dict[str, Any] = {
        "goals": "To lead without rescuing everyone.",
        "start_date": start,
        "planned_end": planned_end(start, phases),
        "cadence_days": 14,
        "session_minutes": 60,
        "confidentiality": "Between us.",
    }
    fields.update(overrides)
    return journey_enrol(
        practice=client.practice,
        coach=coach,
        client=client,
        design_version=version,
        agreement=Agreement(**fields),
        plan=plan,
        start_token=start_token,
        another_open_confirmed=another_open_confirmed,
    )


def at(day: date, hour: int = 10) -> datetime:
    return to_utc(day, time(hour, 0), "Europe/London")


def days(n: int) -> timedelta:
    return timedelta(days=n)


def publish_newer_version(
    version: DesignVersion, reshape: Callable[[tuple[PhaseSpec, ...]], tuple[PhaseSpec, ...]]
) -> DesignVersion:
    """The next published version of `version`'s design, its phases as `reshape` makes them."""
    spec = version_spec(version)
    newer = _write_version(
        design=version.design,
        number=version.number + 1,
        spec=replace(spec, phases=reshape(spec.phases)),
        created_by=version.design.owner,
    )
    DesignVersion.objects.filter(pk=newer.pk).update(published_at=timezone.now())
    newer.refresh_from_db()
    return newer
