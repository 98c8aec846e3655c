"""What the portal asks of the client now: one next action, shown first on the page.

`MAKERS` is the priority, most pressing first. Each maker looks at the portal page and
returns the action it stands for, or None; the first action found is the one the page opens
with (`PortalPage.next`), and the page shows it in full above the next session. Everything
else folds away under its own heading, leaving out the action shown first: a section skips
its `subject` with `{% with rows=rows|without:page.shown_first %}` (templatetags/portal_now).

A feature that asks something of the client joins with one line in `MAKERS`, where it
belongs in the priority, and a maker that returns a `NextAction` naming the card template to
show and the context that card needs (a maker may run a query of its own: it runs once per
page). The maker may live in the feature's own app, which sits below the portal: it reads
the page's `client` and `journeys`, and the portal imports it here.

The order, and why:
1. a form the client just sent and was refused, so the reason and what they typed are
   in front of them;
2. the intake questions of a journey, while not sent (the coach reads them before the
   first session, and they fill in the goals and the starting ratings);
3. the closing reflections their coach asked for (the journey is ending);
4. rating their goals while a moment is open (a baseline is lost once the work starts);
5. the questions before a session that is days away, while unanswered;
6. a reflection waiting for an answer, oldest first;
7. a progress summary waiting for their approval before a sponsor may read it;
8. an experiment with no check-in yet;
9. this week's pulse, while unanswered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from arcwise.journeys.models import Experiment
from arcwise.portal.models import ExperimentCheckIn

if TYPE_CHECKING:
    from arcwise.portal.page import PortalJourney, PortalPage


@dataclass(frozen=True)
class NextAction:
    """One thing asked of the client, and the card that asks it."""

    kind: str
    # What the client is asked about (a reflection, an experiment, a journey's pulse…): the
    # section it usually sits in leaves it out while it is shown first.
    subject: object
    # The card shown first, rendered with the page's context and `context` on top of it.
    template: str
    context: dict[str, Any] = field(default_factory=dict)


Maker = Callable[["PortalPage"], NextAction | None]


def _closing(item: PortalJourney) -> NextAction | None:
    if item.closing is None:
        return None
    context = {"closing": item.closing, "journey": item.journey}
    return NextAction("closing", item.closing, "portal/_closing.html", context)


def _ratings(item: PortalJourney) -> NextAction | None:
    if item.ratings is None:
        return None
    context = {"item": item}
    return NextAction("ratings", item.ratings, "portal/_ratings_section.html", context)


def _pulse(item: PortalJourney) -> NextAction | None:
    if item.pulse is None:
        return None
    context = {"pulse": item.pulse, "journey": item.journey}
    return NextAction("pulse", item.pulse, "portal/_pulse.html", context)


def _sponsor_summary(row: Any) -> NextAction:
    return NextAction("sponsor_summary", row, "portal/_sponsor_summary_now.html", {"row": row})


def refused_form(page: PortalPage) -> NextAction | None:
    """The form the client just sent and was refused: its reason and their answers first."""
    for item in page.journeys:
        closing = item.closing
        if closing and (closing.error or (closing.ratings and closing.ratings.error)):
            return _closing(item)
        if item.ratings and item.ratings.error:
            return _ratings(item)
        if item.pulse and item.pulse.error:
            return _pulse(item)
    row = next((row for row in page.sponsor_summaries if row.error), None)
    return _sponsor_summary(row) if row else None


def intake_waiting(page: PortalPage) -> NextAction | None:
    """The questions a journey's design asks before the first session, while not sent."""
    card = next(iter(page.intakes), None)
    if card is None:
        return None
    return NextAction("intake", card, "portal/_intake_now.html", {"card": card})


def closing_asked(page: PortalPage) -> NextAction | None:
    """The closing reflections and ratings the coach asked for."""
    return _first(_closing(item) for item in page.journeys)


def ratings_open(page: PortalPage) -> NextAction | None:
    """The goals and wheel to rate while a moment (baseline, midway) is open and unrated."""
    return _first(_ratings(item) for item in page.journeys)


def session_questions(page: PortalPage) -> NextAction | None:
    """The questions before the next session, while open and not yet answered."""
    for item in page.journeys:
        ask = item.check_in
        if ask is not None and not ask.answered:
            return NextAction("session_check_in", ask, "portal/_check_in.html", {"ask": ask})
    return None


def reflection_waiting(page: PortalPage) -> NextAction | None:
    """The oldest reflection waiting for an answer."""
    for item in page.journeys:
        for reflection in item.waiting:
            context = {"reflection": reflection}
            return NextAction("reflection", reflection, "portal/_reflection_now.html", context)
    return None


def summary_to_approve(page: PortalPage) -> NextAction | None:
    """A progress summary waiting for the client's approval before the sponsor reads it."""
    row = next((r for r in page.sponsor_summaries if r.summary.awaits_client), None)
    return _sponsor_summary(row) if row else None


def experiment_unchecked(page: PortalPage) -> NextAction | None:
    """An experiment agreed in a session, with no check-in from the client yet."""
    for item in page.journeys:
        for experiment in item.experiments:
            if _check_in_of(experiment) is None:
                context = {"experiment": experiment}
                return NextAction("experiment", experiment, "portal/_experiment_now.html", context)
    return None


def pulse_this_week(page: PortalPage) -> NextAction | None:
    """This week's pulse, while some scale is unanswered."""
    return _first(
        _pulse(item) for item in page.journeys if item.pulse and not item.pulse.answered_this_week
    )


MAKERS: tuple[Maker, ...] = (
    refused_form,
    intake_waiting,
    closing_asked,
    ratings_open,
    session_questions,
    reflection_waiting,
    summary_to_approve,
    experiment_unchecked,
    pulse_this_week,
)


def next_action(page: PortalPage, makers: tuple[Maker, ...] = MAKERS) -> NextAction | None:
    """The first action any maker finds, in the order of `makers`; None when nothing is
    asked of the client now."""
    return _first(maker(page) for maker in makers)


def _first(actions: Iterator[NextAction | None]) -> NextAction | None:
    return next((action for action in actions if action is not None), None)


def _check_in_of(experiment: Experiment) -> ExperimentCheckIn | None:
    # The check-in is joined (select_related); a missing one raises on access.
    try:
        return experiment.check_in
    except ExperimentCheckIn.DoesNotExist:
        return None
