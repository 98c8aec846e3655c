from django.urls import path

from arcwise.journeys.endings import views as endings
from arcwise.journeys.enrolment import views as enrolment
from arcwise.journeys.experiments import views as experiments
from arcwise.journeys.pages import views as pages
from arcwise.journeys.plan import views as plan
from arcwise.journeys.sessions import views as sessions
from arcwise.journeys.threads import views as threads

app_name = "journeys"

urlpatterns = [
    path("", pages.journey_list, name="list"),
    path("new/", enrolment.journey_new, name="new"),
    path("<uuid:journey_id>/", pages.journey_detail, name="detail"),
    path("<uuid:journey_id>/prep/", pages.session_prep, name="prep"),
    path("<uuid:journey_id>/advance/", plan.phase_advance, name="advance"),
    path("<uuid:journey_id>/move-version/", plan.journey_move_version, name="move_version"),
    path("<uuid:journey_id>/remove/", endings.journey_remove, name="remove"),
    path("handover/<uuid:member_id>/", endings.journey_handover, name="handover"),
    path("<uuid:journey_id>/adapt/<str:kind>/", plan.adapt, name="adapt"),
    path("<uuid:journey_id>/adapt/<str:kind>/preview/", plan.adapt_preview, name="adapt_preview"),
    path("<uuid:journey_id>/sessions/<uuid:session_id>/", sessions.session_detail, name="session"),
    path(
        "<uuid:journey_id>/sessions/<uuid:session_id>/record/",
        sessions.session_record,
        name="session_record",
    ),
    path(
        "<uuid:journey_id>/sessions/<uuid:session_id>/status/",
        sessions.session_status,
        name="session_status",
    ),
    path(
        "<uuid:journey_id>/sessions/<uuid:session_id>/reschedule/",
        sessions.session_reschedule,
        name="session_reschedule",
    ),
    path(
        "<uuid:journey_id>/sessions/<uuid:session_id>/experiments/",
        experiments.experiment_agree,
        name="experiment_agree",
    ),
    path(
        "<uuid:journey_id>/sessions/<uuid:session_id>/threads/",
        threads.thread_open,
        name="thread_open",
    ),
    path(
        "<uuid:journey_id>/threads/<uuid:thread_id>/close/",
        threads.thread_close,
        name="thread_close",
    ),
    path(
        "<uuid:journey_id>/experiments/<uuid:experiment_id>/status/",
        experiments.experiment_status,
        name="experiment_status",
    ),
]
