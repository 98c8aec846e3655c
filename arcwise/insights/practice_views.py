"""Practice insight: the page, with its two charts and their tables and the outcomes of every
design version, and its CSV download.

Owners and coaches both see the whole practice's insight (docs/architecture.md: the owner
sees practice-wide insight; nothing limits coaches to their own journeys here, and the page
shows no client and no session notes, only counts and weeks); the owner may count one
coach's journeys (`?coach=`). Mentors get 403, as on the caseload.
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from arcwise.accounts.coach_filter import CoachFilter, coach_filter_for
from arcwise.accounts.http import MemberRequest
from arcwise.accounts.tenancy import coaches_only
from arcwise.forms_common import SafeTextForm
from arcwise.insights.momentum.thresholds import Thresholds
from arcwise.insights.outcome_figures import VersionOutcomes
from arcwise.insights.practice import (
    DesignChoice,
    PracticeInsight,
    designs_with_journeys,
    practice_insight,
)
from arcwise.insights.practice_csv import csv_rows
from arcwise.insights.practice_outcomes import practice_outcomes
from arcwise.outcomes.gas import T_MEANING
from arcwise.svg.dwell_chart import DwellRow, render_dwell_chart
from arcwise.svg.funnel_chart import FunnelStep, render_funnel_chart


class DesignPickForm(SafeTextForm):
    design = forms.ChoiceField(label="Design", required=False)

    def __init__(self, *args: object, designs: list[DesignChoice], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.designs = designs
        field = self.fields["design"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(d.public_id), d.name) for d in designs]
        field.error_messages["invalid_choice"] = (
            "That design has no journeys in this practice. Choose one from the list."
        )

    def chosen(self) -> DesignChoice | None:
        """The design asked for, or the first one when none (or an unknown one) was asked for."""
        wanted = self.cleaned_data.get("design") if self.is_valid() else None
        picked = next((d for d in self.designs if str(d.public_id) == wanted), None)
        return picked or (self.designs[0] if self.designs else None)


@dataclass(frozen=True)
class _Picked:
    form: DesignPickForm
    coaches: CoachFilter
    insight: PracticeInsight
    # Every design version's outcomes, whichever design is picked for the phase figures.
    outcomes: list[VersionOutcomes]


def _insight(request: MemberRequest) -> _Picked:
    # The owner may count one coach's journeys; everyone else counts every coach's.
    coaches = coach_filter_for(request, request.GET, practice_wide=True)
    designs = designs_with_journeys(request.practice, coaches.ids)
    form = DesignPickForm(
        {"design": request.GET["design"]} if request.GET.get("design") else None,
        designs=designs,
    )
    insight = practice_insight(
        practice=request.practice,
        designs=designs,
        design=form.chosen(),
        today=timezone.localdate(),
        coach_ids=coaches.ids,
    )
    outcomes = practice_outcomes(request.practice, coaches.ids) if designs else []
    return _Picked(form, coaches, insight, outcomes)


@require_http_methods(["GET"])
@coaches_only
def practice(request: MemberRequest) -> HttpResponse:
    picked = _insight(request)
    insight = picked.insight
    context: dict[str, object] = {
        "form": picked.form,
        "coaches": picked.coaches,
        "insight": insight,
        "outcomes": picked.outcomes,
        "t_meaning": T_MEANING,
        "stall_cadences": Thresholds.from_overrides(
            request.practice.momentum_thresholds
        ).gap_stalled_cadences,
    }
    if insight.design is not None:
        name = insight.design.name
        dwell = render_dwell_chart(
            [
                DwellRow(
                    name=phase.name,
                    planned_weeks=phase.planned_weeks,
                    journeys=phase.reached,
                    **(asdict(phase.dwell_weeks) if phase.dwell_weeks else {}),
                )
                for phase in insight.phases
            ],
            title=f"Weeks spent in each phase of {name}, against the weeks planned",
        )
        funnel = render_funnel_chart(
            [FunnelStep(phase.name, phase.reached) for phase in insight.phases],
            started=insight.totals.started,
            title=f"Journeys reaching each phase of {name}",
        )
        # The charts are built by arcwise.svg.markup, which escapes every text it is given.
        context["dwell_chart"] = mark_safe(dwell)  # noqa: S308
        context["funnel_chart"] = mark_safe(funnel)  # noqa: S308
    return render(request, "insights/practice.html", context)


@require_http_methods(["GET"])
@coaches_only
def practice_csv(request: MemberRequest) -> HttpResponse:
    picked = _insight(request)
    if (picked.form.is_bound and not picked.form.is_valid()) or (
        picked.coaches.form is not None and picked.coaches.form.errors
    ):
        # The page says what was wrong with the choice; a file cannot.
        return redirect(f"{reverse('insights:practice')}?{request.GET.urlencode()}")
    insight = picked.insight
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(insight.design.name) if insight.design else ""
    filename = f"insight-{name or 'practice'}-{insight.today:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    csv.writer(response).writerows(csv_rows(insight, picked.outcomes))
    return response
