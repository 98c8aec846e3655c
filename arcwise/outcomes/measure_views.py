"""The coach's goals and wheel page of a journey: set the goals and their levels, name the
wheel's areas, rate the goals at a moment, type in the client's wheel from a session.

`?moment=baseline|midway|close` chooses the moment the rating forms show (by default the
latest one open to the coach). Every form posts to its own URL and comes back to the page;
a refusal shows the page again with the field marked and everything typed kept.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.tenancy import coaches_only
from arcwise.errors import DomainError
from arcwise.journeys.models import Journey
from arcwise.journeys.pages.access import get_journey_for
from arcwise.outcomes import measure_services, rating_services
from arcwise.outcomes.measure_forms import (
    AreasStateForm,
    GoalsStateForm,
    RatingsForm,
    area_formset,
    area_inputs,
    goal_formset,
    mark,
)
from arcwise.outcomes.measure_queries import T_SCORE_MEANING, MeasuresPage, measures_page
from arcwise.outcomes.measure_services import AlreadySaved, StaleMeasures
from arcwise.outcomes.models import Moment, Rater
from arcwise.outcomes.wheel_picture import wheel_svg


def _page_url(journey: Journey, moment: str = "") -> str:
    url = reverse("outcomes:goals", kwargs={"journey_id": journey.public_id})
    return f"{url}?moment={moment}" if moment in Moment.values else url


def _render(
    request: MemberRequest,
    journey: Journey,
    *,
    moment: str = "",
    status: int = 200,
    **bound: Any,
) -> HttpResponse:
    """The page; `bound` holds any form refused just now, shown as it was sent."""
    page: MeasuresPage = measures_page(journey)
    chosen = Moment(moment) if moment in Moment.values else page.default_moment()
    goals = [r.goal for r in page.outcomes.goals]
    scaled = [r.goal for r in page.outcomes.scaled_goals]
    areas = [r.area for r in page.outcomes.areas]
    context = {
        "journey": journey,
        "page": page,
        "moment": chosen,
        "coach_state": page.state(chosen, Rater.COACH),
        "goals_forms": bound.get("goals_forms") or goal_formset(goals, page.prefill_goals),
        "goals_state": bound.get("goals_state")
        or GoalsStateForm(initial={"version": page.versions.goals_version}),
        "areas_forms": bound.get("areas_forms") or area_formset(areas, page.prefill_areas),
        "areas_state": bound.get("areas_state")
        or AreasStateForm(initial={"version": page.versions.areas_version}),
        "rating_form": bound.get("rating_form")
        or RatingsForm(goals=scaled, initial=_levels(page, chosen)),
        "wheel_form": bound.get("wheel_form")
        or RatingsForm(areas=areas, initial=_values(page, chosen)),
        "t_meaning": T_SCORE_MEANING,
        # The radar, with the wheel's table beside it as its text alternative.
        "wheel_svg": wheel_svg(page.outcomes, title=f"{journey.client.name}'s wheel, 0 to 10"),
    }
    return render(request, "outcomes/goals.html", context, status=status)


def _levels(page: MeasuresPage, moment: Moment) -> dict[str, object]:
    found = {f"goal-{r.goal.public_id}": r.level(moment, Rater.COACH) for r in page.outcomes.goals}
    return {"moment": moment.value, **{k: v for k, v in found.items() if v is not None}}


def _values(page: MeasuresPage, moment: Moment) -> dict[str, object]:
    found = {f"area-{r.area.pk}": r.value(moment) for r in page.outcomes.areas}
    return {"moment": moment.value, **{k: v for k, v in found.items() if v is not None}}


@require_http_methods(["GET"])
@coaches_only
def goals(request: MemberRequest, journey_id: UUID) -> HttpResponse:
    journey = get_journey_for(request, journey_id)
    return _render(request, journey, moment=request.GET.get("moment", ""))


def _refused(error: DomainError) -> int:
    return 409 if isinstance(error, StaleMeasures) else 400


@require_POST
@coaches_only
def goals_save(request: MemberRequest, journey_id: UUID) -> HttpResponse:
    journey = get_journey_for(request, journey_id)
    rows, state = goal_formset([], [], request.POST), GoalsStateForm(request.POST)
    if not (rows.is_valid() & state.is_valid()):
        return _render(request, journey, goals_forms=rows, goals_state=state, status=400)
    try:
        measure_services.goals_save(
            journey=journey,
            goals=[form.to_input() for form in rows.forms],
            expected_version=state.cleaned_data["version"],
            remove_rated=state.cleaned_data["remove_rated"],
        )
    except AlreadySaved as done:
        messages.info(request, done.message)
    except DomainError as error:
        mark(state, error, rows)
        return _render(
            request, journey, goals_forms=rows, goals_state=state, status=_refused(error)
        )
    else:
        messages.success(request, "The goals are saved.")
    return redirect(_page_url(journey))


@require_POST
@coaches_only
def wheel_areas_save(request: MemberRequest, journey_id: UUID) -> HttpResponse:
    journey = get_journey_for(request, journey_id)
    rows, state = area_formset([], [], request.POST), AreasStateForm(request.POST)
    if not (rows.is_valid() & state.is_valid()):
        return _render(request, journey, areas_forms=rows, areas_state=state, status=400)
    try:
        measure_services.wheel_areas_save(
            journey=journey, areas=area_inputs(rows), expected_version=state.cleaned_data["version"]
        )
    except AlreadySaved as done:
        messages.info(request, done.message)
    except DomainError as error:
        mark(state, error, rows)
        return _render(
            request, journey, areas_forms=rows, areas_state=state, status=_refused(error)
        )
    else:
        messages.success(request, "The wheel's areas are saved.")
    return redirect(_page_url(journey))


@require_POST
@coaches_only
def goal_ratings_save(request: MemberRequest, journey_id: UUID) -> HttpResponse:
    """The coach's own rating of every scaled goal at one moment."""
    journey = get_journey_for(request, journey_id)
    page = measures_page(journey)
    form = RatingsForm(request.POST, goals=[r.goal for r in page.outcomes.scaled_goals])
    moment = request.POST.get("moment", "")
    if not form.is_valid():
        return _render(request, journey, moment=moment, rating_form=form, status=400)
    try:
        rating_services.goal_ratings_save(
            journey=journey,
            moment=form.cleaned_data["moment"],
            rater=Rater.COACH,
            levels=form.chosen("goal"),
        )
    except AlreadySaved as done:
        messages.info(request, done.message)
    except DomainError as error:
        mark(form, error)
        return _render(request, journey, moment=moment, rating_form=form, status=_refused(error))
    else:
        messages.success(request, f"Your ratings {Moment(moment).label.lower()} are saved.")
    return redirect(_page_url(journey, moment))


@require_POST
@coaches_only
def wheel_ratings_save(request: MemberRequest, journey_id: UUID) -> HttpResponse:
    """The client's wheel at one moment as they said it in a session, typed in by the coach."""
    journey = get_journey_for(request, journey_id)
    page = measures_page(journey)
    form = RatingsForm(request.POST, areas=[r.area for r in page.outcomes.areas])
    moment = request.POST.get("moment", "")
    if not form.is_valid():
        return _render(request, journey, moment=moment, wheel_form=form, status=400)
    try:
        rating_services.wheel_ratings_save(
            journey=journey,
            moment=form.cleaned_data["moment"],
            values=form.chosen("area"),
            by_coach=True,
        )
    except AlreadySaved as done:
        messages.info(request, done.message)
    except DomainError as error:
        mark(form, error)
        return _render(request, journey, moment=moment, wheel_form=form, status=_refused(error))
    else:
        messages.success(request, f"The client's wheel {Moment(moment).label.lower()} is saved.")
    return redirect(_page_url(journey, moment))
