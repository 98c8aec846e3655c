"""Small factories with sensible defaults; override only what a test is about."""

from __future__ import annotations

import itertools
from typing import Any

from arcwise.accounts.models import Membership, Practice, Role, User
from arcwise.clients.models import Client

PASSWORD = "correct-horse-battery-staple"
_numbers = itertools.count(1)


def make_user(**overrides: Any) -> User:
    number = next(_numbers)
    fields: dict[str, Any] = {
        "email": f"person{number}@example.com",
        "name": f"Person {number}",
        "time_zone": "Europe/London",
    }
    fields.update(overrides)
    password = fields.pop("password", PASSWORD)
    return User.objects.create_user(fields.pop("email"), password, **fields)


def make_practice(**overrides: Any) -> Practice:
    fields: dict[str, Any] = {"name": f"Practice {next(_numbers)}"}
    fields.update(overrides)
    return Practice.objects.create(**fields)


def make_member(practice: Practice, role: str = Role.COACH, **user_fields: Any) -> User:
    user = make_user(**user_fields)
    Membership.objects.create(user=user, practice=practice, role=role)
    return user


def make_client(practice: Practice, **overrides: Any) -> Client:
    number = next(_numbers)
    fields: dict[str, Any] = {
        "name": f"Client {number}",
        "email": f"client{number}@example.org",
        "time_zone": "Europe/London",
        "notes": "",
    }
    fields.update(overrides)
    return Client.objects.create(practice=practice, **fields)
