"""Every write about accounts and practices: sign-up, sign-in, invitations, switching."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from arcwise.accounts.models import (
    CLIENT_ROLES,
    INVITED_ROLES,
    Invitation,
    Membership,
    PasswordResetRequest,
    Practice,
    Role,
    SignInFailure,
    User,
    normalise_email,
)
from arcwise.accounts.outgoing import INVITATION, AccountMail, mail_write
from arcwise.accounts.queries import account_exists
from arcwise.accounts.removal import RemovalBlocker, removal_blockers
from arcwise.accounts.throttle import (
    ACCOUNT_POLICY,
    ADDRESS_POLICY,
    RESET_ACCOUNT_QUOTA,
    RESET_ADDRESS_QUOTA,
    QuotaPolicy,
    ThrottlePolicy,
    Verdict,
    quota_verdict,
    refusal_message,
    reset_refusal_message,
    sign_in_verdict,
)
from arcwise.errors import DomainError, history_kept


class SignInThrottled(DomainError):
    """Too many recent failures: the attempt was refused without checking the password."""


class ResetThrottled(DomainError):
    """Enough reset e-mails have gone to this mailbox, or from this address, for now."""


# A failure that recorded a lock is needed for a window after the lock ends.
FAILURE_MEMORY = max(policy.window + policy.lock_for for policy in (ACCOUNT_POLICY, ADDRESS_POLICY))

WRONG_CREDENTIALS = "That e-mail and password do not match an account. Check both and try again."


def sign_in_attempt(
    *, request: HttpRequest | None, email: str, password: str, address: str | None, now: datetime
) -> User:
    """Check a password unless recent failures say to wait; record failures to slow guessing.

    A refused attempt is not checked at all, so a locked account cannot be guessed at.
    """
    email = normalise_email(email)
    lanes = [(Q(email=email), "account_lock_ends", ACCOUNT_POLICY, True)]
    if address:
        lanes.append((Q(address=address), "address_lock_ends", ADDRESS_POLICY, False))
    for who, lock_field, policy, for_account in lanes:
        verdict = _verdict(who, lock_field, policy, now=now)
        if not verdict.allowed:
            raise SignInThrottled(refusal_message(verdict, for_account=for_account))

    user = authenticate(request, email=email, password=password)
    if user is None:
        failure = SignInFailure.objects.create(email=email, address=address, failed_at=now)
        # Record a lock this failure starts, so that when it ends the failures behind it
        # are spent and do not lock again at the next guess.
        for who, lock_field, policy, _ in lanes:
            if _verdict(who, lock_field, policy, now=now).locked:
                SignInFailure.objects.filter(pk=failure.pk).update(
                    **{lock_field: now + policy.lock_for}
                )
        # Keeps the table small without a scheduled job: nothing older than the longest
        # window is ever looked at again.
        sign_in_failures_forget(older_than=now - FAILURE_MEMORY)
        raise DomainError(WRONG_CREDENTIALS)
    SignInFailure.objects.filter(email=email).delete()
    assert isinstance(user, User)
    return user


def _verdict(who: Q, lock_field: str, policy: ThrottlePolicy, *, now: datetime) -> Verdict:
    rows = SignInFailure.objects.filter(who, failed_at__gte=now - FAILURE_MEMORY)
    failures = list(rows.values_list("failed_at", lock_field))
    lock_ends = max((ends for _, ends in failures if ends is not None), default=None)
    return sign_in_verdict(
        (failed_at for failed_at, _ in failures), now=now, policy=policy, lock_ends=lock_ends
    )


def sign_in_failures_forget(*, older_than: datetime) -> int:
    """Drop failures that no policy looks at any more; returns how many went."""
    deleted, _ = SignInFailure.objects.filter(failed_at__lt=older_than).delete()
    return deleted


RESET_MEMORY = max(RESET_ACCOUNT_QUOTA.window, RESET_ADDRESS_QUOTA.window)


def password_reset_request(*, email: str, address: str | None, now: datetime) -> None:
    """Count a request for a reset e-mail, or refuse it when a quota is used up.

    Counted whether or not the address has an account, so a refusal reveals nothing. The
    sign-in lock plays no part: asking for a reset always works while sign-in is locked.
    """
    email = normalise_email(email)
    _refuse_if_quota_used(Q(email=email), RESET_ACCOUNT_QUOTA, now=now, for_account=True)
    if address:
        _refuse_if_quota_used(Q(address=address), RESET_ADDRESS_QUOTA, now=now, for_account=False)
    PasswordResetRequest.objects.create(email=email, address=address, requested_at=now)
    PasswordResetRequest.objects.filter(requested_at__lt=now - RESET_MEMORY).delete()


def _refuse_if_quota_used(who: Q, policy: QuotaPolicy, *, now: datetime, for_account: bool) -> None:
    requests = PasswordResetRequest.objects.filter(who, requested_at__gte=now - policy.window)
    verdict = quota_verdict(requests.values_list("requested_at", flat=True), now=now, policy=policy)
    if not verdict.allowed:
        raise ResetThrottled(reset_refusal_message(verdict, for_account=for_account))


def password_reset_complete(*, user: User) -> None:
    """After a new password is set through the e-mailed link, end any sign-in lock.

    The link proves the person holds the account's mailbox, so whatever a stranger's
    guesses did to the account's count no longer applies: its failures go, as after a
    successful sign-in.
    """
    SignInFailure.objects.filter(email=normalise_email(user.email)).delete()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_find(token: str) -> Invitation | None:
    """The invitation a link's token stands for, whatever its state, or None."""
    return (
        Invitation.objects.select_related("practice", "invited_by")
        .filter(token_hash=_token_hash(token))
        .first()
    )


def invitation_create(
    *, practice: Practice, invited_by: User, email: str, role: str, site_url: str
) -> Invitation:
    """Invite an address to the practice as coach, mentor or sponsor, and e-mail the link.

    The e-mail is written to the outbox with the invitation, in one transaction. Inviting the
    same address again replaces the earlier open invitation.
    """
    email = normalise_email(email)
    if role not in INVITED_ROLES:
        raise DomainError("Invite someone as a coach, a mentor or a sponsor.", field="role")
    if Membership.objects.filter(practice=practice, user__email__iexact=email).exists():
        raise DomainError(f"{email} is already a member of {practice.name}.", field="email")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    try:
        with transaction.atomic():
            Invitation.objects.filter(
                practice=practice, email=email, accepted_at=None, revoked_at=None
            ).update(revoked_at=now)
            invitation = Invitation.objects.create(
                practice=practice,
                email=email,
                role=role,
                token_hash=_token_hash(token),
                invited_by=invited_by,
                created_at=now,
                expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
            )
            link = site_url.rstrip("/") + reverse("accounts:invitation", args=[token])
            mail_write(_invitation_mail(invitation, link))
    except IntegrityError:  # the same address invited at the same moment from another tab
        raise DomainError(
            f"An invitation to {email} was sent a moment ago.", field="email"
        ) from None
    return invitation


def _invitation_mail(invitation: Invitation, link: str) -> AccountMail:
    inviter = invitation.invited_by.name if invitation.invited_by else "A colleague"
    role = Role(invitation.role).label.lower()
    return AccountMail(
        dedupe_key=f"invitation:{invitation.public_id}",
        kind=INVITATION,
        to=invitation.email,
        subject=f"{inviter} invites you to {invitation.practice.name} on Arcwise",
        body=(
            f"{inviter} has invited you to join {invitation.practice.name} on Arcwise "
            f"as a {role}.\n\n"
            f"Accept the invitation here:\n{link}\n\n"
            f"The link works once and expires on "
            f"{invitation.expires_at:%d %B %Y}. If you did not expect it, ignore this e-mail."
        ),
        practice=invitation.practice,
    )


def invitation_check_open(invitation: Invitation, *, now: datetime) -> None:
    """Refuse, with the reason, an invitation that can no longer be used."""
    if invitation.accepted_at is not None:
        raise DomainError("This invitation has already been used. Sign in to continue.")
    if invitation.revoked_at is not None:
        raise DomainError("This invitation was withdrawn. Ask the practice owner for a new one.")
    if invitation.expires_at <= now:
        raise DomainError("This invitation has expired. Ask the practice owner for a new one.")


def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Join the invitation's practice as the signed-in user, whose address it was sent to."""
    now = timezone.now()
    invitation_check_open(invitation, now=now)
    if normalise_email(user.email) != invitation.email:
        raise DomainError(
            f"This invitation was sent to {invitation.email}, but you are signed in as "
            f"{user.email}. Sign out, then open the link again."
        )
    with transaction.atomic():
        # Marking it used with a condition makes a double click join only once.
        claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at=None).update(
            accepted_at=now
        )
        if not claimed:
            raise DomainError("This invitation has already been used. Sign in to continue.")
        membership, _ = Membership.objects.get_or_create(
            user=user, practice=invitation.practice, defaults={"role": invitation.role}
        )
    return membership


def invitation_accept_as_new_user(
    *, invitation: Invitation, name: str, password: str, time_zone: str
) -> User:
    """Create the invited person's account and join the practice in one step."""
    if account_exists(invitation.email):
        raise DomainError(
            f"An account for {invitation.email} already exists. Sign in to accept the invitation."
        )
    with transaction.atomic():
        user = User.objects.create_user(invitation.email, password, name=name, time_zone=time_zone)
        invitation_accept(invitation=invitation, user=user)
    return user


def invitation_revoke(*, invitation: Invitation) -> None:
    """Withdraw an open invitation so its link stops working."""
    if invitation.accepted_at is not None:
        raise DomainError(f"{invitation.email} has already accepted this invitation.")
    Invitation.objects.filter(pk=invitation.pk, revoked_at=None).update(revoked_at=timezone.now())


LAST_OWNER = (
    "A practice needs at least one owner. Make another member an owner first, then try again."
)


def _other_owners_exist(membership: Membership) -> bool:
    # Locking the owner rows makes two owners demoting each other at once take turns, so
    # the second sees that it would leave the practice without an owner.
    owners = (
        Membership.objects.select_for_update()
        .filter(practice_id=membership.practice_id, role=Role.OWNER)
        .exclude(pk=membership.pk)
    )
    return owners.exists()


class MemberHoldsWork(DomainError):
    """The member still holds work that must go to someone else first (open journeys)."""

    def __init__(self, blockers: list[RemovalBlocker]) -> None:
        super().__init__(" ".join(blocker.message for blocker in blockers))
        self.blockers = blockers


def membership_change_role(*, membership: Membership, role: str) -> Membership:
    """Give a member another role; the last owner cannot stop being one.

    A mentor or a sponsor runs no journeys, so becoming one is refused with
    `MemberHoldsWork`, as a removal is, while the member still holds work a coach must take
    over.
    """
    if role not in Role.values:
        raise DomainError("Choose owner, coach, mentor or sponsor.", field="role")
    with transaction.atomic():
        if (
            membership.role == Role.OWNER
            and role != Role.OWNER
            and not _other_owners_exist(membership)
        ):
            raise DomainError(LAST_OWNER)
        if role not in CLIENT_ROLES and membership.role in CLIENT_ROLES:
            blockers = removal_blockers(membership)
            if blockers:
                raise MemberHoldsWork(blockers)
        Membership.objects.filter(pk=membership.pk).update(role=role)
    membership.role = role
    return membership


def membership_remove(*, membership: Membership) -> None:
    """Take someone out of the practice; their account stays, and so does their work.

    Refused with `MemberHoldsWork` while a higher app's check (see `removal.py`) says the
    member still holds something, such as open journeys to hand to another coach.
    """
    with transaction.atomic():
        if membership.role == Role.OWNER and not _other_owners_exist(membership):
            raise DomainError(LAST_OWNER)
        blockers = removal_blockers(membership)
        if blockers:
            raise MemberHoldsWork(blockers)
        Membership.objects.filter(pk=membership.pk).delete()


def practice_delete(*, practice: Practice, by: User) -> None:
    """Delete the practice and everything it holds: members, invitations, clients, designs,
    journeys with their sessions. People's accounts stay; they may belong elsewhere too.

    Only an owner may. Every foreign key into the practice's
    data either cascades from the practice or is RESTRICT with a cascade path from it, so
    the delete goes through; anything that still refuses is named in the message.
    """
    if not Membership.objects.filter(practice=practice, user=by, role=Role.OWNER).exists():
        raise DomainError("Only an owner of the practice can delete it.")
    with transaction.atomic(), history_kept(f"{practice.name} could not be deleted."):
        Practice.objects.filter(pk=practice.pk).delete()


def account_update(*, user: User, name: str, time_zone: str) -> User:
    """Change how someone is named and which time zone they see times in."""
    User.objects.filter(pk=user.pk).update(name=name.strip(), time_zone=time_zone)
    user.name, user.time_zone = name.strip(), time_zone
    return user
