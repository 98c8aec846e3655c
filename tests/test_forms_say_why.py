"""No form fails in silence: every URL that takes a POST, posted empty by the person it is
for, answers with a page that names the problem in words, or (for an action that is
complete with no fields) does its one thing and says so, or says why not.

FORMS classifies every URL of the walk that accepts a POST (the walk's ACCESS table in
tests/test_url_walk.py lists them all); a URL added later that takes a POST fails here
until it has a line. Each POST is sent by the person the form is for: the row's coach, the
owner where only owners may, a mentor for the mentor's comments, nobody signed in for the
sign-in pages, and the client through their portal (opened with the link's token). The
redirects it answers with are followed; a bare 400, or a redirect to a page that says
nothing, fails.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from arcwise.journeys.models import Journey
from arcwise.portal.models import CycleStep, ReflectionRequest
from tests.conftest import Cast, signed_in
from tests.journeys.factories import make_journey
from tests.test_url_walk import (
    ACCESS,
    ALL_URLS,
    SAMPLES,
    Scene,
    intake_question,
    sponsored,
    under_review,
)

NAMES_THE_PROBLEM = "names the problem"
DOES_IT_OR_SAYS_WHY = "does it or says why"


@dataclass(frozen=True)
class Form:
    """Who posts a URL, and what its empty POST must show."""

    who: str  # coach, owner, mentor, client (through the portal) or anonymous
    empty: str  # NAMES_THE_PROBLEM or DOES_IT_OR_SAYS_WHY
    # Words the page must hold instead of a message, for an action that answers with a page
    # of its own saying what it did.
    says: str = ""
    # Where the form posts, when not at the walk's sample URL (it is reached with `http`).
    url: Callable[[FormScene, HttpClient], str] | None = None
    samples: dict[str, Callable[[FormScene], Any]] = field(default_factory=dict)
    # For a form that carries the state it was made from: the page that shows it (its name
    # and parameters, as for the walk), and what a person types into it to make it valid.
    shown_on: tuple[str, dict[str, Callable[[FormScene], Any]]] | None = None
    fill: dict[str, str] = field(default_factory=dict)
    # What the second send changes, where sending the same words again is harmless (an
    # autosave of what is saved already): the second send is then a stale edit.
    again: dict[str, str] = field(default_factory=dict)
    # Words the second send's page holds instead of a message, when it is a page of its own.
    again_says: str = ""


def NAMES(who: str, **kw: Any) -> Form:
    """An empty POST is incomplete: the page must mark the field or say what was refused."""
    return Form(who, NAMES_THE_PROBLEM, **kw)


def DOES(who: str, **kw: Any) -> Form:
    """Complete with no fields: it must do its thing and say so, or say why it did not."""
    return Form(who, DOES_IT_OR_SAYS_WHY, **kw)


def ON(page: str, **samples: Callable[[FormScene], Any]) -> Any:
    """The page that shows a form, with samples for its parameters unlike the walk's."""
    return (page, samples)


def _reset_form_url(scene: FormScene, http: HttpClient) -> str:
    # The e-mailed link leads on (keeping its token in the session) to the form's address.
    link = reverse(
        "accounts:password_reset_confirm",
        kwargs={"uidb64": SAMPLES["uidb64"](scene), "token": scene.reset_token},
    )
    return str(http.get(link)["Location"])


def _journeyless(scene: FormScene) -> Any:
    """The cast's client, with no journey made for them."""
    return scene.cast.client.public_id


def _intake_question(scene: FormScene) -> Any:
    """The scene's design, its draft asking two questions (the intake page shows their
    buttons)."""
    intake_question(scene)
    return scene.design.public_id


def _intake(scene: FormScene) -> Any:
    """The scene's journey, its design asking one question, answered by a choice."""
    return scene.intake_journey


def _intake_saved(scene: FormScene) -> Any:
    """The same, with an answer saved part-way: ready to review and send."""
    return scene.intake_saved


def _sign_up_confirm_url(scene: FormScene, http: HttpClient) -> str:
    # The e-mailed link leads on (keeping its token in the session) to the confirmation.
    link = reverse("accounts:sign_up_open", kwargs={"token": scene.sign_up_token})
    return str(http.get(link)["Location"])


# fmt: off
FORMS: dict[str, Form] = {
    "accounts:sign_up":                 NAMES("anonymous", shown_on=ON("accounts:sign_up"),
                                              fill={"name": "Sam Starter",
                                                    "email": "sam@example.com",
                                                    "password": "slow-rivers-carve-stone",
                                                    "practice_name": "Start"}),
    # Confirming is the whole form: the e-mailed link's session makes the practice.
    "accounts:sign_up_confirm":         DOES("anonymous", url=_sign_up_confirm_url,
                                             shown_on=ON("accounts:sign_up_confirm")),
    "accounts:sign_in":                 NAMES("anonymous"),
    "accounts:sign_out":                DOES("coach"),
    "accounts:password_reset":          NAMES("anonymous"),
    "accounts:password_reset_confirm":  NAMES("anonymous", url=_reset_form_url),
    "accounts:invitation":              NAMES("anonymous"),
    "accounts:account":                 NAMES("coach"),
    "accounts:practice_switch":         DOES("coach"),
    "accounts:invitation_create":       NAMES("owner"),
    "accounts:invitation_revoke":       DOES("owner"),
    "accounts:member_change_role":      NAMES("owner"),
    # The coach holds open journeys: the owner is sent to hand them over, and told so.
    "accounts:member_remove":           DOES("owner"),
    "nudges:unsubscribe":               DOES("anonymous", says="You will get no more reminders",
                                             samples={"token": lambda s: s.unsubscribe_token}),
    "nudges:journey_message_cap":       NAMES("coach", shown_on=ON("nudges:journey_messages"),
                                              fill={"cap": "3"}),
    "conversations:send":               NAMES("coach", shown_on=ON("conversations:journey"),
                                              fill={"body": "How did Tuesday go?"}),
    "conversations:thread":             NAMES("coach", shown_on=ON("conversations:journey")),
    "conversations:experiment":         NAMES("coach"),
    "clients:create":                   NAMES("coach"),
    "clients:edit":                     NAMES("coach", shown_on=ON("clients:edit")),
    "clients:archive":                  DOES("coach"),
    "clients:restore":                  DOES("coach"),
    "designs:new":                      NAMES("coach", shown_on=ON("designs:new"),
                                              fill={"name": "Deep arc", "purpose": "To go deep.",
                                                    "audience": "Leaders"}),
    "designs:from_starter":             NAMES("coach", shown_on=ON("designs:new")),
    "designs:import":                   NAMES("coach"),
    "designs:edit":                     DOES("coach"),
    "designs:visibility":               NAMES("coach"),
    "designs:version_import":           NAMES("coach"),
    "designs:draft_details":            NAMES("coach", shown_on=ON("designs:draft_details")),
    "designs:phase_new":                NAMES("coach", shown_on=ON("designs:phase_new"),
                                              fill={"key": "deepen", "name": "Deepen",
                                                    "intent": "Go further."}),
    # A preview of the arc as typed so far, not a save: empty, it shows the saved arc.
    "designs:phase_preview":            DOES("coach", says="phases over"),
    "designs:phases_reorder":           NAMES("coach"),
    "designs:phase_edit":               NAMES("coach", shown_on=ON("designs:phase_edit")),
    "designs:phase_move":               NAMES("coach", shown_on=ON("designs:designer")),
    "designs:phase_remove":             NAMES("coach", shown_on=ON("designs:designer")),
    "designs:intake":                   NAMES("coach", shown_on=ON("designs:intake"),
                                              fill={"prompt": "What brings you here?"}),
    "designs:intake_question":          NAMES("coach", shown_on=ON("designs:intake_question",
                                                                   key=intake_question),
                                              fill={"prompt": "What do you hope for?"}),
    "designs:intake_question_move":     NAMES("coach", shown_on=ON("designs:intake",
                                                                   design_id=_intake_question)),
    "designs:intake_question_remove":   NAMES("coach", shown_on=ON("designs:intake",
                                                                   design_id=_intake_question)),
    "designs:publish":                  NAMES("coach", shown_on=ON("designs:designer")),
    "designs:discard":                  NAMES("coach", shown_on=ON("designs:designer")),
    "journeys:new":                     NAMES("coach"),
    "journeys:advance":                 NAMES("coach", shown_on=ON("journeys:detail"),
                                              fill={"readiness_note": "Named the goal."}),
    "journeys:adapt":                   NAMES("coach"),
    "journeys:adapt_preview":           NAMES("coach"),
    # The journey runs on the newest published version: there is nothing to move to.
    "journeys:move_version":            DOES("coach",
                                             says="already runs on the newest published version"),
    # The closing review: its forms need a review under way (the walk's `under_review`).
    "outcomes:review_start":            NAMES("coach", shown_on=ON("journeys:detail")),
    "outcomes:review_step":             NAMES("coach", samples={"journey_id": under_review}),
    "outcomes:review_ask":              DOES("coach", samples={"journey_id": under_review}),
    "outcomes:review_close":            NAMES("coach", samples={"journey_id": under_review}),
    "outcomes:review_set_aside":        DOES("coach", samples={"journey_id": under_review},
                                             shown_on=ON("outcomes:review",
                                                         journey_id=under_review)),
    "outcomes:review_session":          NAMES("coach", samples={"journey_id": under_review},
                                              shown_on=ON("outcomes:review",
                                                          journey_id=under_review),
                                              fill={"status": "held"}),
    "outcomes:review_experiment":       NAMES("coach", samples={"journey_id": under_review},
                                              shown_on=ON("outcomes:review",
                                                          journey_id=under_review),
                                              fill={"status": "done",
                                                    "debrief": "No is a full sentence."}),
    "outcomes:review_thread":           NAMES("coach", samples={"journey_id": under_review},
                                              shown_on=ON("outcomes:review",
                                                          journey_id=under_review),
                                              fill={"where_it_went": "Answered at close."}),
    "journeys:remove":                  NAMES("coach", shown_on=ON("journeys:remove"),
                                              again_says="removing it again changes nothing"),
    # The coach leaves with an open journey, for the owner to hand over.
    "journeys:handover":                NAMES("owner", samples={"member_id": lambda s: s.leaver},
                                              shown_on=ON("journeys:handover",
                                                          member_id=lambda s: s.leaver),
                                              fill={"reason": "Cora leaves the practice."}),
    "journeys:session_record":          NAMES("coach", shown_on=ON("journeys:session"),
                                              fill={"notes": "We talked."}),
    "journeys:session_status":          NAMES("coach", shown_on=ON("journeys:session")),
    "journeys:session_reschedule":      NAMES("coach", shown_on=ON("journeys:session"),
                                              fill={"day": "2026-09-08", "at": "11:00"}),
    "journeys:experiment_agree":        NAMES("coach", shown_on=ON("journeys:session"),
                                              fill={"title": "Pause", "what_to_try": "Breathe",
                                                    "by_when": "2026-10-12"}),
    "journeys:experiment_status":       NAMES("coach", shown_on=ON("journeys:detail"),
                                              fill={"debrief": "No is a full sentence."}),
    "journeys:thread_open":             NAMES("coach", shown_on=ON("journeys:session"),
                                              fill={"thread-text": "Who else decides?"}),
    "journeys:thread_close":            NAMES("coach", shown_on=ON("journeys:session"),
                                              fill={"where_it_went": "Answered in session 2."}),
    # The agreement's goal fills the first row: saved as shown, then "already saved".
    "outcomes:goals_save":              NAMES("coach", shown_on=ON("outcomes:goals")),
    "outcomes:wheel_areas_save":        NAMES("coach", shown_on=ON("outcomes:goals"),
                                              fill={"areas-0-name": "Energy",
                                                    "areas-1-name": "Calm",
                                                    "areas-2-name": "Focus"}),
    # Ratings need every goal chosen; sent twice in tests/outcomes/test_measure_views.py.
    "outcomes:goal_ratings_save":       NAMES("coach"),
    "outcomes:wheel_ratings_save":      NAMES("coach"),
    "insights:momentum_settings":       NAMES("owner", shown_on=ON("insights:momentum_settings")),
    "insights:mentor_comment":          NAMES("mentor",
                                              samples={"journey_id": lambda s: s.shared_journey},
                                              shown_on=ON("insights:mentor_journey",
                                                          journey_id=lambda s: s.shared_journey),
                                              fill={"text": "The second phase runs long."}),
    "insights:mentor_grant":            NAMES("coach"),
    "insights:mentor_revoke":           NAMES("coach"),
    # The sponsor's terms and summaries, from the journey page's Sponsor section.
    "sponsors:terms":                   NAMES("coach", shown_on=ON("journeys:detail"),
                                              fill={"organisation": "Acme Holdings"}),
    "sponsors:revoke":                  NAMES("coach", samples={"journey_id": sponsored},
                                              shown_on=ON("journeys:detail",
                                                          journey_id=sponsored)),
    "sponsors:invite":                  NAMES("coach", shown_on=ON("journeys:detail"),
                                              fill={"email": "sam.sponsor@example.com"}),
    "sponsors:summary_new":             NAMES("coach", samples={"journey_id": sponsored},
                                              shown_on=ON("journeys:detail",
                                                          journey_id=sponsored),
                                              fill={"text": "Delegating more each month."}),
    "sponsors:summary_edit":            NAMES("coach", shown_on=ON("sponsors:summary_edit"),
                                              fill={"text": "Delegating, and it shows."}),
    # The client approves a summary for their sponsor (the first button), or asks for
    # changes with a note.
    "portal:sponsor_summary_answer":    NAMES("client", shown_on=ON("portal:home")),
    # The client asks for a fresh link: it is sent, and the page says to which address.
    "portal:fresh_link":                DOES("client", says="on its way"),
    "portal:reflection_save":           NAMES("client",
                                              samples={"reflection_id": lambda s: s.reflection},
                                              shown_on=ON("portal:home"),
                                              fill={"answer": "I noticed."},
                                              again={"answer": "I noticed more."}),
    "portal:check_in_save":             NAMES("client", shown_on=ON("portal:home"),
                                              fill={"what_happened": "I said no once."},
                                              again={"what_happened": "I said no twice."}),
    "portal:session_check_in_save":     NAMES("client"),
    "portal:pulse_save":                NAMES("client",
                                              samples={"journey_id": lambda s: s.pulse_journey}),
    "portal:ratings_save":              NAMES("client"),
    "portal:message_send":              NAMES("client", shown_on=ON("portal:messages"),
                                              fill={"body": "It went well, thank you."}),
    "portal:closing_words_save":        NAMES("client",
                                              samples={"journey_id": lambda s: s.closing_journey}),
    # The intake: saved part-way (the first button), then sent from the review.
    "portal:intake_save":               NAMES("client", samples={"journey_id": _intake},
                                              shown_on=ON("portal:intake", journey_id=_intake),
                                              fill={"q-pace": "Every week"}),
    "portal:intake_send":               NAMES("client", samples={"journey_id": _intake_saved},
                                              shown_on=ON("portal:intake_review",
                                                          journey_id=_intake_saved)),
    "portal:link_send":                 DOES("coach", shown_on=ON("clients:detail")),
    "portal:link_revoke":               NAMES("coach", shown_on=ON("clients:detail",
                                              client_id=lambda s: s.client_with_link)),
    "calendar:reset":                   DOES("coach", shown_on=ON("accounts:account")),
    "tokens:list":                      NAMES("coach"),
    "tokens:revoke":                    DOES("coach"),
    # Booking: the coach's week, their answer to a move (the first button accepts), the
    # journey's video link; the client's chosen time (the first free one on the page).
    "booking:availability_save":        NAMES("coach", shown_on=ON("booking:availability"),
                                              fill={"day0_1_starts": "09:00",
                                                    "day0_1_ends": "12:00"}),
    "booking:move_decide":              NAMES("coach", shown_on=ON("journeys:detail")),
    "booking:video_link_save":          NAMES("coach", shown_on=ON("journeys:detail"),
                                              fill={"video_link": "https://meet.example.com/a"}),
    "portal:book_choose":               NAMES("client",
                                              samples={"session_id": lambda s: s.bookable},
                                              shown_on=ON("portal:book")),
    "records:retention":                NAMES("owner", shown_on=ON("records:retention"),
                                              fill={"months": "36"}),
    # A client without journeys: one with a journey under way is not erased until it ends.
    "records:erase":                    NAMES("coach", samples={"client_id": _journeyless},
                                              shown_on=ON("records:erase", client_id=_journeyless),
                                              fill={"typed_name": "Quentin Confidential"}),
}
# fmt: on

# Insights pages are being reshaped elsewhere; these lines say what they must do, and are
# left out of the walk below until that work lands (see the report of issue 15).
LEFT_FOR_INSIGHTS: set[str] = set()


class FormScene(Scene):
    """The walk's scene, with the rows the client's portal forms name."""

    def __init__(self, cast: Cast) -> None:
        super().__init__(cast)
        self.people["client"] = None

    @cached_property
    def reflection(self) -> Any:
        session = self.session_of(self.journey)
        return ReflectionRequest.objects.create(
            journey=self.journey,
            session=session,
            phase=session.phase,
            position=0,
            step=CycleStep.EXPERIENCE,
            prompt="What happened?",
            due_on=timezone.localdate() - timedelta(days=1),
        ).public_id

    @cached_property
    def pulse_journey(self) -> Any:
        Journey.objects.filter(pk=self.journey.pk).update(pulse_scales=["Energy", "Calm"])
        return self.journey.public_id

    @cached_property
    def closing_journey(self) -> Any:
        from arcwise.outcomes.models import ClosingReview

        ClosingReview.objects.create(journey=self.journey, client_asked_at=timezone.now())
        return self.journey.public_id

    @cached_property
    def intake_journey(self) -> Any:
        from arcwise.designs.intake_spec import question_record
        from arcwise.designs.models import DesignVersion
        from tests.intake.factories import QUESTIONS

        pace = [question_record(q) for q in QUESTIONS if q.key == "pace"]
        DesignVersion.objects.filter(pk=self.journey.design_version_id).update(intake=pace)
        return self.journey.public_id

    @cached_property
    def intake_saved(self) -> Any:
        from arcwise.intake.services import intake_save

        journey = Journey.objects.get(public_id=self.intake_journey)
        intake_save(journey=journey, answers={"pace": "Every week"}, expected_revision=0)
        return journey.public_id

    @cached_property
    def shared_journey(self) -> Any:
        from tests.test_url_walk import shared_with_mentor

        return shared_with_mentor(self)

    @cached_property
    def bookable(self) -> Any:
        """The first session of a journey of the client's ahead, with the coach's week
        published: the one the booking page offers first."""
        from tests.booking.factories import BOOKING_START, publish_week

        publish_week(self.cast.practice, self.cast.coach)
        journey = make_journey(
            self.cast.coach, self.cast.client, start=BOOKING_START, another_open_confirmed=True
        )
        return self.session_of(journey).public_id

    @cached_property
    def client_with_link(self) -> Any:
        assert self.portal_token
        return self.cast.client.public_id

    @cached_property
    def leaver(self) -> Any:
        assert self.journey.is_open()
        return SAMPLES["member_id"](self)

    @cached_property
    def unsubscribe_token(self) -> str:
        from arcwise.nudges.planner import unsubscribe_token

        return unsubscribe_token(self.cast.client)

    def http_for(self, who: str) -> HttpClient:
        if who == "client":
            http = HttpClient()
            http.get(reverse("portal:enter", kwargs={"token": self.portal_token}))
            return http
        person = self.people[who]
        return signed_in(person) if person else HttpClient()

    def url_for(self, name: str, params: tuple[str, ...], http: HttpClient) -> str:
        form = FORMS[name]
        if form.url:
            return form.url(self, http)
        overrides = {**ACCESS[name].samples, **form.samples}
        return reverse(name, kwargs={p: (overrides.get(p) or SAMPLES[p])(self) for p in params})


# Where a page says what is wrong: a field's own errors, the form's summary, a refusal.
PROBLEM = re.compile(
    r'<(?P<tag>ul|div|p)[^>]*class="(?:field__errors|form-errors'
    r'|message message--(?:error|warning))"'
    r"[^>]*>(?P<words>.*?)</(?P=tag)>",
    re.S,
)
# What says that a request was refused (a warning may be about something else).
REFUSED = re.compile(
    r'<(?P<tag>ul|div|p)[^>]*class="(?:field__errors|message message--error'
    r'|form-errors(?="[^>]*role="alert"))"'  # not the designer's findings, a status
    r"[^>]*>(?P<words>.*?)</(?P=tag)>",
    re.S,
)
# What a page says about an action done: any message.
MESSAGE = re.compile(r'<p class="message message--\w+">(?P<words>.*?)</p>', re.S)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _said(pattern: re.Pattern[str], html: str) -> list[str]:
    return [words for m in pattern.finditer(html) if (words := _text(m["words"]))]


def _main(html: str) -> str:
    found = re.search(r"<main\b.*?</main>", html, re.S)
    return _text(found[0] if found else html)


@pytest.fixture
def scene(cast: Cast) -> FormScene:
    return FormScene(cast)


WALKED = [(n, p) for n, p in ALL_URLS if n in FORMS and n not in LEFT_FOR_INSIGHTS]


@pytest.mark.parametrize(("name", "params"), WALKED, ids=[n for n, _ in WALKED])
def test_an_empty_post_answers_with_a_page_that_says_why(
    scene: FormScene, name: str, params: tuple[str, ...]
) -> None:
    form = FORMS[name]
    http = scene.http_for(form.who)
    url = scene.url_for(name, params, http)
    with transaction.atomic():
        response = http.post(url, {}, follow=True)
        transaction.set_rollback(True)
    html = response.content.decode()
    where = f"{name}: an empty POST to {url} as {form.who} ended at {response.status_code}"
    assert response.status_code not in (404, 405), where
    assert response.status_code < 500, where
    problems = _said(PROBLEM, html)
    if form.empty == NAMES_THE_PROBLEM:
        assert problems, f"{where} with nothing that names the problem:\n{_main(html)[:600]}"
    elif form.says:
        assert form.says in _text(html), f"{where} without saying {form.says!r}:\n{_main(html)}"
    else:
        assert problems or _said(MESSAGE, html), (
            f"{where} without a message saying what it did or why not:\n{_main(html)[:600]}"
        )


@pytest.mark.parametrize(("name", "params"), ALL_URLS, ids=[n for n, _ in ALL_URLS])
def test_every_url_that_takes_a_post_has_a_line_in_forms(
    scene: FormScene, name: str, params: tuple[str, ...]
) -> None:
    if name in FORMS or name not in ACCESS:
        return  # classified here; or the walk's own test asks for its ACCESS line first
    if name.startswith("api:"):
        return  # no HTML form: the API's refusals are one JSON body (tests/api)
    expect = ACCESS[name]
    url = reverse(name, kwargs={p: (expect.samples.get(p) or SAMPLES[p])(scene) for p in params})
    answers = {}
    for who in ("anonymous", "coach", "owner", "mentor"):
        with transaction.atomic():
            answers[who] = scene.http_for(who).post(url).status_code
            transaction.set_rollback(True)
    assert set(answers.values()) == {405}, (
        f"{name} ({url}) takes a POST ({answers}) but has no line in FORMS in {__file__}: "
        "say who posts it and what its empty POST must show; or, if it only shows a page, "
        "refuse the POST with @require_http_methods(['GET'])."
    )


def test_every_line_of_forms_names_a_url() -> None:
    stale = set(FORMS) - {name for name, _ in ALL_URLS}
    assert not stale, f"remove the lines for {sorted(stale)} from FORMS: no such URL"
    assert {n for n in FORMS if n.startswith("insights:")} >= LEFT_FOR_INSIGHTS


class _FormReader(HTMLParser):
    """What a browser would send from the form whose action is `action`, left as shown."""

    def __init__(self, action: str, page: str) -> None:
        super().__init__()
        self.action = action
        self.page = page  # where a form without an action posts
        self.inside = self.found = False
        self.data: dict[str, str] = {}
        self.select: str | None = None
        self.textarea: str | None = None
        self.pressed = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.found:
            action = a.get("action", "").split("#")[0] or self.page
            self.inside = self.found = action == self.action
        if not self.inside:
            return
        if tag == "option":
            if self.select and (self.select not in self.data or "selected" in a):
                self.data[self.select] = a.get("value", "")
            return
        name = a.get("name")
        if not name:
            return
        kind = a.get("type", "submit" if tag == "button" else "text")
        if tag == "select":
            self.select = name
        elif tag == "textarea":
            self.textarea = name
            self.data[name] = ""
        elif kind == "submit":
            if not self.pressed:  # the first button is the one pressed
                self.data[name] = a.get("value", "")
                self.pressed = True
        elif kind in ("checkbox", "radio"):
            if "checked" in a:
                self.data[name] = a.get("value", "on")
        elif kind != "file":
            self.data[name] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.inside and self.textarea:
            self.data[self.textarea] += data


# Rows that a refused request may still write: who read what, and sign-in sessions.
UNWATCHED = {"sessions", "admin", "contenttypes"}


def _everything() -> dict[str, list[dict[str, Any]]]:
    """Every row the app keeps, to tell whether a request changed anything."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.app_label not in UNWATCHED and "audit" not in model._meta.label.lower()
    }


STATEFUL = [(n, p) for n, p in WALKED if FORMS[n].shown_on]


@pytest.mark.parametrize(("name", "params"), STATEFUL, ids=[n for n, _ in STATEFUL])
def test_a_form_sent_twice_changes_things_once_and_says_why_the_second_time(
    scene: FormScene, name: str, params: tuple[str, ...]
) -> None:
    """The second send carries the state the first one changed: it is stale, as a second
    tab or a double click would be."""
    form = FORMS[name]
    assert form.shown_on
    http = scene.http_for(form.who)
    url = scene.url_for(name, params, http)
    page_name, page_samples = form.shown_on
    page_params = dict(ALL_URLS)[page_name]
    page = reverse(
        page_name, kwargs={p: (page_samples.get(p) or SAMPLES[p])(scene) for p in page_params}
    )
    shown = http.get(page, follow=True)
    reader = _FormReader(url, page)
    reader.feed(shown.content.decode())
    assert reader.found, f"{name}: no form posting to {url} on {page}"
    payload = {**reader.data, **form.fill}

    first = http.post(url, payload, follow=True)
    first_html = first.content.decode()
    assert not _said(REFUSED, first_html), (
        f"{name}: the form as shown on {page}, filled with {form.fill}, was refused: "
        f"{_said(REFUSED, first_html)}; sent {payload}"
    )
    before = _everything()
    second = http.post(url, {**payload, **form.again})
    assert second.status_code < 500
    # Compared before the redirect is followed: the page it leads to may record a reading.
    assert _everything() == before, f"{name}: the second send changed something again"
    if second.status_code == 302:
        second = http.get(second["Location"], follow=True)
    html = second.content.decode()
    if form.again_says:
        assert form.again_says in _text(html), f"{name}: the second send: {_main(html)[:600]}"
        return
    said = _said(PROBLEM, html) or [
        m["words"] for m in re.finditer(r'class="message message--info">(?P<words>.*?)</p>', html)
    ]
    assert said, f"{name}: the second send says nothing of why:\n{_main(html)[:600]}"
    assert "message--success" not in html, f"{name}: the second send claims success: {said}"
