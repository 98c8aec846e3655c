"""The outcomes' pages, under the journey they measure: its goals and wheel, the closing
review, the summary and its PDF. One module of paths per part, joined here."""

from arcwise.outcomes import measure_urls, review_urls, summary_urls

app_name = "outcomes"

urlpatterns = [*measure_urls.urlpatterns, *review_urls.urlpatterns, *summary_urls.urlpatterns]
