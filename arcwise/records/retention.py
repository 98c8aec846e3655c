"""The practice's retention: how many months a journey's text is kept after it ends.

The owner sets it on the practice page (`retention_set`); every journey's disposal day
follows from it (`retention_days`), and the planner disposes of journeys on their day
(`disposal.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from arcwise.accounts.models import Practice, User
from arcwise.errors import DomainError
from arcwise.nudges.models import Nudge
from arcwise.records.models import Disposal, DisposalCause, RetentionPolicy
from arcwise.records.retention_days import (
    DEFAULT_MONTHS,
    MAX_MONTHS,
    MIN_MONTHS,
    NOTICE,
    kept_until,
)

NOTICE_KEY = "disposal-notice"


@dataclass(frozen=True)
class Retention:
    """A practice's retention as it stands: `version` 0 while it keeps the default."""

    months: int
    version: int

    @property
    def is_default(self) -> bool:
        return self.version == 0


def retention_of(practice_id: int) -> Retention:
    """The practice's retention, or the default when it never set one. One query."""
    policy = RetentionPolicy.objects.filter(practice_id=practice_id).first()
    if policy is None:
        return Retention(DEFAULT_MONTHS, 0)
    return Retention(policy.months, policy.version)


def months_problem(months: int) -> str | None:
    """Why `months` cannot be a retention, or None."""
    if MIN_MONTHS <= months <= MAX_MONTHS:
        return None
    return (
        f"Keep records from {MIN_MONTHS} to {MAX_MONTHS} months after a journey ends "
        f"({MAX_MONTHS // 12} years); {months} is outside that."
    )


def notice_key_prefix(public_id: object) -> str:
    return f"{NOTICE_KEY}:{public_id}:"


def retention_set(
    *,
    practice: Practice,
    months: int,
    expected_version: int,
    by: User,
    today: date | None = None,
    now: datetime | None = None,
) -> bool:
    """Set the practice's retention to `months`; False when it already was that.

    Refused when the policy changed since the form was made (`expected_version`, 0 for the
    default). A notice already given for a day that the new period moves beyond the notice's
    reach is withdrawn (its row, and its e-mail if still waiting): the coach is told again,
    `NOTICE_DAYS` before the new day. A notice for a day that stays near keeps its promise:
    the text goes no sooner than the notice's days after it was given.
    """
    problem = months_problem(months)
    if problem:
        raise DomainError(problem, field="months")
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    with transaction.atomic():
        # The practice's row is the lock: two owners saving at once queue here, also when
        # there is no policy row yet to lock.
        Practice.objects.select_for_update().get(pk=practice.pk)
        policy = RetentionPolicy.objects.filter(practice=practice).first()
        version = policy.version if policy else 0
        if version != expected_version:
            current = policy.months if policy else DEFAULT_MONTHS
            raise DomainError(
                f"The retention was changed meanwhile: it is {current} months now. Nothing was "
                "changed this time; the page shows it as it stands."
            )
        if policy is not None and policy.months == months:
            return False
        if policy is None:
            RetentionPolicy.objects.create(
                practice=practice, months=months, changed_at=now, changed_by=by
            )
        else:
            policy.months, policy.version = months, policy.version + 1
            policy.changed_at, policy.changed_by = now, by
            policy.save(update_fields=["months", "version", "changed_at", "changed_by"])
        _withdraw_far_notices(practice, months, today)
    return True


def _withdraw_far_notices(practice: Practice, months: int, today: date) -> None:
    pending = Disposal.objects.filter(
        journey__practice=practice, cause=DisposalCause.RETENTION, disposed_at=None
    ).select_related("journey")
    far = [
        row for row in pending if kept_until(row.journey.ended_on or today, months) - NOTICE > today
    ]
    for row in far:
        Nudge.objects.filter(
            dedupe_key__startswith=notice_key_prefix(row.journey.public_id),
            sent_at=None,
            failed_at=None,
        ).delete()
    Disposal.objects.filter(pk__in=[row.pk for row in far]).delete()
