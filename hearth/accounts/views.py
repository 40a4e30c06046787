"""Account settings pages and public member pages.

Signing up, in and out, email, password, two-factor and sessions are allauth's views, styled by
Hearth's templates; these are the pages allauth does not have.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from hearth.accounts import actions
from hearth.accounts.access import member_of
from hearth.accounts.forms import AccessTokenForm, HandleForm, PreferencesForm
from hearth.accounts.models import AccessToken


@login_required
@require_http_methods(["GET"])
def settings_index(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/settings.html")


@login_required
@require_http_methods(["GET", "POST"])
def change_handle(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    form = HandleForm(request.POST or None, initial={"handle": user.handle})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_change_handle(user, form.cleaned_data["handle"])
        except ValidationError as error:
            form.add_error("handle", error)
        else:
            messages.success(request, f"Your handle is now {user.handle}.")
            return redirect("account_settings")
    return render(request, "accounts/change_handle.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    form = PreferencesForm(
        request.POST or None,
        initial={"display_name": user.display_name, "text_size": user.text_size, "time_zone": user.time_zone},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_preferences(user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your preferences are saved.")
            return redirect("account_settings")
    return render(request, "accounts/preferences.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def access_tokens(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    form = AccessTokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            created = actions.do_create_access_token(user, form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error("name", error)
        else:
            new_secret = created.secret
            form = AccessTokenForm()
    tokens = user.access_tokens.filter(revoked_at__isnull=True)
    response = render(
        request, "accounts/access_tokens.html", {"form": form, "tokens": tokens, "new_secret": new_secret}
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke_access_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(AccessToken, pk=token_id, user=member_of(request))
    actions.do_revoke_access_token(token)
    messages.success(request, f"The token “{token.name}” is revoked. Apps using it can no longer sign in.")
    return redirect("account_tokens")
