from django.urls import path

from arcwise.insights import practice_views, settings_views, views

app_name = "insights"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("practice/", practice_views.practice, name="practice"),
    path("practice/csv/", practice_views.practice_csv, name="practice_csv"),
    path("momentum/", settings_views.momentum_settings, name="momentum_settings"),
]
