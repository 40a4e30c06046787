"""Pages of the evidence library: the conditions it covers, a condition's library, one entry, and
for curators the forms to add, edit, mark reviewed and remove. Those who may not curate are not
offered the forms, and their requests answer 404 (`hearth.evidence.access`)."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.accounts.access import member_of
from hearth.conditions.models import Condition
from hearth.evidence import access, actions
from hearth.evidence.forms import EntryForm
from hearth.evidence.models import EntryKind


@require_GET
def library_index(request: HttpRequest) -> HttpResponse:
    conditions = (
        Condition.objects.annotate(entries=Count("evidence", filter=Q(evidence__removed_at__isnull=True)))
        .filter(entries__gt=0)
        .order_by("name")
    )
    return render(request, "evidence/index.html", {"conditions": conditions})


@require_GET
def library(request: HttpRequest, condition: str) -> HttpResponse:
    found = access.condition_for(condition)
    kinds = dict(EntryKind.choices)
    entries = access.shown_entries(found)
    sections = [(kind, str(kinds.get(kind, kind)), list(group)) for kind, group in groupby(entries, lambda e: e.kind)]
    context = {
        "condition": found,
        "sections": sections,
        "count": len(entries),
        "may_curate": access.may_curate(request.user, found),
    }
    return render(request, "evidence/library.html", context)


@require_GET
def entry(request: HttpRequest, condition: str, pk: int) -> HttpResponse:
    found = access.entry_for(request.user, pk, condition)
    context = {
        "entry": found,
        "condition": found.condition,
        "may_curate": found.removed_at is None and access.may_curate(request.user, found.condition),
        "may_remove": found.removed_at is None and access.may_remove(request.user, found),
    }
    return render(request, "evidence/entry.html", context)


def _refused(form: EntryForm, error: ValidationError) -> None:
    code = getattr(error, "code", None) or ""
    field = "url" if code == "duplicate" else code
    form.add_error(field if field in form.fields else None, error)


@login_required
@require_http_methods(["GET", "POST"])
def add(request: HttpRequest, condition: str) -> HttpResponse:
    user = member_of(request)
    found = access.condition_to_curate(user, condition)
    initial = {"last_reviewed_on": timezone.localdate()}
    form = EntryForm(request.POST or None, condition=found, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                added = actions.do_add_entry(user, found, form.entry_input())
            except ValidationError as error:
                _refused(form, error)
            else:
                messages.success(request, "Added to the library.")
                return redirect(added)
    return render(request, "evidence/form.html", {"form": form, "condition": found, "entry": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, condition: str, pk: int) -> HttpResponse:
    user = member_of(request)
    found = access.entry_to_curate(user, pk, condition)
    if found.removed_at is not None:
        messages.info(request, "This entry was removed from the library.")
        return redirect(found)
    form = EntryForm(request.POST or None, condition=found.condition, initial=EntryForm.initial_of(found))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                actions.do_edit_entry(user, found, form.entry_input())
            except ValidationError as error:
                _refused(form, error)
            else:
                messages.success(request, "Saved.")
                return redirect(found)
    context = {"form": form, "condition": found.condition, "entry": found}
    return render(request, "evidence/form.html", context, status=status)


@login_required
@require_POST
def review(request: HttpRequest, condition: str, pk: int) -> HttpResponse:
    user = member_of(request)
    found = access.entry_to_curate(user, pk, condition)
    try:
        actions.do_review_entry(user, found)
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(request, "Marked as reviewed today.")
    return redirect(found)


@login_required
@require_POST
def remove(request: HttpRequest, condition: str, pk: int) -> HttpResponse:
    user = member_of(request)
    found = access.entry_to_remove(user, pk, condition)
    reason = request.POST.get("reason", "")[:300]
    try:
        actions.do_remove_entry(user, found, reason)
    except ValidationError as error:
        messages.info(request, error.messages[0])
        return redirect(found)
    messages.success(request, f"“{found.title}” was removed from the library.")
    return redirect("evidence_library", found.condition.slug)
