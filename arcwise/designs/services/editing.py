"""Changing a draft: its details, and its phases (add, change, remove, move, reorder).

Each change names the revision its page showed (of the draft, or of the phase) and is
checked on the locked draft row inside its transaction.
"""

from __future__ import annotations

from uuid import UUID

from django.db import transaction
from django.db.models import F, Max

from arcwise.designs.models import DesignVersion, Phase
from arcwise.designs.queries import phase_spec, version_intake
from arcwise.designs.services.refusals import (
    DETAILS_ALREADY_SAVED,
    DETAILS_CHANGED,
    PHASE_ALREADY_ADDED,
    PHASE_ALREADY_REMOVED,
    PHASE_ALREADY_SAVED,
    PHASE_CHANGED,
    PHASE_GONE,
    PHASES_CHANGED,
    AlreadyDone,
    DesignProblems,
    Reason,
    StaleDraft,
    claim_draft,
    stale_refusal,
)
from arcwise.designs.spec import (
    DesignSpec,
    PhaseSpec,
    check_design,
    check_phase,
    phase_record,
)
from arcwise.errors import DomainError


def draft_update_details(
    *,
    draft: DesignVersion,
    name: str,
    purpose: str,
    audience: str,
    cadence_days: int,
    pulse_scales: tuple[str, ...] = (),
    wheel_areas: tuple[str, ...] = (),
    expected_revision: int | None = None,
) -> DesignVersion:
    """Change what the draft is called, what it is for, who it serves, its cadence, the
    client's weekly pulse scales and the wheel's suggested areas.

    `expected_revision` is the draft's revision the form was opened at (by default, the one
    `draft` was read at): if the draft changed since, nothing is saved and `StaleDraft` says
    so; a repeat of a save that already happened raises `AlreadyDone`.
    """
    revision = draft.revision if expected_revision is None else expected_revision
    spec = DesignSpec(
        name=name,
        purpose=purpose,
        audience=audience,
        cadence_days=cadence_days,
        pulse_scales=pulse_scales,
        wheel_areas=wheel_areas,
        # Checked with the intake, so that an area its questions rate cannot go unseen.
        intake=version_intake(draft),
    )
    findings = check_design(spec, require_phases=False)
    if not findings.ok:
        raise DesignProblems("The details were not saved.", findings.errors)
    details: dict[str, object] = {
        "name": name,
        "purpose": purpose,
        "audience": audience,
        "cadence_days": cadence_days,
        "pulse_scales": list(pulse_scales),
        "wheel_areas": list(wheel_areas),
    }
    # The check and the write are one conditional UPDATE, as for session notes.
    changed = DesignVersion.objects.filter(
        pk=draft.pk, published_at=None, revision=revision
    ).update(revision=F("revision") + 1, **details)
    if not changed:
        saved = DesignVersion.objects.filter(pk=draft.pk, published_at=None).first()
        if saved is not None and all(getattr(saved, f) == v for f, v in details.items()):
            raise AlreadyDone(DETAILS_ALREADY_SAVED, made=saved)
        raise stale_refusal(draft, typed=True, changed=DETAILS_CHANGED)
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


def phase_add(
    *, draft: DesignVersion, spec: PhaseSpec, idempotency_key: UUID | None = None
) -> Phase:
    """Add a phase at the end of the draft.

    With the `idempotency_key` of the form that asked, a repeat of that form adds nothing
    and raises `AlreadyDone` with the phase the first one added.
    """
    _refuse_phase_errors(spec)
    with transaction.atomic():
        if not claim_draft(draft, None):
            raise stale_refusal(draft, typed=True)
        if idempotency_key is not None:
            made = Phase.objects.filter(version=draft, idempotency_key=idempotency_key).first()
            if made is not None:
                raise AlreadyDone(PHASE_ALREADY_ADDED.format(name=made.name), made=made)
        _refuse_duplicate_key(draft, spec.key)
        last = Phase.objects.filter(version=draft).aggregate(last=Max("position"))["last"] or 0
        phase = Phase.objects.create(
            version=draft,
            position=last + 1,
            idempotency_key=idempotency_key,
            **phase_record(spec),
        )
    draft.refresh_from_db(fields=["revision"])
    return phase


def phase_update(*, phase: Phase, spec: PhaseSpec, expected_revision: int | None = None) -> Phase:
    """Replace what a phase of the draft says; its place in the order stays.

    `expected_revision` is the phase's revision the form was opened at (by default, the one
    `phase` was read at): if the phase changed or went since, nothing is saved and
    `StaleDraft` says so, as it does when the draft was published meanwhile.
    """
    revision = phase.revision if expected_revision is None else expected_revision
    _refuse_phase_errors(spec)
    draft = phase.version
    with transaction.atomic():
        if not claim_draft(draft, None):
            raise stale_refusal(draft, typed=True)
        saved = Phase.objects.filter(pk=phase.pk).first()
        if saved is None:
            raise StaleDraft(PHASE_GONE, Reason.PHASE_GONE)
        if saved.revision != revision:
            if phase_spec(saved) == spec:
                raise AlreadyDone(PHASE_ALREADY_SAVED.format(name=saved.name), made=saved)
            raise StaleDraft(PHASE_CHANGED, Reason.CHANGED)
        _refuse_duplicate_key(draft, spec.key, exclude=phase)
        # The draft's row lock already keeps other writers of its phases out; the condition
        # says so again where the write happens.
        if not Phase.objects.filter(pk=phase.pk, revision=revision).update(
            revision=F("revision") + 1, **phase_record(spec)
        ):
            raise StaleDraft(PHASE_CHANGED, Reason.CHANGED)  # pragma: no cover - locked above
    phase.refresh_from_db()
    draft.refresh_from_db(fields=["revision"])
    return phase


def phase_remove(*, phase: Phase, expected_revision: int | None = None) -> None:
    """Take a phase out of the draft and close the gap it leaves in the order.

    `expected_revision` is the draft's revision the page showed (by default, the one
    `phase.version` was read at).
    """
    draft = phase.version
    revision = draft.revision if expected_revision is None else expected_revision
    with transaction.atomic():
        if not claim_draft(draft, revision):
            refusal = stale_refusal(
                draft, typed=False, changed=PHASES_CHANGED.format(action="removal")
            )
            if refusal.reason == Reason.CHANGED and not Phase.objects.filter(pk=phase.pk).exists():
                raise AlreadyDone(PHASE_ALREADY_REMOVED)
            raise refusal
        Phase.objects.filter(pk=phase.pk).delete()
        _renumber(draft, list(Phase.objects.filter(version=draft).order_by("position")))
    draft.refresh_from_db(fields=["revision"])


def phase_move(*, phase: Phase, offset: int, expected_revision: int | None = None) -> None:
    """Move a phase earlier (offset -1) or later (+1) in the draft; ends stay where they are.

    The move is relative to the order the page showed, so it carries the draft's revision
    (`expected_revision`, by default the one `phase.version` was read at): a second click
    sent before the first one's page arrived moves nothing.
    """
    draft = phase.version
    revision = draft.revision if expected_revision is None else expected_revision
    with transaction.atomic():
        if not claim_draft(draft, revision):
            raise stale_refusal(draft, typed=False, changed=PHASES_CHANGED.format(action="move"))
        phases = list(Phase.objects.filter(version=draft).order_by("position"))
        index = next(i for i, candidate in enumerate(phases) if candidate.pk == phase.pk)
        target = min(max(index + offset, 0), len(phases) - 1)
        phases.insert(target, phases.pop(index))
        _renumber(draft, phases)
    draft.refresh_from_db(fields=["revision"])


def phases_reorder(
    *, draft: DesignVersion, order: list[str], expected_revision: int | None = None
) -> None:
    """Put the draft's phases in the given order of public ids (drag and drop)."""
    revision = draft.revision if expected_revision is None else expected_revision
    with transaction.atomic():
        if not claim_draft(draft, revision):
            raise stale_refusal(draft, typed=False, changed=PHASES_CHANGED.format(action="move"))
        phases = {str(phase.public_id): phase for phase in Phase.objects.filter(version=draft)}
        if sorted(order) != sorted(phases):
            raise DomainError("The phases changed while you were moving them; reload the page.")
        _renumber(draft, [phases[public_id] for public_id in order])
    draft.refresh_from_db(fields=["revision"])


def _renumber(version: DesignVersion, phases: list[Phase]) -> None:
    # Positions are unique per version, so move every phase out of the way first.
    Phase.objects.filter(version=version).update(position=F("position") + 1000)
    for position, phase in enumerate(phases, start=1):
        Phase.objects.filter(pk=phase.pk).update(position=position)
