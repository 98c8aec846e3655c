from django.urls import path

from arcwise.portal import (
    booking_views,
    intake_views,
    message_views,
    rating_views,
    sponsor_views,
    summary_views,
    views,
)

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("open/<str:token>/", views.enter, name="enter"),
    path("fresh-link/", views.fresh_link, name="fresh_link"),
    path("reflections/<uuid:reflection_id>/", views.reflection_save, name="reflection_save"),
    path("experiments/<uuid:experiment_id>/", views.check_in_save, name="check_in_save"),
    path(
        "sessions/<uuid:session_id>/check-in/",
        views.session_check_in_save,
        name="session_check_in_save",
    ),
    path("journeys/<uuid:journey_id>/pulse/", views.pulse_save, name="pulse_save"),
    path("journeys/<uuid:journey_id>/ratings/", rating_views.ratings_save, name="ratings_save"),
    path(
        "journeys/<uuid:journey_id>/closing/",
        rating_views.closing_words_save,
        name="closing_words_save",
    ),
    path("journeys/<uuid:journey_id>/intake/", intake_views.intake, name="intake"),
    path("journeys/<uuid:journey_id>/intake/save/", intake_views.intake_save, name="intake_save"),
    path(
        "journeys/<uuid:journey_id>/intake/review/",
        intake_views.intake_review,
        name="intake_review",
    ),
    path("journeys/<uuid:journey_id>/intake/send/", intake_views.intake_send, name="intake_send"),
    path(
        "sponsor-summaries/<uuid:summary_id>/",
        sponsor_views.sponsor_summary_answer,
        name="sponsor_summary_answer",
    ),
    path("journeys/<uuid:journey_id>/messages/", message_views.messages_page, name="messages"),
    path(
        "journeys/<uuid:journey_id>/messages/send/",
        message_views.message_send,
        name="message_send",
    ),
    path("book/", booking_views.book, name="book"),
    path("sessions/<uuid:session_id>/book/", booking_views.book_choose, name="book_choose"),
    path("sessions/<uuid:session_id>/invite.ics", views.session_ics, name="session_ics"),
    path("journeys/<uuid:journey_id>/summary.pdf", summary_views.summary_pdf, name="summary_pdf"),
    path("clients/<uuid:client_id>/send/", views.link_send, name="link_send"),
    path("clients/<uuid:client_id>/revoke/", views.link_revoke, name="link_revoke"),
]
