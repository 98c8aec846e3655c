"""The coach agrees a journey's terms with its sponsor, changes them, ends the sponsor's
access and invites a sponsor: each change once, each logged, each refusal saying why."""

from __future__ import annotations

import pytest

from arcwise.accounts.models import Invitation, Membership, Role
from arcwise.errors import DomainError
from arcwise.journeys.errors import AlreadyChanged
from arcwise.sponsors.models import Sponsorship, TermsChange
from arcwise.sponsors.services import (
    TermsInput,
    sponsor_invite,
    sponsorship_revoke,
    sponsorship_save,
)
from tests.conftest import Cast
from tests.factories import make_member
from tests.journeys.factories import make_journey
from tests.nudges.factories import delivered
from tests.sponsors.factories import ORGANISATION, membership_of, sponsor

pytestmark = pytest.mark.django_db


def log_of(sponsorship: Sponsorship) -> list[str]:
    return list(TermsChange.objects.filter(sponsorship=sponsorship).values_list("what", flat=True))


def test_the_first_terms_are_agreed_and_logged(cast: Cast) -> None:
    sponsorship = sponsor(cast, attendance=True, summaries=False, closing_measures=False)

    assert sponsorship.version == 1
    assert sponsorship.sponsor == membership_of(cast)
    assert log_of(sponsorship) == ["Agreed with Acme Holdings: attendance; sponsor: Sasha Sponsor."]


def test_changing_the_terms_after_the_start_is_allowed_and_logged(cast: Cast) -> None:
    sponsorship = sponsor(cast, closing_measures=False)

    changed = sponsorship_save(
        journey=sponsorship.journey,
        by=cast.coach,
        terms=TermsInput(ORGANISATION, membership_of(cast), True, True, True),
        expected_version=1,
    )

    assert changed.version == 2
    assert changed.shows_closing_measures
    assert log_of(sponsorship)[-1] == "Closing measures: shown (was not shown)."


def test_a_second_send_of_the_same_terms_changes_nothing_and_says_why(cast: Cast) -> None:
    sponsorship = sponsor(cast)
    terms = TermsInput(ORGANISATION, None, False, False, False)
    sponsorship_save(journey=sponsorship.journey, by=cast.coach, terms=terms, expected_version=1)

    with pytest.raises(AlreadyChanged, match=r"changed meanwhile .*no longer has access"):
        sponsorship_save(
            journey=sponsorship.journey, by=cast.coach, terms=terms, expected_version=1
        )

    assert Sponsorship.objects.get(pk=sponsorship.pk).version == 2
    assert len(log_of(sponsorship)) == 2


def test_a_first_agreement_sent_twice_makes_one_sponsorship(cast: Cast) -> None:
    journey = sponsor(cast).journey

    with pytest.raises(AlreadyChanged):
        sponsor(cast, journey)

    assert Sponsorship.objects.filter(journey=journey).count() == 1


def test_saving_the_terms_as_they_stand_changes_nothing(cast: Cast) -> None:
    sponsorship = sponsor(cast)

    with pytest.raises(AlreadyChanged, match="already agreed"):
        sponsorship_save(
            journey=sponsorship.journey,
            by=cast.coach,
            terms=TermsInput(ORGANISATION, membership_of(cast), True, True, True),
            expected_version=1,
        )
    assert Sponsorship.objects.get(pk=sponsorship.pk).version == 1


def test_only_the_journeys_coach_sets_its_terms(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)

    with pytest.raises(DomainError, match="Only the journey's coach"):
        sponsorship_save(
            journey=journey,
            by=cast.owner,
            terms=TermsInput(ORGANISATION, None, True, True, True),
            expected_version=0,
        )
    assert not Sponsorship.objects.exists()


@pytest.mark.parametrize("who", ["mentor", "coach", "elsewhere"])
def test_only_a_sponsor_of_the_practice_can_be_chosen(cast: Cast, who: str) -> None:
    journey = make_journey(cast.coach, cast.client)
    person = {
        "mentor": lambda: membership_of(cast, cast.mentor),
        "coach": lambda: membership_of(cast, cast.coach),
        "elsewhere": lambda: Membership.objects.get(
            user=make_member(cast.other_practice, Role.SPONSOR)
        ),
    }[who]()

    with pytest.raises(DomainError) as refused:
        sponsorship_save(
            journey=journey,
            by=cast.coach,
            terms=TermsInput(ORGANISATION, person, True, True, True),
            expected_version=0,
        )

    assert refused.value.field == "sponsor"
    assert not Sponsorship.objects.exists()


def test_an_organisation_is_named(cast: Cast) -> None:
    with pytest.raises(DomainError) as refused:
        sponsorship_save(
            journey=make_journey(cast.coach, cast.client),
            by=cast.coach,
            terms=TermsInput("   ", None, True, True, True),
            expected_version=0,
        )
    assert refused.value.field == "organisation"


def test_revoking_ends_access_keeps_the_terms_and_logs_it(cast: Cast) -> None:
    sponsorship = sponsor(cast)

    revoked = sponsorship_revoke(journey=sponsorship.journey, by=cast.coach, expected_version=1)

    assert revoked.sponsor is None
    assert revoked.shows_summaries
    assert log_of(sponsorship)[-1] == "Sasha Sponsor no longer has access."


def test_revoking_twice_changes_nothing_the_second_time(cast: Cast) -> None:
    sponsorship = sponsor(cast)
    sponsorship_revoke(journey=sponsorship.journey, by=cast.coach, expected_version=1)

    with pytest.raises(AlreadyChanged, match="nothing to revoke"):
        sponsorship_revoke(journey=sponsorship.journey, by=cast.coach, expected_version=1)
    assert len(log_of(sponsorship)) == 2


def test_removing_the_sponsor_from_the_practice_leaves_the_terms_without_a_sponsor(
    cast: Cast,
) -> None:
    sponsorship = sponsor(cast)

    membership_of(cast).delete()

    sponsorship.refresh_from_db()
    assert sponsorship.sponsor is None
    assert sponsorship.organisation == ORGANISATION


def test_the_coach_invites_a_sponsor_by_email(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)

    invitation = sponsor_invite(
        journey=journey, by=cast.coach, email="Dana@Acme.example", site_url="http://testserver/"
    )

    assert invitation.role == Role.SPONSOR
    assert invitation.invited_by == cast.coach
    [email] = delivered()
    assert email.to == ["dana@acme.example"]
    assert "as a sponsor" in str(email.body)


def test_inviting_the_same_address_again_keeps_the_first_invitation(cast: Cast) -> None:
    journey = make_journey(cast.coach, cast.client)
    first = sponsor_invite(
        journey=journey, by=cast.coach, email="dana@acme.example", site_url="http://testserver/"
    )

    with pytest.raises(AlreadyChanged, match="already waiting"):
        sponsor_invite(
            journey=journey, by=cast.coach, email="dana@acme.example", site_url="http://t/"
        )

    assert list(Invitation.objects.all()) == [first]


def test_a_member_of_the_practice_is_not_invited_again(cast: Cast) -> None:
    with pytest.raises(DomainError, match="already a member"):
        sponsor_invite(
            journey=make_journey(cast.coach, cast.client),
            by=cast.coach,
            email=cast.sponsor.email,
            site_url="http://testserver/",
        )
