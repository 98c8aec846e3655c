"""Reads for changing the plan: what a change would do to it, as the preview shows it, and
the page that moves a journey to a newer version of its design."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from django.http import QueryDict

from arcwise.designs.diff import DesignDiff, compare_designs
from arcwise.designs.models import DesignVersion, Phase
from arcwise.designs.queries import version_spec
from arcwise.errors import DomainError
from arcwise.journeys import schedule
from arcwise.journeys.models import Journey
from arcwise.journeys.pages.state import JourneyState
from arcwise.journeys.plan.forms import MoveVersionForm
from arcwise.journeys.plan.storage import load_plan, phases_of, replanned
from arcwise.journeys.schedule import PlanDiff, PlanSession, format_day


def plan_preview(*, journey: Journey, change: schedule.Change, today: date) -> PlanDiff:
    """What `change` would do to the plan today, without changing anything.

    A pause moves the planned end only when the journey resumes: its preview gives the end
    as it will be if the journey resumes on the expected day.
    """
    before = load_plan(journey)
    after = replanned(before, change, today)
    diff = schedule.compare(before, after)
    if isinstance(change, schedule.Pause):
        back = replanned(after, schedule.Resume(paused_on=today), change.until)
        diff = replace(diff, end_after=back.planned_end)
    return diff


def preview_summary(diff: PlanDiff, change: schedule.Change) -> str:
    """The preview's one line: what happens to the sessions and to the planned end."""
    if isinstance(change, schedule.Pause) and diff.end_after != diff.end_before:
        return f"{diff.summary()[:-1]}, if the journey resumes on {format_day(change.until)}."
    return diff.summary()


def moved_by(days: int) -> str:
    """“3 days”, “1 week”, “2 weeks”: how far a session moves, in days unless whole weeks."""
    weeks, rest = divmod(abs(days), 7)
    if weeks and not rest:
        return f"{weeks} week{'s' if weeks != 1 else ''}"
    return f"{abs(days)} day{'s' if abs(days) != 1 else ''}"


@dataclass(frozen=True)
class PreviewRow:
    """One session an adaptation would change, as the preview shows it."""

    before: PlanSession | None
    after: PlanSession | None
    phase_before: str
    phase_after: str
    what: str


def preview_rows(names: dict[str, str], diff: PlanDiff) -> list[PreviewRow]:
    """The preview's table: each changed session, before and after, with what happens to it.

    `names` gives each phase key its name (of the new version, when the design changes).
    """
    rows = []
    for change in diff.changes:
        before, after = change.before, change.after
        phase_before = names.get(before.phase_key, "") if before else ""
        phase_after = names.get(after.phase_key, "") if after else ""
        what = {
            "added": "added",
            "removed": "dropped",
            "suspended": "suspended while paused",
            "cancelled": "cancelled",
            "back": "back in the plan",
        }.get(change.kind, "")
        days = (after.on - before.on).days if before and after else 0
        if change.kind in ("moved", "back") and days:
            span = f"{moved_by(days)} {'later' if days > 0 else 'earlier'}"
            what = f"{what + ', ' if what else ''}{span}"
        if before and after and before.phase_key != after.phase_key:
            what = f"{what + '; ' if what else ''}now in {phase_after}"
        rows.append(PreviewRow(before, after, phase_before, phase_after, what))
    return rows


# --- Moving to a newer version of the design ------------------------------------------------


def newer_versions(journey: Journey) -> list[DesignVersion]:
    """Published versions of the journey's design newer than the one it runs on, newest first."""
    return list(
        DesignVersion.objects.filter(
            design_id=journey.design_version.design_id,
            published_at__isnull=False,
            number__gt=journey.design_version.number,
        ).order_by("-number")
    )


def check_newer(journey: Journey, version: DesignVersion) -> None:
    if (
        version.design_id != journey.design_version.design_id
        or version.is_draft()
        or version.number <= journey.design_version.number
    ):
        raise DomainError("Choose a published version of this design, newer than this journey's.")


def rebase_change(version: DesignVersion, continue_at: str) -> schedule.Rebase:
    """The planner's change for a move to `version`, going on in the phase `continue_at`."""
    return schedule.Rebase(tuple(schedule.plan_phase(p) for p in phases_of(version)), continue_at)


def version_move_preview(
    *, journey: Journey, version: DesignVersion, continue_at: str, today: date
) -> PlanDiff:
    """What moving to `version` would do to the plan, without changing anything."""
    check_newer(journey, version)
    return plan_preview(journey=journey, change=rebase_change(version, continue_at), today=today)


def move_form(
    journey: Journey, version: DesignVersion, data: QueryDict, *, confirming: bool
) -> MoveVersionForm:
    """The move page's form: bound once a phase to continue in is chosen (or confirmed).

    Before the coach chooses, it goes on in the phase the journey is in, if the new version
    still has it.
    """
    phases = list(version.phases.order_by("position"))
    current = JourneyState.of(journey).current_phase
    initial: dict[str, int | str] = {"version": version.number, "revision": journey.revision}
    if current and any(p.key == current.key for p in phases):
        initial["continue_at"] = current.key
    values = data.dict() if confirming else {**initial, **data.dict()}
    bound = "continue_at" in data
    return MoveVersionForm(values if bound else None, phases=phases, initial=initial)


@dataclass(frozen=True)
class MovePage:
    """The design's changes and, once a phase to continue in is chosen, the plan's."""

    state: JourneyState
    version: DesignVersion
    form: MoveVersionForm
    design_diff: DesignDiff
    diff: PlanDiff | None
    rows: list[PreviewRow]
    status: int

    def context(self) -> dict[str, object]:
        return {
            "version": self.version,
            "form": self.form,
            "design_diff": self.design_diff,
            "diff": self.diff,
            "rows": self.rows,
        }


def move_page(
    *, journey: Journey, version: DesignVersion, form: MoveVersionForm, today: date
) -> MovePage:
    """The move page for `form`. A form with a problem still shows what the move would do,
    when its phase to continue in is valid, so the field with the problem is on the page."""
    state = JourneyState.of(journey)
    phases: list[Phase] = list(version.phases.order_by("position"))
    design_diff = compare_designs(
        version_spec(journey.design_version, state.phases), version_spec(version, phases)
    )
    status = 400 if form.is_bound and not form.is_valid() else 200
    diff = None
    continue_at = form.cleaned_data.get("continue_at") if form.is_bound else None
    if continue_at:
        try:
            diff = version_move_preview(
                journey=journey, version=version, continue_at=continue_at, today=today
            )
        except DomainError as error:
            form.add_error(None, error.message)
    names = {**state.phase_names, **{p.key: p.name for p in phases}}
    rows = preview_rows(names, diff) if diff else []
    return MovePage(state, version, form, design_diff, diff, rows, status)
