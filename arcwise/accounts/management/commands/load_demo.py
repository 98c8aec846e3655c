"""Load a small demo practice once, and print how to sign in to it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from arcwise.accounts.models import Membership, Practice, Role, User
from arcwise.clients.models import Client

DEMO_PASSWORD = "journey-demo-2026"
DEMO_PRACTICE = "Northlight Coaching (demo)"
DEMO_PEOPLE = [
    ("maya@example.com", "Maya Okafor", Role.OWNER),
    ("sam@example.com", "Sam Lindqvist", Role.COACH),
    ("ruth@example.com", "Ruth Adeyemi", Role.MENTOR),
]
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
]


class Command(BaseCommand):
    help = "Create the demo practice (an owner, a coach, a mentor, three clients) once."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "The demo practice has a published password; it is only loaded with DEBUG on."
            )
        owner_email = DEMO_PEOPLE[0][0]
        if User.objects.filter(email=owner_email).exists():
            self.stdout.write("The demo practice is already loaded.")
        else:
            self._load()
            self.stdout.write(self.style.SUCCESS("Loaded the demo practice."))
        self.stdout.write(
            "\nSign in at http://127.0.0.1:8000/sign-in/ as the demo owner coach:\n"
            f"  e-mail:   {owner_email}\n"
            f"  password: {DEMO_PASSWORD}\n"
            f"(also {DEMO_PEOPLE[1][0]}, a coach, and {DEMO_PEOPLE[2][0]}, a mentor, "
            "with the same password)\n"
        )

    @transaction.atomic
    def _load(self) -> None:
        practice = Practice.objects.create(name=DEMO_PRACTICE)
        owner = None
        for email, name, role in DEMO_PEOPLE:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, name=name, time_zone="Europe/London"
            )
            Membership.objects.create(user=user, practice=practice, role=role)
            owner = owner or user
        for name, email, time_zone, notes in DEMO_CLIENTS:
            Client.objects.create(
                practice=practice,
                name=name,
                email=email,
                time_zone=time_zone,
                notes=notes,
                created_by=owner,
            )
