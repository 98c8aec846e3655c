from django.urls import path

from arcwise.journeys import views

app_name = "journeys"

urlpatterns = [
    path("", views.journey_list, name="list"),
    path("new/", views.journey_new, name="new"),
    path("<uuid:journey_id>/", views.journey_detail, name="detail"),
    path("<uuid:journey_id>/prep/", views.session_prep, name="prep"),
    path("<uuid:journey_id>/advance/", views.phase_advance, name="advance"),
    path("<uuid:journey_id>/close/", views.journey_close, name="close"),
    path("<uuid:journey_id>/move-version/", views.journey_move_version, name="move_version"),
    path("<uuid:journey_id>/end-early/", views.journey_end_early, name="end_early"),
    path("<uuid:journey_id>/remove/", views.journey_remove, name="remove"),
    path("handover/<uuid:member_id>/", views.journey_handover, name="handover"),
    path("<uuid:journey_id>/adapt/<str:kind>/", views.adapt, name="adapt"),
    path("<uuid:journey_id>/adapt/<str:kind>/preview/", views.adapt_preview, name="adapt_preview"),
    path("<uuid:journey_id>/sessions/<uuid:session_id>/", views.session_detail, name="session"),
    path(
        "<uuid:journey_id>/sessions/<uuid:session_id>/record/",
        views.session_record,
        name="session_record",
    ),
    path(
        "<uuid:journey_id>/sessions/<uuid:session_id>/status/",
        views.session_status,
        name="session_status",
    ),
    path(
        "<uuid:journey_id>/sessions/<uuid:session_id>/reschedule/",
        views.session_reschedule,
        name="session_reschedule",
    ),
    path(
        "<uuid:journey_id>/sessions/<uuid:session_id>/experiments/",
        views.experiment_agree,
        name="experiment_agree",
    ),
    path(
        "<uuid:journey_id>/sessions/<uuid:session_id>/threads/",
        views.thread_open,
        name="thread_open",
    ),
    path(
        "<uuid:journey_id>/threads/<uuid:thread_id>/close/",
        views.thread_close,
        name="thread_close",
    ),
    path(
        "<uuid:journey_id>/experiments/<uuid:experiment_id>/status/",
        views.experiment_status,
        name="experiment_status",
    ),
]
