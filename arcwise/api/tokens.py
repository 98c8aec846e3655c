"""Making, finding and revoking access tokens: plain functions the pages and the API call."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from arcwise.accounts.models import Membership, Practice, User
from arcwise.api.models import NAME_LIMIT, AccessToken
from arcwise.errors import DomainError

TOKEN_START = "arc_"  # noqa: S105 -- the public start of every token, not a secret
# Tokens a person may hold at once in one practice, revoked ones not counted.
TOKENS_LIMIT = 20


@dataclass(frozen=True)
class Bearer:
    """Who a request's token speaks for: the token, its person and their membership now."""

    token: AccessToken
    membership: Membership


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def token_create(
    person: User, practice: Practice, name: str, can_write: bool
) -> tuple[AccessToken, str]:
    """A new token for `person` in `practice`, and its text, which is never stored."""
    name = " ".join(name.split())
    if not name:
        raise DomainError("Give the token a name, such as the tool that will use it.", field="name")
    if len(name) > NAME_LIMIT:
        raise DomainError(f"A token name is at most {NAME_LIMIT} characters.", field="name")
    with transaction.atomic():
        if not Membership.objects.filter(user=person, practice=practice).exists():
            raise DomainError("You are no longer a member of this practice.")
        live = AccessToken.objects.select_for_update().filter(
            person=person, practice=practice, revoked_at__isnull=True
        )
        if len(live) >= TOKENS_LIMIT:
            raise DomainError(
                f"You hold {TOKENS_LIMIT} tokens already; revoke one you no longer use first."
            )
        prefix = TOKEN_START + secrets.token_hex(4)
        raw = f"{prefix}_{secrets.token_urlsafe(32)}"
        token = AccessToken.objects.create(
            person=person,
            practice=practice,
            name=name,
            prefix=prefix,
            digest=digest_of(raw),
            can_write=can_write,
        )
    return token, raw


def token_revoke(person: User, practice: Practice, token_id: UUID) -> AccessToken:
    """Revoke one of the person's tokens; revoking it again changes nothing and says so."""
    with transaction.atomic():
        token = (
            AccessToken.objects.select_for_update()
            .filter(person=person, practice=practice, public_id=token_id)
            .first()
        )
        if token is None:
            raise DomainError("There is no such token.")
        if token.revoked_at is not None:
            raise DomainError(f"“{token.name}” was already revoked; nothing changed.")
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def bearer_of(raw: str) -> Bearer | None:
    """The live token a request presents, with its person's membership now; else None.

    A revoked token, a person no longer active, or one no longer a member of the token's
    practice all find nothing: the token stops working the moment any of them changes.
    """
    if not raw.startswith(TOKEN_START) or len(raw) > 200:
        return None
    token = (
        AccessToken.objects.select_related("person", "practice")
        .filter(digest=digest_of(raw), revoked_at__isnull=True, person__is_active=True)
        .first()
    )
    if token is None:
        return None
    membership = (
        Membership.objects.select_related("practice", "user")
        .filter(user_id=token.person_id, practice_id=token.practice_id)
        .first()
    )
    if membership is None:
        return None
    return Bearer(token, membership)
