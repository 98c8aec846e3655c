"""The order of the closing review's steps, and its loose ends: what a journey must not
leave behind when it closes (past sessions still planned, open experiments, open threads)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from arcwise.journeys.models import (
    Experiment,
    ExperimentStatus,
    Journey,
    Session,
    SessionStatus,
    Thread,
)
from arcwise.outcomes.models import ReviewKind, ReviewStep

FULL_STEPS = (
    ReviewStep.LOOSE_ENDS,
    ReviewStep.RATINGS,
    ReviewStep.SHIFTED,
    ReviewStep.FORWARD,
    ReviewStep.CLOSE,
)
# Ending early keeps what matters and asks for no measures it may not have.
SHORT_STEPS = (ReviewStep.LOOSE_ENDS, ReviewStep.SHIFTED, ReviewStep.CLOSE)


def steps_of(kind: ReviewKind) -> tuple[ReviewStep, ...]:
    return FULL_STEPS if kind == ReviewKind.FULL else SHORT_STEPS


@dataclass(frozen=True)
class LooseEnds:
    sessions: list[Session]
    experiments: list[Experiment]
    threads: list[Thread]

    def count(self) -> int:
        return len(self.sessions) + len(self.experiments) + len(self.threads)


def loose_ends_of(journey: Journey) -> LooseEnds:
    """Three queries: every session that began and is still planned, every open experiment,
    every open thread, oldest first."""
    return LooseEnds(
        sessions=list(
            Session.objects.select_related("phase")
            .filter(journey=journey, status=SessionStatus.PLANNED, starts_at__lte=timezone.now())
            .order_by("starts_at")
        ),
        experiments=list(
            Experiment.objects.filter(journey=journey, status=ExperimentStatus.OPEN).order_by(
                "by_when", "pk"
            )
        ),
        threads=list(
            Thread.objects.filter(journey=journey, closed_at=None).order_by("opened_at", "pk")
        ),
    )
