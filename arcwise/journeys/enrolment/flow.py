"""Starting a journey, step by step and without JavaScript: the agreement, then a proposed
session plan the coach can change, then the start.

Every step posts the whole agreement again, so the flow keeps no state on the server between
pages. `next_step` decides, from the forms a request carried, which page comes next or
whether the journey has started; the view only parses the forms and shows what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING
from uuid import uuid4

from django.db.models import QuerySet
from django.http import QueryDict

from arcwise.accounts.models import Practice, User
from arcwise.clients.models import Client
from arcwise.designs.models import DesignVersion
from arcwise.errors import DomainError
from arcwise.journeys.enrolment import services
from arcwise.journeys.enrolment.forms import (
    MAX_PLANNED_SESSIONS,
    AgreementForm,
    PlanFormSet,
    PlanRowForm,
    StartForm,
)
from arcwise.journeys.errors import AlreadyStarted, OpenJourneyExists
from arcwise.journeys.models import DEFAULT_WEEKLY_MESSAGE_CAP, Journey
from arcwise.journeys.schedule import (
    PlanPhase,
    PlanProblem,
    plan_phase,
    planned_end,
    propose_sessions,
)

if TYPE_CHECKING:
    from django.forms import BaseFormSet

    PlanRows = BaseFormSet[PlanRowForm]


class Action(StrEnum):
    """The button that sent the form."""

    PROPOSE = "propose"  # "Propose a session plan", on the agreement page
    EDIT = "edit"  # "Change the agreement", back from the plan page
    START = "start"  # "Start the journey", on the plan page

    @classmethod
    def of(cls, value: str | None) -> Action:
        """The action a request names; anything else proposes a plan, which changes nothing."""
        try:
            return cls(value or cls.PROPOSE)
        except ValueError:
            return cls.PROPOSE


@dataclass(frozen=True)
class Enroller:
    """Who is starting the journey, and the clients they may start one for."""

    practice: Practice
    coach: User
    clients: QuerySet[Client]  # already scoped to the coach's practice
    time_zone: str  # the coach's: the plan's days and times are theirs


@dataclass(frozen=True)
class Sent:
    """What one request carried, parsed: the agreement always; the plan and the start form
    (bound to the same data) matter only when the coach pressed "Start the journey"."""

    action: Action
    agreement: AgreementForm
    plan: PlanRows
    start: StartForm


@dataclass(frozen=True)
class AgreementStep:
    """Show the agreement form (again), with its errors if any."""

    form: AgreementForm
    status: int = 200


@dataclass(frozen=True)
class PlanRow:
    """One session of the plan page: its form, its phase by name, and its day if known."""

    form: PlanRowForm
    phase_name: str
    day: date | None


@dataclass(frozen=True)
class PlanStep:
    """Show the proposed (or resent) plan, to change and start."""

    form: AgreementForm
    version: DesignVersion
    client: Client
    cadence_days: int
    cadence_from_design: bool
    planned_end: date
    plan: PlanRows
    rows: list[PlanRow]
    start_form: StartForm
    open_journey: Journey | None
    status: int = 200


@dataclass(frozen=True)
class Started:
    """The journey is running: either this request started it, or the same plan page had
    already started it (`repeat`) and nothing new was made."""

    journey: Journey
    message: str
    repeat: bool = False


Step = AgreementStep | PlanStep | Started


@dataclass(frozen=True)
class _Terms:
    """The agreement resolved against its design: what the form left to the design filled in."""

    client: Client
    version: DesignVersion
    phases: list[PlanPhase]
    cadence_days: int
    cadence_from_design: bool
    planned_end: date


def next_step(enroller: Enroller, sent: Sent) -> Step:
    """Where a POST of the enrolment flow leads.

    An invalid agreement, or "Change the agreement", goes back to the agreement; "Start the
    journey" with a valid plan starts it (once, however often the same page is sent);
    anything else proposes a plan from the design.
    """
    form = sent.agreement
    if not form.is_valid() or sent.action == Action.EDIT:
        return AgreementStep(form, status=400 if form.errors else 200)
    terms = _terms(enroller, form)
    if sent.action == Action.START:
        return _start(enroller, sent, terms)
    return _propose(enroller, form, terms)


def _terms(enroller: Enroller, form: AgreementForm) -> _Terms:
    data = form.cleaned_data
    # Both are choices of the form, made from the coach's own practice: a valid form names
    # rows that exist.
    version = DesignVersion.objects.get(pk=data["design_version"])
    client = enroller.clients.get(public_id=data["client"])
    phases = [plan_phase(phase) for phase in version.phases.order_by("position")]
    cadence = data["cadence_days"]
    return _Terms(
        client=client,
        version=version,
        phases=phases,
        cadence_days=cadence or version.cadence_days,
        cadence_from_design=cadence is None,
        planned_end=data["planned_end"] or planned_end(data["start_date"], phases),
    )


def _propose(enroller: Enroller, form: AgreementForm, terms: _Terms) -> Step:
    data = form.cleaned_data
    try:
        proposal = propose_sessions(
            data["start_date"], terms.phases, cadence_days=terms.cadence_days
        )
    except PlanProblem as problem:
        form.add_error(None, f"{problem} Change the design's plan, then try again.")
        return AgreementStep(form, status=400)
    if len(proposal) > MAX_PLANNED_SESSIONS:
        form.add_error(
            None,
            f"This design plans {len(proposal)} sessions; a journey holds at most "
            f"{MAX_PLANNED_SESSIONS}. Plan fewer sessions in the design, then try again.",
        )
        return AgreementStep(form, status=400)
    plan = plan_formset(
        enroller,
        initial=[
            {"phase_key": s.phase_key, "day": s.on, "at": data["session_time"]} for s in proposal
        ],
    )
    # Made once, as the plan page renders: every "Start the journey" sent from this page
    # carries it, so the second of a double click starts nothing.
    start_form = StartForm(initial={"start_token": uuid4()})
    return _plan_step(form, terms, plan, start_form)


def plan_formset(
    enroller: Enroller,
    data: QueryDict | None = None,
    initial: list[dict[str, object]] | None = None,
) -> PlanRows:
    """The plan page's sessions: proposed (`initial`) or as sent back (`data`)."""
    return PlanFormSet(
        data, prefix="plan", initial=initial, form_kwargs={"time_zone": enroller.time_zone}
    )


def _start(enroller: Enroller, sent: Sent, terms: _Terms) -> Step:
    form, plan, start_form = sent.agreement, sent.plan, sent.start
    plan_ok = plan.is_valid()
    if not start_form.is_valid():
        # A plan page from before tokens existed, or a token tampered with: ask again with
        # a fresh one; nothing has started.
        form.add_error(None, "This plan page is out of date. Check it and start again.")
        return _plan_step(form, terms, plan, StartForm(initial={"start_token": uuid4()}), 400)
    if not plan_ok:
        return _plan_step(form, terms, plan, start_form, 400)
    data = form.cleaned_data
    agreement = services.Agreement(
        goals=data["goals"],
        start_date=data["start_date"],
        planned_end=terms.planned_end,
        cadence_days=terms.cadence_days,
        session_minutes=data["session_minutes"],
        confidentiality=data["confidentiality"],
        pulse_scales=data["pulse_scales"],
        weekly_message_cap=data["weekly_message_cap"] or DEFAULT_WEEKLY_MESSAGE_CAP,
        fee_basis=data["fee_basis"],
    )
    sessions = [
        services.PlannedSessionInput(row.cleaned_data["phase_key"], row.cleaned_data["starts_at"])
        for row in plan.forms
    ]
    try:
        journey = services.journey_enrol(
            practice=enroller.practice,
            coach=enroller.coach,
            client=terms.client,
            design_version=terms.version,
            agreement=agreement,
            plan=sessions,
            start_token=start_form.cleaned_data["start_token"],
            another_open_confirmed=start_form.cleaned_data["another_open_confirmed"],
        )
    except AlreadyStarted as repeat:
        return Started(repeat.journey, repeat.message, repeat=True)
    except OpenJourneyExists as refusal:
        start_form.add_error(
            "another_open_confirmed",
            "Tick this box to start a second journey, or keep the one that is running.",
        )
        return _plan_step(form, terms, plan, start_form, 400, open_journey=refusal.journey)
    except DomainError as error:
        form.add_error(None, error.message)
        return _plan_step(form, terms, plan, start_form, 400)
    return Started(journey, f"{terms.client.name}'s journey has started.")


def _plan_step(
    form: AgreementForm,
    terms: _Terms,
    plan: PlanRows,
    start_form: StartForm,
    status: int = 200,
    *,
    open_journey: Journey | None = None,
) -> PlanStep:
    names = {phase.key: phase.name for phase in terms.phases}
    rows = [PlanRow(row, names.get(_phase_key(row), ""), _day(row)) for row in plan.forms]
    return PlanStep(
        form=form,
        version=terms.version,
        client=terms.client,
        cadence_days=terms.cadence_days,
        cadence_from_design=terms.cadence_from_design,
        planned_end=terms.planned_end,
        plan=plan,
        rows=rows,
        start_form=start_form,
        # Asked before the coach presses start, not only after a refusal.
        open_journey=open_journey or services.open_journey_of(terms.client),
        status=status,
    )


def _phase_key(row: PlanRowForm) -> str:
    return str(row["phase_key"].value() or "")


def _day(row: PlanRowForm) -> date | None:
    """The row's day as the page shows it: as proposed, or as sent if it is a valid date."""
    if not row.is_bound:
        value = row.initial.get("day")
    else:
        # Reading `errors` cleans the row once; `cleaned_data` then holds its valid fields.
        value = None if "day" in row.errors else row.cleaned_data.get("day")
    return value if isinstance(value, date) else None
