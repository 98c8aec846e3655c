"""Reads of a journey's intake: for the client's pages, the coach's journey page and prep,
and the card on the portal's home. Each costs a fixed number of queries, however many
questions or answers there are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from django.http import Http404

from arcwise.clients.models import Client
from arcwise.designs.intake_spec import IntakeQuestion
from arcwise.designs.queries import version_intake
from arcwise.intake.answers import AnsweredQuestion, answered
from arcwise.intake.models import Intake, IntakeAnswer
from arcwise.journeys.hooks import JourneySection, Page
from arcwise.journeys.models import OPEN_STATUSES, Journey

if TYPE_CHECKING:
    from arcwise.journeys.pages.state import JourneyState


@dataclass(frozen=True)
class IntakeView:
    """A journey's questions, where its answers stand, and each question with its answer."""

    journey: Journey
    questions: tuple[IntakeQuestion, ...]
    intake: Intake | None
    answers: dict[str, str]

    @property
    def rows(self) -> list[AnsweredQuestion]:
        return answered(self.questions, self.answers)

    @property
    def revision(self) -> int:
        return self.intake.revision if self.intake else 0

    @property
    def sent_at(self) -> datetime | None:
        return self.intake.submitted_at if self.intake else None

    @property
    def status(self) -> str:
        """“Not answered yet”, “Saved part-way” or “Sent”: the page adds the sent day."""
        if self.intake is None:
            return "Not answered yet"
        return "Sent" if self.intake.is_submitted() else "Saved part-way"

    @property
    def prefilled(self) -> list[str]:
        """What sending filled in, in words, for the coach and the client to see."""
        if self.intake is None or not self.intake.is_submitted():
            return []
        said = []
        goals = self.intake.prefilled_goals
        if goals:
            said.append(f"{goals} goal{'s' if goals != 1 else ''}, in the client's words")
        said += [f"the starting rating of “{area}”" for area in self.intake.prefilled_areas]
        return said


def intake_view_of(journey: Journey) -> IntakeView:
    """The intake of `journey` (its design version already loaded): two queries."""
    intake = Intake.objects.filter(journey_id=journey.pk).first()
    answers = dict(
        IntakeAnswer.objects.filter(journey_id=journey.pk).values_list("question_key", "answer")
    )
    return IntakeView(journey, version_intake(journey.design_version), intake, answers)


def intake_journey_for(client: Client, journey_id: UUID) -> Journey:
    """One of this client's open journeys whose design asks an intake; 404 for anything
    else (another client's journey, an ended one, a design that asks nothing)."""
    journey = (
        Journey.objects.select_related("design_version", "client")
        .filter(public_id=journey_id, client=client, status__in=OPEN_STATUSES)
        .first()
    )
    if journey is None or not journey.design_version.intake:
        raise Http404("No intake here")
    return journey


@dataclass(frozen=True)
class IntakeCard:
    journey: Journey
    intake: Intake | None


def intake_cards_for(client: Client) -> list[IntakeCard]:
    """The intakes waiting for the client on their portal's home, one query: each open
    journey whose design asks questions and whose answers are not sent yet."""
    journeys = (
        Journey.objects.filter(client=client, status__in=OPEN_STATUSES)
        .select_related("design_version", "intake")
        .order_by("start_date", "pk")
    )
    cards = []
    for journey in journeys:
        intake = getattr(journey, "intake", None)
        if journey.design_version.intake and not (intake and intake.is_submitted()):
            cards.append(IntakeCard(journey, intake))
    return cards


def intake_section(state: JourneyState, page: Page) -> JourneySection | None:
    """The client's intake answers: a section of the journey page, and the head of prep
    while the first session is still ahead (no session held yet). Two queries."""
    journey = state.journey
    if not journey.design_version.intake:
        return None
    if page == "prep" and state.held_count > 0:
        return None
    view = intake_view_of(journey)
    context = {"intake": view, "page": page}
    if page == "prep":
        return JourneySection("intake/_section.html", context, slot="head")
    return JourneySection("intake/_section.html", context)
