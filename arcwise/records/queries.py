"""What the records add to other apps' pages, each in a fixed number of queries: the journey
page's retention section, the client page's way to export and erase, the practice page's
retention."""

from __future__ import annotations

from django.urls import reverse

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.models import Role
from arcwise.accounts.sections import AccountSection
from arcwise.clients.models import Client
from arcwise.clients.sections import ClientSection
from arcwise.journeys.hooks import JourneySection, Page
from arcwise.journeys.models import ENDED_STATUSES
from arcwise.journeys.pages.state import JourneyState
from arcwise.records.access import records_refusal
from arcwise.records.erasure import erased_on
from arcwise.records.forms import RetentionForm
from arcwise.records.models import Disposal
from arcwise.records.retention import retention_of
from arcwise.records.retention_days import NOTICE_DAYS, disposal_day


def records_section(state: JourneyState, page: Page) -> JourneySection | None:
    """An ended journey's page says until when its records are kept, or when they went.
    Two queries; none for a journey still running."""
    journey = state.journey
    if page != "journey" or journey.status not in ENDED_STATUSES or journey.ended_on is None:
        return None
    retention = retention_of(journey.practice_id)
    disposal = Disposal.objects.filter(journey=journey).first()
    told_on = disposal.told_on if disposal else None
    context = {
        "retention": retention,
        "disposal": disposal,
        "day": disposal_day(journey.ended_on, retention.months, told_on),
        "notice_days": NOTICE_DAYS,
        "export_url": reverse("records:export", args=[journey.client.public_id]),
    }
    return JourneySection("records/_journey_records.html", context, slot="ending")


def client_records_section(request: MemberRequest, client: Client) -> ClientSection:
    """The client page's way to a copy of the client's records and to erasing them, or why
    not this person. Two queries (one for an owner)."""
    context = {
        "client": client,
        "erasure": erased_on(client),
        "refusal": records_refusal(request, client),
    }
    return ClientSection("records/_client_records.html", context)


def retention_practice_section(request: MemberRequest) -> AccountSection | None:
    """The practice page's retention: owners set it there, coaches read it. One query."""
    if request.membership.role == Role.MENTOR:
        return None
    retention = retention_of(request.practice.pk)
    form = RetentionForm(initial={"months": retention.months, "version": retention.version})
    context = {"retention": retention, "form": form, "is_owner": request.membership.is_owner}
    return AccountSection("records/_practice_retention.html", context)
