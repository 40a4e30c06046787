"""Profile pages: a member's profile as the viewer may see it ("see my profile as…" for its owner),
the picture, and the pages where a member edits their own profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from hearth.accounts.access import member_of
from hearth.conversations.access import may_message
from hearth.experiences.access import reports_on_profile
from hearth.lib.ratelimit import RateLimited
from hearth.profiles import actions
from hearth.profiles.access import PREVIEWS, profile_for, profile_of, standing_between
from hearth.profiles.display import visible_profile
from hearth.profiles.forms import (
    AvatarForm,
    ConditionForm,
    ProfileForm,
    SymptomsForm,
    TreatmentDatesForm,
    TreatmentForm,
)
from hearth.profiles.guard import note_profile_view
from hearth.profiles.models import Avatar, ProfileTreatment
from hearth.web.errors import too_many_requests


@require_http_methods(["GET"])
def member_profile(request: HttpRequest, handle: str) -> HttpResponse:
    preview = request.GET.get("as")
    view = profile_for(request.user, handle, preview=preview)
    try:
        note_profile_view(request, request.user, view.member)
    except RateLimited as error:
        return too_many_requests(request, error)
    context = {
        "view": view,
        "shown": visible_profile(view),
        "treatment_reports": reports_on_profile(view),
        "previews": [(key, relation.label) for key, relation in PREVIEWS.items()],
        "standing": standing_between(request.user, view.member, view.ties) if not view.is_self else None,
        "can_message": view.ties is not None and may_message(member_of(request), view.member, ties=view.ties),
    }
    return render(request, "profiles/member_profile.html", context)


@require_http_methods(["GET"])
def member_avatar(request: HttpRequest, handle: str) -> HttpResponse:
    view = profile_for(request.user, handle)
    if not view.shows("avatar"):
        raise Http404
    avatar = Avatar.objects.filter(profile_id=view.member.pk).first()
    if avatar is None:
        raise Http404
    response = HttpResponse(bytes(avatar.image), content_type=avatar.content_type)
    # Private: who may see it depends on the viewer, so no shared cache may keep it.
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def edit_profile(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    profile = profile_of(user)
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_from(profile), country=profile.country)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_update_profile(
                user,
                actions.ProfileInput(
                    bio=data["bio"],
                    role=data["role"],
                    caregiver_of=data["caregiver_of"],
                    age_range=data["age_range"],
                    country=data["country"],
                    region=data["region"],
                    interests=form.interests_list(),
                    messages_from=data["messages_from"],
                    discoverable=data["discoverable"],
                    visibility={n.removesuffix("_visibility"): v for n, v in data.items() if n.endswith("_visibility")},
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your profile is saved.")
            return redirect("profile_edit")
    return render(request, "profiles/edit.html", {"form": form, "profile": profile})


def _own_health(request: HttpRequest) -> dict[str, object]:
    user = member_of(request)
    view = profile_for(user, user.handle)
    return {"shown": visible_profile(view), "profile": view.profile}


@login_required
@require_http_methods(["GET", "POST"])
def conditions(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    form = ConditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_condition(user, form.cleaned_data["condition"], form.cleaned_data["diagnosed_year"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your conditions are saved.")
            return redirect("profile_conditions")
    return render(request, "profiles/conditions.html", {"form": form, **_own_health(request)})


@login_required
@require_POST
def remove_condition(request: HttpRequest, slug: str) -> HttpResponse:
    if actions.do_remove_condition(member_of(request), slug):
        messages.success(request, "The condition is removed from your profile.")
    return redirect("profile_conditions")


@login_required
@require_http_methods(["GET", "POST"])
def treatments(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    form = TreatmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_add_treatment(user, data["treatment"], data["started_on"], data["stopped_on"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your treatments are saved.")
            return redirect("profile_treatments")
    return render(request, "profiles/treatments.html", {"form": form, **_own_health(request)})


@login_required
@require_http_methods(["GET", "POST"])
def treatment_dates(request: HttpRequest, treatment_id: int) -> HttpResponse:
    user = member_of(request)
    try:
        entry = actions.own_treatment(user, treatment_id)
    except ProfileTreatment.DoesNotExist:
        raise Http404 from None
    form = TreatmentDatesForm(
        request.POST or None, initial={"started_on": entry.started_on, "stopped_on": entry.stopped_on}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_treatment(user, treatment_id, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The dates of {entry.treatment.name} are saved.")
            return redirect("profile_treatments")
    return render(request, "profiles/treatment_dates.html", {"form": form, "entry": entry})


@login_required
@require_POST
def remove_treatment(request: HttpRequest, treatment_id: int) -> HttpResponse:
    if actions.do_remove_treatment(member_of(request), treatment_id):
        messages.success(request, "The treatment is removed from your profile.")
    return redirect("profile_treatments")


@login_required
@require_http_methods(["GET", "POST"])
def symptoms(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    context = _own_health(request)
    current = [s.slug for s in context["shown"].symptoms or []]  # type: ignore[attr-defined]
    form = SymptomsForm(request.POST or None, initial={"symptoms": current})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_set_symptoms(user, form.cleaned_data["symptoms"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your symptoms are saved.")
            return redirect("profile_symptoms")
    return render(request, "profiles/symptoms.html", {"form": form, **context})


@login_required
@require_http_methods(["GET", "POST"])
def avatar(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    form = AvatarForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["picture"]
        try:
            actions.do_set_avatar(user, upload, size=upload.size)
        except ValidationError as error:
            form.add_error("picture", error)
        else:
            messages.success(request, "Your picture is saved.")
            return redirect("profile_avatar")
    has_avatar = Avatar.objects.filter(profile_id=user.pk).exists()
    return render(request, "profiles/avatar.html", {"form": form, "has_avatar": has_avatar})


@login_required
@require_POST
def remove_avatar(request: HttpRequest) -> HttpResponse:
    if actions.do_remove_avatar(member_of(request)):
        messages.success(request, "Your picture is removed.")
    return redirect("profile_avatar")
