"""Making, finding and revoking access tokens: plain functions the pages and the API call."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from arcwise.accounts.models import CLIENT_ROLES, Membership, Practice, User
from arcwise.api.models import NAME_LIMIT, AccessToken
from arcwise.errors import DomainError

TOKEN_START = "arc_"  # noqa: S105 -- the public start of every token, not a secret
# Tokens a person may hold at once in one practice, revoked ones not counted.
TOKENS_LIMIT = 20


READ_ONLY_ROLE = (
    "A {role}'s token only reads: a {role} changes no records in Arcwise, through the pages "
    "or the API."
)


class AlreadyMade(DomainError):
    """The same form was sent again: its token was made the first time, and shown then."""

    def __init__(self, token: AccessToken) -> None:
        super().__init__(
            f"This form was already sent: the token “{token.name}” ({token.prefix}…) was made "
            "then, and its text was shown once. If you did not copy it, revoke it and make "
            "another."
        )
        self.token = token


class NoSuchToken(DomainError):
    """Not a token of this person in this practice (another's looks the same: missing)."""


@dataclass(frozen=True)
class Bearer:
    """Who a request's token speaks for: the token, its person and their membership now."""

    token: AccessToken
    membership: Membership


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def token_create(
    person: User,
    practice: Practice,
    name: str,
    can_write: bool,
    *,
    form_token: UUID | None = None,
) -> tuple[AccessToken, str]:
    """A new token for `person` in `practice`, and its text, which is never stored.

    Only owners and coaches may make a token that writes: mentors and sponsors change
    nothing through the pages either. A repeat of the same form (`form_token`) raises
    `AlreadyMade` with the token the first one made."""
    name = " ".join(name.split())
    if not name:
        raise DomainError("Give the token a name, such as the tool that will use it.", field="name")
    if len(name) > NAME_LIMIT:
        raise DomainError(f"A token name is at most {NAME_LIMIT} characters.", field="name")
    with transaction.atomic():
        membership = Membership.objects.filter(user=person, practice=practice).first()
        if membership is None:
            raise DomainError("You are no longer a member of this practice.")
        if can_write and membership.role not in CLIENT_ROLES:
            role = membership.get_role_display().lower()
            raise DomainError(READ_ONLY_ROLE.format(role=role), field="access")
        live = AccessToken.objects.select_for_update().filter(
            person=person, practice=practice, revoked_at__isnull=True
        )
        if form_token is not None:
            made = AccessToken.objects.filter(person=person, form_token=form_token).first()
            if made is not None:
                raise AlreadyMade(made)
        if len(live) >= TOKENS_LIMIT:
            raise DomainError(
                f"You hold {TOKENS_LIMIT} tokens already; revoke one you no longer use first."
            )
        prefix = TOKEN_START + secrets.token_hex(4)
        raw = f"{prefix}_{secrets.token_urlsafe(32)}"
        try:
            with transaction.atomic():
                token = AccessToken.objects.create(
                    person=person,
                    practice=practice,
                    name=name,
                    prefix=prefix,
                    digest=digest_of(raw),
                    can_write=can_write,
                    form_token=form_token,
                )
        except IntegrityError:  # the same form, sent twice at the same moment
            made = AccessToken.objects.filter(person=person, form_token=form_token).first()
            if made is None or form_token is None:
                raise
            raise AlreadyMade(made) from None
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
            raise NoSuchToken("There is no such token.")
        if token.revoked_at is not None:
            raise DomainError(f"“{token.name}” was already revoked; nothing changed.")
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def bearer_of(raw: str) -> Bearer | None:
    """The live token a request presents, with its person's membership now; else None.

    A revoked token, a person no longer active, or one no longer a member of the token's
    practice all find nothing: the token stops working the moment any of them changes, and
    a person who leaves and is invited back comes back without their old tokens.
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
    if membership is None or membership.joined_at > token.created_at:
        # A token made before the person left and came back died when they left.
        return None
    return Bearer(token, membership)
