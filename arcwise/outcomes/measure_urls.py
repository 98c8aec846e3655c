"""The measure pages of a journey: its goals and wheel (`?moment=` chooses the moment the
rating forms show), and the forms that page posts."""

from django.urls import URLPattern, path

from arcwise.outcomes import measure_views

urlpatterns: list[URLPattern] = [
    path("<uuid:journey_id>/goals/", measure_views.goals, name="goals"),
    path("<uuid:journey_id>/goals/save/", measure_views.goals_save, name="goals_save"),
    path("<uuid:journey_id>/goals/areas/", measure_views.wheel_areas_save, name="wheel_areas_save"),
    path(
        "<uuid:journey_id>/goals/rate/", measure_views.goal_ratings_save, name="goal_ratings_save"
    ),
    path(
        "<uuid:journey_id>/goals/wheel/",
        measure_views.wheel_ratings_save,
        name="wheel_ratings_save",
    ),
]
