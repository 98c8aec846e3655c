from django.urls import path

from arcwise.insights import hours_views, mentor_views, practice_views, settings_views, views

app_name = "insights"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("practice/", practice_views.practice, name="practice"),
    path("practice/csv/", practice_views.practice_csv, name="practice_csv"),
    path("hours/", hours_views.hours_log_page, name="hours_log"),
    path("hours/csv/", hours_views.hours_log_csv, name="hours_log_csv"),
    path("shared/", mentor_views.shared_list, name="mentor_list"),
    path("shared/<uuid:journey_id>/", mentor_views.shared_journey, name="mentor_journey"),
    path("shared/<uuid:journey_id>/comments/", mentor_views.comment_add, name="mentor_comment"),
    path("mentors/<uuid:journey_id>/grant/", mentor_views.grant, name="mentor_grant"),
    path("mentors/<uuid:journey_id>/revoke/", mentor_views.revoke, name="mentor_revoke"),
    path(
        "mentors/<uuid:journey_id>/preview/<uuid:mentor_id>/",
        mentor_views.preview,
        name="mentor_preview",
    ),
    path("mentor-views/", mentor_views.mentor_views, name="mentor_views"),
    path("momentum/", settings_views.momentum_settings, name="momentum_settings"),
]
