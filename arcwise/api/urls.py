from django.urls import path

from arcwise.api import views

app_name = "tokens"

urlpatterns = [
    path("", views.token_list, name="list"),
    path("<uuid:token_id>/revoke/", views.token_revoke_view, name="revoke"),
]
