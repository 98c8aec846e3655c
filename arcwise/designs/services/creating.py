"""Making designs and versions: a new design (blank, from a starter or from a file), a file
imported as the next version, and a new draft copied from the latest version."""

from __future__ import annotations

from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import Max

from arcwise.accounts.models import Practice, User
from arcwise.designs.design_file.format import DesignFileError
from arcwise.designs.design_file.reading import read_design
from arcwise.designs.intake_spec import question_record
from arcwise.designs.models import Design, DesignVersion, Phase, Visibility
from arcwise.designs.queries import version_spec
from arcwise.designs.services.refusals import (
    DESIGN_ALREADY_MADE,
    DRAFT_ALREADY_STARTED,
    DRAFT_EXISTS,
    FILE_ALREADY_IMPORTED,
    NOT_IMPORTED,
    AlreadyDone,
    DesignProblems,
    Reason,
    StaleDraft,
)
from arcwise.designs.spec import DesignSpec, check_design, phase_record
from arcwise.errors import DomainError


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
        wheel_areas=list(spec.wheel_areas),
        intake=[question_record(question) for question in spec.intake],
        created_by=created_by,
        idempotency_key=idempotency_key,
    )
    Phase.objects.bulk_create(
        Phase(version=version, position=position, **phase_record(phase))
        for position, phase in enumerate(spec.phases, start=1)
    )
    return version


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
