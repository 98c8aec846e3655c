"""Reads about members and practices, shaped so each page costs a fixed number of queries."""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone

from arcwise.accounts.models import Invitation, Membership, Practice, User


def memberships_of(user: User) -> list[Membership]:
    """Every practice the user belongs to, oldest membership first."""
    return list(
        Membership.objects.select_related("practice").filter(user=user).order_by("joined_at", "pk")
    )


def current_membership(
    memberships: list[Membership], chosen_practice: str | None
) -> Membership | None:
    """The membership the user is working in: the one they chose, else their first."""
    for membership in memberships:
        if str(membership.practice.public_id) == chosen_practice:
            return membership
    return memberships[0] if memberships else None


def membership_in(user: User, practice_public_id: UUID) -> Membership | None:
    """The user's membership of one practice, or None when they are not a member."""
    return (
        Membership.objects.select_related("practice")
        .filter(user=user, practice__public_id=practice_public_id)
        .first()
    )


def members_of(practice: Practice) -> QuerySet[Membership]:
    return (
        Membership.objects.select_related("user")
        .filter(practice=practice)
        .order_by("user__name", "user__email")
    )


def open_invitations_of(practice: Practice) -> QuerySet[Invitation]:
    return (
        Invitation.objects.select_related("invited_by")
        .filter(practice=practice, accepted_at=None, revoked_at=None, expires_at__gt=timezone.now())
        .order_by("-created_at")
    )


def account_exists(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()
