"""How long someone must wait after failed sign-ins. Pure: fed failure times, no Django.

A few mistakes are free. After that each further failure doubles the wait before the next
attempt is even checked, and at the limit sign-in is refused outright for a while. Failures
are forgotten after the window, and a successful sign-in or password reset clears an
account's count.

A lock uses up the failures that led to it: the caller records when each lock ends and
passes it back. Before, one guess each time a lock ended was enough to lock the account
again, so a stranger who knew a coach's e-mail could keep the coach out for good; now each
new lock takes a new run of failures through the waits. The owner's sure way in is the
password-reset link, which works while sign-in is locked and ends the lock.

Password-reset e-mails have their own quotas: a few per mailbox and a few more per network
address, so the form cannot be used to flood anyone's inbox.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class ThrottlePolicy:
    free_failures: int
    first_wait: timedelta
    lock_after: int
    lock_for: timedelta
    window: timedelta


# One account: 5 free mistakes, then 15 s, 30 s, 60 s, 120 s, 240 s, then 15 minutes refused.
ACCOUNT_POLICY = ThrottlePolicy(
    free_failures=5,
    first_wait=timedelta(seconds=15),
    lock_after=10,
    lock_for=timedelta(minutes=15),
    window=timedelta(hours=1),
)

# One network address may be an office behind one router, so it gets more room,
# but it still stops someone trying many accounts from one machine.
ADDRESS_POLICY = ThrottlePolicy(
    free_failures=20,
    first_wait=timedelta(seconds=15),
    lock_after=40,
    lock_for=timedelta(minutes=30),
    window=timedelta(hours=1),
)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after_seconds: int = 0
    locked: bool = False
    failures: int = 0


def sign_in_verdict(
    failures: Iterable[datetime],
    *,
    now: datetime,
    policy: ThrottlePolicy,
    lock_ends: datetime | None = None,
) -> Verdict:
    """Say whether an attempt may be checked now, given earlier failure times.

    `lock_ends` is when the latest lock that was recorded ends, or ended. The failures
    before it are spent: for a window after it, a new run of failures starts with no free
    attempts, and only a full run through the waits locks again. Without it, reaching the
    limit is a lock from the last failure (the caller records it, so that it is spent).
    """
    in_window = sorted(moment for moment in failures if now - moment < policy.window)
    if lock_ends is not None and now < lock_ends:
        return Verdict(
            allowed=False,
            retry_after_seconds=math.ceil((lock_ends - now).total_seconds()),
            locked=True,
            failures=len(in_window),
        )
    after_lock = lock_ends is not None and now - lock_ends < policy.window
    counted = [moment for moment in in_window if lock_ends is None or moment >= lock_ends]
    free = 1 if after_lock else policy.free_failures
    if len(counted) < free:
        return Verdict(allowed=True, failures=len(in_window))
    locked = len(counted) >= free + policy.lock_after - policy.free_failures
    wait = policy.lock_for if locked else policy.first_wait * 2 ** (len(counted) - free)
    remaining = wait - (now - counted[-1])
    if remaining <= timedelta(0):
        return Verdict(allowed=True, failures=len(in_window))
    return Verdict(
        allowed=False,
        retry_after_seconds=math.ceil(remaining.total_seconds()),
        locked=locked,
        failures=len(in_window),
    )


@dataclass(frozen=True)
class QuotaPolicy:
    limit: int
    window: timedelta


# E-mails to one mailbox. Strangers can use these up too, but each e-mail they cause goes to
# the owner, and its link works for longer than the window (PASSWORD_RESET_TIMEOUT, two
# hours), so the owner always holds a working link or can ask for a new one.
RESET_ACCOUNT_QUOTA = QuotaPolicy(limit=3, window=timedelta(minutes=30))
# Requests from one network address, whichever mailboxes they name: enough for an office
# behind one router, too few to flood many inboxes from one machine.
RESET_ADDRESS_QUOTA = QuotaPolicy(limit=10, window=timedelta(hours=1))


# Sign-up e-mails to one mailbox, and sign-ups from one network address: as for resets, and
# counted whether or not the address has an account.
SIGN_UP_ACCOUNT_QUOTA = QuotaPolicy(limit=3, window=timedelta(minutes=30))
SIGN_UP_ADDRESS_QUOTA = QuotaPolicy(limit=10, window=timedelta(hours=1))


def quota_verdict(times: Iterable[datetime], *, now: datetime, policy: QuotaPolicy) -> Verdict:
    """Say whether one more of something may happen, given when it happened before."""
    recent = sorted(moment for moment in times if now - moment < policy.window)
    if len(recent) < policy.limit:
        return Verdict(allowed=True, failures=len(recent))
    # Allowed again when the oldest of the last `limit` leaves the window.
    frees_at = recent[-policy.limit] + policy.window
    return Verdict(
        allowed=False,
        retry_after_seconds=max(1, math.ceil((frees_at - now).total_seconds())),
        failures=len(recent),
    )


def refusal_message(verdict: Verdict, *, for_account: bool) -> str:
    """A message that says what happened and when to try again, without revealing the password."""
    wait = describe_wait(verdict.retry_after_seconds)
    if verdict.locked:
        what = "this account" if for_account else "this network address"
        return (
            f"Sign-in for {what} is paused after {verdict.failures} failed attempts. "
            f"Try again in {wait}, or reset your password by e-mail."
        )
    return f"Too many failed sign-ins. To protect the account, wait {wait} before trying again."


def describe_wait(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def reset_refusal_message(verdict: Verdict, *, for_account: bool) -> str:
    """Why no reset e-mail is sent now; it must not reveal whether the address has an account."""
    wait = describe_wait(verdict.retry_after_seconds)
    if for_account:
        return (
            "If this address belongs to an account, reset links have already been sent to it "
            f"{verdict.failures} times in the last "
            f"{describe_wait(int(RESET_ACCOUNT_QUOTA.window.total_seconds()))}. Use the newest "
            f"e-mail (each link works for two hours), or ask again in {wait}."
        )
    return (
        "Too many password reset requests have come from this network address. "
        f"Try again in {wait}."
    )


def sign_up_refusal_message(verdict: Verdict, *, for_account: bool) -> str:
    """Why no sign-up e-mail is sent now; the same whether or not the address has an account."""
    wait = describe_wait(verdict.retry_after_seconds)
    if for_account:
        window = describe_wait(int(SIGN_UP_ACCOUNT_QUOTA.window.total_seconds()))
        return (
            f"Sign-up e-mails have already gone to this address {verdict.failures} times in "
            f"the last {window}. Use the newest one, or try again in {wait}."
        )
    return f"Too many sign-ups have come from this network address. Try again in {wait}."
