"""The closing review of a journey, and its loose ends."""

from django.urls import path

from arcwise.outcomes import review_loose_ends as loose
from arcwise.outcomes import review_views as views

urlpatterns = [
    path("<uuid:journey_id>/closing/", views.review, name="review"),
    path("<uuid:journey_id>/closing/start/", views.review_start, name="review_start"),
    path("<uuid:journey_id>/closing/step/", views.review_step, name="review_step"),
    path("<uuid:journey_id>/closing/ask/", views.review_ask_client, name="review_ask"),
    path("<uuid:journey_id>/closing/close/", views.review_close, name="review_close"),
    path("<uuid:journey_id>/closing/set-aside/", views.review_set_aside, name="review_set_aside"),
    path(
        "<uuid:journey_id>/closing/sessions/<uuid:session_id>/",
        loose.loose_session,
        name="review_session",
    ),
    path(
        "<uuid:journey_id>/closing/experiments/<uuid:experiment_id>/",
        loose.loose_experiment,
        name="review_experiment",
    ),
    path(
        "<uuid:journey_id>/closing/threads/<uuid:thread_id>/",
        loose.loose_thread,
        name="review_thread",
    ),
]
