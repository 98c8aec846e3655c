"""A large practice, seeded fast into the database by bulk inserts: 50 coaches, 10,000
journeys on four published designs of five phases, about 150,000 sessions (held, cancelled
and planned across past and future), 60,000 reflections, experiments with check-ins,
threads, pulse answers, goals rated at the start, adaptations, plan stages, and a portal
link for one client of each coach. Beside it, a small practice of one owner and five
journeys, so each page can be measured at two sizes.

The encrypted columns hold real ciphertext: bulk_create prepares every value through the
field (arcwise/privacy/fields.py), so pages decrypt what they show as in production.
Journeys are made in chunks, so memory stays flat whatever the scale.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import transaction
from django.utils import timezone

from arcwise.accounts.models import Membership, Practice, Role, User
from arcwise.clients.models import Client
from arcwise.designs.models import DesignVersion, Phase, Visibility
from arcwise.journeys.models import Journey, JourneyStatus
from arcwise.portal.models import PortalLink
from bench.seed_rows import BATCH, SCALES, Chunk, at
from tests.designs.factories import make_design, make_phase_spec

PASSWORD = "bench-coach-password-19"  # noqa: S105 - a throwaway database's made-up coaches
CHUNK = 1000  # journeys made (with everything under them) at a time
KEYS = ("orient", "explore", "experiment", "integrate", "close")
LONG_JOURNEY_SESSIONS = 200
FEW_JOURNEYS = 10  # the last coach's caseload: the "few" size of the caseload


@dataclass
class Seeded:
    """What the benchmark needs to find again: people, the sizes and where they are."""

    owner: User
    coaches: list[User]
    few_coach: User
    small_owner: User
    long_journey: Journey
    short_journey: Journey
    portal_tokens: dict[int, str] = field(default_factory=dict)  # client pk → token
    counts: dict[str, int] = field(default_factory=dict)


def cheap_hash(password: str) -> str:
    hasher = MD5PasswordHasher()
    return hasher.encode(password, hasher.salt())


def people(practice: Practice, count: int, tag: str, password_hash: str) -> list[User]:
    users = User.objects.bulk_create(
        User(
            email=f"coach{n}@{tag}.example.com",
            name=f"Coach {tag.title()} {n}",
            password=password_hash,
            time_zone="Europe/London",
        )
        for n in range(count)
    )
    Membership.objects.bulk_create(
        Membership(user=user, practice=practice, role=Role.OWNER if n == 0 else Role.COACH)
        for n, user in enumerate(users)
    )
    return users


def designs(practice: Practice, owner: User, count: int) -> list[tuple[DesignVersion, list[Phase]]]:
    made = []
    for n in range(count):
        phases = tuple(
            make_phase_spec(key, planned_weeks=4, planned_sessions=2 + n % 2) for key in KEYS
        )
        design = make_design(
            practice,
            owner,
            published=True,
            visibility=Visibility.PRACTICE,
            name=f"{['Leadership', 'Transition', 'Career', 'Team'][n % 4]} arc",
            phases=phases,
        )
        version = DesignVersion.objects.get(design=design)
        made.append((version, list(version.phases.order_by("position"))))
    return made


def journey_shape(rng: random.Random, today: date, sessions: int) -> dict[str, object]:
    """Dates and status of one journey of `sessions` sessions: some long closed, some
    under way, a few paused, closing or ended early, a few not yet begun."""
    cadence = rng.choice((7, 14, 14))
    span = sessions * cadence
    start = today - timedelta(days=rng.randint(-10, span + 200))
    planned_end = start + timedelta(days=span)
    fields: dict[str, object] = {"status": JourneyStatus.ACTIVE}
    if planned_end < today - timedelta(days=7):
        if rng.random() < 0.85:
            fields.update(status=JourneyStatus.CLOSED, ended_on=planned_end)
        else:
            ended = start + timedelta(days=span * 6 // 10)
            fields.update(status=JourneyStatus.ENDED_EARLY, ended_on=ended, ended_because="other")
    elif start < today - timedelta(days=30) and rng.random() < 0.08:
        paused = today - timedelta(days=rng.randint(1, 20))
        fields.update(
            status=JourneyStatus.PAUSED, paused_on=paused, paused_until=paused + timedelta(days=30)
        )
    elif planned_end < today + timedelta(days=21) and rng.random() < 0.5:
        fields.update(status=JourneyStatus.CLOSING)
    return {
        "start_date": start,
        "planned_end": planned_end + timedelta(days=1),
        "cadence_days": cadence,
        **fields,
    }


def practice_of(
    name: str, coaches: int, journeys: int, rng: random.Random, *, large: bool
) -> tuple[list[User], list[Journey], dict[str, int], list[Client]]:
    practice = Practice.objects.create(name=name)
    tag = "large" if large else "small"
    # The cheap hash the load run's server checks (bench/served_settings.py).
    team = people(practice, coaches, tag, cheap_hash(PASSWORD))
    versions = designs(practice, team[0], 4 if large else 1)
    clients = Client.objects.bulk_create(
        (
            Client(
                practice=practice,
                name=f"Client {tag.title()} {n}",
                email=f"client{n}@{tag}.example.org",
                time_zone="Europe/London",
                employer="Northwind" if n % 5 == 0 else "",
                notes="Prefers mornings; new in the role." if n % 3 == 0 else "",
            )
            for n in range(journeys)
        ),
        batch_size=BATCH,
    )
    today = timezone.localdate()
    totals: dict[str, int] = {}
    firsts: list[Journey] = []
    chunk = Chunk(rng, today)
    for n, client in enumerate(clients):
        # The last coach (of several) is new: FEW_JOURNEYS journeys; the rest share the others.
        if large and n >= journeys - FEW_JOURNEYS:
            coach = team[-1]
        else:
            coach = team[n % (coaches - 1 if large else coaches)]
        version, phases = versions[n % len(versions)]
        count = rng.randint(6, 24)
        shape = journey_shape(rng, today, count)
        if large and n == 1:  # the long journey: 200 sessions, three-quarters behind it
            count = LONG_JOURNEY_SESSIONS
            start = today - timedelta(days=7 * 150)
            shape = {
                "start_date": start,
                "planned_end": start + timedelta(days=7 * count),
                "cadence_days": 7,
                "status": JourneyStatus.ACTIVE,
            }
        journey = Journey(
            practice=practice,
            client=client,
            coach=coach,
            design_version=version,
            goals="To lead without rescuing everyone.",
            confidentiality="What we say stays between us.",
            pulse_scales=SCALES,
            started_at=at(shape["start_date"]),  # type: ignore[arg-type]
            **shape,
        )
        chunk.add(journey, phases, count)
        if len(chunk.plans) == CHUNK or n == len(clients) - 1:
            with transaction.atomic():
                for key, value in chunk.save().items():
                    totals[key] = totals.get(key, 0) + value
            if not firsts:
                firsts = [j for j, _, _ in chunk.plans[:2]]
            chunk = Chunk(rng, today)
    return team, firsts, totals, clients


def portal_links(clients: Sequence[Client], by: User) -> dict[int, str]:
    """A usable link for each of `clients`, with a token the benchmark knows."""
    now = timezone.now()
    tokens = {client.pk: f"bench-portal-{client.public_id.hex}" for client in clients}
    PortalLink.objects.bulk_create(
        PortalLink(
            client=client,
            token_hash=hashlib.sha256(tokens[client.pk].encode()).hexdigest(),
            expires_at=now + timedelta(days=14),
            created_by=by,
        )
        for client in clients
    )
    return tokens


def seed(journeys: int = 10_000, coaches: int = 50) -> Seeded:
    rng = random.Random(19)  # noqa: S311 - made-up data, the same on every run
    team, firsts, counts, _ = practice_of("Large Practice", coaches, journeys, rng, large=True)
    small_team, _, _, _ = practice_of("Small Practice", 1, 5, rng, large=False)
    long_journey = Journey.objects.get(pk=firsts[1].pk)
    short_journey = (
        Journey.objects.filter(coach=team[-1], status=JourneyStatus.ACTIVE).first()
        or Journey.objects.filter(coach=team[-1]).first()
    )
    assert short_journey is not None
    # One client of each coach (the long journey's among them) may open the portal.
    linked = [long_journey.client, short_journey.client]
    for coach in team:
        journey = Journey.objects.filter(coach=coach, status=JourneyStatus.ACTIVE).first()
        if journey and journey.client_id not in {c.pk for c in linked}:
            linked.append(journey.client)
    tokens = portal_links(linked, team[0])
    return Seeded(
        owner=team[0],
        coaches=team,
        few_coach=team[-1],
        small_owner=small_team[0],
        long_journey=long_journey,
        short_journey=short_journey,
        portal_tokens=tokens,
        counts=counts,
    )
