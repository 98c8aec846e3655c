"""Who is in the demo caseload beyond Jordan's journey, and what every demo journey is told
from: the practice, its two coaches, the two designs, the clients and the day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from arcwise.accounts.models import Practice, User
from arcwise.clients.models import Client
from arcwise.demo.story import Record, Story
from arcwise.designs.models import DesignVersion

# Clients beyond the three the demo always had: (name, e-mail, time zone, intake note).
CASELOAD_CLIENTS = [
    (
        "Lucía Fernández",
        "lucia.fernandez@example.org",
        "Europe/Madrid",
        "Head of a hospital ward. Keeps saying yes to everyone, family included.",
    ),
    (
        "Wei Zhang",
        "wei.zhang@example.org",
        "Asia/Shanghai",
        "Data scientist deciding whether to move into management this year.",
    ),
    (
        "Amara Nwosu",
        "amara.nwosu@example.org",
        "Africa/Lagos",
        "Architect, newly a partner. Wants to speak up sooner in partner meetings.",
    ),
    (
        "Kenji Watanabe",
        "kenji.watanabe@example.org",
        "Asia/Tokyo",
        "Product director; conflict with a peer has gone on for a year.",
    ),
    (
        "Hannah Becker",
        "hannah.becker@example.org",
        "Europe/Berlin",
        "Teacher moving into school leadership; wants a clear first-year plan.",
    ),
    (
        "Ingrid Solberg",
        "ingrid.solberg@example.org",
        "Europe/Oslo",
        "Research lead after a merger. Perfectionism is costing her sleep.",
    ),
    (
        "Rangi Parata",
        "rangi.parata@example.org",
        "Pacific/Auckland",
        "Operations manager weighing a move home to run the family business.",
    ),
]


@dataclass(frozen=True)
class Cast:
    practice: Practice
    maya: User
    sam: User
    sponsor: User  # Dana, of the organisation paying for Wei's journey
    arc: DesignVersion  # the seven-phase transformation arc, 14-day cadence
    six: DesignVersion  # the six-session focused engagement, 14-day cadence
    clients: dict[str, Client]
    today: date

    def story(
        self,
        coach: User,
        name: str,
        version: DesignVersion,
        *,
        records: Sequence[Record],
        reflections: Mapping[str, str],
        at: time = time(9, 30),
    ) -> Story:
        return Story(
            practice=self.practice,
            coach=coach,
            client=self.clients[name],
            version=version,
            today=self.today,
            records=records,
            reflections=reflections,
            at=at,
        )

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)
