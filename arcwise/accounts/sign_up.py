"""Starting a practice, in two steps that never say whether an address has an account.

1. `sign_up_request`: the sign-up form is answered the same way for every address (the same
   page, status and words, one e-mail through the outbox, the same quota), so that it
   cannot be used to learn who has an account. An address without one gets a link that
   finishes the sign-up; an address with one gets a note that someone tried, with the ways
   to sign in or reset the password. The password is hashed either way, so both answers
   take as long.
2. The link's token is exchanged at once for the sign-up in the session (views), and
   `sign_up_complete` makes the practice once, when its owner confirms.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from arcwise.accounts.models import (
    Membership,
    Practice,
    Role,
    SignUpRequest,
    User,
    normalise_email,
)
from arcwise.accounts.outgoing import SIGN_UP, AccountMail, mail_write
from arcwise.accounts.queries import account_exists
from arcwise.accounts.throttle import (
    SIGN_UP_ACCOUNT_QUOTA,
    SIGN_UP_ADDRESS_QUOTA,
    QuotaPolicy,
    quota_verdict,
    sign_up_refusal_message,
)
from arcwise.errors import DomainError

# Long enough to find the e-mail the next morning; rows are forgotten after the same time.
SIGN_UP_VALID = timedelta(hours=24)
ALREADY_AN_ACCOUNT = (
    "This address has come to have an account since you signed up. Sign in, or reset the password."
)


class SignUpThrottled(DomainError):
    """Enough sign-up e-mails have gone to this mailbox, or from this address, for now."""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Request:
    """A sign-up as asked for: the address, and what else the form held."""

    name: str
    email: str
    password: str
    practice_name: str
    time_zone: str


def sign_up_request(
    *,
    request: Request,
    form_token: uuid.UUID | None,
    address: str | None,
    site_url: str,
    now: datetime,
) -> bool:
    """Send the one e-mail a sign-up causes: a link to finish, or, to an address that has an
    account, a note that someone tried. Returns False, sending nothing, when this form
    (`form_token`) was sent already. Refused alike for every address past a quota.
    """
    email = normalise_email(request.email)
    hashed = make_password(request.password)  # for every address: the same time taken
    with transaction.atomic():
        if form_token and SignUpRequest.objects.filter(form_token=form_token).exists():
            return False
        _refuse_if_quota_used(Q(email=email), SIGN_UP_ACCOUNT_QUOTA, now=now, for_account=True)
        if address:
            _refuse_if_quota_used(
                Q(address=address), SIGN_UP_ADDRESS_QUOTA, now=now, for_account=False
            )
        token = secrets.token_urlsafe(32)
        known = account_exists(email)
        details = {
            "token_hash": _token_hash(token),
            "name": request.name.strip(),
            "practice_name": request.practice_name.strip(),
            "time_zone": request.time_zone,
            "password": hashed,
        }
        try:
            with transaction.atomic():
                SignUpRequest.objects.create(
                    form_token=form_token,
                    email=email,
                    address=address,
                    requested_at=now,
                    expires_at=now + SIGN_UP_VALID,
                    **({} if known else details),
                )
        except IntegrityError:  # the same form, sent twice at once: the other one sends it
            return False
        site = site_url.rstrip("/")
        mail_write(_taken_mail(email, site) if known else _finish_mail(request, email, site, token))
        SignUpRequest.objects.filter(requested_at__lt=now - SIGN_UP_VALID).delete()
    return True


def _refuse_if_quota_used(who: Q, policy: QuotaPolicy, *, now: datetime, for_account: bool) -> None:
    asked = SignUpRequest.objects.filter(who, requested_at__gte=now - policy.window)
    verdict = quota_verdict(asked.values_list("requested_at", flat=True), now=now, policy=policy)
    if not verdict.allowed:
        raise SignUpThrottled(sign_up_refusal_message(verdict, for_account=for_account))


def _finish_mail(request: Request, email: str, site: str, token: str) -> AccountMail:
    link = site + reverse("accounts:sign_up_open", args=[token])
    return AccountMail(
        dedupe_key=f"sign-up:{uuid.uuid4()}",
        kind=SIGN_UP,
        to=email,
        subject=f"Finish starting {request.practice_name.strip()} on Arcwise",
        body=(
            f"Someone, we hope you, asked to start a practice on Arcwise, "
            f"{request.practice_name.strip()}, with this address.\n\n"
            f"To finish, open this link within 24 hours:\n{link}\n\n"
            "If it was not you, ignore this e-mail: nothing is made until the link is opened."
        ),
    )


def _taken_mail(email: str, site: str) -> AccountMail:
    return AccountMail(
        dedupe_key=f"sign-up:{uuid.uuid4()}",
        kind=SIGN_UP,
        to=email,
        subject="Someone tried to sign up to Arcwise with your address",
        body=(
            "Someone, perhaps you, tried to start a practice on Arcwise with this address. "
            "It already has an account, so nothing was made.\n\n"
            f"If it was you, sign in:\n{site}{reverse('accounts:sign_in')}\n\n"
            f"or, if you have forgotten your password, reset it:\n"
            f"{site}{reverse('accounts:password_reset')}\n\n"
            "If it was not you, you need do nothing: your account is as it was."
        ),
    )


def sign_up_find(token: str) -> SignUpRequest | None:
    """The sign-up a link's token stands for, whatever its state, or None."""
    if not token or len(token) > 100:
        return None
    return SignUpRequest.objects.filter(token_hash=_token_hash(token)).first()


@dataclass(frozen=True)
class Finished:
    """A sign-up confirmed: the owner, and whether this confirmation made the practice
    (False when it was made already, by a first click)."""

    user: User
    practice: Practice
    made: bool


def sign_up_complete(*, token: str, now: datetime) -> Finished:
    """Make the practice and its owner's account from the sign-up `token` stands for, once.

    Refused with the reason for a link that is unknown, expired, or whose address has come
    to have an account meanwhile; a second confirmation changes nothing and says so.
    """
    with transaction.atomic():
        found = (
            SignUpRequest.objects.select_for_update().filter(token_hash=_token_hash(token)).first()
            if token
            else None
        )
        if found is None:
            raise DomainError("Open the link from your e-mail to finish starting your practice.")
        if found.completed_at is not None:
            membership = (
                Membership.objects.filter(user__email=found.email, role=Role.OWNER)
                .select_related("user", "practice")
                .order_by("joined_at")
                .first()
            )
            if membership is None:
                raise DomainError("This link has been used. Sign in to continue.")
            return Finished(membership.user, membership.practice, made=False)
        if found.expires_at <= now:
            raise DomainError("This link has expired. Sign up again for a fresh one.")
        if account_exists(found.email):
            raise DomainError(ALREADY_AN_ACCOUNT)
        try:
            with transaction.atomic():
                user = User(email=found.email, name=found.name, time_zone=found.time_zone)
                user.password = found.password  # hashed when the form was sent
                user.save()
        except IntegrityError:  # the address signed up or accepted an invitation meanwhile
            raise DomainError(ALREADY_AN_ACCOUNT) from None
        practice = Practice.objects.create(name=found.practice_name)
        Membership.objects.create(user=user, practice=practice, role=Role.OWNER)
        SignUpRequest.objects.filter(pk=found.pk).update(completed_at=now, password="")
    return Finished(user, practice, made=True)
