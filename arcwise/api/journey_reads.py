"""What every journey endpoint shares: who may use which paths, the owner's coach filter
checked as the API must check it (a refusal, not a silent fallback), a page of journey rows
that costs the same queries however many rows, and how a service's refusal is answered.
Lists are paged by arcwise/api/paging.py and refuse in the one error body (problems.py),
as every list of the API does.

Reads go through the pages' own scoping (arcwise/journeys/pages/access.py and
arcwise/accounts/coach_filter.py): a request signed in by a token looks to them exactly as
a page's request does (arcwise/api/auth.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Generic, TypeVar
from uuid import UUID

from django import forms
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from ninja.errors import HttpError

from arcwise.accounts.coach_filter import CoachFilter, coach_filter_for
from arcwise.accounts.http import MemberRequest
from arcwise.api.access import coaches_only
from arcwise.api.auth import bearer
from arcwise.api.problems import Refused, form_refused
from arcwise.errors import DomainError
from arcwise.insights.momentum.states import Momentum
from arcwise.insights.momentum.thresholds import Thresholds
from arcwise.insights.momentum_facts import momentum_for
from arcwise.journeys.errors import AlreadyChanged, JourneyEnded, StaleRecord
from arcwise.journeys.models import Journey, PhaseRun
from arcwise.journeys.pages.access import get_journey_for


def member(request: Any) -> MemberRequest:
    """The request as the pages' scoping functions take it (BearerToken set it up so)."""
    return request


def role_only(request: Any, role: str, refusal: str) -> MemberRequest:
    asking = member(request)
    if asking.membership.role != role:
        raise HttpError(403, refusal)
    return asking


def coach_journey(request: Any, journey_id: UUID) -> Journey:
    """One of the token's person's own journeys, fully loaded; 404 for anyone else's, as
    the journey page answers (an owner too opens only their own)."""
    return get_journey_for(coaches_only(request), journey_id)


def writer(request: Any) -> MemberRequest:
    """A token that may change things; a read-only token's write is refused."""
    asking = coaches_only(request)
    if not bearer(asking).token.can_write:
        raise HttpError(403, "This token may only read. Make a read-write token to change things.")
    return asking


def refused_field(field: str, message: str) -> Refused:
    return Refused(422, "Some of what was sent cannot be used.", {field: message})


def coaches_asked(request: MemberRequest, coach: str | None) -> CoachFilter | None:
    """The owner's `coach` filter, as the caseload reads it: a membership's id or "all".
    A coach's token lists their own journeys; a value naming anyone else is refused rather
    than ignored, so that a tool never takes one coach's list for another's."""
    if not coach:
        return None
    if not request.membership.is_owner:
        if coach == str(request.membership.public_id):
            return None
        raise refused_field(
            "coach",
            "Only the practice's owner may list another coach's journeys; "
            "leave out “coach” to list your own.",
        )
    chosen = coach_filter_for(request, {"coach": coach})
    assert chosen.form is not None
    if chosen.form.errors:
        raise refused_field(
            "coach", f"No coach of this practice is “{coach}”: send a coach's member id or “all”."
        )
    return chosen


def thresholds_of(request: MemberRequest) -> Thresholds:
    return Thresholds.from_overrides(request.practice.momentum_thresholds or {})


R = TypeVar("R")


class JourneyRows(Generic[R]):
    """A list's journeys, made into rows only for the page asked for: the page's rows, their
    open phase run and their momentum in a fixed number of queries (one, one and seven),
    and one more to count them all (ninja's pagination slices this and asks its length)."""

    def __init__(
        self,
        journeys: QuerySet[Journey],
        make: Callable[[Journey, Momentum | None], R],
        *,
        thresholds: Thresholds,
        now: datetime | None = None,
    ) -> None:
        self.journeys = journeys
        self.make = make
        self.thresholds = thresholds
        self.now = now or timezone.now()

    def __len__(self) -> int:
        return self.journeys.count()

    def __getitem__(self, part: slice) -> list[R]:
        page = list(
            self.journeys.select_related("client", "coach", "design_version__design")
            .prefetch_related(
                Prefetch(
                    "phase_runs",
                    queryset=PhaseRun.objects.filter(left_on=None).select_related("phase"),
                    to_attr="open_runs",
                )
            )
            .defer("goals", "confidentiality", "what_shifted")[part]
        )
        judged = momentum_for([j.pk for j in page], self.now, self.thresholds) if page else {}
        return [self.make(journey, judged.get(journey.pk)) for journey in page]


def answer_refusal(error: DomainError) -> HttpError | DomainError:
    """What a service's refusal becomes: a change made from a state that no longer holds (a
    repeat, a stale version, an ended journey) is 409 with the service's own words; any
    other refusal stays a DomainError (422, naming the field)."""
    if isinstance(error, AlreadyChanged | StaleRecord | JourneyEnded):
        return HttpError(409, error.message)
    return error


def checked(form: forms.Form) -> dict[str, Any]:
    """The form's cleaned data, checked by the rules the page's own form keeps (text limits,
    no bidirectional controls); else 422 naming each field."""
    if form.is_valid():
        return form.cleaned_data
    raise form_refused(form)
