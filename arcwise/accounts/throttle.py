"""How long someone must wait after failed sign-ins. Pure: fed failure times, no Django.

A few mistakes are free. After that each further failure doubles the wait before the next
attempt is even checked, and at the limit sign-in is refused outright for a while. Failures
are forgotten after the window, and a successful sign-in clears an account's count.
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
    failures: Iterable[datetime], *, now: datetime, policy: ThrottlePolicy
) -> Verdict:
    """Say whether an attempt may be checked now, given earlier failure times."""
    recent = sorted(moment for moment in failures if now - moment < policy.window)
    count = len(recent)
    if count < policy.free_failures:
        return Verdict(allowed=True, failures=count)
    locked = count >= policy.lock_after
    wait = policy.lock_for if locked else policy.first_wait * 2 ** (count - policy.free_failures)
    remaining = wait - (now - recent[-1])
    if remaining <= timedelta(0):
        return Verdict(allowed=True, failures=count)
    return Verdict(
        allowed=False,
        retry_after_seconds=math.ceil(remaining.total_seconds()),
        locked=locked,
        failures=count,
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
