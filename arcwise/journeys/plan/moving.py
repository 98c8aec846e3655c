"""Moving a running journey onto a newer published version of its design: the write, and the
step the move page takes from what a request carried."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.http import QueryDict

from arcwise.accounts.models import User
from arcwise.designs.models import DesignVersion
from arcwise.errors import DomainError
from arcwise.journeys.locking import lock_open_journey, since_you_looked
from arcwise.journeys.log import logged_reason
from arcwise.journeys.models import (
    Adaptation,
    AdaptationKind,
    Journey,
    JourneyStatus,
    PhaseRun,
    PlanStage,
    Session,
)
from arcwise.journeys.plan.forms import version_choice
from arcwise.journeys.plan.queries import (
    MovePage,
    check_newer,
    move_form,
    move_page,
    newer_versions,
    rebase_change,
)
from arcwise.journeys.plan.storage import (
    load_plan,
    open_run,
    phases_of,
    replanned,
    rotate,
    store_plan,
)
from arcwise.journeys.schedule import PlanDiff

# The log keeps a reason for every deviation; a move to a newer version of the design needs
# none from the coach, and the log says so rather than inventing one.
NO_REASON = "No reason given."


def journey_move_version(
    *,
    journey: Journey,
    version: DesignVersion,
    continue_at: str,
    reason: str,
    by: User,
    today: date,
    expected_revision: int,
) -> PlanDiff:
    """Move a running journey onto a newer version of its design.

    Its history stays: runs, sessions and adaptations so far are mapped to the new version's
    phases by key (a phase the new version lacks keeps its old name). The plan ahead comes
    from the new version, the move is logged as an adaptation (with `reason`, which may be
    empty), and held sessions never move.
    """
    reason = logged_reason(reason) if reason.strip() else NO_REASON
    with transaction.atomic():
        journey = lock_open_journey(journey, expected_revision)
        check_newer(journey, version)
        if journey.status == JourneyStatus.PAUSED:
            raise DomainError("The journey is paused. Resume it before moving it to a new version.")
        old = journey.design_version
        before = load_plan(journey)
        after = replanned(before, rebase_change(version, continue_at), today)
        new_phases = {p.key: p for p in phases_of(version)}
        for key, phase in new_phases.items():
            for model in (PhaseRun, Session, Adaptation, PlanStage):
                model.objects.filter(journey=journey, phase__version=old, phase__key=key).update(
                    phase=phase
                )
        run = open_run(journey)
        if run.phase.key != continue_at:
            run = rotate(journey, run, new_phases[continue_at], today)
        Journey.objects.filter(pk=journey.pk).update(design_version=version)
        journey.design_version = version
        diff = store_plan(journey, before, after, run)
        Adaptation.objects.create(
            journey=journey,
            kind=AdaptationKind.MOVE_VERSION,
            reason=reason,
            phase=new_phases[continue_at],
            detail=f"from version {old.number} to version {version.number}",
            on=today,
            created_by=by,
        )
    return diff


@dataclass(frozen=True)
class Moved:
    version: DesignVersion
    diff: PlanDiff

    @property
    def message(self) -> str:
        return f"The journey now runs on version {self.version.number}. {self.diff.summary()}"


@dataclass(frozen=True)
class NotMoved:
    """Back to the journey with this message: nothing was moved."""

    message: str
    repeat: bool = False  # a confirmation sent again: nothing went wrong


def version_move_step(
    *, journey: Journey, data: QueryDict, confirming: bool, by: User, today: date
) -> MovePage | Moved | NotMoved:
    """Where a request to the move page leads: the page (looking, or a form to put right),
    the move made, or back to the journey with why nothing moved.

    A confirmation sent again after the move finds no newer version, and says what changed
    since its page was made.
    """
    version = version_choice(newer_versions(journey), data.get("version"))
    if version is None:
        # Only a form made from an older revision was overtaken; one without any was not.
        if confirming and data.get("revision", str(journey.revision)) != str(journey.revision):
            return NotMoved(since_you_looked(journey), repeat=True)
        return NotMoved("This journey already runs on the newest published version.", repeat=True)
    form = move_form(journey, version, data, confirming=confirming)
    if not (confirming and form.is_valid()):
        return move_page(journey=journey, version=version, form=form, today=today)
    try:
        diff = journey_move_version(
            journey=journey,
            version=version,
            continue_at=form.cleaned_data["continue_at"],
            reason=form.cleaned_data["reason"],
            by=by,
            today=today,
            expected_revision=form.cleaned_data["revision"],
        )
    except DomainError as error:
        return NotMoved(error.message)
    return Moved(version, diff)
