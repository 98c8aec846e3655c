"""What higher apps add to journeys, without journeys importing them.

Portal sits above journeys (DESIGN.md), yet marking a session held must ask the client for
reflections, and session prep shows the client's answers. Such an app registers here from its
`AppConfig.ready()`:

- a *held hook*, called inside the transaction that marks a session held, so that what it
  writes commits or rolls back with the status;
- a *page section* for the journey page or session prep, included where the page names it
  (or, with `slot="head"`, at the top of the page);
- *experiment notes*, shown beside each experiment.

A section or notes maker does its reads up front in a fixed number of queries, so a page's
cost does not grow with rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from arcwise.journeys.models import Session

if TYPE_CHECKING:
    from arcwise.journeys.pages.state import JourneyState

Page = Literal["journey", "prep"]


@dataclass(frozen=True)
class JourneySection:
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    # Where the page puts it: "head" above everything else (the client's own words before
    # a session head its prep), "main" where the page names its sections.
    slot: Literal["head", "main"] = "main"


@dataclass(frozen=True)
class ExperimentNote:
    """Something shown beside one experiment: `experiment_id` is the experiment's pk."""

    experiment_id: int
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


HeldHook = Callable[[Session], object]
SectionMaker = Callable[["JourneyState", Page], JourneySection | None]
NotesMaker = Callable[["JourneyState"], list[ExperimentNote]]

_held_hooks: list[HeldHook] = []
_section_makers: list[SectionMaker] = []
_notes_makers: list[NotesMaker] = []


def register_held_hook(hook: HeldHook) -> None:
    """Call `hook(session)` each time a session is marked held. Registering twice calls once."""
    if hook not in _held_hooks:
        _held_hooks.append(hook)


def session_held(session: Session) -> None:
    """Tell every registered app that `session` is now held (inside the caller's transaction)."""
    for hook in _held_hooks:
        hook(session)


def register_journey_section(maker: SectionMaker) -> None:
    """Show `maker`'s section on journey pages. Registering twice shows it once."""
    if maker not in _section_makers:
        _section_makers.append(maker)


def journey_sections(state: JourneyState, page: Page) -> list[JourneySection]:
    """The sections registered apps add to `page` for the journey in `state`."""
    return [s for maker in _section_makers if (s := maker(state, page)) is not None]


def register_experiment_notes(maker: NotesMaker) -> None:
    """Show `maker`'s notes beside experiments. Registering twice shows them once."""
    if maker not in _notes_makers:
        _notes_makers.append(maker)


def experiment_notes(state: JourneyState) -> list[ExperimentNote]:
    """Every note registered apps show beside the experiments of the journey in `state`."""
    return [note for maker in _notes_makers for note in maker(state)]
