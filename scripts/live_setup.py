"""The Django side of the live checks (scripts/production_smoke.py, scripts/two_nodes.py):
what they need in the database, made through the same services a coach and a client use,
and what the outbox says it sent. Run in a process of its own, with the same environment as
the servers:

    python scripts/live_setup.py practice EMAIL PASSWORD CLIENTS [RACES]   # prints JSON
    python scripts/live_setup.py burst PREFIX COUNT                # queues COUNT e-mails due now
    python scripts/live_setup.py outbox                            # prints JSON: the outbox

Nothing here is a fixture of the test suite: it only writes through arcwise's own services.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arcwise.settings")

import django  # noqa: E402 (after the path and the settings module are set)

django.setup()

from django.db import transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from arcwise.accounts.models import Membership, Practice, Role, User  # noqa: E402
from arcwise.api.tokens import token_create  # noqa: E402
from arcwise.booking.queries import booking_page_for  # noqa: E402
from arcwise.booking.week import availability_save  # noqa: E402
from arcwise.clients.models import Client  # noqa: E402
from arcwise.designs.models import DesignVersion, Visibility  # noqa: E402
from arcwise.designs.services.creating import design_create  # noqa: E402
from arcwise.designs.services.publishing import draft_publish  # noqa: E402
from arcwise.designs.starters import starter  # noqa: E402
from arcwise.journeys.enrolment.services import (  # noqa: E402
    Agreement,
    PlannedSessionInput,
    journey_enrol,
)
from arcwise.journeys.models import Journey, Session  # noqa: E402
from arcwise.journeys.schedule import plan_phase, planned_end, propose_sessions, to_utc  # noqa: E402
from arcwise.nudges.mail import message_id  # noqa: E402
from arcwise.nudges.models import Nudge, NudgeKind  # noqa: E402
from arcwise.nudges.outbox import enqueue  # noqa: E402

ZONE = "Europe/London"
EVERY_DAY = [(weekday, time(7), time(21)) for weekday in range(7)]


def _published_design(practice: Practice, owner: User) -> DesignVersion:
    found = starter("transformation-arc")
    assert found is not None
    design = design_create(
        practice=practice, owner=owner, spec=found.spec, visibility=Visibility.PRACTICE
    )
    return draft_publish(draft=DesignVersion.objects.get(design=design))


def _journey(practice: Practice, coach: User, client: Client, version: DesignVersion) -> Journey:
    """An active journey that began today, its sessions planned at the design's cadence."""
    start = timezone.localdate()
    phases = [plan_phase(p) for p in version.phases.order_by("position")]
    plan = [
        PlannedSessionInput(s.phase_key, to_utc(s.on, time(9, 30), coach.time_zone))
        for s in propose_sessions(start, phases, cadence_days=version.cadence_days)
    ]
    return journey_enrol(
        practice=practice,
        coach=coach,
        client=client,
        design_version=version,
        agreement=Agreement(
            goals="Lead without rescuing every deadline.",
            start_date=start,
            planned_end=planned_end(start, phases),
            cadence_days=version.cadence_days,
            session_minutes=60,
            confidentiality="What we discuss stays between us.",
            pulse_scales=("Room for this work",),
        ),
        plan=plan,
    )


def booking_races(clients: list[Client], count: int) -> list[dict[str, str]]:
    """Pairs of clients whose next sessions may both move to one free time: the races of
    the two-node check. Each pair gets a time of its own, hours from any other pair's."""
    now = timezone.now()
    races: list[dict[str, str]] = []
    taken: list[datetime] = []
    for first, second in zip(clients[0::2], clients[1::2], strict=False):
        if len(races) == count:
            break
        found = [booking_page_for(c, session_id=None, now=now).chosen for c in (first, second)]
        choices = [choice for choice in found if choice is not None]
        if len(choices) < 2:
            continue
        slots = [{slot for day in choice.inside for slot in day.slots} for choice in choices]
        apart = [
            slot
            for slot in sorted(slots[0] & slots[1])
            if all(abs(slot - other) >= timedelta(hours=3) for other in taken)
        ]
        if not apart:
            continue
        taken.append(apart[0])
        races.append(
            {
                "starts_at": apart[0].isoformat(),
                "first": first.email,
                "first_session": str(choices[0].session.public_id),
                "first_from": choices[0].session.starts_at.isoformat(),
                "second": second.email,
                "second_session": str(choices[1].session.public_id),
                "second_from": choices[1].session.starts_at.isoformat(),
            }
        )
    return races


@transaction.atomic
def practice(email: str, password: str, clients: int, races: int = 0) -> dict[str, Any]:
    """A practice whose owner coaches `clients` clients, each on an active journey, with a
    week published for booking (every day, no notice, no buffer), and an API token of the
    owner's."""
    place = Practice.objects.create(name="Live check practice")
    coach = User.objects.create_user(email, password, name="Casey Coach", time_zone=ZONE)
    Membership.objects.create(user=coach, practice=place, role=Role.OWNER)
    availability_save(
        practice=place,
        coach=coach,
        expected_version=0,
        buffer_minutes=0,
        notice_hours=0,
        ranges=EVERY_DAY,
    )
    version = _published_design(place, coach)
    made = []
    for n in range(clients):
        client = Client.objects.create(
            practice=place,
            name=f"Client {n:03d}",
            email=f"client{n:03d}@clients.test",
            time_zone=ZONE,
            created_by=coach,
            # No reminder or prompt of the planner's: each carries a portal link of its own,
            # which would put the coach's "send a portal link" form out of date. The checks
            # count only the e-mails they cause.
            reminders_off_at=timezone.now(),
        )
        journey = _journey(place, coach, client, version)
        session = Session.objects.filter(journey=journey).order_by("starts_at").first()
        assert session is not None
        made.append(
            {
                "email": client.email,
                "page": reverse("clients:detail", args=[client.public_id]),
                "link_send": reverse("portal:link_send", args=[client.public_id]),
                "journey": reverse("journeys:detail", args=[journey.public_id]),
                "session": reverse("journeys:session", args=[journey.public_id, session.public_id]),
                "session_record": reverse(
                    "journeys:session_record", args=[journey.public_id, session.public_id]
                ),
                "record_version": session.record_version,
            }
        )
    found = list(Client.objects.filter(practice=place).order_by("name"))
    # A tool's read-only token of the owner's, as the account's token page would make it.
    _, api_token = token_create(coach, place, "Live check", can_write=False)
    return {
        "clients": made,
        "booking_races": booking_races(found, races),
        "api_token": api_token,
    }


def burst(prefix: str, count: int) -> dict[str, Any]:
    """`count` e-mails due now, as a burst of reminders would be."""
    keys = [f"{prefix}:{n}" for n in range(count)]
    for n, key in enumerate(keys):
        enqueue(
            dedupe_key=key,
            kind=NudgeKind.SESSION_REMINDER,
            to=f"burst{n:04d}@clients.test",
            subject="Your session tomorrow",
            body="A reminder from the live check.",
        )
    return {"keys": keys}


def outbox() -> dict[str, Any]:
    """Every row: its key, Message-ID, and whether it was sent, failed or still waits."""
    rows = []
    for key, sent_at, failed_at, error in Nudge.objects.values_list(
        "dedupe_key", "sent_at", "failed_at", "last_error"
    ):
        state = "sent" if sent_at else "failed" if failed_at else "waiting"
        rows.append(
            {"key": key, "message_id": message_id(key), "state": state, "error": error or ""}
        )
    # Waiting rows due later (a reminder for next week) are not the sender's to send yet.
    due = Nudge.objects.filter(sent_at=None, failed_at=None, due_at__lte=timezone.now()).count()
    return {"rows": rows, "due_unsent": due}


def main(argv: list[str]) -> None:
    command, *args = argv
    if command == "practice":
        result = practice(args[0], args[1], int(args[2]), int(args[3]) if args[3:] else 0)
    elif command == "burst":
        result = burst(args[0], int(args[1]))
    elif command == "outbox":
        result = outbox()
    else:
        raise SystemExit(f"Unknown command {command!r}: practice, burst or outbox.")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
