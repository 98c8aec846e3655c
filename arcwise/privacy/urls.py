from django.urls import path

from arcwise.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.audit_log, name="audit_log"),
    path("download.csv", views.audit_log_csv, name="audit_log_csv"),
]
