"""Starting a practice: the sign-up form, the e-mailed link, and the confirmation.

The form's answer is the same for every address (accounts/sign_up.py says why). The link's
token is exchanged at once for the sign-up in the session, and the browser is sent on to
/sign-up/confirm/, so the token leaves the address bar, the history and the server's log
of addresses; the confirmation page carries it in its form, so that a second click still
finds its sign-up when the first one has already changed the session.
"""

from __future__ import annotations

from uuid import uuid4

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from arcwise.accounts.forms import SignUpForm
from arcwise.accounts.http import ArcwiseRequest, client_address, posted
from arcwise.accounts.middleware import CURRENT_PRACTICE_SESSION_KEY
from arcwise.accounts.models import normalise_email
from arcwise.accounts.sign_up import (
    Request,
    SignUpThrottled,
    sign_up_complete,
    sign_up_find,
    sign_up_request,
)
from arcwise.errors import DomainError

SESSION_KEY = "sign_up_token"
OPEN_THE_LINK = "Open the link from your e-mail to finish starting your practice."


@require_http_methods(["GET", "POST"])
def sign_up(request: ArcwiseRequest) -> HttpResponse:
    form = SignUpForm(posted(request), initial={"form_token": uuid4()})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = sign_up_request(
                request=Request(
                    data["name"],
                    data["email"],
                    data["password"],
                    data["practice_name"],
                    data["time_zone"],
                ),
                form_token=data["form_token"],
                address=client_address(request),
                site_url=request.build_absolute_uri("/"),
                now=timezone.now(),
            )
        except SignUpThrottled as error:
            form.add_error(None, error.message)
            status = 429
        else:
            if not sent:
                messages.info(request, "You sent this form already: its e-mail is on its way.")
            context = {"email": normalise_email(data["email"])}
            return render(request, "accounts/sign_up_sent.html", context)
    return render(request, "accounts/sign_up.html", {"form": form}, status=status)


@require_http_methods(["GET"])
def sign_up_open(request: ArcwiseRequest, token: str) -> HttpResponse:
    """Exchange the e-mailed link's token for the sign-up in the session, then leave it."""
    if sign_up_find(token) is None:
        return _refused(request, "We do not recognise this link. Check that it was copied whole.")
    request.session[SESSION_KEY] = token
    return redirect("accounts:sign_up_confirm")


@require_http_methods(["GET", "POST"])
def sign_up_confirm(request: ArcwiseRequest) -> HttpResponse:
    token = request.POST.get("token") or request.session.get(SESSION_KEY) or ""
    if request.method == "POST":
        return _complete(request, str(token))
    found = sign_up_find(str(token))
    if found is None:
        return _refused(request, OPEN_THE_LINK, status=403)
    if found.completed_at is not None:
        return _refused(request, "This link has been used: your practice is ready. Sign in.")
    if not found.is_open():
        return _refused(request, "This link has expired. Sign up again for a fresh one.")
    return render(request, "accounts/sign_up_confirm.html", {"found": found, "token": token})


def _complete(request: ArcwiseRequest, token: str) -> HttpResponse:
    try:
        finished = sign_up_complete(token=token, now=timezone.now())
    except DomainError as error:
        return _refused(request, error.message)
    request.session.pop(SESSION_KEY, None)
    if not finished.made:
        messages.info(request, f"{finished.practice.name} was made already; nothing changed.")
        return redirect("home" if request.user == finished.user else "accounts:sign_in")
    login(request, finished.user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[CURRENT_PRACTICE_SESSION_KEY] = str(finished.practice.public_id)
    messages.success(request, f"Welcome to Arcwise. {finished.practice.name} is ready.")
    return redirect("home")


def _refused(request: ArcwiseRequest, reason: str, status: int = 404) -> HttpResponse:
    return render(request, "accounts/sign_up_link.html", {"reason": reason}, status=status)
