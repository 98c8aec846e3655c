"""What the coach and the client read about a journey's sponsor: the journey page's Sponsor
section, the forms' rows, and the summaries waiting for the client's answer. What the
sponsor reads is in `sponsor_reads`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from django.http import Http404

from arcwise.accounts.models import Invitation, Membership, Role
from arcwise.clients.models import Client
from arcwise.journeys.hooks import JourneySection
from arcwise.journeys.models import Journey
from arcwise.sponsors.forms import InviteForm, RevokeForm, SummaryForm, TermsForm
from arcwise.sponsors.models import ProgressSummary, Sponsorship, SummaryStatus

if TYPE_CHECKING:
    from arcwise.journeys.hooks import Page
    from arcwise.journeys.pages.state import JourneyState

# The key a folded message to the client remembers for a summary: a new version of the
# summary is a new thing to ask about, the same version is never asked more than the
# portal's rule allows.
ASK_KEY = "sponsor-summary:"


def sponsorship_of(journey: Journey) -> Sponsorship | None:
    """The journey's agreement with its sponsor, with the sponsor's name; one query."""
    return Sponsorship.objects.select_related("sponsor__user").filter(journey=journey).first()


def sponsor_members(practice_id: int) -> list[Membership]:
    """The practice's members with the sponsor role, by name; one query."""
    return list(
        Membership.objects.filter(practice_id=practice_id, role=Role.SPONSOR)
        .select_related("user")
        .order_by("user__name", "pk")
    )


def summary_for(journey: Journey, summary_id: UUID) -> ProgressSummary:
    """One summary of the coach's journey (already found through their access); 404 for any
    other journey's."""
    summary = (
        ProgressSummary.objects.select_related("sponsorship")
        .filter(sponsorship__journey=journey, public_id=summary_id)
        .first()
    )
    if summary is None:
        raise Http404("No such summary")
    summary.sponsorship.journey = journey  # already loaded: saves a query in the services
    return summary


def sponsor_section(state: JourneyState, page: Page) -> JourneySection | None:
    """The journey page's "Sponsor": the terms with their form, the sponsor's access, the
    summaries with the client's answers, the terms' log, invitations to sponsors still
    waiting. Three queries, five once the journey has a sponsor."""
    if page != "journey":
        return None
    journey = state.journey
    sponsorship = sponsorship_of(journey)
    members = sponsor_members(journey.practice_id)
    invitations = list(
        Invitation.objects.filter(
            practice_id=journey.practice_id,
            role=Role.SPONSOR,
            accepted_at=None,
            revoked_at=None,
            expires_at__gt=state.now,
        ).order_by("-created_at", "-pk")
    )
    summaries: list[ProgressSummary] = []
    changes = []
    if sponsorship is not None:
        summaries = list(sponsorship.summaries.order_by("-written_at", "-pk"))
        changes = list(sponsorship.changes.select_related("by").order_by("-at", "-pk"))
    return JourneySection(
        "sponsors/_sponsor_section.html",
        {
            "journey": journey,
            "sponsorship": sponsorship,
            "access_ended": sponsorship is not None
            and sponsorship.sponsor is not None
            and sponsorship.sponsor.role != Role.SPONSOR,
            "terms_form": TermsForm.for_sponsorship(sponsorship, members),
            "revoke_form": RevokeForm(initial={"version": sponsorship.version})
            if sponsorship
            else None,
            "invite_form": InviteForm(),
            "summary_form": SummaryForm.blank(),
            "summaries": summaries,
            "changes": changes,
            "invitations": invitations,
            "ended": not journey.is_open(),
        },
    )


@dataclass
class ClientSummary:
    """A summary as the client's portal shows it, with a refused answer's reason and note."""

    summary: ProgressSummary
    organisation: str
    error: str = ""
    note: str = ""


def client_summaries(client: Client) -> list[ClientSummary]:
    """The summaries written for the sponsors of the client's journeys: those waiting for
    their answer first, then the rest, newest first. One query."""
    summaries = (
        ProgressSummary.objects.filter(sponsorship__journey__client=client)
        .select_related("sponsorship")
        .order_by("written_at", "pk")
    )
    rows = [ClientSummary(s, s.sponsorship.organisation) for s in summaries]
    waiting = [row for row in rows if row.summary.awaits_client]
    answered = [row for row in rows if not row.summary.awaits_client]
    return waiting + answered[::-1]


def summary_asks(journeys: Sequence[Journey]) -> list[tuple[Journey, str, str]]:
    """(journey, key, line) for each summary of these journeys waiting for the client's
    answer, for the portal's folded message. One query however many journeys."""
    by_id = {journey.pk: journey for journey in journeys}
    if not by_id:
        return []
    waiting = ProgressSummary.objects.filter(
        sponsorship__journey_id__in=by_id, status=SummaryStatus.AWAITING
    ).values_list("public_id", "version", "sponsorship__journey_id", "sponsorship__organisation")
    return [
        (
            by_id[journey_id],
            f"{ASK_KEY}{public_id}:{version}",
            f"Your coach wrote a progress summary for {organisation}: read it, and approve "
            "it or ask for changes. Only what you approve reaches them.",
        )
        for public_id, version, journey_id, organisation in waiting.order_by("written_at", "pk")
    ]
