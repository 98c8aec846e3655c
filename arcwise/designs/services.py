"""Every write about journey designs. Published versions are frozen; drafts are where work
happens. Each function is one transaction and raises `DomainError` with a readable message.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from arcwise.accounts.models import Practice, User
from arcwise.designs.design_file import DesignFileError, read_design
from arcwise.designs.models import Design, DesignVersion, Phase, Visibility
from arcwise.designs.queries import version_spec
from arcwise.designs.spec import (
    DesignSpec,
    PhaseSpec,
    Problem,
    check_design,
    check_phase,
    phase_record,
)
from arcwise.errors import DomainError

FROZEN = (
    "Version {number} is published, so it is frozen: journeys rely on it not changing. "
    "Edit the design to make a new draft version."
)


NOT_IMPORTED = "The file was not imported, and nothing was saved."


class DesignProblems(DomainError):
    """A design (or file) that cannot be saved, with every problem found."""

    def __init__(self, lead: str, problems: list[Problem] | tuple[Problem, ...]) -> None:
        super().__init__(lead)
        self.problems = list(problems)


def _write_version(
    *, design: Design, number: int, spec: DesignSpec, created_by: User
) -> DesignVersion:
    version = DesignVersion.objects.create(
        design=design,
        number=number,
        name=spec.name,
        purpose=spec.purpose,
        audience=spec.audience,
        cadence_days=spec.cadence_days,
        created_by=created_by,
    )
    Phase.objects.bulk_create(
        Phase(version=version, position=position, **phase_record(phase))
        for position, phase in enumerate(spec.phases, start=1)
    )
    return version


def _refuse_unless_draft(version: DesignVersion) -> None:
    if version.is_frozen():
        raise DomainError(FROZEN.format(number=version.number))


def design_create(
    *, practice: Practice, owner: User, spec: DesignSpec, visibility: str = Visibility.PRIVATE
) -> Design:
    """Start a design whose first version is a draft holding `spec` (phases may come later)."""
    findings = check_design(spec, require_phases=False)
    if not findings.ok:
        raise DesignProblems("The design cannot be saved yet.", findings.errors)
    with transaction.atomic():
        design = Design.objects.create(practice=practice, owner=owner, visibility=visibility)
        _write_version(design=design, number=1, spec=spec, created_by=owner)
    return design


def design_import(
    *, practice: Practice, owner: User, data: bytes, visibility: str = Visibility.PRIVATE
) -> Design:
    """Create a design from a design file; nothing is saved unless the whole file is right."""
    try:
        spec = read_design(data)
    except DesignFileError as error:
        raise DesignProblems(NOT_IMPORTED, error.problems) from None
    return design_create(practice=practice, owner=owner, spec=spec, visibility=visibility)


def version_import(*, design: Design, user: User, data: bytes) -> DesignVersion:
    """Make a design file the new draft version of an existing design."""
    try:
        spec = read_design(data)
    except DesignFileError as error:
        raise DesignProblems(NOT_IMPORTED, error.problems) from None
    with transaction.atomic():
        Design.objects.select_for_update().get(pk=design.pk)
        if DesignVersion.objects.filter(design=design, published_at=None).exists():
            raise DomainError(
                "This design already has a draft. Publish or discard it before importing a file "
                "as the next version."
            )
        return _write_version(
            design=design, number=_next_number(design), spec=spec, created_by=user
        )


def _next_number(design: Design) -> int:
    highest = DesignVersion.objects.filter(design=design).aggregate(highest=Max("number"))
    return (highest["highest"] or 0) + 1


def draft_start(*, design: Design, user: User) -> DesignVersion:
    """The design's draft: the existing one, or a new one copied from the latest version."""
    with transaction.atomic():
        # Two tabs pressing "Edit" at once must end up with the same single draft.
        Design.objects.select_for_update().get(pk=design.pk)
        existing = DesignVersion.objects.filter(design=design, published_at=None).first()
        if existing is not None:
            return existing
        latest = DesignVersion.objects.filter(design=design).order_by("-number").first()
        if latest is None:
            raise DomainError("This design has no version to start from.")
        try:
            return _write_version(
                design=design,
                number=latest.number + 1,
                spec=version_spec(latest),
                created_by=user,
            )
        except IntegrityError:  # pragma: no cover - the row lock above prevents this
            raise DomainError("Someone else just started a draft; reload the page.") from None


def draft_update_details(
    *, draft: DesignVersion, name: str, purpose: str, audience: str, cadence_days: int
) -> DesignVersion:
    """Change what the draft is called, what it is for, who it serves and its cadence."""
    _refuse_unless_draft(draft)
    spec = DesignSpec(name=name, purpose=purpose, audience=audience, cadence_days=cadence_days)
    findings = check_design(spec, require_phases=False)
    if not findings.ok:
        raise DesignProblems("The details were not saved.", findings.errors)
    DesignVersion.objects.filter(pk=draft.pk, published_at=None).update(
        name=name, purpose=purpose, audience=audience, cadence_days=cadence_days
    )
    draft.refresh_from_db()
    return draft


def _refuse_duplicate_key(draft: DesignVersion, key: str, exclude: Phase | None = None) -> None:
    others = Phase.objects.filter(version=draft, key=key)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    other = others.first()
    if other is not None:
        raise DomainError(
            f"“{key}” is already the key of phase {other.position}, {other.name}; "
            "each phase needs its own key.",
            field="key",
        )


def _refuse_phase_errors(spec: PhaseSpec) -> None:
    errors = check_phase(spec)
    if errors:
        raise DesignProblems("The phase was not saved.", errors)


def phase_add(*, draft: DesignVersion, spec: PhaseSpec) -> Phase:
    """Add a phase at the end of the draft."""
    _refuse_unless_draft(draft)
    _refuse_phase_errors(spec)
    with transaction.atomic():
        DesignVersion.objects.select_for_update().get(pk=draft.pk)
        _refuse_duplicate_key(draft, spec.key)
        last = Phase.objects.filter(version=draft).aggregate(last=Max("position"))["last"] or 0
        return Phase.objects.create(version=draft, position=last + 1, **phase_record(spec))


def phase_update(*, phase: Phase, spec: PhaseSpec) -> Phase:
    """Replace what a phase of the draft says; its place in the order stays."""
    _refuse_unless_draft(phase.version)
    _refuse_phase_errors(spec)
    with transaction.atomic():
        _refuse_duplicate_key(phase.version, spec.key, exclude=phase)
        Phase.objects.filter(pk=phase.pk).update(**phase_record(spec))
    phase.refresh_from_db()
    return phase


def phase_remove(*, phase: Phase) -> None:
    """Take a phase out of the draft and close the gap it leaves in the order."""
    _refuse_unless_draft(phase.version)
    with transaction.atomic():
        DesignVersion.objects.select_for_update().get(pk=phase.version_id)
        Phase.objects.filter(pk=phase.pk).delete()
        _renumber(phase.version, list(Phase.objects.filter(version=phase.version)))


def phase_move(*, phase: Phase, offset: int) -> None:
    """Move a phase earlier (offset -1) or later (+1) in the draft; ends stay where they are."""
    _refuse_unless_draft(phase.version)
    with transaction.atomic():
        DesignVersion.objects.select_for_update().get(pk=phase.version_id)
        phases = list(Phase.objects.filter(version=phase.version).order_by("position"))
        index = next(i for i, candidate in enumerate(phases) if candidate.pk == phase.pk)
        target = min(max(index + offset, 0), len(phases) - 1)
        phases.insert(target, phases.pop(index))
        _renumber(phase.version, phases)


def phases_reorder(*, draft: DesignVersion, order: list[str]) -> None:
    """Put the draft's phases in the given order of public ids (drag and drop)."""
    _refuse_unless_draft(draft)
    with transaction.atomic():
        DesignVersion.objects.select_for_update().get(pk=draft.pk)
        phases = {str(phase.public_id): phase for phase in Phase.objects.filter(version=draft)}
        if sorted(order) != sorted(phases):
            raise DomainError("The phases changed while you were moving them; reload the page.")
        _renumber(draft, [phases[public_id] for public_id in order])


def _renumber(version: DesignVersion, phases: list[Phase]) -> None:
    # Positions are unique per version, so move every phase out of the way first.
    Phase.objects.filter(version=version).update(position=F("position") + 1000)
    for position, phase in enumerate(phases, start=1):
        Phase.objects.filter(pk=phase.pk).update(position=position)


def draft_publish(*, draft: DesignVersion) -> DesignVersion:
    """Publish the draft: it freezes and becomes the version new journeys get."""
    _refuse_unless_draft(draft)
    with transaction.atomic():
        DesignVersion.objects.select_for_update().get(pk=draft.pk)
        findings = check_design(version_spec(draft))
        if not findings.ok:
            raise DesignProblems(f"Version {draft.number} was not published.", findings.errors)
        DesignVersion.objects.filter(pk=draft.pk, published_at=None).update(
            published_at=timezone.now()
        )
    draft.refresh_from_db()
    return draft


def draft_discard(*, draft: DesignVersion) -> None:
    """Throw away the draft; the published versions are untouched.

    A design that was never published has nothing else, so discarding its only draft
    deletes the design.
    """
    _refuse_unless_draft(draft)
    with transaction.atomic():
        design = draft.design
        draft.delete()
        if not DesignVersion.objects.filter(design=design).exists():
            design.delete()


def design_set_visibility(*, design: Design, visibility: str) -> None:
    """Share the design with the practice's coaches, or keep it to its owner."""
    if visibility not in Visibility.values:
        raise DomainError("Choose who can see the design.", field="visibility")
    Design.objects.filter(pk=design.pk).update(visibility=visibility)
    design.visibility = visibility
