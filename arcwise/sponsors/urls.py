from django.urls import path

from arcwise.sponsors import coach_views, views

app_name = "sponsors"

urlpatterns = [
    # The sponsor's own pages.
    path("", views.sponsored_list, name="list"),
    path("<uuid:journey_id>/", views.sponsored_journey, name="journey"),
    # The journey's coach, from the journey page's Sponsor section.
    path("journeys/<uuid:journey_id>/terms/", coach_views.terms, name="terms"),
    path("journeys/<uuid:journey_id>/revoke/", coach_views.revoke, name="revoke"),
    path("journeys/<uuid:journey_id>/invite/", coach_views.invite, name="invite"),
    path("journeys/<uuid:journey_id>/summaries/", coach_views.summary_new, name="summary_new"),
    path(
        "journeys/<uuid:journey_id>/summaries/<uuid:summary_id>/",
        coach_views.summary_edit,
        name="summary_edit",
    ),
]
