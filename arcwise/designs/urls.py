from django.urls import path

from arcwise.designs import views

app_name = "designs"

urlpatterns = [
    path("", views.design_list, name="list"),
    path("new/", views.design_new, name="new"),
    path("new/starter/", views.design_from_starter, name="from_starter"),
    path("new/import/", views.design_import, name="import"),
    path("<uuid:design_id>/", views.design_detail, name="detail"),
    path("<uuid:design_id>/versions/<int:number>/", views.design_detail, name="version"),
    path("<uuid:design_id>/versions/<int:number>/export/", views.design_export, name="export"),
    path("<uuid:design_id>/edit/", views.design_edit, name="edit"),
    path("<uuid:design_id>/visibility/", views.design_visibility, name="visibility"),
    path("<uuid:design_id>/import/", views.version_import, name="version_import"),
    path("<uuid:design_id>/draft/", views.designer, name="designer"),
    path("<uuid:design_id>/draft/details/", views.draft_details, name="draft_details"),
    path("<uuid:design_id>/draft/phases/new/", views.phase_new, name="phase_new"),
    path("<uuid:design_id>/draft/phases/preview/", views.phase_preview, name="phase_preview"),
    path("<uuid:design_id>/draft/phases/order/", views.phases_reorder, name="phases_reorder"),
    path("<uuid:design_id>/draft/phases/<uuid:phase_id>/", views.phase_edit, name="phase_edit"),
    path(
        "<uuid:design_id>/draft/phases/<uuid:phase_id>/move/", views.phase_move, name="phase_move"
    ),
    path(
        "<uuid:design_id>/draft/phases/<uuid:phase_id>/remove/",
        views.phase_remove,
        name="phase_remove",
    ),
    path("<uuid:design_id>/draft/publish/", views.draft_publish, name="publish"),
    path("<uuid:design_id>/draft/discard/", views.draft_discard, name="discard"),
]
