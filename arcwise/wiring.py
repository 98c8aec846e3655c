"""Every place where a lower app calls into a higher one, named by dotted path.

Apps depend downward only (docs/architecture.md), yet some pages and writes of a lower app
need something a higher app keeps: the journey page shows the client's reflections, which
the portal keeps; removing a member asks journeys whether the coach still has open journeys.
Such a caller cannot import the callee, so it looks the callee up here, by its dotted path,
the way Django finds MIDDLEWARE: `resolve(wiring.SESSION_HELD)` imports each path on first
use and keeps the result. This file imports no app, so any app may read it.

Each entry says who calls it, and why it is a list (order is the order of calling). A call
that a caller can make without reaching up is a plain import, not an entry here; the layering
test checks that every path resolves and points above every module that reads its entry.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.utils.module_loading import import_string

# Called by `journeys.sessions.services` inside the transaction that marks a session held, so that
# what each callee writes commits or rolls back with the status. A list because more than
# one app may want to act on a held session; today the portal asks for reflections.
SESSION_HELD: tuple[str, ...] = ("arcwise.portal.services.reflections_request",)

# Called by `journeys.hooks.journey_sections` for the journey page and session prep, in
# this order. A list: each higher app adds its own section of the page. The client's intake
# answers come first: before the first session they head prep.
JOURNEY_PAGE_SECTIONS: tuple[str, ...] = (
    "arcwise.intake.queries.intake_section",
    "arcwise.outcomes.measure_queries.measures_section",
    "arcwise.portal.queries.reflections_section",
    "arcwise.portal.queries.session_check_in_section",
    "arcwise.conversations.queries.messages_section",
    "arcwise.insights.mentoring.mentor_review_section",
    "arcwise.sponsors.queries.sponsor_section",
    "arcwise.insights.caseload.momentum_section",
    "arcwise.outcomes.review_queries.closing_prompt_section",
    "arcwise.outcomes.review_queries.ending_section",
    "arcwise.records.queries.records_section",
    "arcwise.booking.queries.booking_section",
)

# Called by `journeys.hooks.journey_header_links` (the `journey_header_links` template tag)
# for the buttons in the header of every journey page, after "Session prep". A list: each
# higher app may lead from a journey to a page of its own; today the conversation with its
# unread count, the e-mails nudges sent and,
# once the journey has ended, its summary (a maker returns None when it has no link to give).
JOURNEY_HEADER_LINKS: tuple[str, ...] = (
    "arcwise.conversations.queries.messages_link",
    "arcwise.nudges.queries.journey_messages_link",
    "arcwise.outcomes.summary_views.summary_link",
)

# Called by `journeys.hooks.thread_text_changed` inside the transaction of every write that
# gives a thread text (`journeys.threads.services`), so that the blind index of thread text
# that search keeps commits or rolls back with the text. A list, like SESSION_HELD.
THREAD_TEXT_CHANGED: tuple[str, ...] = ("arcwise.search.blind_index.thread_words_index",)

# Called by `journeys.hooks.experiment_notes`: what is shown beside each experiment. A list,
# like the page sections; today only the client's check-ins.
EXPERIMENT_NOTES: tuple[str, ...] = ("arcwise.portal.queries.check_in_notes",)

# Called by `clients.sections.client_sections` for the client page, in this order: the
# client's journeys, the portal link, then a copy of their records and their erasure. A
# list: journeys, portal and records each add a section.
CLIENT_PAGE_SECTIONS: tuple[str, ...] = (
    "arcwise.journeys.pages.access.client_journeys_section",
    "arcwise.portal.queries.portal_link_section",
    "arcwise.records.queries.client_records_section",
)

# Called by `accounts.sections.account_sections` for the account page, in this order. A
# list, like the client page's sections: the coach's calendar feed, which nudges keeps, and
# the way to their hours log, which insights keeps.
ACCOUNT_PAGE_SECTIONS: tuple[str, ...] = (
    "arcwise.nudges.feed_views.feed_account_section",
    "arcwise.insights.hours_views.hours_account_section",
    "arcwise.booking.views.availability_account_section",
    "arcwise.api.views.tokens_account_section",
)

# Called by `accounts.sections.practice_sections` for the practice page, in this order. A
# list, like the account page's sections: the owner's audit log, which privacy keeps, then
# insights' links to mentor views and momentum thresholds, then how long records keeps a
# journey's records after it ends.
PRACTICE_PAGE_SECTIONS: tuple[str, ...] = (
    "arcwise.privacy.views.audit_practice_section",
    "arcwise.insights.practice_links.practice_links_section",
    "arcwise.records.queries.retention_practice_section",
)

# Called by `accounts.removal.removal_blockers` inside the transaction that removes a member:
# each check names work the member still holds. A list: any higher app may hold such work.
MEMBER_REMOVAL_CHECKS: tuple[str, ...] = (
    "arcwise.journeys.endings.queries.open_journeys_block_removal",
)

# Called by `accounts.outgoing.mail_write` for invitations and password resets, inside the
# transaction of the change that causes them. One path, not a list: a message is written
# once, to the outbox that nudges keeps.
ACCOUNT_MAIL_WRITER: str = "arcwise.nudges.outbox.enqueue_account_mail"

# Called by `nudges.feed_services.feed_calendar` for the coach's calendar feed: each session's
# video link (its own, else its journey's), which booking keeps, by session pk, in one query.
# One path, not a list: one app keeps video links.
SESSION_VIDEO_LINKS: str = "arcwise.booking.video.video_links_for"

# Called by `nudges.planner.plan_all` on every pass of the sender, after the session
# reminders. A list: the portal plans the clients' prompts and digests, then the notices of
# new messages, insights the coaches' momentum alerts, records the notices before a
# journey's records are disposed of (and the disposals on their day), in this order.
NUDGE_PLANNERS: tuple[str, ...] = (
    "arcwise.portal.prompts.plan_portal_messages",
    "arcwise.portal.message_mail.plan_message_notices",
    "arcwise.insights.alerts.plan_momentum_alerts",
    "arcwise.records.disposal.plan_disposals",
)

# Called by `records.erasure.client_erase` inside the erasure's transaction, before the
# client is renamed: each callee forgets what it keeps that names the client. A list: today
# the API's kept answers to writes (api/once.py), which may name the client.
CLIENT_ERASED: tuple[str, ...] = ("arcwise.api.once.kept_answers_forget",)


@cache
def resolve(paths: tuple[str, ...]) -> tuple[Callable[..., Any], ...]:
    """The callables that `paths` name, imported on first use and kept for the process."""
    return tuple(import_string(path) for path in paths)
