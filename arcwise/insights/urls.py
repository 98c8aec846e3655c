from django.urls import path

from arcwise.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.caseload, name="caseload"),
]
