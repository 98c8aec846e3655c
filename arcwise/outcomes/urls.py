"""The outcomes' pages, under the journey they measure: its goals and wheel, the closing
review, the summary and its PDF."""

from django.urls import include, path

app_name = "outcomes"

urlpatterns = [
    path("", include("arcwise.outcomes.measure_urls")),
    path("", include("arcwise.outcomes.review_urls")),
    path("", include("arcwise.outcomes.summary_urls")),
]
