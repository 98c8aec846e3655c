"""Reads that find journeys for the signed-in coach: one journey fully loaded (404 for anyone
else's), its sessions, experiments and threads, and the lists. Each costs a fixed number of
queries, however many sessions, experiments or journeys there are."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from arcwise.accounts.coach_filter import CoachFilter
from arcwise.accounts.http import MemberRequest
from arcwise.accounts.tenancy import scoped
from arcwise.clients.models import Client
from arcwise.clients.sections import ClientSection
from arcwise.designs.models import DesignVersion, Phase
from arcwise.journeys.models import (
    ENDED_STATUSES,
    OPEN_STATUSES,
    Adaptation,
    Experiment,
    Journey,
    PhaseRun,
    PlanStage,
    PulseAnswer,
    Session,
    Thread,
)


def _own_journeys(request: MemberRequest) -> QuerySet[Journey]:
    # Journeys hold session notes: only the coach running a journey sees it.
    return scoped(Journey, request).filter(coach=request.user)


# A session's texts, encrypted at rest: decrypted as each row loads, so a page that shows
# none of them (the journey page) or only the last held session's (prep) leaves them unread.
SESSION_TEXTS = ("notes", "key_insights", "agreements")


def _with_everything(
    journeys: QuerySet[Journey], unread: tuple[str, ...] = ()
) -> QuerySet[Journey]:
    newest = (
        DesignVersion.objects.filter(
            design=OuterRef("design_version__design"), published_at__isnull=False
        )
        .order_by("-number")
        .values("number")[:1]
    )
    return (
        journeys.select_related("client", "design_version", "design_version__design")
        .annotate(newest_published=Subquery(newest))
        .prefetch_related(
            Prefetch("design_version__phases", queryset=Phase.objects.order_by("position")),
            # Each with its phase joined: after a move to a newer version of the design, history
            # can name a phase the current version no longer has.
            Prefetch(
                "phase_runs", queryset=PhaseRun.objects.select_related("phase").order_by("sequence")
            ),
            Prefetch("plan_stages", queryset=PlanStage.objects.order_by("position")),
            # By time, then by creation, so sessions at the same moment keep one order and the
            # session page's previous and next links never skip or repeat one.
            Prefetch(
                "sessions",
                queryset=Session.objects.select_related("phase")
                .defer(*unread)
                .order_by("starts_at", "pk"),
            ),
            Prefetch(
                "adaptations",
                queryset=Adaptation.objects.select_related("phase").order_by("on", "created_at"),
            ),
            Prefetch("experiments", queryset=Experiment.objects.order_by("by_when", "created_at")),
            Prefetch("threads", queryset=Thread.objects.order_by("opened_at", "pk")),
            Prefetch("pulse_answers", queryset=PulseAnswer.objects.order_by("week_of")),
        )
    )


def get_journey_for(
    request: MemberRequest, journey_id: UUID, *, unread: tuple[str, ...] = ()
) -> Journey:
    """One of the signed-in coach's journeys, fully loaded but for the sessions' `unread`
    texts (of SESSION_TEXTS), which the page must then not show; 404 for anyone else's."""
    journey = _with_everything(_own_journeys(request), unread).filter(public_id=journey_id).first()
    if journey is None:
        raise Http404("No such journey")
    return journey


def get_session_for(request: MemberRequest, journey: Journey, session_id: UUID) -> Session:
    session = next((s for s in journey.sessions.all() if s.public_id == session_id), None)
    if session is None:
        raise Http404("No such session")
    session.journey = journey  # already loaded; saves a query in services
    return session


def get_experiment_for(journey: Journey, experiment_id: UUID) -> Experiment:
    experiment = next((e for e in journey.experiments.all() if e.public_id == experiment_id), None)
    if experiment is None:
        raise Http404("No such experiment")
    return experiment


def get_thread_for(journey: Journey, thread_id: UUID) -> Thread:
    thread = next((t for t in journey.threads.all() if t.public_id == thread_id), None)
    if thread is None:
        raise Http404("No such thread")
    return thread


def coaches_journeys(request: MemberRequest, coaches: CoachFilter | None) -> QuerySet[Journey]:
    """The journeys of the coaches `coaches` names (the signed-in coach's own without one).

    Only lists read this: a row of another coach's journey shows what the client page shows
    of it (client, design, dates, status, momentum), never links to the journey itself.
    """
    if coaches is None or coaches.coach_ids == {request.user.pk}:
        return _own_journeys(request)
    if not request.membership.is_owner:  # a filter made for someone else never widens
        return _own_journeys(request)
    journeys = scoped(Journey, request)
    if coaches.coach_ids is None:
        return journeys
    return journeys.filter(coach_id__in=coaches.coach_ids)


def caseload_for(request: MemberRequest, coaches: CoachFilter | None = None) -> QuerySet[Journey]:
    """The coach's open journeys (paused and closing ones too), unloaded: the caseload reads
    what it shows of them in a fixed number of queries (insights/caseload.py). An owner's
    `coaches` filter may show other coaches' journeys or every coach's."""
    return coaches_journeys(request, coaches).filter(status__in=OPEN_STATUSES)


@dataclass(frozen=True)
class JourneyList:
    journeys: list[Journey]
    ended: bool  # showing the closed and ended journeys, not the open ones
    open_count: int
    ended_count: int


def journeys_for(
    request: MemberRequest, *, ended: bool = False, coaches: CoachFilter | None = None
) -> JourneyList:
    """The coach's open journeys, newest first; with `ended`, the closed and ended ones,
    most recently ended first; an owner's `coaches` filter may show other coaches'. Two
    queries, however many journeys."""
    own = coaches_journeys(request, coaches)
    counts = own.aggregate(
        everything=Count("pk"), ended=Count("pk", filter=Q(status__in=ENDED_STATUSES))
    )
    if ended:
        rows = own.filter(status__in=ENDED_STATUSES).order_by("-ended_on", "-created_at")
    else:
        rows = own.exclude(status__in=ENDED_STATUSES).order_by("-start_date", "-created_at")
    return JourneyList(
        journeys=list(rows.select_related("client", "design_version", "coach")),
        ended=ended,
        open_count=counts["everything"] - counts["ended"],
        ended_count=counts["ended"],
    )


def client_journeys_section(request: MemberRequest, client: Client) -> ClientSection:
    """The client page's list of the client's journeys with any coach of the practice.

    Every coach sees that a journey exists (status, design, dates, whose it is); only its
    own coach gets the link, since a journey holds session notes. One query.
    """
    journeys = list(
        scoped(Journey, request)
        .filter(client=client)
        .select_related("design_version", "coach")
        .order_by("-start_date", "-created_at")
    )
    return ClientSection(
        "journeys/_client_journeys.html", {"journeys": journeys, "viewer_id": request.user.pk}
    )
