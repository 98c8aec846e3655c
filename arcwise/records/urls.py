from django.urls import path

from arcwise.records import views

app_name = "records"

urlpatterns = [
    path("retention/", views.retention, name="retention"),
    path("clients/<uuid:client_id>/export/", views.export, name="export"),
    path("clients/<uuid:client_id>/export/records.zip", views.export_zip, name="export_zip"),
    path(
        "clients/<uuid:client_id>/export/summaries/<uuid:journey_id>.pdf",
        views.export_summary,
        name="export_summary",
    ),
    path("clients/<uuid:client_id>/erase/", views.erase, name="erase"),
]
