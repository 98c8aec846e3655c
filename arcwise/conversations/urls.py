from django.urls import path

from arcwise.conversations import views

app_name = "conversations"

urlpatterns = [
    path("<uuid:journey_id>/messages/", views.journey_conversation, name="journey"),
    path("<uuid:journey_id>/messages/send/", views.message_send, name="send"),
    path(
        "<uuid:journey_id>/messages/<uuid:message_id>/thread/",
        views.message_thread,
        name="thread",
    ),
    path(
        "<uuid:journey_id>/messages/<uuid:message_id>/experiment/",
        views.message_experiment,
        name="experiment",
    ),
]
