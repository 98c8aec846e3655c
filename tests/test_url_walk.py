"""Every URL, asked for by every kind of person, answers as the ACCESS table says.

The URLs are read from the URL configuration, so a URL added later is walked too: until it
has a line in ACCESS (and a sample for each new URL parameter in SAMPLES) its test fails and
says what to add. Each request runs in a savepoint that is rolled back, so one person's
POST never changes what the next one sees.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property
from typing import Any
from uuid import uuid4

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.http import HttpResponseBase
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from arcwise.accounts.models import Invitation, Membership, Role, User
from arcwise.accounts.services import _token_hash
from arcwise.accounts.sign_up import Request, sign_up_request
from arcwise.api.models import AccessToken
from arcwise.api.tokens import token_create
from arcwise.booking.models import MoveRequest
from arcwise.conversations.models import Message
from arcwise.conversations.services import message_send_as_client
from arcwise.designs.models import Design, DesignVersion, Phase, Visibility
from arcwise.designs.services.creating import draft_start
from arcwise.insights.mentoring import mentor_grant
from arcwise.journeys.models import Experiment, Journey, Session, Thread, ThreadKind
from arcwise.nudges.feed_services import feed_reset
from arcwise.nudges.models import Nudge
from arcwise.outcomes.models import ClosingReview
from arcwise.portal.services import portal_link_send
from arcwise.sponsors.models import ProgressSummary, Sponsorship
from arcwise.sponsors.services import TermsInput, sponsorship_save
from arcwise.sponsors.summary_services import summary_write
from tests.booking.factories import publish_week
from tests.conftest import Cast, signed_in
from tests.designs.factories import make_design
from tests.factories import make_member
from tests.journeys.factories import START, make_journey

IN = "sign-in"  # a redirect to accounts:sign_in
Status = int | str

# Who asks. The URL's row (client, design, journey, member, invitation) belongs to the
# practice Harbour; "coach" is the coach whose row it is: the client's coach, the design's
# owner (it is shared with the practice), the journey's coach, the member. "sponsor" is
# Harbour's sponsor, the sponsor of the journey where a URL's sample makes it sponsored;
# "stranger" a sponsor in another practice.
ROLES = ("anonymous", "outsider", "colleague", "mentor", "owner", "coach", "sponsor", "stranger")
WHO = {
    "anonymous": "not signed in",
    "outsider": "owner of another practice",
    "colleague": "another coach of Harbour",
    "mentor": "mentor of Harbour",
    "owner": "owner of Harbour",
    "coach": "the coach whose row the URL names",
    "sponsor": "sponsor of Harbour (of the journey, where the URL's sample is sponsored)",
    "stranger": "sponsor in another practice",
}


@dataclass(frozen=True)
class Expect:
    method: str
    statuses: tuple[Status, ...]
    # Samples for parameters that mean something else in this URL than in SAMPLES.
    samples: dict[str, Callable[[Scene], Any]] = field(default_factory=dict)


def GET(*statuses: Status, **samples: Callable[[Scene], Any]) -> Expect:
    """What each role gets from a GET."""
    return Expect("GET", statuses, samples)


def POST(*statuses: Status, **samples: Callable[[Scene], Any]) -> Expect:
    """A URL that only changes things: a GET is 405 for everyone; what each role's POST gets."""
    return Expect("POST", statuses, samples)


# =========================================================================================
# ACCESS: one line per URL name, the status each role gets. Add a line for every new URL.
#
#   GET(...)   what a GET gets. A form (GET and POST) is walked with GET; its POST passes the
#              same checks.
#   POST(...)  a URL that only changes things: every GET must get 405, and these are what a
#              POST with no fields gets (a view that checks a form answers 400).
#   IN         a redirect to the sign-in page.
# =========================================================================================
# fmt: off
ACCESS: dict[str, Expect] = {
    #                                   anonymous outsider colleague mentor owner coach
    #                                                              ... then sponsor, stranger
    "home":                             GET(200,  302,     302,      302,   302,  302,  302,  302),
    "accounts:sign_up":                 GET(200,  200,     200,      200,   200,  200,  200,  200),
    # The secret is the token in the e-mailed link, exchanged at once for the session; the
    # confirmation page opens only with that session.
    "accounts:sign_up_open":            GET(302,  302,     302,      302,   302,  302,  302,  302,
                                            token=lambda s: s.sign_up_token),
    "accounts:sign_up_confirm":         GET(403,  403,     403,      403,   403,  403,  403,  403),
    "accounts:sign_in":                 GET(200,  200,     200,      200,   200,  200,  200,  200),
    "accounts:sign_out":               POST(IN,   IN,      IN,       IN,    IN,   IN,   IN,   IN),
    "accounts:password_reset":          GET(200,  200,     200,      200,   200,  200,  200,  200),
    "accounts:password_reset_sent":     GET(200,  200,     200,      200,   200,  200,  200,  200),
    # The secret is the signed token in the link: it leads on to choosing a password.
    "accounts:password_reset_confirm":  GET(302,  302,     302,      302,   302,  302,  302,  302,
                                            token=lambda s: s.reset_token),
    "accounts:password_reset_complete": GET(200,  200,     200,      200,   200,  200,  200,  200),
    # The secret is the token in the link; accepting checks the signed-in address.
    "accounts:invitation":              GET(200,  200,     200,      200,   200,  200,  200,  200),
    "accounts:account":                 GET(IN,   200,     200,      200,   200,  200,  200,  200),
    # The practice page lists every member with their address: not for sponsors, who come
    # from outside the practice. A sponsor switches only to a practice they belong to.
    "accounts:practice":                GET(IN,   200,     200,      200,   200,  200,  403,  403),
    "accounts:practice_switch":        POST(IN,   404,     302,      302,   302,  302,  302,  404),
    "accounts:invitation_create":      POST(IN,   200,     403,      403,   200,  403,  403,  403),
    "accounts:invitation_revoke":      POST(IN,   404,     403,      403,   302,  403,  403,  403),
    "accounts:member_change_role":     POST(IN,   404,     403,      403,   302,  403,  403,  403),
    "accounts:member_remove":          POST(IN,   404,     403,      403,   302,  403,  403,  403),
    # Clients belong to the practice: every coach and the owner work with them.
    # The secret is the signed token in the link; a wrong token gets a friendly 404.
    "nudges:unsubscribe":               GET(404,  404,     404,      404,   404,  404,  404,  404),
    "nudges:journey_messages":          GET(IN,   404,     404,      403,   404,  200,  403,  403),
    "nudges:journey_message_cap":       POST(IN,  404,     404,      403,   404,  400,  403,  403),
    "clients:list":                     GET(IN,   200,     200,      403,   200,  200,  403,  403),
    "clients:create":                   GET(IN,   200,     200,      403,   200,  200,  403,  403),
    "clients:detail":                   GET(IN,   404,     200,      403,   200,  200,  403,  403),
    "clients:edit":                     GET(IN,   404,     200,      403,   200,  200,  403,  403),
    "clients:archive":                 POST(IN,   404,     302,      403,   302,  302,  403,  403),
    "clients:restore":                 POST(IN,   404,     302,      403,   302,  302,  403,  403),
    # A shared design: the practice reads it; its owner and the practice owner change it.
    "designs:list":                     GET(IN,   200,     200,      403,   200,  200,  403,  403),
    "designs:new":                      GET(IN,   200,     200,      403,   200,  200,  403,  403),
    "designs:from_starter":            POST(IN,   302,     302,      403,   302,  302,  403,  403),
    "designs:import":                  POST(IN,   400,     400,      403,   400,  400,  403,  403),
    "designs:detail":                   GET(IN,   404,     200,      403,   200,  200,  403,  403),
    "designs:version":                  GET(IN,   404,     200,      403,   200,  200,  403,  403),
    "designs:export":                   GET(IN,   404,     200,      403,   200,  200,  403,  403),
    "designs:edit":                    POST(IN,   404,     403,      403,   302,  302,  403,  403),
    "designs:visibility":              POST(IN,   404,     403,      403,   302,  302,  403,  403),
    "designs:version_import":          POST(IN,   404,     403,      403,   302,  302,  403,  403),
    "designs:designer":                 GET(IN,   404,     403,      403,   200,  200,  403,  403),
    "designs:draft_details":            GET(IN,   404,     403,      403,   200,  200,  403,  403),
    "designs:phase_new":                GET(IN,   404,     403,      403,   200,  200,  403,  403),
    "designs:phase_preview":           POST(IN,   404,     403,      403,   200,  200,  403,  403),
    "designs:phases_reorder":          POST(IN,   404,     403,      403,   302,  302,  403,  403),
    "designs:phase_edit":               GET(IN,   404,     403,      403,   200,  200,  403,  403),
    "designs:phase_move":              POST(IN,   404,     403,      403,   302,  302,  403,  403),
    "designs:phase_remove":            POST(IN,   404,     403,      403,   302,  302,  403,  403),
    "designs:intake":                   GET(IN,   404,     403,      403,   200,  200,  403,  403),
    "designs:intake_question":          GET(IN,   404,     403,      403,   200,  200,  403,  403,
                                            key=lambda s: intake_question(s)),
    "designs:intake_question_move":    POST(IN,   404,     403,      403,   302,  302,  403,  403,
                                            key=lambda s: intake_question(s)),
    "designs:intake_question_remove":  POST(IN,   404,     403,      403,   302,  302,  403,  403,
                                            key=lambda s: intake_question(s)),
    "designs:publish":                 POST(IN,   404,     403,      403,   302,  302,  403,  403),
    "designs:discard":                 POST(IN,   404,     403,      403,   302,  302,  403,  403),
    # A journey holds session notes: only its own coach sees it, not even the owner.
    "journeys:list":                    GET(IN,   200,     200,      403,   200,  200,  403,  403),
    "journeys:new":                     GET(IN,   200,     200,      403,   200,  200,  403,  403),
    "journeys:detail":                  GET(IN,   404,     404,      403,   404,  200,  403,  403),
    "journeys:prep":                    GET(IN,   404,     404,      403,   404,  200,  403,  403),
    "journeys:advance":                POST(IN,   404,     404,      403,   404,  302,  403,  403),
    "journeys:adapt":                  POST(IN,   404,     404,      403,   404,  400,  403,  403),
    "journeys:adapt_preview":          POST(IN,   404,     404,      403,   404,  400,  403,  403),
    "journeys:move_version":            GET(IN,   404,     404,      403,   404,  302,  403,  403),
    # Removing a journey started by mistake: a confirmation page, then a POST.
    "journeys:remove":                  GET(IN,   404,     404,      403,   404,  200,  403,  403),
    # The owner hands a leaving member's open journeys to another coach.
    "journeys:handover":                GET(IN,   404,     403,      403,   200,  403,  403,  403),
    "journeys:session":                 GET(IN,   404,     404,      403,   404,  200,  403,  403),
    "journeys:session_record":         POST(IN,   404,     404,      403,   404,  400,  403,  403),
    "journeys:session_status":         POST(IN,   404,     404,      403,   404,  302,  403,  403),
    "journeys:session_reschedule":     POST(IN,   404,     404,      403,   404,  400,  403,  403),
    "journeys:experiment_agree":       POST(IN,   404,     404,      403,   404,  400,  403,  403),
    "journeys:experiment_status":      POST(IN,   404,     404,      403,   404,  302,  403,  403),
    "journeys:thread_open":            POST(IN,   404,     404,      403,   404,  400,  403,  403),
    "journeys:thread_close":           POST(IN,   404,     404,      403,   404,  302,  403,  403),
    # A journey's conversation: its coach's, like the journey page.
    "conversations:journey":            GET(IN,   404,     404,      403,   404,  200,  403,  403),
    "conversations:send":              POST(IN,   404,     404,      403,   404,  400,  403,  403),
    "conversations:thread":            POST(IN,   404,     404,      403,   404,  302,  403,  403),
    "conversations:experiment":        POST(IN,   404,     404,      403,   404,  302,  403,  403),
    # The closing review: as for the journey page. Its pages need a review under way.
    "outcomes:review":                  GET(IN,   404,     404,      403,   404,  200,  403,  403,
                                            journey_id=lambda s: under_review(s)),
    "outcomes:review_start":           POST(IN,   404,     404,      403,   404,  302,  403,  403),
    "outcomes:review_step":            POST(IN,   404,     404,      403,   404,  400,  403,  403,
                                            journey_id=lambda s: under_review(s)),
    "outcomes:review_ask":             POST(IN,   404,     404,      403,   404,  302,  403,  403,
                                            journey_id=lambda s: under_review(s)),
    "outcomes:review_close":           POST(IN,   404,     404,      403,   404,  400,  403,  403,
                                            journey_id=lambda s: under_review(s)),
    "outcomes:review_set_aside":       POST(IN,   404,     404,      403,   404,  302,  403,  403,
                                            journey_id=lambda s: under_review(s)),
    "outcomes:review_session":         POST(IN,   404,     404,      403,   404,  302,  403,  403,
                                            journey_id=lambda s: under_review(s)),
    "outcomes:review_experiment":      POST(IN,   404,     404,      403,   404,  302,  403,  403,
                                            journey_id=lambda s: under_review(s)),
    "outcomes:review_thread":          POST(IN,   404,     404,      403,   404,  302,  403,  403,
                                            journey_id=lambda s: under_review(s)),
    # The journey summary, made from the journey's record: only its own coach. The sample
    # journey is still running: the page is a draft, and the PDF leads back to it.
    "outcomes:summary":                 GET(IN,   404,     404,      403,   404,  200,  403,  403),
    "outcomes:summary_pdf":             GET(IN,   404,     404,      403,   404,  302,  403,  403),
    # A journey's goals and wheel: as for the journey page itself.
    "outcomes:goals":                   GET(IN,   404,     404,      403,   404,  200,  403,  403),
    "outcomes:goals_save":             POST(IN,   404,     404,      403,   404,  400,  403,  403),
    "outcomes:wheel_areas_save":       POST(IN,   404,     404,      403,   404,  400,  403,  403),
    "outcomes:goal_ratings_save":      POST(IN,   404,     404,      403,   404,  400,  403,  403),
    "outcomes:wheel_ratings_save":     POST(IN,   404,     404,      403,   404,  400,  403,  403),
    "insights:caseload":                GET(IN,   200,     200,      403,   200,  200,  403,  403),
    # Practice-wide counts and weeks, no client and no notes: owners and every coach.
    "insights:practice":                GET(IN,   200,     200,      403,   200,  200,  403,  403),
    # Search: owners and coaches; what each finds is walked in test_search_finds_only_what_*.
    "search:results":                   GET(IN,   200,     200,      403,   200,  200,  403,  403),
    "insights:practice_csv":            GET(IN,   200,     200,      403,   200,  200,  403,  403),
    # A coach's own held sessions, as hours: every coach and owner gets their own log (an
    # outsider their own practice's, empty); mentors none.
    "insights:hours_log":               GET(IN,   200,     200,      403,   200,  200,  403,  403),
    "insights:hours_log_csv":           GET(IN,   200,     200,      403,   200,  200,  403,  403),
    # Mentor review. The mentor's pages answer only a mentor, and only for a journey shared
    # with them now (the sample shares the journey; any other journey is 404, see
    # tests/insights/test_mentor_pages.py). Coaches and owners get 403, as on role-only pages.
    "insights:mentor_list":             GET(IN,   403,     403,      200,   403,  403,  403,  403),
    "insights:mentor_journey":          GET(IN,   403,     403,      200,   403,  403,  403,  403,
                                            journey_id=lambda s: shared_with_mentor(s)),
    "insights:mentor_comment":         POST(IN,   403,     403,      400,   403,  403,  403,  403,
                                            journey_id=lambda s: shared_with_mentor(s)),
    # Sharing and revoking, from the journey page: as for the journey page itself.
    "insights:mentor_grant":           POST(IN,   404,     404,      403,   404,  302,  403,  403),
    "insights:mentor_revoke":          POST(IN,   404,     404,      403,   404,  302,  403,  403),
    # The coach's preview of what a mentor of the practice sees: as for the journey page.
    "insights:mentor_preview":          GET(IN,   404,     404,      403,   404,  200,  403,  403),
    # The record of what mentors viewed, with client names: owners only, of their practice.
    "insights:mentor_views":            GET(IN,   200,     403,      403,   200,  403,  403,  403),
    # The audit log says who read which client's records: owners only, of their own
    # practice (the outsider, an owner elsewhere, reads their own practice's).
    "privacy:audit_log":                GET(IN,   200,     403,      403,   200,  403,  403,  403),
    "privacy:audit_log_csv":            GET(IN,   200,     403,      403,   200,  403,  403,  403),
    # The practice's momentum thresholds: owners change them, coaches read them.
    "insights:momentum_settings":       GET(IN,   200,     200,      403,   200,  200,  403,  403),
    # The sponsor's pages answer only a member with the sponsor role, and only for a journey
    # they sponsor now (the sample makes Harbour's sponsor the journey's; any other journey,
    # or a revoked sponsorship, is 404: tests/sponsors/test_sponsor_pages.py). Everyone else
    # gets 403, as on the mentor's role-only pages.
    "sponsors:list":                    GET(IN,   403,     403,      403,   403,  403,  200,  200),
    "sponsors:journey":                 GET(IN,   403,     403,      403,   403,  403,  200,  404,
                                            journey_id=lambda s: sponsored(s)),
    # The terms, the sponsor's access and the summaries, from the journey page: as for the
    # journey page itself.
    "sponsors:terms":                   GET(IN,   404,     404,      403,   404,  200,  403,  403),
    "sponsors:revoke":                 POST(IN,   404,     404,      403,   404,  302,  403,  403),
    "sponsors:invite":                 POST(IN,   404,     404,      403,   404,  400,  403,  403),
    "sponsors:summary_new":             GET(IN,   404,     404,      403,   404,  200,  403,  403),
    "sponsors:summary_edit":            GET(IN,   404,     404,      403,   404,  200,  403,  403),
    # The client's portal: no account. The secret is the token in the link, exchanged for a
    # portal session; without that session every portal page is 403 for everyone, signed in
    # or not (a coach's sign-in opens no client's portal).
    "portal:enter":                     GET(302,  302,     302,      302,   302,  302,  302,  302,
                                            token=lambda s: s.portal_token),
    "portal:home":                      GET(403,  403,     403,      403,   403,  403,  403,  403),
    "portal:fresh_link":               POST(403,  403,     403,      403,   403,  403,  403,  403),
    "portal:reflection_save":          POST(403,  403,     403,      403,   403,  403,  403,  403),
    "portal:check_in_save":            POST(403,  403,     403,      403,   403,  403,  403,  403),
    "portal:session_ics":               GET(403,  403,     403,      403,   403,  403,  403,  403),
    "portal:session_check_in_save":    POST(403,  403,     403,      403,   403,  403,  403,  403),
    "portal:pulse_save":               POST(403,  403,     403,      403,   403,  403,  403,  403),
    "portal:summary_pdf":               GET(403,  403,     403,      403,   403,  403,  403,  403),
    "portal:ratings_save":             POST(403,  403,     403,      403,   403,  403,  403,  403),
    "portal:sponsor_summary_answer":   POST(403,  403,     403,      403,   403,  403,  403,  403),
    "portal:closing_words_save":       POST(403,  403,     403,      403,   403,  403,  403,  403),
    "portal:intake":                    GET(403,  403,     403,      403,   403,  403,  403,  403),
    "portal:intake_save":              POST(403,  403,     403,      403,   403,  403,  403,  403),
    "portal:intake_review":             GET(403,  403,     403,      403,   403,  403,  403,  403),
    "portal:intake_send":              POST(403,  403,     403,      403,   403,  403,  403,  403),
    "portal:messages":                  GET(403,  403,     403,      403,   403,  403,  403,  403),
    "portal:message_send":             POST(403,  403,     403,      403,   403,  403,  403,  403),
    "portal:book":                      GET(403,  403,     403,      403,   403,  403,  403,  403),
    "portal:book_choose":              POST(403,  403,     403,      403,   403,  403,  403,  403),
    # Sending and revoking a client's portal link: as for the client's page.
    "portal:link_send":                POST(IN,   404,     302,      403,   302,  302,  403,  403),
    "portal:link_revoke":              POST(IN,   404,     302,      403,   302,  302,  403,  403),
    # How long the practice keeps records: every coach reads it, the owner changes it.
    "records:retention":                GET(IN,   200,     200,      403,   200,  200,  403,  403),
    # A client's export and erasure hold every note of their journeys: the owner, and the
    # coach whose journeys they all are; a colleague gets 403 and a page that says why.
    "records:export":                   GET(IN,   404,     403,      403,   200,  200,  403,  403,
                                            client_id=lambda s: coached_client(s)),
    "records:export_zip":               GET(IN,   404,     403,      403,   200,  200,  403,  403,
                                            client_id=lambda s: coached_client(s)),
    "records:export_summary":           GET(IN,   404,     403,      403,   200,  200,  403,  403,
                                            client_id=lambda s: coached_client(s),
                                            journey_id=lambda s: ended_journey(s)),
    "records:erase":                    GET(IN,   404,     403,      403,   200,  200,  403,  403,
                                            client_id=lambda s: coached_client(s)),
    # The secret is in the address: calendar apps cannot sign in, so everyone gets the feed.
    "calendar:coach_feed":              GET(200,  200,     200,      200,   200,  200,  200,  200),
    # Each coach and owner publishes their own week (an outsider theirs, in their practice);
    # a move is answered by the journey's own coach; the video link is the journey page's.
    "booking:availability":             GET(IN,   200,     200,      403,   200,  200,  403,  403),
    "booking:availability_save":       POST(IN,   400,     400,      403,   400,  400,  403,  403),
    "booking:move_decide":             POST(IN,   404,     404,      403,   404,  302,  403,  403),
    "booking:video_link_save":         POST(IN,   404,     404,      403,   404,  302,  403,  403),
    # Each coach or owner resets their own feed; mentors have no sessions to show.
    "calendar:reset":                  POST(IN,   302,     302,      403,   302,  302,  403,  403),
    # The API answers a token, never a session cookie (tests/api walks it with tokens); its
    # schema and docs are public, as they hold no one's data.
    "api:api-root":                     GET(404,  404,     404,      404,   404,  404,  404,  404),
    "api:me":                           GET(401,  401,     401,      401,   401,  401,  401,  401),
    "api:openapi-json":                 GET(200,  200,     200,      200,   200,  200,  200,  200),
    "api:openapi-view":                 GET(200,  200,     200,      200,   200,  200,  200,  200),
    # Ninja names each operation; a write shares its path with a read, and tests/api walks
    # both with tokens (test_api_walk.py).
    "api:client_list":                  GET(401,  401,     401,      401,   401,  401,  401,  401),
    "api:client_create":                GET(401,  401,     401,      401,   401,  401,  401,  401),
    "api:client_get":                   GET(401,  401,     401,      401,   401,  401,  401,  401),
    "api:client_update":                GET(401,  401,     401,      401,   401,  401,  401,  401),
    "api:design_list":                  GET(401,  401,     401,      401,   401,  401,  401,  401),
    "api:design_get":                   GET(401,  401,     401,      401,   401,  401,  401,  401),
    "api:design_file":                  GET(401,  401,     401,      401,   401,  401,  401,  401),
    "api:design_import":               POST(401,  401,     401,      401,   401,  401,  401,  401),
    # Each member's own API tokens in the current practice; the sample is the coach's token.
    "tokens:list":                      GET(IN,   200,     200,      200,   200,  200,  200,  200),
    "tokens:revoke":                   POST(IN,   404,     404,      404,   404,  302,  404,  404),
    # The journey API, likewise: a cookie is no token (tests/api/test_journey_access.py walks
    # it with each role's token). The record is saved by PUT, so a POST is 405 too.
    "api:journey_list":                 GET(401,  401,     401,      401,   401,  401,  401,  401),
    "api:journey_detail":               GET(401,  401,     401,      401,   401,  401,  401,  401),
    "api:journey_momentum":             GET(401,  401,     401,      401,   401,  401,  401,  401),
    "api:journey_outcomes":             GET(401,  401,     401,      401,   401,  401,  401,  401),
    "api:session_list":                 GET(401,  401,     401,      401,   401,  401,  401,  401),
    "api:session_detail":               GET(401,  401,     401,      401,   401,  401,  401,  401),
    "api:session_status_set":          POST(401,  401,     401,      401,   401,  401,  401,  401),
    "api:experiment_list":              GET(401,  401,     401,      401,   401,  401,  401,  401),
    "api:experiment_agree":            POST(401,  401,     401,      401,   401,  401,  401,  401),
    "api:experiment_status_set":       POST(401,  401,     401,      401,   401,  401,  401,  401),
    "api:thread_list":                  GET(401,  401,     401,      401,   401,  401,  401,  401),
    "api:thread_open":                 POST(401,  401,     401,      401,   401,  401,  401,  401),
    "api:thread_close":                POST(401,  401,     401,      401,   401,  401,  401,  401),
    "api:shared_list":                  GET(401,  401,     401,      401,   401,  401,  401,  401),
    "api:shared_journey":               GET(401,  401,     401,      401,   401,  401,  401,  401),
    "api:sponsored_list":               GET(401,  401,     401,      401,   401,  401,  401,  401),
    "api:sponsored_journey":            GET(401,  401,     401,      401,   401,  401,  401,  401),
    "api:session_record_save":         POST(405,  405,     405,      405,   405,  405,  405,  405),
}
# fmt: on


def under_review(scene: Scene) -> Any:
    """The scene's journey, with its closing review under way."""
    ClosingReview.objects.get_or_create(journey=scene.journey, defaults={"kind": "full"})
    return scene.journey.public_id


def coached_client(scene: Scene) -> Any:
    """The client of the coach's journey: their records hold that coach's notes."""
    return scene.journey.client.public_id


def ended_journey(scene: Scene) -> Any:
    """The scene's journey, closed."""
    from tests.outcomes.summary_factories import journey_close

    journey_close(scene.journey, on=START + timedelta(days=1))
    return scene.journey.public_id


def intake_question(scene: Scene) -> Any:
    """The key of the first of the two questions the scene's draft asks before a journey."""
    from arcwise.designs.intake_spec import question_record
    from tests.intake.factories import QUESTIONS

    plain = [q for q in QUESTIONS if not q.maps_to]
    text = [q for q in QUESTIONS if q.key == "hopes"]
    records = [question_record(q) for q in text[:1]] + [question_record(q) for q in plain]
    records[0]["maps_to"] = ""
    DesignVersion.objects.filter(pk=scene.draft.pk).update(intake=records)
    return records[0]["key"]


def sponsored(scene: Scene) -> Any:
    """The scene's journey, sponsored by Harbour's sponsor, who sees everything the terms
    can show."""
    return scene.sponsorship.journey.public_id


def shared_with_mentor(scene: Scene) -> Any:
    """The scene's journey, shared with Harbour's mentor."""
    mentor_grant(journey=scene.journey, mentor=scene.cast.mentor, by=scene.cast.coach)
    return scene.journey.public_id


class Scene:
    """The cast, another coach of Harbour, and Harbour's rows, each made when first asked for."""

    def __init__(self, cast: Cast) -> None:
        self.cast = cast
        colleague = make_member(
            cast.practice, Role.COACH, name="Cole Colleague", email="cole@example.com"
        )
        stranger = make_member(
            cast.other_practice, Role.SPONSOR, name="Stella Stranger", email="stella@example.com"
        )
        self.people: dict[str, User | None] = {
            "anonymous": None,
            "outsider": cast.outsider,
            "colleague": colleague,
            "mentor": cast.mentor,
            "owner": cast.owner,
            "coach": cast.coach,
            "sponsor": cast.sponsor,
            "stranger": stranger,
        }

    @cached_property
    def design(self) -> Design:
        """The coach's design, shared with the practice: version 1 published, 2 a draft."""
        design = make_design(
            self.cast.practice, self.cast.coach, published=True, visibility=Visibility.PRACTICE
        )
        draft_start(design=design, user=self.cast.coach)
        return design

    @cached_property
    def draft(self) -> DesignVersion:
        return self.design.versions.get(published_at=None)

    @cached_property
    def journey(self) -> Journey:
        """The coach's running journey with the client, with an agreed experiment."""
        journey = make_journey(self.cast.coach, self.cast.client)
        Experiment.objects.create(
            journey=journey,
            session=self.session_of(journey),
            title="Say no",
            what_to_try="Once this week",
            by_when=START,
        )
        return journey

    @cached_property
    def thread(self) -> Thread:
        session = self.session_of(self.journey)
        return Thread.objects.create(
            journey=self.journey, session=session, kind=ThreadKind.QUESTION, text="Who decides?"
        )

    @cached_property
    def message(self) -> Message:
        """A message the client wrote in the coach's journey."""
        return message_send_as_client(
            journey=self.journey, client=self.cast.client, body="It went well.", token=uuid4()
        )

    def session_of(self, journey: Journey) -> Session:
        return Session.objects.filter(journey=journey).order_by("starts_at")[0]

    @cached_property
    def sponsorship(self) -> Sponsorship:
        sponsor = Membership.objects.get(user=self.cast.sponsor, practice=self.cast.practice)
        return sponsorship_save(
            journey=self.journey,
            by=self.cast.coach,
            terms=TermsInput("Acme Holdings", sponsor, True, True, True),
            expected_version=0,
        )

    @cached_property
    def sponsor_summary(self) -> ProgressSummary:
        assert self.sponsorship
        return summary_write(journey=self.journey, by=self.cast.coach, text="Steady progress.")

    @cached_property
    def move(self) -> MoveRequest:
        """A client's move of the journey's first session, waiting for the coach, who has
        published a week."""
        publish_week(self.cast.practice, self.cast.coach)
        session = self.session_of(self.journey)
        return MoveRequest.objects.create(
            session=session,
            journey=self.journey,
            from_starts_at=session.starts_at,
            to_starts_at=session.starts_at + timedelta(days=1),
        )

    @cached_property
    def invitation_token(self) -> str:
        token = "walk-the-urls-invitation"
        Invitation.objects.create(
            practice=self.cast.practice,
            email="invitee@example.com",
            role=Role.COACH,
            token_hash=_token_hash(token),
            invited_by=self.cast.owner,
            expires_at=timezone.now() + timedelta(days=3),
        )
        return token

    @cached_property
    def portal_token(self) -> str:
        return (
            portal_link_send(
                client=self.cast.client, sent_by=self.cast.coach, from_link="", site_url="http://t/"
            )
            .url.rstrip("/")
            .rsplit("/", 1)[-1]
        )

    @cached_property
    def sign_up_token(self) -> str:
        request = Request("Sam Starter", "sam@example.com", "slow-rivers", "Start", "UTC")
        sign_up_request(
            request=request, form_token=None, address=None, site_url="http://t/", now=timezone.now()
        )
        body = Nudge.objects.get(to_address="sam@example.com").body
        return body.split("/sign-up/confirm/", 1)[1].split("/", 1)[0]

    @cached_property
    def forgetful(self) -> User:
        # Signing in invalidates a password-reset link, so its owner takes no part in the walk.
        return make_member(self.cast.practice, Role.COACH, name="Fay Forgetful")

    @cached_property
    def reset_token(self) -> str:
        return default_token_generator.make_token(self.forgetful)

    @cached_property
    def api_token(self) -> AccessToken:
        """The coach's API token."""
        return token_create(self.cast.coach, self.cast.practice, "Walk", can_write=True)[0]

    @cached_property
    def feed_secret(self) -> str:
        membership = Membership.objects.get(user=self.cast.coach, practice=self.cast.practice)
        _, secret = feed_reset(membership=membership, from_address=None)
        return secret


# A sample for each URL parameter: a row of Harbour's for it to name. Add one for every
# new parameter.
SAMPLES: dict[str, Callable[[Scene], Any]] = {
    "practice_id": lambda s: s.cast.practice.public_id,
    "member_id": lambda s: Membership.objects.get(user=s.cast.coach).public_id,
    "invitation_id": lambda s: (
        Invitation.objects.get(token_hash=_token_hash(s.invitation_token)).public_id
    ),
    "token": lambda s: s.invitation_token,
    "uidb64": lambda s: urlsafe_base64_encode(force_bytes(s.forgetful.pk)),
    "client_id": lambda s: s.cast.client.public_id,
    "design_id": lambda s: s.design.public_id,
    "number": lambda s: 1,
    "phase_id": lambda s: Phase.objects.filter(version=s.draft)[0].public_id,
    "journey_id": lambda s: s.journey.public_id,
    "kind": lambda s: "pause",
    "session_id": lambda s: s.session_of(s.journey).public_id,
    "experiment_id": lambda s: Experiment.objects.get(journey=s.journey).public_id,
    "reflection_id": lambda s: uuid4(),
    "secret": lambda s: s.feed_secret,
    "thread_id": lambda s: s.thread.public_id,
    "summary_id": lambda s: s.sponsor_summary.public_id,
    "mentor_id": lambda s: Membership.objects.get(user=s.cast.mentor).public_id,
    "message_id": lambda s: s.message.public_id,
    "move_id": lambda s: s.move.public_id,
    "token_id": lambda s: s.api_token.public_id,
}


def walk(
    patterns: list[Any], namespace: str = "", params: tuple[str, ...] = ()
) -> Iterator[tuple[str, tuple[str, ...]]]:
    for pattern in patterns:
        inherited = params + tuple(pattern.pattern.converters)
        if isinstance(pattern, URLResolver):
            # An include without a namespace of its own (outcomes' parts) stays in its parent's.
            inner = pattern.namespace or ""
            if namespace and inner:
                inner = f"{namespace}:{inner}"
            yield from walk(pattern.url_patterns, inner or namespace, inherited)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), inherited


ALL_URLS = sorted(set(walk(get_resolver().url_patterns)))
# Pages behind sign-in that name no row: lists, and forms that offer rows to choose from.
MEMBER_PAGES = sorted(
    name
    for name, params in ALL_URLS
    if not params
    and name in ACCESS
    and ACCESS[name].method == "GET"
    and ACCESS[name].statuses[0] == IN
)


def outcome(response: HttpResponseBase) -> Status:
    if response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign_in")):
        return IN
    return response.status_code


def ask(scene: Scene, role: str, method: str, url: str) -> Status:
    """One request, as `role`, whose writes are rolled back afterwards."""
    person = scene.people[role]
    http = signed_in(person) if person else HttpClient()
    with transaction.atomic():
        response = http.get(url) if method == "GET" else http.post(url)
        transaction.set_rollback(True)
    return outcome(response)


def table_line(name: str, method: str, statuses: dict[str, Status]) -> str:
    cells = ", ".join("IN" if statuses[role] == IN else str(statuses[role]) for role in ROLES)
    return f'"{name}": {method}({cells}),'


@pytest.fixture
def scene(cast: Cast) -> Scene:
    return Scene(cast)


@pytest.mark.parametrize(("name", "params"), ALL_URLS, ids=[name for name, _ in ALL_URLS])
def test_every_role_gets_what_the_table_says(
    scene: Scene, name: str, params: tuple[str, ...]
) -> None:
    expect = ACCESS.get(name)
    overrides = expect.samples if expect else {}
    missing = [p for p in params if p not in SAMPLES and p not in overrides]
    assert not missing, f"add a sample for URL parameters {missing} to SAMPLES in {__file__}"
    url = reverse(name, kwargs={p: (overrides.get(p) or SAMPLES[p])(scene) for p in params})

    if expect is None:
        # Say what the URL answers now, for the author to check against the view.
        method = "POST" if ask(scene, "coach", "GET", url) == 405 else "GET"
        found = {role: ask(scene, role, method, url) for role in ROLES}
        pytest.fail(
            f"{name} ({url}) has no line in ACCESS in {__file__}. Today it answers as "
            f"below; check each against the view, then add:\n    {table_line(name, method, found)}"
        )

    got = {role: ask(scene, role, expect.method, url) for role in ROLES}
    wanted = dict(zip(ROLES, expect.statuses, strict=True))
    assert got == wanted, (
        f"{name} ({url}) answers otherwise than its line in ACCESS says:\n"
        f"    ACCESS: {table_line(name, expect.method, wanted)}\n"
        f"    now:    {table_line(name, expect.method, got)}\n"
        f"(roles: {'; '.join(f'{role}: {WHO[role]}' for role in ROLES)}). "
        "If the new answers are right, put the second line in ACCESS."
    )
    if expect.method == "POST":
        refused = {role: ask(scene, role, "GET", url) for role in ROLES}
        assert refused == dict.fromkeys(ROLES, 405), (
            f"{name} only changes things: a GET must be 405 for everyone (@require_POST, "
            f"outermost), but got {refused}"
        )


def test_every_line_of_the_table_names_a_url() -> None:
    stale = set(ACCESS) - {name for name, _ in ALL_URLS}
    assert not stale, f"remove the lines for {sorted(stale)} from ACCESS: no such URL"


def test_every_line_has_a_status_for_each_role() -> None:
    short = [name for name, expect in ACCESS.items() if len(expect.statuses) != len(ROLES)]
    assert not short, f"{short}: give one status for each of {ROLES}"


def test_the_walk_finds_the_urls_of_every_app() -> None:
    names = {name for name, _ in ALL_URLS}
    assert {"clients:edit", "designs:designer", "journeys:session", "accounts:sign_in"} <= names


def test_search_finds_only_what_each_person_may_see(scene: Scene) -> None:
    """Every role that may search, searching for the scene's rows by their words: the client
    for everyone in Harbour, the journey and its thread for its coach alone, nothing of
    Harbour's for another practice."""
    from arcwise.journeys.threads.services import thread_open

    journey = scene.journey
    thread = thread_open(
        session=scene.session_of(journey),
        kind=ThreadKind.QUESTION,
        text="Who decides the reorganisation?",
        token=uuid4(),
    )
    client_url = reverse("clients:detail", args=[scene.cast.client.public_id])
    design_url = reverse("designs:detail", args=[scene.design.public_id])
    found: dict[str, set[str]] = {}
    for role in ROLES:
        person = scene.people[role]
        if person is None:
            continue
        http = signed_in(person)
        pages = "".join(
            http.get(reverse("search:results"), {"q": q}).content.decode()
            for q in ("Quentin", "reorganisation", "Test arc")
        )
        found[role] = {
            kind
            for kind, mark in (
                ("client", client_url),
                ("journey", str(journey.public_id)),
                ("thread", "Who decides the reorganisation?"),
                ("design", design_url),
            )
            if mark in pages
        }
    assert thread.pk
    assert found == {
        "outsider": set(),
        "colleague": {"client", "design"},
        "mentor": set(),
        "owner": {"client", "design"},
        "coach": {"client", "journey", "thread", "design"},
        "sponsor": set(),
        "stranger": set(),
    }
