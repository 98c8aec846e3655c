"""Why a change to a design was refused, in words a person reads, and the guard every write
to a draft starts with.

A change from an out-of-date page (a second tab, an earlier click, a retried request)
raises `StaleDraft`; a repeat of one that already happened raises `AlreadyDone`. Nothing
is changed either way, and nothing the person typed is thrown away.
"""

from __future__ import annotations

from enum import StrEnum

from django.db.models import F

from arcwise.designs.models import Design, DesignVersion, Phase
from arcwise.designs.spec import Problem
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


def claim_draft(draft: DesignVersion, revision: int | None) -> bool:
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


def stale_refusal(draft: DesignVersion, *, typed: bool, changed: str = "") -> StaleDraft:
    """Why a claim on `draft` failed, said for a form with typed text or for a button."""
    saved = DesignVersion.objects.filter(pk=draft.pk).first()
    tail = TYPED_KEPT if typed else NOTHING_CHANGED
    if saved is None:
        return missing_draft(typed=typed)
    if saved.is_frozen():
        return StaleDraft(ALREADY_PUBLISHED.format(number=saved.number) + tail, Reason.PUBLISHED)
    return StaleDraft(changed, Reason.CHANGED)
