from django.urls import path

from arcwise.nudges import views

app_name = "nudges"

urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "journeys/<uuid:journey_id>/emails-sent/", views.journey_messages, name="journey_messages"
    ),
    path(
        "journeys/<uuid:journey_id>/emails-sent/cap/",
        views.journey_message_cap,
        name="journey_message_cap",
    ),
]
