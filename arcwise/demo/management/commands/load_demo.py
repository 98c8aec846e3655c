"""Load the demo practice once, and print how to sign in to it.

Maya (owner and coach) and Sam (coach) have ten journeys between them on two published
starter designs, each at a different point: Jordan's under way, and the nine in
`arcwise.demo.caseload`, one for each state momentum names.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any
from uuid import uuid4
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from arcwise.accounts.models import Membership, Practice, Role, User
from arcwise.clients.models import Client
from arcwise.demo.booking import jordan_books
from arcwise.demo.caseload import tell
from arcwise.demo.cast import CASELOAD_CLIENTS, Cast
from arcwise.demo.intake import jordan_intake
from arcwise.demo.messages import jordan_messages
from arcwise.demo.sponsored import DEMO_SPONSOR, jordan_sponsored
from arcwise.demo.story import evening_of
from arcwise.designs.models import DesignVersion, Visibility
from arcwise.designs.services.creating import design_create
from arcwise.designs.services.publishing import draft_publish
from arcwise.designs.starters import starter
from arcwise.journeys.enrolment.services import Agreement, PlannedSessionInput, journey_enrol
from arcwise.journeys.experiments.services import experiment_agree
from arcwise.journeys.models import (
    Journey,
    PulseAnswer,
    Session,
    SessionStatus,
    ThreadKind,
)
from arcwise.journeys.plan.services import phase_advance
from arcwise.journeys.pulse import pulse_record
from arcwise.journeys.schedule import plan_phase, planned_end, propose_sessions, to_utc
from arcwise.journeys.sessions.services import session_record_save, session_set_status
from arcwise.journeys.threads.services import thread_open
from arcwise.portal.answers import experiment_check_in_save, reflection_answer_save
from arcwise.portal.models import ExperimentCheckIn, PortalLink, ReflectionRequest
from arcwise.portal.services import portal_link_send

DEMO_PASSWORD = "journey-demo-2026"
DEMO_PRACTICE = "Northlight Coaching (demo)"
DEMO_PEOPLE = [
    ("maya@example.com", "Maya Okafor", Role.OWNER),
    ("sam@example.com", "Sam Lindqvist", Role.COACH),
    ("ruth@example.com", "Ruth Adeyemi", Role.MENTOR),
    (*DEMO_SPONSOR, Role.SPONSOR),
]
# Jordan's weekly pulse, in his words, and his answers for the weeks so far (oldest first).
DEMO_PULSE_SCALES = ("Room for this work", "Confidence letting the team struggle")
DEMO_PULSE_ANSWERS = ((4, 2), (5, 3), (5, 5))
# Jordan's answers to the reflections asked after each session, by cycle step.
DEMO_REFLECTIONS = {
    "experience": "I stepped in on the release checklist again on Tuesday. I felt it in my "
    "chest before I had even read the message.",
    "reflection": "It is less about the work than about being seen as the one who lets "
    "things slip. The dread comes first, the fixing second.",
    "integration": "Next time I will wait ten minutes and ask a question before I offer an answer.",
}
DEMO_CLIENTS = [
    (
        "Jordan Ellis",
        "jordan.ellis@example.org",
        "Europe/London",
        "New engineering manager, six months in. Wants to stop rescuing the team.",
    ),
    (
        "Priya Raman",
        "priya.raman@example.org",
        "Asia/Kolkata",
        "Founder, second company. Energy low since the last funding round.",
    ),
    (
        "Tomás Herrera",
        "tomas.herrera@example.org",
        "America/Mexico_City",
        "Returning to work after a long illness; wants a sustainable rhythm.",
    ),
    *CASELOAD_CLIENTS,
]


def sign_in_address(host: str, port: int) -> str:
    """The sign-in page of a server listening on host:port, as a browser on this machine
    reaches it: a server listening on every address is reached on the loopback one."""
    if not 0 < port < 65536:
        raise CommandError(f"--port {port} is not a port number (1 to 65535).")
    host = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)  # noqa: S104
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address
    return f"http://{host}:{port}{reverse('accounts:sign_in')}"


class Command(BaseCommand):
    help = (
        "Create the demo practice once: an owner, a coach, a mentor, a sponsor, ten clients, two "
        "published designs and ten journeys, one for each state momentum names."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        # `make run` passes the HOST and PORT it serves on, so the address printed is the one
        # that answers.
        parser.add_argument("--host", default="127.0.0.1", help="host the server listens on")
        parser.add_argument("--port", type=int, default=8000, help="port the server listens on")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "The demo practice has a published password; it is only loaded with DEBUG on."
            )
        address = sign_in_address(options["host"], options["port"])
        owner_email = DEMO_PEOPLE[0][0]
        if User.objects.filter(email=owner_email).exists():
            self.stdout.write("The demo practice is already loaded.")
        else:
            self._load()
            self.stdout.write(self.style.SUCCESS("Loaded the demo practice."))
        self.stdout.write(
            f"\nSign in at {address} as the demo owner coach:\n"
            f"  e-mail:   {owner_email}\n"
            f"  password: {DEMO_PASSWORD}\n"
            f"(also {DEMO_PEOPLE[1][0]}, a coach, {DEMO_PEOPLE[2][0]}, a mentor, and "
            f"{DEMO_PEOPLE[3][0]}, a sponsor, with the same password)\n"
        )
        # The link goes out by e-mail like every other one, so it is written with SITE_URL
        # (which `make run` sets to the address it serves on), as the sender writes reminders.
        portal = self._portal_link(settings.SITE_URL)
        if portal:
            self.stdout.write(
                f"\nThe client's side: {DEMO_CLIENTS[0][0]}'s portal, as the link he was "
                f"e-mailed opens it (a fresh link on every run; it works for "
                f"{settings.PORTAL_LINK_VALID_DAYS} days):\n  {portal}\n"
            )

    def _portal_link(self, site_url: str) -> str:
        """A fresh portal link for the demo client, sent (to the outbox) as a coach sends one."""
        client = Client.objects.filter(
            email=DEMO_CLIENTS[0][1], practice__name=DEMO_PRACTICE
        ).first()
        coach = User.objects.filter(email=DEMO_PEOPLE[0][0]).first()
        if client is None or coach is None:
            return ""
        newest = (
            PortalLink.objects.filter(client=client, revoked_at=None, expires_at__gt=timezone.now())
            .order_by("-created_at", "-pk")
            .first()
        )
        sent = portal_link_send(
            client=client,
            sent_by=coach,
            from_link=str(newest.public_id) if newest else "",
            site_url=site_url,
        )
        return sent.url

    @transaction.atomic
    def _load(self) -> None:
        practice = Practice.objects.create(name=DEMO_PRACTICE)
        people = []
        for email, name, role in DEMO_PEOPLE:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, name=name, time_zone="Europe/London"
            )
            Membership.objects.create(user=user, practice=practice, role=role)
            people.append(user)
        owner = people[0]
        clients = [
            Client.objects.create(
                practice=practice,
                name=name,
                email=email,
                time_zone=time_zone,
                notes=notes,
                created_by=owner,
            )
            for name, email, time_zone, notes in DEMO_CLIENTS
        ]
        version = self._published_starter(practice, owner, "transformation-arc")
        self._running_journey(practice, owner, clients[0], version)
        tell(
            Cast(
                practice=practice,
                maya=owner,
                sam=people[1],
                sponsor=people[3],
                arc=version,
                six=self._published_starter(practice, owner, "focused-six-sessions"),
                clients={client.name: client for client in clients},
                today=timezone.localdate(timezone.now(), ZoneInfo(owner.time_zone)),
            )
        )

    def _published_starter(self, practice: Practice, owner: User, slug: str) -> DesignVersion:
        found = starter(slug)
        assert found is not None
        design = design_create(
            practice=practice, owner=owner, spec=found.spec, visibility=Visibility.PRACTICE
        )
        return draft_publish(draft=DesignVersion.objects.get(design=design))

    def _running_journey(
        self, practice: Practice, coach: User, client: Client, version: DesignVersion
    ) -> None:
        """Jordan's journey began about three weeks ago: two sessions held, now in Resource."""
        today = timezone.localdate()
        start = today - timedelta(days=20)
        phases = [plan_phase(p) for p in version.phases.order_by("position")]
        plan = [
            PlannedSessionInput(s.phase_key, to_utc(s.on, time(9, 30), coach.time_zone))
            for s in propose_sessions(start, phases, cadence_days=version.cadence_days)
        ]
        journey = journey_enrol(
            practice=practice,
            coach=coach,
            client=client,
            design_version=version,
            agreement=Agreement(
                goals="Stop being the one who rescues every deadline, and have a team that "
                "does not need me in every meeting.",
                start_date=start,
                planned_end=planned_end(start, phases),
                cadence_days=version.cadence_days,
                session_minutes=60,
                confidentiality="What we discuss stays between us, unless someone is at risk.",
                pulse_scales=DEMO_PULSE_SCALES,
            ),
            plan=plan,
        )
        jordan_intake(journey)
        first, second = list(Session.objects.filter(journey=journey).order_by("starts_at"))[:2]
        session_set_status(
            session=first, status=SessionStatus.HELD, from_status=SessionStatus.PLANNED
        )
        session_record_save(
            session=first,
            by=journey.coach,
            expected_version=1,
            notes="Energetic, a little guarded. Talked about the launch and the nights it cost.",
            key_insights="Rescuing feels like care to Jordan; letting people struggle feels "
            "like neglect.",
            agreements="Notice each time he steps in, and what he felt just before.",
        )
        experiment_agree(
            session=first,
            title="Notice the rescue",
            what_to_try="Each time you step in to fix something, note what you felt just before.",
            by_when=timezone.localdate(second.starts_at),
        )
        phase_advance(
            journey=journey,
            readiness_note="States the goal in his own words and asked how we would measure it.",
            on=timezone.localdate(second.starts_at),
            expected_revision=journey.revision,
        )
        session_set_status(
            session=second, status=SessionStatus.HELD, from_status=SessionStatus.PLANNED
        )
        session_record_save(
            session=second,
            by=journey.coach,
            expected_version=1,
            notes="Mapped who he turns to: almost nobody at work. Sleep is the first thing to go.",
            key_insights="He noticed the rescue four times; each time he felt a flash of dread "
            "that the team would be blamed.",
            agreements="Protect two evenings a week. Name one colleague he could think aloud with.",
        )
        thread_open(
            session=second,
            kind=ThreadKind.QUESTION,
            text="Who could Jordan think aloud with at work? Come back to the name he chose.",
            token=uuid4(),
        )
        self._client_side(journey, start)
        jordan_sponsored(journey, written_on=timezone.localdate(second.starts_at))
        jordan_messages(journey)
        jordan_books(journey)

    def _client_side(self, journey: Journey, start: date) -> None:
        """What Jordan has done in his portal: answered the reflections asked so far, checked
        in on his experiment, and answered three weekly pulses."""
        today = timezone.localdate()
        for reflection in ReflectionRequest.objects.filter(journey=journey, due_on__lte=today):
            reflection_answer_save(
                reflection=reflection,
                expected_version=reflection.version,
                answer=DEMO_REFLECTIONS[reflection.step],
            )
        experiment = journey.experiments.get(title="Notice the rescue")
        experiment_check_in_save(
            experiment=experiment,
            expected_version=0,
            tried="yes",
            what_happened="Four times in two weeks. Each time I could name the feeling "
            "before I moved: dread that the team would be blamed.",
            in_the_way="The launch week. Everything felt urgent, so noticing came after.",
        )
        for week, values in enumerate(DEMO_PULSE_ANSWERS):
            pulse_record(
                journey=journey,
                on=start + timedelta(weeks=week),
                values=dict(zip(DEMO_PULSE_SCALES, values, strict=True)),
            )
        # Each done when the story has it, not at loading (see demo/story.py `evening_of`).
        zone = journey.client.time_zone
        for reflection in ReflectionRequest.objects.filter(journey=journey).exclude(answer=""):
            answered = evening_of(reflection.due_on, zone)
            ReflectionRequest.objects.filter(pk=reflection.pk).update(answered_at=answered)
        checked = evening_of(experiment.by_when - timedelta(days=1), zone)
        ExperimentCheckIn.objects.filter(experiment=experiment).update(
            created_at=checked, updated_at=checked
        )
        for answer in PulseAnswer.objects.filter(journey=journey):
            answered = evening_of(answer.week_of + timedelta(days=2), zone)
            PulseAnswer.objects.filter(pk=answer.pk).update(answered_at=answered)
