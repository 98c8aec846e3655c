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
from typing import Any

import pytest
from django.db import transaction
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from arcwise.journeys.models import Journey
from arcwise.portal.models import CycleStep, ReflectionRequest
from tests.conftest import Cast, signed_in
from tests.test_url_walk import ACCESS, ALL_URLS, SAMPLES, Scene

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


def NAMES(who: str, **kw: Any) -> Form:
    """An empty POST is incomplete: the page must mark the field or say what was refused."""
    return Form(who, NAMES_THE_PROBLEM, **kw)


def DOES(who: str, **kw: Any) -> Form:
    """Complete with no fields: it must do its thing and say so, or say why it did not."""
    return Form(who, DOES_IT_OR_SAYS_WHY, **kw)


def _reset_form_url(scene: FormScene, http: HttpClient) -> str:
    # The e-mailed link leads on (keeping its token in the session) to the form's address.
    link = reverse(
        "accounts:password_reset_confirm",
        kwargs={"uidb64": SAMPLES["uidb64"](scene), "token": scene.reset_token},
    )
    return str(http.get(link)["Location"])


# fmt: off
FORMS: dict[str, Form] = {
    "accounts:sign_up":                 NAMES("anonymous"),
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
    "nudges:journey_message_cap":       NAMES("coach"),
    "clients:create":                   NAMES("coach"),
    "clients:edit":                     NAMES("coach"),
    "clients:archive":                  DOES("coach"),
    "clients:restore":                  DOES("coach"),
    "designs:new":                      NAMES("coach"),
    "designs:from_starter":             NAMES("coach"),
    "designs:import":                   NAMES("coach"),
    "designs:edit":                     DOES("coach"),
    "designs:visibility":               NAMES("coach"),
    "designs:version_import":           NAMES("coach"),
    "designs:draft_details":            NAMES("coach"),
    "designs:phase_new":                NAMES("coach"),
    # A preview of the arc as typed so far, not a save: empty, it shows the saved arc.
    "designs:phase_preview":            DOES("coach", says="phases over"),
    "designs:phases_reorder":           NAMES("coach"),
    "designs:phase_edit":               NAMES("coach"),
    "designs:phase_move":               NAMES("coach"),
    "designs:phase_remove":             NAMES("coach"),
    "designs:publish":                  NAMES("coach"),
    "designs:discard":                  NAMES("coach"),
    "journeys:new":                     NAMES("coach"),
    "journeys:advance":                 NAMES("coach"),
    "journeys:adapt":                   NAMES("coach"),
    "journeys:adapt_preview":           NAMES("coach"),
    "journeys:close":                   NAMES("coach"),
    # The journey runs on the newest published version: there is nothing to move to.
    "journeys:move_version":            DOES("coach",
                                             says="already runs on the newest published version"),
    "journeys:end_early":               NAMES("coach"),
    "journeys:remove":                  NAMES("coach"),
    # The coach leaves with an open journey, for the owner to hand over.
    "journeys:handover":                NAMES("owner", samples={"member_id": lambda s: s.leaver}),
    "journeys:session_record":          NAMES("coach"),
    "journeys:session_status":          NAMES("coach"),
    "journeys:session_reschedule":      NAMES("coach"),
    "journeys:experiment_agree":        NAMES("coach"),
    "journeys:experiment_status":       NAMES("coach"),
    "journeys:thread_open":             NAMES("coach"),
    "journeys:thread_close":            NAMES("coach"),
    "insights:momentum_settings":       NAMES("owner"),
    "insights:mentor_comment":          NAMES("mentor",
                                              samples={"journey_id": lambda s: s.shared_journey}),
    "insights:mentor_grant":            NAMES("coach"),
    "insights:mentor_revoke":           NAMES("coach"),
    # The client asks for a fresh link: it is sent, and the page says to which address.
    "portal:fresh_link":                DOES("client", says="on its way"),
    "portal:reflection_save":           NAMES("client",
                                              samples={"reflection_id": lambda s: s.reflection}),
    "portal:check_in_save":             NAMES("client"),
    "portal:session_check_in_save":     NAMES("client"),
    "portal:pulse_save":                NAMES("client",
                                              samples={"journey_id": lambda s: s.pulse_journey}),
    "portal:link_send":                 DOES("coach"),
    "portal:link_revoke":               NAMES("coach"),
    "calendar:reset":                   DOES("coach"),
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
    def shared_journey(self) -> Any:
        from tests.test_url_walk import shared_with_mentor

        return shared_with_mentor(self)

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
