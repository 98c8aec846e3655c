"""The fixed cast: an owner, a coach, a mentor and a sponsor of one practice, and an outsider
of another."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client as HttpClient
from hypothesis import settings as hypothesis_settings

from arcwise.accounts.models import Practice, Role, User
from arcwise.clients.models import Client
from tests.factories import make_client, make_member, make_practice

# Property tests build valid cases rather than filter them, so every profile keeps
# Hypothesis's health checks on. "ci" makes a landing depend on the code alone: the same
# examples every run (derandomize), no example database carried between runs, and a
# deadline of five seconds an example: far above what any example takes on a busy shared
# runner (the slowest take tens of milliseconds), so it fails only on something gone
# pathologically slow, and Hypothesis confirms a miss by running the example again before
# it reports it. It prints the blob that replays a failure. "dev" explores new examples on
# every run and keeps a deadline tight enough to catch a planner or a picture gone
# accidentally slow. .ci/run sets CI, so CI runs "ci".
hypothesis_settings.register_profile(
    "ci", derandomize=True, deadline=timedelta(seconds=5), print_blob=True, database=None
)
hypothesis_settings.register_profile("dev", deadline=timedelta(milliseconds=1000))
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Argon2 is slow on purpose; tests that are not about hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Cast:
    practice: Practice
    owner: User
    coach: User
    mentor: User
    # From the organisation paying for an engagement: sees only what a journey's agreement
    # shows them, once a coach makes them that journey's sponsor.
    sponsor: User
    client: Client
    other_practice: Practice
    outsider: User
    outsiders_client: Client


@pytest.fixture
def cast(db: None) -> Cast:
    practice = make_practice(name="Harbour Coaching")
    other = make_practice(name="Elsewhere Partners")
    return Cast(
        practice=practice,
        owner=make_member(practice, Role.OWNER, name="Olive Owner", email="olive@example.com"),
        coach=make_member(practice, Role.COACH, name="Cora Coach", email="cora@example.com"),
        mentor=make_member(practice, Role.MENTOR, name="Milo Mentor", email="milo@example.com"),
        sponsor=make_member(
            practice, Role.SPONSOR, name="Sasha Sponsor", email="sasha@example.com"
        ),
        client=make_client(
            practice,
            name="Quentin Confidential",
            email="quentin@example.org",
            notes="Grieving a parent; do not mention the move yet.",
        ),
        other_practice=other,
        outsider=make_member(other, Role.OWNER, name="Otto Outsider", email="otto@example.com"),
        outsiders_client=make_client(other, name="Xena Elsewhere", email="xena@example.org"),
    )


def signed_in(user: User) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


@pytest.fixture
def as_owner(cast: Cast) -> HttpClient:
    return signed_in(cast.owner)


@pytest.fixture
def as_coach(cast: Cast) -> HttpClient:
    return signed_in(cast.coach)


@pytest.fixture
def as_mentor(cast: Cast) -> HttpClient:
    return signed_in(cast.mentor)


@pytest.fixture
def as_sponsor(cast: Cast) -> HttpClient:
    return signed_in(cast.sponsor)


@pytest.fixture
def as_outsider(cast: Cast) -> HttpClient:
    return signed_in(cast.outsider)
