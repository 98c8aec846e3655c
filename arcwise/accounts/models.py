"""People, practices and who may do what in which practice."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


def normalise_email(email: str) -> str:
    """E-mail addresses are compared case-insensitively everywhere in Arcwise."""
    return email.strip().lower()


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Someone who signs in: a coach, a practice owner, a mentor or a sponsor. Clients never
    sign in."""

    email = models.EmailField("e-mail", max_length=254, unique=True)
    name = models.CharField(max_length=150)
    time_zone = models.CharField(max_length=64, default="UTC")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["name"]

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case"),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email


class Practice(models.Model):
    """The tenant: every row a coach can see belongs to exactly one practice."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=120)
    created_at = models.DateTimeField(default=timezone.now)
    # The practice's own momentum thresholds, by name ({"gap_stalled_cadences": 3.0, …});
    # empty keeps the defaults. `Thresholds.from_overrides` (insights/momentum/thresholds.py)
    # reads it, ignoring unknown names and clamping absurd values, so a bad entry never breaks
    # a page.
    momentum_thresholds = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    COACH = "coach", "Coach"
    MENTOR = "mentor", "Mentor"
    # The organisation paying for an engagement: sees only what each journey's three-way
    # agreement lets them see (arcwise/sponsors), nothing else of the practice.
    SPONSOR = "sponsor", "Sponsor"


# Roles that work with clients directly. Mentors see only structure that a coach shares;
# sponsors only what a journey's agreement shows them.
CLIENT_ROLES = frozenset({Role.OWNER, Role.COACH})
# Roles that may be invited by e-mail: an owner is made by sign-up or by a change of role.
INVITED_ROLES = (Role.COACH, Role.MENTOR, Role.SPONSOR)


class Membership(models.Model):
    """A user's place in a practice, with the role that decides what they may do there."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "practice"], name="one_membership_per_practice"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="membership_role_is_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} as {self.role} in {self.practice}"

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER

    @property
    def works_with_clients(self) -> bool:
        return self.role in CLIENT_ROLES


class Invitation(models.Model):
    """An e-mailed link that lets one address join a practice in one role.

    Only a hash of the token is stored, so a copy of the database cannot be used to join.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("e-mail", max_length=254)
    role = models.CharField(max_length=10, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=INVITED_ROLES),
                name="invitation_role_is_invited_role",
            ),
            # One open invitation per address and practice: re-inviting replaces it.
            models.UniqueConstraint(
                fields=["practice", "email"],
                condition=models.Q(accepted_at=None, revoked_at=None),
                name="one_open_invitation_per_address",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} to {self.practice} as {self.role}"

    def is_open(self, now: Any = None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now


class SignInFailure(models.Model):
    """One wrong password, kept for a short while to slow down guessing.

    Stored in the database, not in process memory, so every web process sees the same count.
    """

    email = models.CharField(max_length=254)
    address = models.GenericIPAddressField(null=True)
    failed_at = models.DateTimeField(default=timezone.now)
    # Set on the failure that locked the account (or the address): when that lock ends.
    # Failures before it are then spent, so one more guess cannot lock again at once.
    account_lock_ends = models.DateTimeField(null=True)
    address_lock_ends = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            # Serves the recent-failures count for one account at each sign-in attempt.
            models.Index(fields=["email", "failed_at"], name="signin_failure_by_email"),
            # Serves the same count for one network address.
            models.Index(fields=["address", "failed_at"], name="signin_failure_by_address"),
            # Serves forgetting failures older than any window, after each new failure.
            models.Index(fields=["failed_at"], name="signin_failure_by_age"),
        ]

    def __str__(self) -> str:
        return f"failed sign-in for {self.email} at {self.failed_at:%Y-%m-%d %H:%M}"


class PasswordResetRequest(models.Model):
    """One password-reset e-mail asked for, kept for a short while to cap how many are sent.

    Kept for any address typed, whether or not it has an account, so that the quotas (and
    their messages) say nothing about which addresses do.
    """

    email = models.CharField(max_length=254)
    address = models.GenericIPAddressField(null=True)
    requested_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # Serves the count of recent requests for one mailbox, at each request.
            models.Index(fields=["email", "requested_at"], name="reset_request_by_email"),
            # Serves the same count for one network address.
            models.Index(fields=["address", "requested_at"], name="reset_request_by_address"),
            # Serves forgetting requests older than any quota's window.
            models.Index(fields=["requested_at"], name="reset_request_by_age"),
        ]

    def __str__(self) -> str:
        return f"password reset for {self.email} at {self.requested_at:%Y-%m-%d %H:%M}"


class SignUpRequest(models.Model):
    """A sign-up waiting for its e-mailed link to be opened (accounts/sign_up.py).

    Kept for every sign-up, whether or not the address already has an account, so that the
    answer, and the quota that caps how many e-mails one address gets, say nothing about
    which addresses do. An address with an account gets no link (`token_hash` is empty) and
    no details are kept for it. The password is kept hashed, and blanked once the practice
    is made; rows go a day after they were asked for.
    """

    # The sign-up form it came from: the same form sent twice is one sign-up and one e-mail.
    form_token = models.UUIDField(unique=True, null=True)
    email = models.CharField(max_length=254)
    address = models.GenericIPAddressField(null=True)
    requested_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    # Only a hash of the link's token, as for invitations; empty for an address that has an
    # account, which gets no link.
    token_hash = models.CharField(max_length=64, blank=True)
    name = models.CharField(max_length=150, blank=True)
    practice_name = models.CharField(max_length=120, blank=True)
    time_zone = models.CharField(max_length=64, blank=True)
    password = models.CharField(max_length=128, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One sign-up per link; serves finding the sign-up a link's token stands for.
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~models.Q(token_hash=""),
                name="one_sign_up_per_link",
            ),
        ]
        indexes = [
            # Serves the count of recent sign-ups for one mailbox, at each sign-up.
            models.Index(fields=["email", "requested_at"], name="sign_up_by_email"),
            # Serves the same count for one network address.
            models.Index(fields=["address", "requested_at"], name="sign_up_by_address"),
            # Serves forgetting sign-ups older than a day.
            models.Index(fields=["requested_at"], name="sign_up_by_age"),
        ]

    def __str__(self) -> str:
        return f"sign-up for {self.email} at {self.requested_at:%Y-%m-%d %H:%M}"

    def is_open(self, now: Any = None) -> bool:
        now = now or timezone.now()
        return bool(self.token_hash) and self.completed_at is None and self.expires_at > now
