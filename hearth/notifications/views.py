"""Notification pages, the unread badge htmx polls, and following or muting from any page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from hearth.accounts.access import member_of
from hearth.communities.access import Need, community_for
from hearth.discussions.models import Thread
from hearth.lib.http import row_id
from hearth.lib.markdown import tag_from
from hearth.notifications import actions
from hearth.notifications.models import Notification
from hearth.wellbeing.breaks import on_a_break


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    notifications = Notification.objects.visible_to(user).select_related(
        "actor", "community", "thread", "post", "live_chat__series__community"
    )
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page, "on_a_break": on_a_break(user)})


@require_GET
@never_cache
def badge(request: HttpRequest) -> HttpResponse:
    """The unread count, as a small fragment htmx swaps into the header."""
    count = 0
    if request.user.is_authenticated:
        count = Notification.objects.badge_count(request.user)
    return render(request, "notifications/_badge.html", {"unread": count})


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    ids = [found for value in request.POST.getlist("id") if (found := row_id(value)) is not None]
    actions.do_mark_read(user, ids or None)
    return redirect("notifications")


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


@login_required
@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    """Follow, mute or stop following a community, a thread or a tag; works without JavaScript."""
    user = member_of(request)
    level = request.POST.get("level", "")
    community = thread = None
    tag = tag_from(request.POST.get("tag", "")) or ""
    if slug := request.POST.get("community", ""):
        community = community_for(user, slug, Need.SEE).community
        fallback = community.get_absolute_url()
    elif (thread_id := row_id(request.POST.get("thread"))) is not None:
        thread = Thread.objects.visible_to(user).select_related("community").filter(pk=thread_id).first()
        if thread is None:
            return render(request, "404.html", status=404)
        fallback = thread.get_absolute_url()
    elif tag:
        fallback = reverse("tag_detail", args=[tag])
    else:
        return render(request, "404.html", status=404)
    try:
        if level == "none":
            actions.do_unsubscribe(user, community=community, thread=thread, tag=tag)
            messages.success(request, "Done: you no longer follow or mute it.")
        else:
            actions.do_subscribe(user, level, community=community, thread=thread, tag=tag)
            messages.success(request, "Following." if level == "follow" else "Muted: you will not be notified.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_back(request, fallback))
