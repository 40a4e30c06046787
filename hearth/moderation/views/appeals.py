"""Pages: a member's moderation record and their appeals; answering an appeal; the audit log for
site administrators and a community's moderators. Someone else's measure, an appeal one may not
answer and another community's log all answer 404."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from hearth.accounts.access import member_of
from hearth.audit.models import AuditEvent
from hearth.communities.access import Need, community_for
from hearth.communities.models import Community
from hearth.moderation import record
from hearth.moderation.access import site_admin_only
from hearth.moderation.actions import AlreadyHandled
from hearth.moderation.actions.appeals import (
    AlreadyAnswered,
    appeal_for,
    do_appeal,
    do_decide_appeal,
    is_site_measure,
    own_measure,
)
from hearth.moderation.models import APPEAL_MAX, DECISION_REASON_MAX, Appeal, AppealStatus

AUDIT_PER_PAGE = 50

# --- Forms (they gather the fields; the actions check what matters) ---------------------------


class AppealForm(forms.Form):
    text = forms.CharField(
        label="Why should this be looked at again?",
        max_length=APPEAL_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            f"Up to {APPEAL_MAX:,} characters. You can appeal once. Where they can, a moderator other than "
            "the one who decided answers."
        ),
    )


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your answer",
        choices=[
            ("uphold", "Uphold: the measure stands"),
            ("overturn", "Overturn: lift the measure"),
        ],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label="Why",
        max_length=DECISION_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=f"Up to {DECISION_REASON_MAX} characters. The member is told it.",
    )


class AuditFilterForm(forms.Form):
    community = forms.CharField(label="Community (its short name in links)", required=False, max_length=100)
    actor = forms.CharField(label="Who acted (a handle)", required=False, max_length=100)
    subject = forms.CharField(label="Whom it concerns (a handle)", required=False, max_length=100)
    action = forms.CharField(
        label="Action starts with", required=False, max_length=60, help_text='For example "post:" or "appeal:".'
    )

    def __init__(self, *args: Any, community: Community | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if community is not None:
            del self.fields["community"]  # a community's log is that community's alone

    def given(self) -> record.AuditFilter:
        data = {name: value.strip() for name, value in self.cleaned_data.items()}
        return record.AuditFilter(**data)


# --- The member's record and appeals ----------------------------------------------------------


@login_required
@require_GET
def my_record(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    page = Paginator(record.measures_of(user), record.PER_PAGE).get_page(request.GET.get("page"))
    entries = record.record_entries(user, list(page.object_list))
    rows = [
        (entry, AppealForm(auto_id=f"appeal-{entry.measure.pk}-%s") if entry.appeal_until else None)
        for entry in entries
    ]
    history = Paginator(record.events_about(user), record.PER_PAGE).get_page(request.GET.get("history"))
    context = {
        "page": page,
        "rows": rows,
        "history": history,
        "events": record.member_events(user, list(history.object_list)),
    }
    return render(request, "moderation/record.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def appeal(request: HttpRequest, measure_id: int) -> HttpResponse:
    user = member_of(request)
    measure = own_measure(user, measure_id)
    form = AppealForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                do_appeal(user, measure, form.cleaned_data["text"])
            except ValidationError as error:
                form.add_error("text" if error.code == "text" else None, error)
            else:
                entry = record.record_entries(user, [measure])[0]
                messages.success(
                    request, f"Your appeal is with {entry.answered_by}. You will be told their answer here."
                )
                return redirect("moderation_record")
        measure = own_measure(user, measure_id)  # an appeal made meanwhile shows as it stands
    entry = record.record_entries(user, [measure])[0]
    return render(request, "moderation/appeal.html", {"entry": entry, "form": form}, status=status)


# --- Answering an appeal ----------------------------------------------------------------------


def _queue_url(appeal: Appeal) -> str:
    community = appeal.measure.community
    if is_site_measure(appeal.measure) or community is None:
        return reverse("moderation_site_queue")
    return reverse("moderation_queue", args=[community.slug])


@login_required
@require_http_methods(["GET", "POST"])
def decide_appeal(request: HttpRequest, appeal_id: int) -> HttpResponse:
    user = member_of(request)
    found = appeal_for(user, appeal_id)
    back = _queue_url(found)
    if found.status != AppealStatus.OPEN:
        messages.info(request, AlreadyAnswered(found.decided_by).messages[0])
        return redirect(back)
    form = AppealDecisionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                done = do_decide_appeal(user, found, uphold=data["decision"] == "uphold", answer=data["answer"])
            except AlreadyHandled as error:
                messages.info(request, error.messages[0])
                return redirect(back)
            except ValidationError as error:
                form.add_error("answer" if error.code == "answer" else None, error)
            else:
                said = "The measure stands" if done.status == AppealStatus.UPHELD else "The measure was lifted"
                messages.success(request, f"{said}, and the member is told your answer.")
                return redirect(back)
    entry = record.appeal_entries(user, [found])[0]
    context = {"entry": entry, "form": form, "back": back, "community": found.measure.community}
    return render(request, "moderation/appeal_decide.html", context, status=status)


# --- The audit log ----------------------------------------------------------------------------


def _audit_page(request: HttpRequest, community: Community | None) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, community=community)
    status = 200
    events = AuditEvent.objects.none()
    if not form.is_bound or form.is_valid():
        events = record.audit_events(community, form.given() if form.is_bound else None)
    else:
        status = 422
    page = Paginator(events, AUDIT_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "community": community,
        "form": form,
        "page": page,
        "rows": record.audit_rows(list(page.object_list)),
    }
    return render(request, "moderation/audit.html", context, status=status)


@login_required
@require_GET
def site_audit(request: HttpRequest) -> HttpResponse:
    site_admin_only(member_of(request))
    return _audit_page(request, None)


@login_required
@require_GET
def community_audit(request: HttpRequest, slug: str) -> HttpResponse:
    access = community_for(member_of(request), slug, Need.MODERATE)
    return _audit_page(request, access.community)


urlpatterns: list[URLPattern] = [
    path("me/record/", my_record, name="moderation_record"),
    path("me/record/<int:measure_id>/appeal/", appeal, name="moderation_appeal"),
    path("appeals/<int:appeal_id>/", decide_appeal, name="moderation_appeal_decide"),
    path("audit/log/", site_audit, name="moderation_audit"),
    path("<str:slug>/audit/", community_audit, name="moderation_community_audit"),
]
