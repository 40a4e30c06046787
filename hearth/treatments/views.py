"""The treatments catalogue pages: a searchable, filterable list and a page per treatment."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from hearth.conditions.models import Condition
from hearth.experiences.models import TreatmentSummary
from hearth.experiences.views_figures import report_url
from hearth.lib.page_cache import same_for_visitors
from hearth.treatments.models import Kind, Treatment
from hearth.treatments.search import search_treatments

MAX_QUERY = 100
PER_PAGE = 30


@same_for_visitors
@require_GET
def treatment_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:MAX_QUERY].strip()
    kind = request.GET.get("kind", "")
    kind = kind if kind in Kind.values else ""
    condition_slug = request.GET.get("condition", "")[:100]
    # A doctored ?condition= that is no slug (a NUL, say, which PostgreSQL cannot compare) is ignored.
    condition = Condition.objects.filter(slug=condition_slug).first() if slug_re.match(condition_slug) else None
    found = search_treatments(query, condition=condition.slug if condition else None, kind=kind or None, limit=None)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    context = {"query": query, "kind": kind, "kinds": Kind.choices, "condition": condition, "page": page}
    return render(request, "treatments/list.html", context)


@same_for_visitors
@require_GET
def treatment_detail(request: HttpRequest, slug: str) -> HttpResponse:
    treatment = get_object_or_404(Treatment, slug=slug)
    conditions = list(treatment.conditions.only("slug", "name"))
    # The kept figures (one query), never the reports themselves.
    reports = dict(TreatmentSummary.objects.filter(treatment=treatment).values_list("condition_id", "contributors"))
    used_for = [
        {
            "condition": condition,
            "reports": reports.get(condition.pk, 0),
            "report_url": report_url(treatment, condition),
            "compare_url": reverse("treatment_compare", args=[condition.slug]) + "?" + urlencode({"with": slug}),
        }
        for condition in conditions
    ]
    return render(
        request, "treatments/detail.html", {"treatment": treatment, "conditions": conditions, "used_for": used_for}
    )
