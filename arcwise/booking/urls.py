from django.urls import path

from arcwise.booking import views

app_name = "booking"

urlpatterns = [
    path("availability/", views.availability, name="availability"),
    path("availability/save/", views.availability_save_view, name="availability_save"),
    path("moves/<uuid:move_id>/decide/", views.move_decide, name="move_decide"),
    path("journeys/<uuid:journey_id>/video-link/", views.video_link_save, name="video_link_save"),
]
