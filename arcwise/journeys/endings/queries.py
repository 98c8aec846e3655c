"""Reads for a coach leaving the practice: their open journeys, what stops their removal,
and the handover page."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.models import CLIENT_ROLES, Membership
from arcwise.accounts.removal import RemovalBlocker
from arcwise.accounts.tenancy import get_scoped_or_404, scoped
from arcwise.journeys.endings.forms import HandoverForm, RemoveForm
from arcwise.journeys.endings.services import removal_refusal
from arcwise.journeys.models import OPEN_STATUSES, Journey
from arcwise.journeys.pages.state import JourneyState


def open_journeys_of(practice_id: int, coach_id: int) -> QuerySet[Journey]:
    return Journey.objects.filter(
        practice_id=practice_id, coach_id=coach_id, status__in=OPEN_STATUSES
    )


def open_journeys_block_removal(membership: Membership) -> RemovalBlocker | None:
    """A coach with open journeys leaves only once they are handed to another coach."""
    count = open_journeys_of(membership.practice_id, membership.user_id).count()
    if not count:
        return None
    name = membership.user.name
    journeys = "open journey" if count == 1 else "open journeys"
    return RemovalBlocker(
        message=(
            f"{name} still coaches {count} {journeys}. Hand them to another coach first; "
            f"then {name} can be removed or become a mentor or a sponsor."
        ),
        url=reverse("journeys:handover", args=[membership.public_id]),
    )


@dataclass(frozen=True)
class HandoverPage:
    leaving: Membership
    journeys: list[Journey]
    coaches: list[Membership]  # who can take them: the practice's other coaches and owners

    @property
    def seen(self) -> str:
        """The journeys and revisions the page shows, for the form to send back."""
        return ",".join(f"{j.public_id}:{j.revision}" for j in self.journeys)

    def form(self, data: QueryDict | None) -> HandoverForm:
        """The choice of coach, with the journeys as the page shows them."""
        name = self.leaving.user.name
        return HandoverForm(
            data,
            coaches=[(str(m.public_id), m.user.name) for m in self.coaches],
            initial={"seen": self.seen, "reason": f"{name} is leaving the practice."},
        )

    def coach(self, public_id: str) -> Membership:
        """The coach a valid form chose: one of `coaches`."""
        return next(m for m in self.coaches if str(m.public_id) == public_id)

    def handed_over(self, count: int, taker: Membership) -> str:
        name = self.leaving.user.name
        journeys = f"{count} journey{'' if count == 1 else 's'}"
        return (
            f"{journeys} of {name} now with {taker.user.name}, each logged. "
            f"You can remove {name} now."
        )


def removal_page(journey: Journey, form: RemoveForm) -> dict[str, object]:
    """What the removal page shows: what goes with the journey, or why it stays."""
    state = JourneyState.of(journey)
    refusal = removal_refusal(journey, state.sessions)
    return {"journey": journey, "state": state, "form": form, "refusal": refusal}


def handover_for(request: MemberRequest, member_id: UUID) -> HandoverPage:
    """A member's open journeys in the request's practice, and who could take them.

    404 for a member of another practice. Two queries besides the member's own.
    """
    leaving = get_scoped_or_404(
        Membership.objects.select_related("user"), request, public_id=member_id
    )
    journeys = list(
        open_journeys_of(leaving.practice_id, leaving.user_id)
        .select_related("client", "design_version")
        .order_by("client__name", "start_date")
    )
    coaches = list(
        scoped(Membership, request)
        .filter(role__in=CLIENT_ROLES)
        .exclude(pk=leaving.pk)
        .select_related("user")
        .order_by("user__name")
    )
    return HandoverPage(leaving, journeys, coaches)
