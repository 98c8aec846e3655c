"""The summary pages of a journey."""

from django.urls import URLPattern, path

from arcwise.outcomes import summary_views

urlpatterns: list[URLPattern] = [
    path("<uuid:journey_id>/summary/", summary_views.summary_page, name="summary"),
    path("<uuid:journey_id>/summary.pdf", summary_views.summary_pdf, name="summary_pdf"),
]
