from django.urls import path

from arcwise.designs.views import (
    design_pages,
    designer_pages,
    details_pages,
    intake_pages,
    phase_pages,
)

app_name = "designs"

urlpatterns = [
    path("", design_pages.design_list, name="list"),
    path("new/", design_pages.design_new, name="new"),
    path("new/starter/", design_pages.design_from_starter, name="from_starter"),
    path("new/import/", design_pages.design_import, name="import"),
    path("<uuid:design_id>/", design_pages.design_detail, name="detail"),
    path("<uuid:design_id>/versions/<int:number>/", design_pages.design_detail, name="version"),
    path(
        "<uuid:design_id>/versions/<int:number>/export/",
        design_pages.design_export,
        name="export",
    ),
    path("<uuid:design_id>/edit/", design_pages.design_edit, name="edit"),
    path("<uuid:design_id>/visibility/", design_pages.design_visibility, name="visibility"),
    path("<uuid:design_id>/import/", design_pages.version_import, name="version_import"),
    path("<uuid:design_id>/draft/", designer_pages.designer, name="designer"),
    path("<uuid:design_id>/draft/details/", details_pages.draft_details, name="draft_details"),
    path("<uuid:design_id>/draft/phases/new/", phase_pages.phase_new, name="phase_new"),
    path("<uuid:design_id>/draft/phases/preview/", phase_pages.phase_preview, name="phase_preview"),
    path(
        "<uuid:design_id>/draft/phases/order/",
        designer_pages.phases_reorder,
        name="phases_reorder",
    ),
    path(
        "<uuid:design_id>/draft/phases/<uuid:phase_id>/",
        phase_pages.phase_edit,
        name="phase_edit",
    ),
    path(
        "<uuid:design_id>/draft/phases/<uuid:phase_id>/move/",
        designer_pages.phase_move,
        name="phase_move",
    ),
    path(
        "<uuid:design_id>/draft/phases/<uuid:phase_id>/remove/",
        designer_pages.phase_remove,
        name="phase_remove",
    ),
    path("<uuid:design_id>/draft/intake/", intake_pages.intake_page, name="intake"),
    path(
        "<uuid:design_id>/draft/intake/<slug:key>/",
        intake_pages.intake_question_edit,
        name="intake_question",
    ),
    path(
        "<uuid:design_id>/draft/intake/<slug:key>/move/",
        intake_pages.intake_question_move,
        name="intake_question_move",
    ),
    path(
        "<uuid:design_id>/draft/intake/<slug:key>/remove/",
        intake_pages.intake_question_remove,
        name="intake_question_remove",
    ),
    path("<uuid:design_id>/draft/publish/", designer_pages.draft_publish, name="publish"),
    path("<uuid:design_id>/draft/discard/", designer_pages.draft_discard, name="discard"),
]
