"""Mentor review pages: the mentor's shared journeys and their review page with comments;
the coach's grant and revoke from the journey page, and their preview of the mentor's page;
the owner's record of mentor views.

Everything a mentor reaches goes through `mentor_review_for`, which answers 404 for any
journey not shared with them right now.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID, uuid4

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.models import Membership, Role
from arcwise.accounts.tenancy import coaches_only, member_required, scoped
from arcwise.errors import DomainError
from arcwise.forms_common import SafeTextForm
from arcwise.insights import mentor_reads, mentoring
from arcwise.insights.mentor_reads import MentorReview
from arcwise.insights.mentoring import COMMENT_MAX
from arcwise.insights.models import MentorPage
from arcwise.journeys.models import Journey
from arcwise.journeys.pages.access import get_journey_for
from arcwise.svg.journey_map import journey_map_words, render_journey_map

mentors_only = member_required(roles=(Role.MENTOR,))
owners_only = member_required(roles=(Role.OWNER,))

WHOLE_JOURNEY = ""


class CommentForm(SafeTextForm):
    about = forms.ChoiceField(label="About", required=False)
    text = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=COMMENT_MAX,
        error_messages={"required": "Write a comment first."},
    )
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, review: MentorReview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["about"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(WHOLE_JOURNEY, "The journey as a whole")] + [
            (str(sequence), label) for sequence, label in review.runs
        ]

    def run_sequence(self) -> int | None:
        about = self.cleaned_data.get("about") or WHOLE_JOURNEY
        return int(about) if about != WHOLE_JOURNEY else None


class MentorChoiceForm(SafeTextForm):
    mentor = forms.UUIDField(
        label="Mentor",
        error_messages={"required": "Choose a mentor.", "invalid": "Choose a mentor."},
    )


def _review_context(review: MentorReview) -> dict[str, Any]:
    """What the mentor's journey page shows: for the mentor, and in the coach's preview."""
    return {
        "review": review,
        "map": mark_safe(render_journey_map(review.picture)),  # noqa: S308 - escapes all text
        "map_words": journey_map_words(review.picture),
    }


def _review_page(
    request: MemberRequest, review: MentorReview, form: CommentForm, status: int = 200
) -> HttpResponse:
    mentoring.mentor_view_record(
        mentor=request.user,
        practice=request.practice,
        page=MentorPage.JOURNEY,
        journey=review.journey,
    )
    context = {**_review_context(review), "form": form}
    return render(request, "insights/mentor_journey.html", context, status=status)


@require_http_methods(["GET"])
@mentors_only
def shared_list(request: MemberRequest) -> HttpResponse:
    rows = mentor_reads.shared_with(request)
    mentoring.mentor_view_record(
        mentor=request.user, practice=request.practice, page=MentorPage.LIST
    )
    return render(request, "insights/mentor_list.html", {"rows": rows})


@require_http_methods(["GET"])
@mentors_only
def shared_journey(request: MemberRequest, journey_id: UUID) -> HttpResponse:
    review = mentor_reads.mentor_review_for(request, journey_id)
    form = CommentForm(review=review, initial={"token": uuid4()})
    return _review_page(request, review, form)


@require_POST
@mentors_only
def comment_add(request: MemberRequest, journey_id: UUID) -> HttpResponse:
    review = mentor_reads.mentor_review_for(request, journey_id)
    form = CommentForm(request.POST, review=review)
    if form.is_valid():
        try:
            outcome = mentoring.review_comment_add(
                journey=review.journey,
                mentor=request.user,
                text=form.cleaned_data["text"],
                run_sequence=form.run_sequence(),
                token=form.cleaned_data["token"],
            )
        except DomainError as error:
            form.add_error("text" if error.field == "text" else None, error.message)
        else:
            (messages.success if outcome.changed else messages.info)(request, outcome.message)
            url = reverse("insights:mentor_journey", args=[journey_id])
            return redirect(f"{url}#comments")
    return _review_page(request, review, form, status=400)


def _chosen_mentor(request: MemberRequest, journey: Journey) -> tuple[Any, str | None]:
    form = MentorChoiceForm(request.POST)
    if not form.is_valid():
        return None, "Nothing was changed. Choose a mentor."
    membership = (
        scoped(Membership, request)
        .filter(public_id=form.cleaned_data["mentor"])
        .select_related("user")
        .first()
    )
    if membership is None:
        return None, "Nothing was changed. That person is not a member of this practice."
    return membership.user, None


def _journey_page(journey: Journey) -> HttpResponse:
    url = reverse("journeys:detail", args=[journey.public_id])
    return redirect(f"{url}#mentor-review-heading")


def _share_change(
    request: MemberRequest, journey_id: UUID, change: Callable[..., mentoring.Outcome]
) -> HttpResponse:
    """Share a journey with the chosen mentor, or stop sharing it; a repeat says so."""
    journey = get_journey_for(request, journey_id)
    mentor, problem = _chosen_mentor(request, journey)
    if problem:
        messages.error(request, problem)
        return _journey_page(journey)
    try:
        outcome = change(journey=journey, mentor=mentor, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        (messages.success if outcome.changed else messages.info)(request, outcome.message)
    return _journey_page(journey)


@require_POST
@coaches_only
def grant(request: MemberRequest, journey_id: UUID) -> HttpResponse:
    return _share_change(request, journey_id, mentoring.mentor_grant)


@require_POST
@coaches_only
def revoke(request: MemberRequest, journey_id: UUID) -> HttpResponse:
    return _share_change(request, journey_id, mentoring.mentor_revoke)


@require_http_methods(["GET"])
@coaches_only
def preview(request: MemberRequest, journey_id: UUID, mentor_id: UUID) -> HttpResponse:
    """The mentor's page for this journey, shown to its coach: what the mentor will see
    once it is shared (or sees now). Not recorded as a mentor's view."""
    journey = get_journey_for(request, journey_id)
    membership = get_object_or_404(
        scoped(Membership, request).select_related("user"), public_id=mentor_id, role=Role.MENTOR
    )
    review = mentor_reads.mentor_preview_for(journey, membership.user, practice=request.practice)
    context = {
        **_review_context(review),
        "preview_for": membership,
        "shared": mentoring.has_live_grant(journey=journey, membership=membership),
    }
    return render(request, "insights/mentor_journey.html", context)


@require_http_methods(["GET"])
@owners_only
def mentor_views(request: MemberRequest) -> HttpResponse:
    lines = mentoring.mentor_views_for(request)
    context = {"lines": lines, "limit": mentoring.AUDIT_LIMIT}
    return render(request, "insights/mentor_views.html", context)
