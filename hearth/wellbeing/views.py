"""The well-being page (/well-being/): muted words, every mute the member set, taking a break,
quiet hours and hiding reaction counts. Every form works without JavaScript; all of it is the
signed-in member's own, so there is nothing of anyone else's to find here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from hearth.accounts.access import member_of
from hearth.accounts.models import User
from hearth.lib.zones import zone
from hearth.tracking.forms import error_summary
from hearth.wellbeing import actions, breaks
from hearth.wellbeing.forms import BreakForm, MutedWordForm, SettingsForm
from hearth.wellbeing.listing import mutes_of
from hearth.wellbeing.models import MAX_MUTED_WORDS


def _page(request: HttpRequest, member: User, *, status: int = 200, **bound: forms.Form) -> HttpResponse:
    saved = actions.settings_of(member)
    settings_initial = {
        "quiet_from": saved.quiet_from,
        "quiet_until": saved.quiet_until,
        "hide_reaction_counts": member.hide_reaction_counts,
    }
    word_form = bound.get("word_form") or MutedWordForm()
    break_form = bound.get("break_form") or BreakForm()
    settings_form = bound.get("settings_form") or SettingsForm(initial=settings_initial)
    context: dict[str, Any] = {
        "mutes": mutes_of(member),
        "taking": breaks.current_break(member),
        "word_form": word_form,
        "break_form": break_form,
        "settings_form": settings_form,
        "error_summary": error_summary(word_form, break_form, settings_form),
        "time_zone": member.time_zone or "UTC",
        "max_words": MAX_MUTED_WORDS,
    }
    return render(request, "wellbeing/index.html", context, status=status)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return _page(request, member_of(request))


@login_required
@require_POST
def add_word(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    form = MutedWordForm(request.POST)
    if form.is_valid():
        try:
            word = actions.do_add_muted_word(member, form.cleaned_data["phrase"])
        except ValidationError as error:
            form.add_error("phrase", error)
        else:
            messages.success(request, f"Muted “{word.phrase}”: posts that mention it are collapsed for you.")
            return redirect("wellbeing")
    return _page(request, member, status=422, word_form=form)


@login_required
@require_POST
def remove_word(request: HttpRequest, word_id: int) -> HttpResponse:
    member = member_of(request)
    try:
        actions.do_remove_muted_word(member, word_id)
    except ValidationError:
        return render(request, "404.html", status=404)
    messages.success(request, "Unmuted.")
    return redirect("wellbeing")


@login_required
@require_POST
def save_settings(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    form = SettingsForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_update_settings(
                member,
                quiet_from=data["quiet_from"],
                quiet_until=data["quiet_until"],
                hide_reaction_counts=data["hide_reaction_counts"],
            )
        except ValidationError as error:
            form.add_error("quiet_from", error)
        else:
            messages.success(request, "Saved.")
            return redirect("wellbeing")
    return _page(request, member, status=422, settings_form=form)


@login_required
@require_POST
def take_break(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    form = BreakForm(request.POST)
    if form.is_valid():
        period, until = form.choice()
        try:
            taken = breaks.do_take_break(member, period=period, until=until)
        except ValidationError as error:
            form.add_error("until" if until else "period", error)
        else:
            messages.success(request, f"Enjoy your break. It lasts until {_when(member, taken.ends_at)}.")
            return redirect("wellbeing")
    return _page(request, member, status=422, break_form=form)


@login_required
@require_POST
def end_break(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    try:
        breaks.do_end_break(member)
    except ValidationError:
        messages.info(request, "You are not taking a break.")
        return redirect("wellbeing")
    return redirect("home_feed")


def _when(member: User, moment: Any) -> str:
    local = moment.astimezone(zone(member.time_zone))
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M}"
