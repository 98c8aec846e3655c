"""A journey whose phases ask three reflections, a held first session, and a client's way in."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.clients.models import Client
from arcwise.designs.models import DesignVersion
from arcwise.designs.spec import CycleStep, ReflectionPrompt
from arcwise.journeys.models import Experiment, Journey, Session, SessionStatus
from arcwise.journeys.sessions.services import session_set_status
from arcwise.nudges.models import Nudge, NudgeKind
from arcwise.portal.services import portal_link_send
from tests.conftest import Cast
from tests.designs.factories import make_design, make_phase_spec
from tests.journeys.factories import START, make_journey

# The day after the first session (START, 10:00 in London): it can be marked held.
DAY_AFTER = datetime(2026, 9, 8, 12, 0, tzinfo=UTC)

# Listed out of cycle order on purpose: the client is asked experience first.
PROMPTS = (
    ReflectionPrompt(CycleStep.INTEGRATION, "What will you keep doing?"),
    ReflectionPrompt(CycleStep.EXPERIENCE, "What happened when you said no?"),
    ReflectionPrompt(CycleStep.REFLECTION, "What did you notice in yourself?"),
)


def journey_with_prompts(cast: Cast, client: Client | None = None) -> Journey:
    client = client or cast.client
    design = make_design(
        client.practice,
        cast.coach,
        published=True,
        phases=tuple(
            make_phase_spec(key, planned_weeks=4, planned_sessions=2, reflection_prompts=PROMPTS)
            for key in ("orient", "experiment")
        ),
    )
    version = DesignVersion.objects.get(design=design)
    return make_journey(cast.coach, client, version=version)


def sessions_of(journey: Journey) -> list[Session]:
    return list(Session.objects.filter(journey=journey).order_by("starts_at"))


def hold(session: Session) -> Session:
    return session_set_status(
        session=session, status=SessionStatus.HELD, from_status=session.status
    )


def agree_experiment(journey: Journey, title: str = "Say no once") -> Experiment:
    return Experiment.objects.create(
        journey=journey,
        session=sessions_of(journey)[0],
        title=title,
        what_to_try="Decline one request that is not yours to carry.",
        by_when=START.replace(day=20),
    )


def link_url_in(nudge: Nudge) -> str:
    """The portal link in a queued e-mail's body, as the client would click it."""
    found = re.search(r"https?://\S+/portal/open/\S+/", nudge.body)
    assert found, f"no portal link in: {nudge.body!r}"
    return found.group(0)


def send_link(cast: Cast, client: Client | None = None) -> str:
    client = client or cast.client
    portal_link_send(client=client, sent_by=cast.coach, from_link="", site_url="http://testserver/")
    nudge = Nudge.objects.filter(kind=NudgeKind.PORTAL_LINK, client=client).latest("created_at")
    return link_url_in(nudge)


def open_portal(cast: Cast, client: Client | None = None) -> HttpClient:
    """A browser that opened the client's newest portal link."""
    http = HttpClient()
    response = http.get(send_link(cast, client).removeprefix("http://testserver"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    return http
