"""Treatment report pages: my reports, choosing what to report on, writing, changing and removing a
report, and one report as its visibility lets the viewer see it (404 otherwise)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from hearth.accounts.access import member_of
from hearth.accounts.models import User
from hearth.conditions.models import Condition
from hearth.experiences import actions
from hearth.experiences.access import own_report, own_reports, report_for
from hearth.experiences.forms import ChooseForm, ReportForm
from hearth.experiences.models import StopReason, TreatmentReport
from hearth.profiles.models import ProfileCondition, Visibility
from hearth.treatments.models import Treatment
from hearth.treatments.search import search_treatments

MAX_SLUG = 100


@login_required
@require_GET
def my_reports(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    context = {"reports": own_reports(user), "chooser": ChooseForm(user)}
    return render(request, "experiences/my_reports.html", context)


def _choose(request: HttpRequest, user: User, *, problem: ValidationError | None = None) -> HttpResponse:
    """Which treatment for which condition: treatments of the chosen condition matching the search,
    or the conditions of the chosen treatment, each a link to the report form."""
    chooser = ChooseForm(user, request.GET if "condition" in request.GET or "q" in request.GET else None)
    condition_slug = request.GET.get("condition", "")[:MAX_SLUG]
    treatment_slug = request.GET.get("treatment", "")[:MAX_SLUG]
    condition = Condition.objects.filter(slug=condition_slug).first() if "\x00" not in condition_slug else None
    treatment = Treatment.objects.filter(slug=treatment_slug).first() if "\x00" not in treatment_slug else None
    context: dict[str, Any] = {
        "chooser": chooser,
        "problem": problem,
        "condition": condition,
        "treatment": treatment,
        "found": None,
        "conditions_of_treatment": None,
    }
    not_linked = problem is not None and getattr(problem, "code", None) == "not_linked"
    if condition is not None and not not_linked and chooser.is_bound and chooser.is_valid():
        context["found"] = search_treatments(chooser.cleaned_data["q"], condition=condition.slug, limit=50)
    elif treatment is not None:
        own = set(ProfileCondition.objects.filter(profile_id=user.pk).values_list("condition_id", flat=True))
        conditions = sorted(treatment.conditions.all(), key=lambda c: (c.pk not in own, c.name))
        context["conditions_of_treatment"] = conditions
    return render(request, "experiences/report_choose.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def new_report(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    treatment_slug = request.GET.get("treatment", "")[:MAX_SLUG]
    condition_slug = request.GET.get("condition", "")[:MAX_SLUG]
    if not treatment_slug or not condition_slug:
        return _choose(request, user)
    try:
        treatment, condition = actions.find_pair(treatment_slug, condition_slug)
    except ValidationError as problem:
        return _choose(request, user, problem=problem)
    existing = actions.existing_report(user, treatment, condition)
    if existing is not None and request.method == "GET":
        messages.info(request, f"You have already reported on {treatment.name} for {condition.name}: change it here.")
        return redirect("treatment_report_edit", existing.pk)
    form = ReportForm(treatment, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = actions.do_create_report(user, treatment.slug, condition.slug, form.to_input())
        except actions.DuplicateReport as duplicate:
            # The same form sent twice, or from two tabs: the later one updates the first.
            report = actions.do_update_report(user, duplicate.report.pk, form.to_input())
            messages.success(request, "You had already reported on this treatment; that report is updated.")
            return redirect(report)
        except ValidationError as error:
            form.add_action_error(error)
        else:
            messages.success(request, "Your report is saved. Thank you for sharing it.")
            return redirect(report)
    context = {"form": form, "treatment": treatment, "condition": condition, "report": None}
    return render(request, "experiences/report_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit_report(request: HttpRequest, pk: int) -> HttpResponse:
    user = member_of(request)
    report = own_report(user, pk)
    form = ReportForm(report.treatment, request.POST or None, report=report)
    if request.method == "POST" and form.is_valid():
        try:
            report = actions.do_update_report(user, report.pk, form.to_input())
        except TreatmentReport.DoesNotExist:
            raise Http404 from None
        except ValidationError as error:
            form.add_action_error(error)
        else:
            messages.success(request, "Your report is saved.")
            return redirect(report)
    context = {"form": form, "treatment": report.treatment, "condition": report.condition, "report": report}
    return render(request, "experiences/report_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def delete_report(request: HttpRequest, pk: int) -> HttpResponse:
    user = member_of(request)
    report = own_report(user, pk)
    if request.method == "POST":
        if not actions.do_delete_report(user, report.pk):
            raise Http404
        messages.success(request, f"Your report on {report.treatment.name} is removed.")
        return redirect("treatment_reports")
    return render(request, "experiences/report_delete.html", {"report": report})


@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_for(request.user, pk)
    context = {
        "report": report,
        "is_author": request.user.is_authenticated and report.member_id == request.user.pk,
        "stop_reasons": [StopReason(reason).label for reason in report.stop_reasons if reason in StopReason.values],
        "visibility_label": Visibility(report.visibility).label,
    }
    return render(request, "experiences/report.html", context)
