"""The conditions catalogue pages: search (with htmx autocomplete) and a page per condition."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from hearth.conditions.models import Condition
from hearth.conditions.search import search_conditions
from hearth.lib.http import HtmxHttpRequest
from hearth.lib.page_cache import same_for_visitors

MAX_QUERY = 100


@same_for_visitors
@require_GET
@vary_on_headers("HX-Request")
def condition_list(request: HtmxHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:MAX_QUERY].strip()
    results = search_conditions(query) if query else None
    context: dict[str, object] = {"query": query, "results": results}
    # htmx gets just the results, except when restoring history: then it needs the whole page.
    if request.htmx and not request.htmx.history_restore_request and results is not None:
        return render(request, "conditions/_results.html", context)
    if results is None:
        context["categories"] = _by_category()
    return render(request, "conditions/condition_list.html", context)


def _by_category() -> list[tuple[str, list[Condition]]]:
    groups: dict[str, list[Condition]] = {}
    for condition in Condition.objects.only("slug", "name", "lay_name", "category"):
        groups.setdefault(condition.category, []).append(condition)
    return sorted(groups.items())


@same_for_visitors
@require_GET
def condition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    condition = get_object_or_404(Condition, slug=slug)
    return render(request, "conditions/condition_detail.html", {"condition": condition})
