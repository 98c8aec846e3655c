"""What becomes of a draft: published (frozen, the version new journeys get) or discarded."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from arcwise.designs.models import Design, DesignVersion
from arcwise.designs.queries import version_spec
from arcwise.designs.services.refusals import (
    ALREADY_DISCARDED,
    ALREADY_PUBLISHED_REPEAT,
    NOT_DISCARDED,
    NOT_PUBLISHED,
    AlreadyDone,
    DesignProblems,
    Reason,
    claim_draft,
    stale_refusal,
)
from arcwise.designs.spec import check_design


def draft_publish(*, draft: DesignVersion, expected_revision: int | None = None) -> DesignVersion:
    """Publish the draft: it freezes and becomes the version new journeys get.

    `expected_revision` is the draft's revision the page showed (by default, the one `draft`
    was read at): a draft changed since is not published, so that nobody freezes a version
    they have not seen.
    """
    revision = draft.revision if expected_revision is None else expected_revision
    with transaction.atomic():
        if not claim_draft(draft, revision):
            refusal = stale_refusal(
                draft, typed=False, changed=NOT_PUBLISHED.format(number=draft.number)
            )
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
        if not claim_draft(draft, revision):
            refusal = stale_refusal(draft, typed=False, changed=NOT_DISCARDED)
            if refusal.reason == Reason.GONE:
                raise AlreadyDone(ALREADY_DISCARDED)
            raise refusal
        DesignVersion.objects.filter(pk=draft.pk).delete()
        if DesignVersion.objects.filter(design_id=draft.design_id).exists():
            return False
        Design.objects.filter(pk=draft.design_id).delete()
        return True
