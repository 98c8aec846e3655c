"""The search page: one box, results grouped by kind, each leading to its page."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from arcwise.accounts.http import MemberRequest
from arcwise.accounts.tenancy import coaches_only
from arcwise.search.forms import SearchForm
from arcwise.search.queries import search_for


# Owners and coaches: a mentor sees only structure shared with them and a sponsor only what
# an agreement shows, each on pages of their own, so neither has anything to search (403).
@require_http_methods(["GET"])
@coaches_only
def search(request: MemberRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    text = form.text()
    results = search_for(request, text) if text else None
    return render(request, "search/results.html", {"form": form, "text": text, "results": results})
