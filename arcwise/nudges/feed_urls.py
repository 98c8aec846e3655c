from django.urls import path

from arcwise.nudges import feed_views

app_name = "calendar"

urlpatterns = [
    path("reset/", feed_views.feed_reset, name="reset"),
    path("<str:secret>/sessions.ics", feed_views.coach_feed, name="coach_feed"),
]
