"""The My data pages: export, account deletion, research consent, the access log, and the page
where a site administrator looks at a member's private fields, with a reason."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.accounts.access import member_of
from hearth.accounts.models import User
from hearth.privacy import actions
from hearth.privacy.access import export_by_token, is_site_admin
from hearth.privacy.export import REGISTRY, Exported, rows_of
from hearth.privacy.forms import DeletionForm, ReasonForm
from hearth.privacy.models import ExportStatus, PrivateAccessEntry, ResearchConsent, Viewed
from hearth.privacy.research import CONSENT_TEXT, CONSENT_VERSION

REFRESH_SECONDS = 3
# What an administrator sees on the inspection page: everything the profile has.
PROFILE_PARTS = ("profiles.Profile", "profiles.Avatar", "profiles.ProfileCondition", "profiles.ProfileTreatment",
                 "profiles.ProfileSymptom")  # fmt: skip


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    export = actions.latest_export(member)
    context: dict[str, Any] = {
        "export": export,
        "downloadable": export is not None and export.is_downloadable(),
        "refresh": REFRESH_SECONDS if export is not None and export.is_active else None,
        "deletion": actions.pending_deletion(member),
        "consent": actions.open_consent(member),
        "consent_version": CONSENT_VERSION,
        "access_count": PrivateAccessEntry.objects.filter(member=member).count(),
    }
    return _private(render(request, "privacy/my_data.html", context))


@login_required
@require_POST
def request_export(request: HttpRequest) -> HttpResponse:
    try:
        actions.do_request_export(member_of(request))
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(request, "Your data is being prepared. This page shows how far it has got.")
    return redirect("my_data")


@login_required
@require_GET
def download_export(request: HttpRequest, token: str) -> HttpResponse:
    member = member_of(request)
    export = export_by_token(member, token)
    if export.status == ExportStatus.EXPIRED or (export.status == ExportStatus.READY and not export.is_downloadable()):
        return _private(render(request, "privacy/export_expired.html", {"export": export}, status=410))
    if export.status != ExportStatus.READY:
        return redirect("my_data")
    response = HttpResponse(bytes(export.archive), content_type="application/zip")
    filename = f"hearth-{member.handle}-{timezone.localdate(export.ready_at):%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _private(response)


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    if actions.pending_deletion(member) is not None:
        messages.info(request, "Your account is already scheduled for deletion.")
        return redirect("my_data")
    form = DeletionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            deletion = actions.do_request_deletion(member, form.cleaned_data["password"], keep_posts=form.keep_posts)
        except ValidationError as error:
            form.add_error("password" if error.code == "incorrect_password" else None, error)
        else:
            messages.success(
                request,
                f"Your account will be deleted on {deletion.erase_after:%d %B %Y}. Until then you can undo it here.",
            )
            return redirect("my_data")
    return _private(render(request, "privacy/delete.html", {"form": form}))


@login_required
@require_POST
def cancel_deletion(request: HttpRequest) -> HttpResponse:
    try:
        actions.do_cancel_deletion(member_of(request))
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(request, "Your account will not be deleted. Welcome back.")
    return redirect("my_data")


@login_required
@require_http_methods(["GET", "POST"])
def research(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    if request.method == "POST":
        try:
            if request.POST.get("choice") == "give":
                actions.do_give_consent(member, request.POST.get("version", ""))
                messages.success(request, "Thank you. Your consent counts from now on.")
            else:
                actions.do_withdraw_consent(member)
                messages.success(request, "Your consent is withdrawn. From now on nothing of yours enters a figure.")
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect("my_data_research")
    context = {
        "consent": actions.open_consent(member),
        "history": ResearchConsent.objects.filter(member=member),
        "text": CONSENT_TEXT,
        "version": CONSENT_VERSION,
    }
    return _private(render(request, "privacy/research.html", context))


@login_required
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    entries = PrivateAccessEntry.objects.filter(member=member).select_related("viewer", "community")
    page = Paginator(entries, 30).get_page(request.GET.get("page"))
    return _private(render(request, "privacy/access_log.html", {"page": page}))


@login_required
@require_http_methods(["GET", "POST"])
def inspect(request: HttpRequest, handle: str) -> HttpResponse:
    """A site administrator sees a member's private profile fields after giving a reason; each
    view is logged for the member. Anyone else gets 404."""
    if not is_site_admin(request.user):
        raise Http404
    member = User.objects.named(handle).first() if len(handle) <= 60 else None
    if member is None:
        raise Http404
    form = ReasonForm(request.POST or None)
    parts = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_view_private(request.user, member, Viewed.PROFILE, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            parts = [
                (rule.about, rows_of(rule, member))
                for label in PROFILE_PARTS
                if isinstance(rule := REGISTRY[label], Exported)
            ]
    return _private(render(request, "privacy/inspect.html", {"member": member, "form": form, "parts": parts}))
