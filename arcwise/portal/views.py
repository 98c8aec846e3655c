"""The client's portal, reached by a secret link only, and the coach's send and revoke.

The token in the link is exchanged at once for a key in the visitor's (signed) session and
the browser is sent on to /portal/, so the token leaves the address bar and the history.
Every portal view passes the one guard in access.py, which checks that link again on each
request; every read is scoped to the client of that link.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from arcwise.accounts.http import ArcwiseRequest, MemberRequest
from arcwise.accounts.tenancy import coaches_only
from arcwise.clients.queries import get_client_for
from arcwise.days import zone_or_utc
from arcwise.errors import DomainError
from arcwise.portal import answers, services
from arcwise.portal.access import SESSION_KEY, Access, portal_view, refusal
from arcwise.portal.calendar import session_invitation
from arcwise.portal.forms import (
    CheckInForm,
    LinkRevokeForm,
    LinkSendForm,
    PulseForm,
    ReflectionAnswerForm,
    SessionCheckInForm,
)
from arcwise.portal.models import PortalLink
from arcwise.portal.page import portal_page
from arcwise.portal.queries import (
    check_in_session_for,
    experiment_for,
    pulse_journey_for,
    reflection_for,
    upcoming_session_for,
)
from arcwise.portal.services import masked
from arcwise.portal.summary_views import ended_journeys_of


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@require_http_methods(["GET"])
def enter(request: HttpRequest, token: str) -> HttpResponse:
    """Exchange the link's token for a portal session, then leave the token behind."""
    link = services.portal_link_find(token)
    if link is None:
        return render(request, "portal/unknown_link.html", status=404)
    # A fresh session key: nothing from before the link was opened carries over.
    request.session.cycle_key()
    request.session[SESSION_KEY] = link.pk
    return redirect("portal:home")


@require_http_methods(["GET"])
@portal_view(refused_status=200)
def home(request: ArcwiseRequest, link: PortalLink) -> HttpResponse:
    context = {
        "page": portal_page(link.client),
        "summaries": ended_journeys_of(link.client),
    }
    return render(request, "portal/home.html", context)


@require_POST
@portal_view(stale_ok=True)
def fresh_link(request: ArcwiseRequest, link: PortalLink) -> HttpResponse:
    """E-mail a fresh link to the address on file of the client whose link this was."""
    try:
        sent = services.portal_link_request_fresh(old=link, site_url=_site_url(request))
    except services.PortalClosed:
        return refusal(request, link, Access.CLOSED)
    except DomainError as error:
        return refusal(request, link, Access.STALE, status=429, error=error.message)
    context = {"email": masked(sent.link.client.email)}
    return render(request, "portal/fresh_sent.html", context)


def _status(request: HttpRequest, context: dict[str, object], status: int = 200) -> HttpResponse:
    return render(request, "portal/_save_status.html", context, status=status)


def _not_saved(request: ArcwiseRequest, base: dict[str, object], form: Form) -> HttpResponse:
    """An autosave the form refused: the message in the status line, the text left as typed."""
    problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
    version = request.POST.get("version", "")
    return _saved(request, {**base, "error": f"Not saved. {problems}", "version": version}, 400)


def _autosave(
    request: ArcwiseRequest,
    key: UUID,
    form: Form,
    save: Callable[[dict[str, Any]], tuple[int, datetime | None]],
) -> HttpResponse:
    """One autosave: the form checked, `save` called with its data (returning the new
    version and when it was saved), and the status line (or, without JavaScript, the page
    with a message) saying what happened. A refusal keeps the text and the old version."""
    base = {"key": key, "field": "version"}
    if not form.is_valid():
        return _not_saved(request, base, form)
    data = form.cleaned_data
    try:
        version, saved_at = save(data)
    except DomainError as error:
        return _saved(request, {**base, "error": error.message, "version": data["version"]}, 409)
    return _saved(request, {**base, "version": version, "saved_at": saved_at})


@require_POST
@portal_view()
def reflection_save(request: ArcwiseRequest, link: PortalLink, reflection_id: UUID) -> HttpResponse:
    """Save an answer; htmx calls this to autosave as the client types."""
    today = timezone.localdate(timezone.now(), zone_or_utc(link.client.time_zone))
    reflection = reflection_for(link.client, reflection_id, today)

    def save(data: dict[str, Any]) -> tuple[int, datetime | None]:
        saved = answers.reflection_answer_save(
            reflection=reflection, expected_version=data["version"], answer=data["answer"]
        )
        return saved.version, saved.answered_at

    return _autosave(request, reflection.public_id, ReflectionAnswerForm(request.POST), save)


@require_POST
@portal_view()
def check_in_save(request: ArcwiseRequest, link: PortalLink, experiment_id: UUID) -> HttpResponse:
    """Save a check-in on an experiment; htmx calls this to autosave as the client types."""
    experiment = experiment_for(link.client, experiment_id)

    def save(data: dict[str, Any]) -> tuple[int, datetime | None]:
        saved = answers.experiment_check_in_save(
            experiment=experiment,
            expected_version=data["version"],
            tried=data["tried"],
            what_happened=data["what_happened"],
            in_the_way=data["in_the_way"],
        )
        return saved.version, saved.updated_at

    return _autosave(request, experiment.public_id, CheckInForm(request.POST), save)


@require_POST
@portal_view()
def session_check_in_save(
    request: ArcwiseRequest, link: PortalLink, session_id: UUID
) -> HttpResponse:
    """Save the answers before a session; htmx calls this to autosave as the client types."""
    session = check_in_session_for(link.client, session_id)

    def save(data: dict[str, Any]) -> tuple[int, datetime | None]:
        saved = answers.session_check_in_save(
            session=session,
            expected_version=data["version"],
            since_last=data["since_last"],
            want_from_session=data["want_from_session"],
            arriving_with=data["arriving_with"],
        )
        return saved.version, saved.updated_at

    return _autosave(request, session.public_id, SessionCheckInForm(request.POST), save)


@require_POST
@portal_view()
def pulse_save(request: ArcwiseRequest, link: PortalLink, journey_id: UUID) -> HttpResponse:
    """This week's pulse, one 0-10 answer per scale, saved with one button."""
    journey = pulse_journey_for(link.client, journey_id)
    form = PulseForm(request.POST, scales=[str(s) for s in journey.pulse_scales or []])
    today = timezone.localdate(timezone.now(), zone_or_utc(link.client.time_zone))
    try:
        if not form.is_valid():
            problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
            raise DomainError(problems or "Choose a number from 0 to 10 for each question.")
        answers.pulse_save(journey=journey, values=form.values(), today=today)
    except DomainError as error:
        # The page again, with what was chosen still chosen and why nothing was saved.
        page = portal_page(link.client)
        shown = page.journey(journey.public_id)
        if shown is None or shown.pulse is None:
            messages.error(request, error.message)
            return redirect("portal:home")
        typed = {name: str(value)[:3] for name, value in request.POST.items()}
        shown.pulse.with_typed(typed, f"Not saved. {error.message}")
        return render(request, "portal/home.html", {"page": page}, status=400)
    messages.success(request, "Your pulse for this week is saved. Thank you.")
    return redirect("portal:home")


def _saved(request: ArcwiseRequest, context: dict[str, object], status: int = 200) -> HttpResponse:
    if request.htmx:
        return _status(request, context, status)
    # Without JavaScript: the Save button posted the whole page; say what happened there.
    if "error" in context:
        messages.error(request, str(context["error"]))
    else:
        messages.success(request, "Saved.")
    return redirect("portal:home")


@require_http_methods(["GET"])
@portal_view()
def session_ics(request: ArcwiseRequest, link: PortalLink, session_id: UUID) -> HttpResponse:
    """An "add to calendar" file for one upcoming session."""
    session = upcoming_session_for(link.client, session_id)
    body = session_invitation(
        session, zone=zone_or_utc(link.client.time_zone), host=request.get_host()
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    stamp = timezone.localtime(session.starts_at, zone_or_utc(link.client.time_zone))
    response["Content-Disposition"] = f'attachment; filename="session-{stamp:%Y-%m-%d}.ics"'
    return response


# --- The coach's side --------------------------------------------------------------------


@require_POST
@coaches_only
def link_send(request: MemberRequest, client_id: UUID) -> HttpResponse:
    client = get_client_for(request, client_id)
    form = LinkSendForm(request.POST)
    if not form.is_valid():
        messages.error(request, "This form is out of date. Reload the page and try again.")
        return redirect("clients:detail", client_id=client.public_id)
    try:
        services.portal_link_send(
            client=client,
            sent_by=request.user,
            from_link=form.cleaned_data["from_link"],
            site_url=_site_url(request),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"A portal link is on its way to {client.email}.")
    return redirect("clients:detail", client_id=client.public_id)


@require_POST
@coaches_only
def link_revoke(request: MemberRequest, client_id: UUID) -> HttpResponse:
    client = get_client_for(request, client_id)
    form = LinkRevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "This form is out of date. Reload the page and try again.")
        return redirect("clients:detail", client_id=client.public_id)
    try:
        services.portal_link_revoke(client=client, link_id=form.cleaned_data["link"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"The portal is closed to {client.name}: no link sent to them opens it from now on.",
        )
    return redirect("clients:detail", client_id=client.public_id)
