"""The coach's calendar feed, reached by its secret address, and resetting that address."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.models import CLIENT_ROLES
from arcwise.accounts.sections import AccountSection
from arcwise.accounts.tenancy import member_required
from arcwise.errors import DomainError
from arcwise.forms_common import SafeTextForm
from arcwise.nudges import feed_services

# Where a newly made address waits, in the coach's own session, for the page the reset
# redirects to: shown there once and dropped, since Arcwise keeps only its hash.
NEW_ADDRESS = "calendar_feed_new_address"


class FeedResetForm(SafeTextForm):
    # The address id the page showed (empty: no feed yet), so a repeat resets nothing twice.
    from_address = forms.UUIDField(required=False, widget=forms.HiddenInput)


@require_http_methods(["GET", "HEAD"])
def coach_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The feed as iCalendar. No sign-in: calendar apps cannot sign in; the secret is the key."""
    feed = feed_services.feed_find(secret)
    if feed is None:
        raise Http404("No such calendar")
    response = HttpResponse(
        feed_services.feed_calendar(feed), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="arcwise-sessions.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
@member_required(roles=CLIENT_ROLES)
def feed_reset(request: MemberRequest) -> HttpResponse:
    form = FeedResetForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The page was out of date. Nothing was changed; try again.")
        return redirect("accounts:account")
    had = form.cleaned_data["from_address"] is not None
    try:
        _, secret = feed_services.feed_reset(
            membership=request.membership, from_address=form.cleaned_data["from_address"]
        )
    except feed_services.FeedAlreadyReset as repeat:
        messages.info(request, repeat.message)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        request.session[NEW_ADDRESS] = request.build_absolute_uri(
            reverse("calendar:coach_feed", args=[secret])
        )
        messages.success(
            request,
            "Your calendar address is reset: the old one no longer works. "
            "Subscribe to the new one below."
            if had
            else "Your calendar address is ready. Subscribe to it in your calendar app.",
        )
    return redirect(reverse("accounts:account") + "#calendar-feed")


def feed_account_section(request: MemberRequest) -> AccountSection | None:
    """The account page's calendar section: for coaches and owners of the current practice."""
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in CLIENT_ROLES:
        return None
    feed = feed_services.feed_of(membership)
    context = {
        "feed": feed,
        "address": request.session.pop(NEW_ADDRESS, "") if feed else "",
        "from_address": feed.address_id if feed else "",
        "practice": membership.practice.name,
    }
    return AccountSection("nudges/_feed_section.html", context)
