from django.urls import include, path

from arcwise.accounts import views as account_views
from arcwise.api.site import api_urls

urlpatterns = [
    path("", account_views.home, name="home"),
    path("", include("arcwise.accounts.urls")),
    path("practice/audit/", include("arcwise.privacy.urls")),
    path("clients/", include("arcwise.clients.urls")),
    path("designs/", include("arcwise.designs.urls")),
    path("journeys/", include("arcwise.journeys.urls")),
    path("journeys/", include("arcwise.outcomes.urls")),
    path("journeys/", include("arcwise.conversations.urls")),
    path("sponsor/", include("arcwise.sponsors.urls")),
    path("caseload/", include("arcwise.insights.urls")),
    path("search/", include("arcwise.search.urls")),
    path("booking/", include("arcwise.booking.urls")),
    path("portal/", include("arcwise.portal.urls")),
    path("records/", include("arcwise.records.urls")),
    path("calendar/", include("arcwise.nudges.feed_urls")),
    path("", include("arcwise.nudges.urls")),
    path("account/tokens/", include("arcwise.api.urls")),
    path("api/v1/", api_urls()),
]
