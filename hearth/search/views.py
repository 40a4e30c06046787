"""The search page: posts and communities the viewer may see, twenty posts a page."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hearth.search.query import MAX_OFFSET, MAX_QUERY_CHARS, search

PER_PAGE = 20
_LAST_PAGE = MAX_OFFSET // PER_PAGE + 1


def _page_number(value: str | None) -> int:
    # A mistyped or doctored ?page= shows the first page rather than an error.
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    return min(max(number, 1), _LAST_PAGE)


def _page_url(query: str, page: int) -> str:
    return "?" + urlencode({"q": query, "page": page})


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:MAX_QUERY_CHARS].strip()
    page = _page_number(request.GET.get("page"))
    offset = (page - 1) * PER_PAGE
    results = search(request.user, query, limit=PER_PAGE, offset=offset) if query else None
    has_next = bool(results and results.has_more and page < _LAST_PAGE)
    context = {
        "query": query,
        "results": results,
        "page": page,
        "first_result": offset + 1,
        "last_result": offset + len(results.posts) if results else 0,
        "previous_url": _page_url(query, page - 1) if page > 1 else None,
        "next_url": _page_url(query, page + 1) if has_next else None,
    }
    return render(request, "search/search.html", context)
