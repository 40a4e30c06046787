"""Pages of verified professionals: the public list; applying, and one's own application; the
administrators' queue, an application, and deciding or withdrawing. Applications answer 404 to
everyone but administrators, including a forged decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.accounts.access import member_of
from hearth.moderation.access import site_admin_only
from hearth.professionals import actions
from hearth.professionals.access import application_for, own_refusal, verified_members
from hearth.professionals.forms import ApplicationForm, DecisionForm, WithdrawalForm
from hearth.professionals.models import Verification, VerificationStatus

PER_PAGE = 50
QUEUE_MAX = 200


def _field_error(form: Form, error: ValidationError) -> None:
    field = error.code if error.code in form.fields else None
    form.add_error(field, error)


@require_GET
def professional_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(verified_members(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "professionals/list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    current = actions.open_verification(member)
    if request.method == "GET" and current is not None:
        return redirect("professional_mine")
    form = ApplicationForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                actions.do_apply(member, form.application())
            except ValidationError as error:
                _field_error(form, error)
            else:
                messages.success(request, "Your application was sent. An administrator will check it.")
                return redirect("professional_mine")
    return render(request, "professionals/apply.html", {"form": form, "current": current}, status=status)


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    context = {"verification": actions.latest_verification(member), "open": actions.open_verification(member)}
    return render(request, "professionals/mine.html", context)


@login_required
@require_POST
def cancel(request: HttpRequest) -> HttpResponse:
    try:
        actions.do_cancel(member_of(request))
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(request, "Your application was cancelled, and its details deleted.")
    return redirect("professional_mine")


# --- Administrators ---------------------------------------------------------------------------


@require_GET
def applications(request: HttpRequest) -> HttpResponse:
    user = request.user
    site_admin_only(user)
    pending = Verification.objects.filter(status=VerificationStatus.PENDING).select_related("member")
    verified = (
        Verification.objects.filter(status=VerificationStatus.VERIFIED)
        .select_related("member")
        .order_by("-decided_at", "-pk")
    )
    page = Paginator(verified, PER_PAGE).get_page(request.GET.get("page"))
    context = {"pending": list(pending.order_by("created_at", "pk")[:QUEUE_MAX]), "page": page}
    return render(request, "professionals/applications.html", context)


def _application_page(
    request: HttpRequest,
    verification: Verification,
    *,
    decision: DecisionForm | None = None,
    withdrawal: WithdrawalForm | None = None,
    status: int = 200,
) -> HttpResponse:
    pending = verification.status == VerificationStatus.PENDING
    standing = verification.status == VerificationStatus.VERIFIED
    context = {
        "verification": verification,
        "refusal": own_refusal(request.user, verification),
        "decision": decision if decision is not None else (DecisionForm() if pending else None),
        "withdrawal": withdrawal if withdrawal is not None else (WithdrawalForm() if standing else None),
    }
    return render(request, "professionals/application.html", context, status=status)


@require_GET
def application(request: HttpRequest, pk: int) -> HttpResponse:
    return _application_page(request, application_for(request.user, pk))


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    found = application_for(request.user, pk)
    admin = member_of(request)
    form = DecisionForm(request.POST)
    if form.is_valid():
        verify = form.cleaned_data["decision"] == "verify"
        try:
            done = actions.do_decide(admin, found, verify=verify, reason=form.cleaned_data["reason"])
        except actions.AlreadyDecided as error:
            messages.info(request, error.messages[0])
            return redirect("professional_applications")
        except ValidationError as error:
            _field_error(form, error)
        else:
            said = "verified" if done.status == VerificationStatus.VERIFIED else "declined"
            messages.success(request, f"@{done.member.handle} was {said}; they see it on their page.")
            return redirect("professional_applications")
    return _application_page(request, application_for(request.user, pk), decision=form, status=422)


@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    found = application_for(request.user, pk)
    admin = member_of(request)
    form = WithdrawalForm(request.POST)
    if form.is_valid():
        try:
            done = actions.do_withdraw(admin, found, reason=form.cleaned_data["reason"])
        except actions.AlreadyDecided as error:
            messages.info(request, error.messages[0])
            return redirect("professional_applications")
        except ValidationError as error:
            _field_error(form, error)
        else:
            messages.success(request, f"@{done.member.handle}'s verification was withdrawn; their badge is gone.")
            return redirect("professional_applications")
    return _application_page(request, application_for(request.user, pk), withdrawal=form, status=422)
