"""Reads for design pages, each a fixed number of queries however many versions or phases."""

from __future__ import annotations

from dataclasses import dataclass, replace
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.models import Role
from arcwise.accounts.tenancy import get_scoped_or_404, scoped
from arcwise.designs.intake_spec import IntakeQuestion, question_from_record
from arcwise.designs.models import Design, DesignVersion, Phase, Visibility
from arcwise.designs.spec import CycleStep, DesignSpec, PhaseSpec, Practice, ReflectionPrompt


def phase_spec(phase: Phase) -> PhaseSpec:
    return PhaseSpec(
        key=phase.key,
        name=phase.name,
        intent=phase.intent,
        client_intent=phase.client_intent,
        planned_weeks=phase.planned_weeks,
        planned_sessions=phase.planned_sessions,
        readiness_signals=tuple(phase.readiness_signals),
        session_prompts=tuple(phase.session_prompts),
        practices=tuple(
            Practice(title=item["title"], description=item.get("description", ""))
            for item in phase.practices
        ),
        reflection_prompts=tuple(
            ReflectionPrompt(step=CycleStep(item["step"]), text=item["text"])
            for item in phase.reflection_prompts
        ),
    )


def version_intake(version: DesignVersion) -> tuple[IntakeQuestion, ...]:
    """The version's intake questions, in order (none when the design asks nothing)."""
    return tuple(question_from_record(record) for record in version.intake)


def version_spec(version: DesignVersion, phases: list[Phase] | None = None) -> DesignSpec:
    """A version as plain data. Pass `phases` when they are already loaded."""
    if phases is None:
        phases = list(Phase.objects.filter(version=version).order_by("position"))
    return DesignSpec(
        name=version.name,
        purpose=version.purpose,
        audience=version.audience,
        cadence_days=version.cadence_days,
        pulse_scales=tuple(version.pulse_scales),
        wheel_areas=tuple(version.wheel_areas),
        intake=version_intake(version),
        phases=tuple(phase_spec(phase) for phase in phases),
    )


def _visible(request: MemberRequest) -> QuerySet[Design]:
    return scoped(Design, request).filter(Q(owner=request.user) | Q(visibility=Visibility.PRACTICE))


def get_design_for(request: MemberRequest, design_id: UUID) -> Design:
    """A design the member may see: their own, or one shared with the practice; else 404."""
    return get_scoped_or_404(
        _visible(request).select_related("owner"), request, public_id=design_id
    )


def may_edit(request: MemberRequest, design: Design) -> bool:
    """The design's owner edits it; the practice owner may too, to look after shared work."""
    return design.owner_id == request.user.pk or request.membership.role == Role.OWNER


@dataclass(frozen=True)
class DesignRow:
    design: Design
    current: DesignVersion | None
    draft: DesignVersion | None

    @property
    def title(self) -> str:
        shown = self.current or self.draft
        return shown.name if shown else "Untitled design"


def design_list_for(request: MemberRequest) -> list[DesignRow]:
    """The designs a member sees, with each one's published and draft versions."""
    designs = (
        _visible(request)
        .select_related("owner")
        .prefetch_related(Prefetch("versions", queryset=DesignVersion.objects.order_by("number")))
    )
    rows = []
    for design in designs:
        versions = list(design.versions.all())
        published = [version for version in versions if not version.is_draft()]
        drafts = [version for version in versions if version.is_draft()]
        rows.append(
            DesignRow(
                design=design,
                current=published[-1] if published else None,
                draft=drafts[0] if drafts else None,
            )
        )
    return sorted(rows, key=lambda row: row.title.lower())


@dataclass(frozen=True)
class DesignPage:
    design: Design
    versions: list[DesignVersion]
    shown: DesignVersion
    phases: list[Phase]
    current: DesignVersion | None
    draft: DesignVersion | None

    @property
    def spec(self) -> DesignSpec:
        return version_spec(self.shown, self.phases)


def design_page(
    design: Design, number: int | None = None, *, prefer_draft: bool = False
) -> DesignPage:
    """One version of a design with its phases, and the list of all versions.

    Without a number it shows the current published version, or the draft when asked for or
    when nothing is published yet.
    """
    versions = list(DesignVersion.objects.filter(design=design).order_by("number"))
    published = [version for version in versions if not version.is_draft()]
    drafts = [version for version in versions if version.is_draft()]
    current = published[-1] if published else None
    draft = drafts[0] if drafts else None
    if number is not None:
        shown = next((version for version in versions if version.number == number), None)
    elif prefer_draft and draft is not None:
        shown = draft
    else:
        shown = current or draft
    if shown is None:
        raise Http404("No such version")
    phases = list(Phase.objects.filter(version=shown).order_by("position"))
    return DesignPage(design, versions, shown, phases, current, draft)


def current_draft(design: Design) -> DesignVersion | None:
    return DesignVersion.objects.filter(design=design, published_at=None).first()


def get_version(design: Design, version_id: UUID) -> DesignVersion | None:
    """The version of `design` a page was made for, if it still exists (drafts get discarded)."""
    return DesignVersion.objects.filter(design=design, public_id=version_id).first()


def get_design_phase(design: Design, phase_id: UUID) -> Phase | None:
    """A phase of any version of `design`, if it still exists (phases get removed)."""
    return (
        Phase.objects.select_related("version")
        .filter(version__design=design, public_id=phase_id)
        .first()
    )


def get_draft_phase(draft: DesignVersion, phase_id: UUID) -> Phase | None:
    """A phase of `draft`, if it is still there, holding the draft as the page knew it."""
    phase = Phase.objects.filter(version=draft, public_id=phase_id).first()
    if phase is not None:
        phase.version = draft
    return phase


def saved_phase(phase: Phase) -> Phase:
    """The phase as it is saved now (another tab may have changed it), with its version."""
    return Phase.objects.select_related("version").get(pk=phase.pk)


def design_exists(design: Design) -> bool:
    """Whether the design is still there: discarding its only draft deletes it."""
    return Design.objects.filter(pk=design.pk).exists()


def draft_with_typed_phase(
    design: Design, *, phase_id: str, name: str, weeks: int | None, sessions: int | None
) -> DesignSpec | None:
    """The draft as it would be with the phase being typed (or a new one) in place, to
    preview its arc before it is saved; None when there is no draft any more.

    A half-typed phase still previews: what is not typed yet falls back to what is saved,
    and a new phase joins the arc once it has both its weeks and its sessions.
    """
    page = design_page(design, prefer_draft=True)
    if not page.shown.is_draft():
        return None
    spec = page.spec
    phases = []
    replaced = False
    for phase, phase_spec_ in zip(page.phases, spec.phases, strict=True):
        if str(phase.public_id) == phase_id:
            phase_spec_ = replace(
                phase_spec_,
                name=name,
                planned_weeks=weeks or phase_spec_.planned_weeks,
                planned_sessions=sessions or phase_spec_.planned_sessions,
            )
            replaced = True
        phases.append(phase_spec_)
    if not replaced and weeks and sessions:
        phases.append(
            PhaseSpec(
                key="new", name=name, intent="-", planned_weeks=weeks, planned_sessions=sessions
            )
        )
    return replace(spec, phases=tuple(phases))
