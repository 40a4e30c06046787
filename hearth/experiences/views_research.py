"""The research export page: an administrator picks a condition (or all) and downloads its
treatment figures as CSV. Everyone else gets 404, signed in or not."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from hearth.accounts.access import member_of
from hearth.conditions.models import Condition
from hearth.experiences import research
from hearth.moderation.access import site_admin_only
from hearth.privacy.figures import MIN_GROUP


class ResearchExportForm(forms.Form):
    condition = forms.ChoiceField(label="Condition", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conditions = {c.slug: c for c in research.conditions_with_figures()}
        choices = [("", "All conditions")] + [(slug, c.name) for slug, c in self.conditions.items()]
        self.fields["condition"].choices = choices  # type: ignore[attr-defined]

    def chosen(self) -> Condition | None:
        slug = self.cleaned_data["condition"]
        return self.conditions[slug] if slug else None


@require_http_methods(["GET", "POST"])
def research_export(request: HttpRequest) -> HttpResponse:
    site_admin_only(request.user)
    form = ResearchExportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        export = research.do_export(member_of(request), form.chosen())
        response = HttpResponse(export.content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        response["Cache-Control"] = "no-store"
        return response
    context = {
        "form": form,
        "min_group": MIN_GROUP,
        "pairs": research.summaries().count(),
        "columns": research.COLUMNS,
    }
    return render(request, "experiences/research_export.html", context, status=422 if form.is_bound else 200)
