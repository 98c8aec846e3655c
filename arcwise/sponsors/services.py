"""The coach's writes about a journey's sponsor: agreeing and changing the terms, ending the
sponsor's access, inviting a sponsor to the practice. One transaction each.

Every change of the terms, the first included, is a line in the sponsorship's own log
(`TermsChange`), shown in the journey page's Sponsor section. Not in the adaptation log:
that records deviations from the design, and a mentor reads it, who must not learn who pays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from arcwise.accounts.models import Invitation, Membership, Role, User, normalise_email
from arcwise.accounts.services import invitation_create
from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyChanged
from arcwise.journeys.models import Journey
from arcwise.sponsors.models import (
    CHANGE_LINE_LIMIT,
    ORGANISATION_LIMIT,
    Sponsorship,
    TermsChange,
)
from arcwise.sponsors.terms import Terms, terms_changes

NOTHING_CHANGED = "Nothing was changed this time; the page shows the terms as they are now."


@dataclass(frozen=True)
class TermsInput:
    """The terms as the coach set them in the form: `sponsor` is a membership of the
    journey's practice with the sponsor role, or None for no one yet."""

    organisation: str
    sponsor: Membership | None
    attendance: bool
    summaries: bool
    closing_measures: bool


def may_set_terms(journey: Journey, by: User) -> None:
    """Only the journey's coach agrees its terms with a sponsor, as only they see the journey."""
    if journey.coach_id != by.pk:
        raise DomainError("Only the journey's coach sets what its sponsor sees.")


def _organisation(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise DomainError("Name the organisation paying for the coaching.", field="organisation")
    if len(name) > ORGANISATION_LIMIT:
        raise DomainError(
            f"Keep the organisation's name to {ORGANISATION_LIMIT} characters; "
            f"this one has {len(name)}.",
            field="organisation",
        )
    return name


def _check_sponsor(journey: Journey, sponsor: Membership) -> None:
    is_sponsor = Membership.objects.filter(
        pk=sponsor.pk, practice_id=journey.practice_id, role=Role.SPONSOR
    ).exists()
    if not is_sponsor:
        raise DomainError(
            "Choose a sponsor of this practice: invite them as a sponsor first.", field="sponsor"
        )


def _terms_of(sponsorship: Sponsorship) -> Terms:
    sponsor = sponsorship.sponsor
    return Terms(
        organisation=sponsorship.organisation,
        sponsor=sponsor.user.name if sponsor is not None else "",
        attendance=sponsorship.shows_attendance,
        summaries=sponsorship.shows_summaries,
        closing_measures=sponsorship.shows_closing_measures,
    )


def _locked(journey: Journey) -> Sponsorship | None:
    return (
        # Only the sponsorship's row: PostgreSQL locks nothing on the nullable side of the
        # outer join to the sponsor.
        Sponsorship.objects.select_for_update(of=("self",))
        .select_related("sponsor__user")
        .filter(journey=journey)
        .first()
    )


def _since(current: Sponsorship | None) -> str:
    """What the terms hold now, when a form was made from an older version of them."""
    if current is None:
        return f"This journey has no sponsor yet. {NOTHING_CHANGED}"
    last = current.changes.order_by("-at", "-pk").first()
    changed = f" ({last.what})" if last is not None else ""
    return f"The sponsor's terms were changed meanwhile{changed}. {NOTHING_CHANGED}"


def _log(sponsorship: Sponsorship, by: User, lines: list[str], at: datetime) -> None:
    what = " ".join(lines)
    if len(what) > CHANGE_LINE_LIMIT:
        what = what[: CHANGE_LINE_LIMIT - 1] + "\N{HORIZONTAL ELLIPSIS}"
    TermsChange.objects.create(sponsorship=sponsorship, by=by, at=at, what=what)


def sponsorship_save(
    *,
    journey: Journey,
    by: User,
    terms: TermsInput,
    expected_version: int,
    now: datetime | None = None,
) -> Sponsorship:
    """Agree a journey's terms with its sponsor, or change them, and log what changed.

    `expected_version` is the version of the terms the form showed (0 when the journey had
    no sponsor yet). A repeat, or a form from before another change, is refused with
    `AlreadyChanged` and changes nothing. Changing the terms after the journey started, or
    after it ended, is allowed: the agreement can change, and its log says when and how.
    """
    may_set_terms(journey, by)
    organisation = _organisation(terms.organisation)
    now = now or timezone.now()
    try:
        with transaction.atomic():
            if terms.sponsor is not None:
                _check_sponsor(journey, terms.sponsor)
            current = _locked(journey)
            if (current.version if current else 0) != expected_version:
                raise AlreadyChanged(_since(current))
            after = Terms(
                organisation=organisation,
                sponsor=terms.sponsor.user.name if terms.sponsor is not None else "",
                attendance=terms.attendance,
                summaries=terms.summaries,
                closing_measures=terms.closing_measures,
            )
            lines = terms_changes(_terms_of(current) if current else None, after)
            if not lines:
                raise AlreadyChanged("These are the terms already agreed: nothing changed.")
            sponsorship = current or Sponsorship(
                practice_id=journey.practice_id, journey=journey, created_at=now, version=0
            )
            sponsorship.organisation = organisation
            sponsorship.sponsor = terms.sponsor
            sponsorship.shows_attendance = terms.attendance
            sponsorship.shows_summaries = terms.summaries
            sponsorship.shows_closing_measures = terms.closing_measures
            sponsorship.version += 1
            sponsorship.save()
            _log(sponsorship, by, lines, now)
    except IntegrityError:
        # Another tab agreed the first terms between our read and our insert.
        raise AlreadyChanged(
            f"This journey's sponsor was set up a moment ago. {NOTHING_CHANGED}"
        ) from None
    return sponsorship


def sponsorship_revoke(
    *, journey: Journey, by: User, expected_version: int, now: datetime | None = None
) -> Sponsorship:
    """End the sponsor's access to the journey at once; the terms, their log and the
    summaries stay, so a sponsor can be chosen again later."""
    may_set_terms(journey, by)
    now = now or timezone.now()
    with transaction.atomic():
        current = _locked(journey)
        if current is None or current.sponsor is None:
            raise AlreadyChanged("No one has access as this journey's sponsor: nothing to revoke.")
        if current.version != expected_version:
            raise AlreadyChanged(_since(current))
        before = _terms_of(current)
        current.sponsor = None
        current.version += 1
        current.save(update_fields=["sponsor", "version"])
        _log(current, by, terms_changes(before, _terms_of(current)), now)
    return current


def sponsor_invite(*, journey: Journey, by: User, email: str, site_url: str) -> Invitation:
    """Invite someone to the practice as a sponsor, from the journey they will sponsor; once
    they accept, the coach chooses them in the terms.

    A second invitation to an address with one still waiting is refused, and the first
    stands: the link it carries keeps working.
    """
    may_set_terms(journey, by)
    email = normalise_email(email)
    waiting = Invitation.objects.filter(
        practice_id=journey.practice_id,
        email=email,
        accepted_at=None,
        revoked_at=None,
        expires_at__gt=timezone.now(),
    ).first()
    if waiting is not None:
        raise AlreadyChanged(
            f"An invitation to {email} is already waiting, sent on "
            f"{timezone.localtime(waiting.created_at):%d %B}: nothing was sent again."
        )
    return invitation_create(
        practice=journey.practice,
        invited_by=by,
        email=email,
        role=Role.SPONSOR,
        site_url=site_url,
    )
