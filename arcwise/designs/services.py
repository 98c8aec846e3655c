"""Every write about journey designs. Published versions are frozen; drafts are where work
happens. Each function is one transaction and raises `DomainError` with a readable message.

Every change carries the state it was made from and is checked on the locked row inside its
transaction, so a double click, a second tab or a retried request changes nothing twice:
changes to a draft name the draft's (or the phase's) `revision` the page showed, and forms
that create something carry an `idempotency_key`. A change from an out-of-date page raises
`StaleDraft`; a repeat of one that already happened raises `AlreadyDone`.
"""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from arcwise.accounts.models import Practice, User
from arcwise.designs.design_file import DesignFileError, read_design
from arcwise.designs.models import Design, DesignVersion, Phase, Visibility
from arcwise.designs.queries import phase_spec, version_spec
from arcwise.designs.spec import (
    DesignSpec,
    PhaseSpec,
    Problem,
    check_design,
    check_phase,
    phase_record,
)
from arcwise.errors import DomainError

NOT_IMPORTED = "The file was not imported, and nothing was saved."

# What a person is told when a change arrives from an out-of-date page (a second tab, an
# earlier click, a retried request). Nothing is changed; nothing they typed is thrown away.
ALREADY_PUBLISHED = (
    "Version {number} is already published, so it is frozen: journeys rely on it not "
    "changing. You are looking at an old page."
)
DRAFT_GONE = (
    "This draft was discarded (in another tab, or by an earlier click) after this page was "
    "shown. You are looking at an old page."
)
TYPED_KEPT = (
    " Nothing you typed is lost: it is still here. To make this change, copy it, press "
    "“Edit design” on the design's page to start a new draft, and make it there."
)
NOTHING_CHANGED = " Nothing was changed."
PHASES_CHANGED = (
    "The draft changed after this page was shown (in another tab, or by an earlier click), "
    "so this {action} changed nothing. This is the draft as it is now."
)
NOT_PUBLISHED = (
    "The draft changed after this page was shown (in another tab, or by an earlier click), so "
    "version {number} was not published. Look it over as it is now, then publish."
)
NOT_DISCARDED = (
    "The draft changed after this page was shown (in another tab, or by an earlier click), so "
    "it was not discarded. Look at it as it is now before you discard it."
)
DETAILS_CHANGED = (
    "This draft was changed in another tab after you opened this page. Nothing you typed is "
    "lost: it is still here, with what is saved now beside it. Save again to keep yours."
)
PHASE_CHANGED = (
    "This phase was changed in another tab after you opened it. Nothing you typed is lost: "
    "it is still here, with the saved version beside it. Save again to keep yours."
)
PHASE_GONE = (
    "This phase was removed from the draft (in another tab, or by an earlier click) after you "
    "opened it. Nothing you typed is lost: it is still here, and you may add it again as a "
    "new phase."
)
DRAFT_EXISTS = (
    "This design already has a draft, version {number}. Publish or discard it before "
    "importing a file as the next version."
)

# What a repeat of a change that already happened is told: it changed nothing again.
DESIGN_ALREADY_MADE = (
    "This design is already created: the form was sent twice, and only one design was made."
)
DRAFT_ALREADY_STARTED = (
    "Draft version {number} was already started (in another tab, or by an earlier click); "
    "you are editing it."
)
FILE_ALREADY_IMPORTED = "The file is already draft version {number}: it was imported once."
PHASE_ALREADY_ADDED = "{name} is already added: the form was sent twice, and one phase was made."
PHASE_ALREADY_SAVED = "{name} is already saved as you wrote it."
PHASE_ALREADY_REMOVED = "This phase is already removed from the draft."
DETAILS_ALREADY_SAVED = "The design's details are already saved as you wrote them."
ALREADY_PUBLISHED_REPEAT = "Version {number} is already published; you are looking at an old page."
ALREADY_DISCARDED = "This draft is already discarded."


class DesignProblems(DomainError):
    """A design (or file) that cannot be saved, with every problem found."""

    def __init__(self, lead: str, problems: list[Problem] | tuple[Problem, ...]) -> None:
        super().__init__(lead)
        self.problems = list(problems)


class Reason(StrEnum):
    """Why a change from an out-of-date page was refused."""

    GONE = "gone"  # the draft was discarded
    PUBLISHED = "published"  # the draft was published: it is frozen now
    CHANGED = "changed"  # the draft (or the phase) changed after the page was made
    PHASE_GONE = "phase_gone"  # the phase was removed from the draft


class StaleDraft(DomainError):
    """The page a change was made from is out of date, so nothing was changed."""

    def __init__(self, message: str, reason: Reason) -> None:
        super().__init__(message)
        self.reason = reason


class AlreadyDone(DomainError):
    """A repeat of a change that already happened: nothing was changed again.

    `made` is what the first request made (a design, a draft, a phase), when it made one.
    """

    def __init__(self, message: str, made: Design | DesignVersion | Phase | None = None) -> None:
        super().__init__(message)
        self.made = made


def _write_version(
    *,
    design: Design,
    number: int,
    spec: DesignSpec,
    created_by: User,
    idempotency_key: UUID | None = None,
) -> DesignVersion:
    version = DesignVersion.objects.create(
        design=design,
        number=number,
        name=spec.name,
        purpose=spec.purpose,
        audience=spec.audience,
        cadence_days=spec.cadence_days,
        pulse_scales=list(spec.pulse_scales),
        created_by=created_by,
        idempotency_key=idempotency_key,
    )
    Phase.objects.bulk_create(
        Phase(version=version, position=position, **phase_record(phase))
        for position, phase in enumerate(spec.phases, start=1)
    )
    return version


def _claim(draft: DesignVersion, revision: int | None) -> bool:
    """Lock the draft's row and raise its revision, if it is still a draft (at `revision`).

    Every write to a draft starts here, in its transaction. It is one conditional UPDATE: the
    row stays locked until the transaction ends, so a publish and a phase edit racing each
    other are taken one after the other, and the second finds the first's change (on SQLite
    every transaction takes the write lock when it begins, to the same effect).
    """
    rows = DesignVersion.objects.filter(pk=draft.pk, published_at=None)
    if revision is not None:
        rows = rows.filter(revision=revision)
    return rows.update(revision=F("revision") + 1) == 1


def missing_draft(*, typed: bool) -> StaleDraft:
    """The refusal of a change to a draft that was discarded after its page was made."""
    return StaleDraft(DRAFT_GONE + (TYPED_KEPT if typed else NOTHING_CHANGED), Reason.GONE)


def _stale(draft: DesignVersion, *, typed: bool, changed: str = "") -> StaleDraft:
    """Why a claim on `draft` failed, said for a form with typed text or for a button."""
    saved = DesignVersion.objects.filter(pk=draft.pk).first()
    tail = TYPED_KEPT if typed else NOTHING_CHANGED
    if saved is None:
        return missing_draft(typed=typed)
    if saved.is_frozen():
        return StaleDraft(ALREADY_PUBLISHED.format(number=saved.number) + tail, Reason.PUBLISHED)
    return StaleDraft(changed, Reason.CHANGED)


def design_create(
    *,
    practice: Practice,
    owner: User,
    spec: DesignSpec,
    visibility: str = Visibility.PRIVATE,
    idempotency_key: UUID | None = None,
) -> Design:
    """Start a design whose first version is a draft holding `spec` (phases may come later).

    With the `idempotency_key` of the form that asked, a repeat of that form makes nothing
    and raises `AlreadyDone` with the design the first one made.
    """
    findings = check_design(spec, require_phases=False)
    if not findings.ok:
        raise DesignProblems("The design cannot be saved yet.", findings.errors)
    _refuse_repeated_design(owner, idempotency_key)
    try:
        with transaction.atomic():
            design = Design.objects.create(
                practice=practice,
                owner=owner,
                visibility=visibility,
                idempotency_key=idempotency_key,
            )
            _write_version(design=design, number=1, spec=spec, created_by=owner)
    except IntegrityError:
        # Two requests with one key both passed the check above: the unique key let only
        # one of them in, and this one finds what that one made.
        _refuse_repeated_design(owner, idempotency_key)
        raise
    return design


def _refuse_repeated_design(owner: User, idempotency_key: UUID | None) -> None:
    if idempotency_key is None:
        return
    made = Design.objects.filter(owner=owner, idempotency_key=idempotency_key).first()
    if made is not None:
        raise AlreadyDone(DESIGN_ALREADY_MADE, made=made)


def design_import(
    *,
    practice: Practice,
    owner: User,
    data: bytes,
    visibility: str = Visibility.PRIVATE,
    idempotency_key: UUID | None = None,
) -> Design:
    """Create a design from a design file; nothing is saved unless the whole file is right."""
    try:
        spec = read_design(data)
    except DesignFileError as error:
        raise DesignProblems(NOT_IMPORTED, error.problems) from None
    return design_create(
        practice=practice,
        owner=owner,
        spec=spec,
        visibility=visibility,
        idempotency_key=idempotency_key,
    )


def version_import(
    *, design: Design, user: User, data: bytes, idempotency_key: UUID | None = None
) -> DesignVersion:
    """Make a design file the new draft version of an existing design.

    A repeat of the same form (same `idempotency_key`) raises `AlreadyDone` with the draft
    the first one made; a design that has a draft already refuses with `StaleDraft`.
    """
    try:
        spec = read_design(data)
    except DesignFileError as error:
        raise DesignProblems(NOT_IMPORTED, error.problems) from None
    with transaction.atomic():
        Design.objects.select_for_update().get(pk=design.pk)
        if idempotency_key is not None:
            made = DesignVersion.objects.filter(
                design=design, idempotency_key=idempotency_key
            ).first()
            if made is not None:
                raise AlreadyDone(FILE_ALREADY_IMPORTED.format(number=made.number), made=made)
        draft = DesignVersion.objects.filter(design=design, published_at=None).first()
        if draft is not None:
            raise StaleDraft(DRAFT_EXISTS.format(number=draft.number), Reason.CHANGED)
        return _write_version(
            design=design,
            number=_next_number(design),
            spec=spec,
            created_by=user,
            idempotency_key=idempotency_key,
        )


def _next_number(design: Design) -> int:
    highest = DesignVersion.objects.filter(design=design).aggregate(highest=Max("number"))
    return (highest["highest"] or 0) + 1


def draft_start(*, design: Design, user: User) -> DesignVersion:
    """Start a new draft copied from the latest version.

    A design has at most one draft: when it has one already (a second tab, a double click),
    `AlreadyDone` carries it and nothing is made.
    """
    with transaction.atomic():
        # Two tabs pressing "Edit" at once must end up with the same single draft.
        Design.objects.select_for_update().get(pk=design.pk)
        existing = DesignVersion.objects.filter(design=design, published_at=None).first()
        if existing is not None:
            raise AlreadyDone(DRAFT_ALREADY_STARTED.format(number=existing.number), made=existing)
        latest = DesignVersion.objects.filter(design=design).order_by("-number").first()
        if latest is None:
            raise DomainError("This design has no version to start from.")
        return _write_version(
            design=design, number=latest.number + 1, spec=version_spec(latest), created_by=user
        )


def draft_update_details(
    *,
    draft: DesignVersion,
    name: str,
    purpose: str,
    audience: str,
    cadence_days: int,
    pulse_scales: tuple[str, ...] = (),
    expected_revision: int | None = None,
) -> DesignVersion:
    """Change what the draft is called, what it is for, who it serves, its cadence and the
    client's weekly pulse scales.

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
    }
    # The check and the write are one conditional UPDATE, as for session notes.
    changed = DesignVersion.objects.filter(
        pk=draft.pk, published_at=None, revision=revision
    ).update(revision=F("revision") + 1, **details)
    if not changed:
        saved = DesignVersion.objects.filter(pk=draft.pk, published_at=None).first()
        if saved is not None and all(getattr(saved, f) == v for f, v in details.items()):
            raise AlreadyDone(DETAILS_ALREADY_SAVED, made=saved)
        raise _stale(draft, typed=True, changed=DETAILS_CHANGED)
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
        if not _claim(draft, None):
            raise _stale(draft, typed=True)
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
        if not _claim(draft, None):
            raise _stale(draft, typed=True)
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
        if not _claim(draft, revision):
            refusal = _stale(draft, typed=False, changed=PHASES_CHANGED.format(action="removal"))
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
        if not _claim(draft, revision):
            raise _stale(draft, typed=False, changed=PHASES_CHANGED.format(action="move"))
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
        if not _claim(draft, revision):
            raise _stale(draft, typed=False, changed=PHASES_CHANGED.format(action="move"))
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


def draft_publish(*, draft: DesignVersion, expected_revision: int | None = None) -> DesignVersion:
    """Publish the draft: it freezes and becomes the version new journeys get.

    `expected_revision` is the draft's revision the page showed (by default, the one `draft`
    was read at): a draft changed since is not published, so that nobody freezes a version
    they have not seen.
    """
    revision = draft.revision if expected_revision is None else expected_revision
    with transaction.atomic():
        if not _claim(draft, revision):
            refusal = _stale(draft, typed=False, changed=NOT_PUBLISHED.format(number=draft.number))
            if refusal.reason == Reason.PUBLISHED:
                raise AlreadyDone(ALREADY_PUBLISHED_REPEAT.format(number=draft.number))
            raise refusal
        saved = DesignVersion.objects.get(pk=draft.pk)
        findings = check_design(version_spec(saved))
        if not findings.ok:
            raise DesignProblems(f"Version {saved.number} was not published.", findings.errors)
        DesignVersion.objects.filter(pk=draft.pk).update(published_at=timezone.now())
    draft.refresh_from_db()
    return draft


def draft_discard(*, draft: DesignVersion, expected_revision: int | None = None) -> bool:
    """Throw away the draft; the published versions are untouched.

    A design that was never published has nothing else, so discarding its only draft
    deletes the design; the answer says whether it did. `expected_revision` is the draft's
    revision the page showed (by default, the one `draft` was read at): changes made since
    in another tab are not thrown away unseen.
    """
    revision = draft.revision if expected_revision is None else expected_revision
    with transaction.atomic():
        if not _claim(draft, revision):
            refusal = _stale(draft, typed=False, changed=NOT_DISCARDED)
            if refusal.reason == Reason.GONE:
                raise AlreadyDone(ALREADY_DISCARDED)
            raise refusal
        DesignVersion.objects.filter(pk=draft.pk).delete()
        if DesignVersion.objects.filter(design_id=draft.design_id).exists():
            return False
        Design.objects.filter(pk=draft.design_id).delete()
        return True


def design_set_visibility(*, design: Design, visibility: str) -> None:
    """Share the design with the practice's coaches, or keep it to its owner."""
    if visibility not in Visibility.values:
        raise DomainError("Choose who can see the design.", field="visibility")
    Design.objects.filter(pk=design.pk).update(visibility=visibility)
    design.visibility = visibility
