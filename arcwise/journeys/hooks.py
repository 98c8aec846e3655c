"""What higher apps add to journeys, without journeys importing them.

Portal sits above journeys (docs/architecture.md), yet marking a session held must ask the
client for reflections, and session prep shows the client's answers. The callees are listed
by dotted path in `arcwise/wiring.py`; here journeys calls them:

- `session_held`, inside the transaction that marks a session held, so that what a callee
  writes commits or rolls back with the status (`wiring.SESSION_HELD`);
- `journey_sections`, for the journey page or session prep, each included where the page
  names it (or, with `slot="head"`, at the top of the page) (`wiring.JOURNEY_PAGE_SECTIONS`);
- `experiment_notes`, shown beside each experiment (`wiring.EXPERIMENT_NOTES`).

A section or notes maker does its reads up front in a fixed number of queries, so a page's
cost does not grow with rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from arcwise import wiring
from arcwise.journeys.models import Journey, Session, Thread

if TYPE_CHECKING:
    from arcwise.journeys.pages.state import JourneyState

Page = Literal["journey", "prep"]


@dataclass(frozen=True)
class JourneySection:
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    # Where the page puts it: "head" above everything else (the client's own words before
    # a session head its prep), "main" where the page names its sections, "ending" where
    # the journey page ends a journey (the closing review's section).
    slot: Literal["head", "main", "ending"] = "main"


@dataclass(frozen=True)
class ExperimentNote:
    """Something shown beside one experiment: `experiment_id` is the experiment's pk."""

    experiment_id: int
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class HeaderLink:
    """A button in every journey page's header that leads to a higher app's page."""

    label: str
    url: str


# What each path in the wiring's lists must be.
HeldHook = Callable[[Session], object]
ThreadHook = Callable[[Thread], object]
HeaderLinkMaker = Callable[[Journey], HeaderLink | None]
SectionMaker = Callable[["JourneyState", Page], JourneySection | None]
NotesMaker = Callable[["JourneyState"], list[ExperimentNote]]


def session_held(session: Session) -> None:
    """Tell every app listed in `wiring.SESSION_HELD` that `session` is now held (inside the
    caller's transaction)."""
    hooks: tuple[HeldHook, ...] = wiring.resolve(wiring.SESSION_HELD)
    for hook in hooks:
        hook(session)


def thread_text_changed(thread: Thread) -> None:
    """Tell every app listed in `wiring.THREAD_TEXT_CHANGED` that `thread`'s text changed
    (inside the caller's transaction)."""
    hooks: tuple[ThreadHook, ...] = wiring.resolve(wiring.THREAD_TEXT_CHANGED)
    for hook in hooks:
        hook(thread)


def journey_sections(state: JourneyState, page: Page) -> list[JourneySection]:
    """The sections the apps in `wiring.JOURNEY_PAGE_SECTIONS` add to `page` for the journey
    in `state`, in that order."""
    makers: tuple[SectionMaker, ...] = wiring.resolve(wiring.JOURNEY_PAGE_SECTIONS)
    return [section for maker in makers if (section := maker(state, page)) is not None]


def experiment_notes(state: JourneyState) -> list[ExperimentNote]:
    """Every note the apps in `wiring.EXPERIMENT_NOTES` show beside the experiments of the
    journey in `state`."""
    makers: tuple[NotesMaker, ...] = wiring.resolve(wiring.EXPERIMENT_NOTES)
    return [note for maker in makers for note in maker(state)]


def journey_header_links(journey: Journey) -> list[HeaderLink]:
    """The buttons the apps in `wiring.JOURNEY_HEADER_LINKS` add to the header of every page
    of `journey`, in that order; a maker with nothing to lead to yet gives None."""
    makers: tuple[HeaderLinkMaker, ...] = wiring.resolve(wiring.JOURNEY_HEADER_LINKS)
    return [link for maker in makers if (link := maker(journey)) is not None]
