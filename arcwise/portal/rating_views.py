"""The client rates their goals and wheel, and writes their closing words, in the portal.

Both pass the portal's one guard (access.py) and save through the outcomes' services. A
refusal shows the portal page again with what was chosen or typed kept and the reason
beside it; sending the same thing twice stores it once and says so.
"""

from __future__ import annotations

from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from arcwise.accounts.http import ArcwiseRequest
from arcwise.days import zone_or_utc
from arcwise.errors import DomainError
from arcwise.forms_common import SafeTextForm
from arcwise.outcomes.measure_services import AlreadySaved, StaleMeasures
from arcwise.outcomes.models import CLOSING_TEXT_LIMIT, ClosingReview, Moment
from arcwise.outcomes.rating_services import client_ratings_save, client_words_save
from arcwise.portal.access import portal_view
from arcwise.portal.models import PortalLink
from arcwise.portal.page import PortalJourney, portal_page
from arcwise.portal.queries import pulse_journey_for
from arcwise.portal.ratings import PortalRatings, measures_of, ratings_form

VERSION_LIMIT = 2**31 - 1


class ClosingWordsForm(SafeTextForm):
    words = forms.CharField(
        label="What has shifted, in your words",
        required=False,
        max_length=CLOSING_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=VERSION_LIMIT)


def _again(
    request: ArcwiseRequest,
    link: PortalLink,
    journey_id: UUID,
    error: str,
    *,
    ratings: PortalRatings | None = None,
    words: str | None = None,
) -> HttpResponse:
    """The portal page with the refused form shown as sent (`ratings`, or the closing
    `words`) and why; or, when the page no longer shows that form (the moment closed
    meanwhile), home with the reason."""
    page = portal_page(link.client)
    item = page.journey(journey_id)
    if item is None or not _place(item, error, ratings, words):
        messages.error(request, error)
        return redirect("portal:home")
    return render(request, "portal/home.html", {"page": page}, status=400)


def _place(
    item: PortalJourney, error: str, ratings: PortalRatings | None, words: str | None
) -> bool:
    if words is not None:
        if item.closing is None:
            return False
        item.closing.words, item.closing.error = words[:CLOSING_TEXT_LIMIT], error
        return True
    if ratings is None:
        return False
    ratings.error = error
    if ratings.moment == Moment.CLOSE and item.closing is not None:
        item.closing.ratings = ratings
        return True
    if item.ratings is not None and item.ratings.moment == ratings.moment:
        item.ratings = ratings
        return True
    return False


@require_POST
@portal_view()
def ratings_save(request: ArcwiseRequest, link: PortalLink, journey_id: UUID) -> HttpResponse:
    """The client's goals and wheel at one moment, saved with one button."""
    journey = pulse_journey_for(link.client, journey_id)
    moment = request.POST.get("moment", "")
    if moment not in Moment.values:
        messages.error(request, "This page is out of date: reload it and rate again.")
        return redirect("portal:home")
    shown = ratings_form(measures_of([journey])[journey.pk].outcomes, Moment(moment), request.POST)
    today = timezone.localdate(timezone.now(), zone_or_utc(link.client.time_zone))
    try:
        if not shown.form.is_valid():
            raise DomainError(" ".join(str(e) for es in shown.form.errors.values() for e in es))
        client_ratings_save(
            journey=journey,
            moment=moment,
            levels=shown.form.chosen("goal"),
            values=shown.form.chosen("area"),
            today=today,
        )
    except AlreadySaved as done:
        messages.info(request, done.message)
    except DomainError as error:
        if error.field and error.field in shown.form.fields:
            shown.form.add_error(error.field, error.message)
        return _again(
            request, link, journey.public_id, f"Not saved. {error.message}", ratings=shown
        )
    else:
        messages.success(request, "Thank you: your ratings are saved.")
    return redirect("portal:home")


@require_POST
@portal_view()
def closing_words_save(request: ArcwiseRequest, link: PortalLink, journey_id: UUID) -> HttpResponse:
    """What has shifted, in the client's words, once their coach asked for it."""
    review = ClosingReview.objects.filter(
        journey__public_id=journey_id, journey__client=link.client
    ).first()
    if review is None:
        raise Http404("No closing review")
    form = ClosingWordsForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(
                " ".join(str(e) for es in form.errors.values() for e in es)
                or "This page is out of date: reload it."
            )
        client_words_save(
            review=review,
            text=form.cleaned_data["words"],
            expected_version=form.cleaned_data["version"],
        )
    except AlreadySaved as done:
        messages.info(request, done.message)
    except DomainError as error:
        words = error.message if isinstance(error, StaleMeasures) else f"Not saved. {error.message}"
        typed = str(request.POST.get("words", ""))
        return _again(request, link, journey_id, words, words=typed)
    else:
        messages.success(request, "Thank you: your words are saved for your closing session.")
    return redirect("portal:home")
