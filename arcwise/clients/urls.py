from django.urls import path

from arcwise.clients import views

app_name = "clients"

urlpatterns = [
    path("", views.client_list, name="list"),
    path("new/", views.client_create, name="create"),
    path("<uuid:client_id>/", views.client_detail, name="detail"),
    path("<uuid:client_id>/edit/", views.client_edit, name="edit"),
    path("<uuid:client_id>/archive/", views.client_archive, name="archive"),
    path("<uuid:client_id>/restore/", views.client_restore, name="restore"),
]
