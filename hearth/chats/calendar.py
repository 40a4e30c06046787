"""Calendar feeds (iCalendar, RFC 5545) of a community's and a series' chats, members' private
feeds and their keys, and reminders.

A feed of a public community is open to anyone. One of a closed or private community is served to
a current member only: signed in, or named by `?key=` (the secret of their private calendar
address, since calendar programs fetch without signing in). Access is decided at each fetch, so a
member who leaves, or revokes the key, stops receiving the feed; everyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hearth.accounts.access import member_of
from hearth.accounts.models import User
from hearth.chats import actions, ical
from hearth.chats.access import ChatAccess, series_for
from hearth.chats.models import ChatReminder, ChatSeries
from hearth.communities.access import Need, community_for
from hearth.communities.models import Community, Visibility

CONTENT_TYPE = "text/calendar; charset=utf-8"
REMINDER_CHOICES = (10, 15, 30, 60, 120, 24 * 60)  # minutes, offered on the series page
DEFAULT_LEAD = 30
_FALSE = {"", "0", "false", "off", "no"}


# --- Feeds ------------------------------------------------------------------------------------


def _viewer(request: HttpRequest) -> Any:
    """Whom the feed is for: the member whose key is in `?key=`, or else whoever is signed in. A
    key that opens nothing (mistyped, revoked, of a closed account) answers 404 at once."""
    if "key" not in request.GET:
        return request.user
    member = actions.member_for_calendar_key(request.GET["key"])
    if member is None:
        raise Http404
    return member


def _site(request: HttpRequest) -> ical.Site:
    return ical.Site.of(request.build_absolute_uri("/"), request.get_host())


def _calendar(
    request: HttpRequest, series: QuerySet[ChatSeries] | list[ChatSeries], *, name: str, filename: str, personal: bool
) -> HttpResponse:
    body = ical.feed(series, name=name, site=_site(request), now=timezone.now())
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # A feed served to a member (by key or session) must not be kept by a shared cache; a public
    # one may be, but is checked again on each fetch (a community can close).
    response["Cache-Control"] = "private, no-store" if personal else "no-cache"
    if personal:
        response["X-Robots-Tag"] = "noindex"
    return response


def _is_personal(request: HttpRequest, viewer: Any, community: Community) -> bool:
    return "key" in request.GET or (
        getattr(viewer, "is_authenticated", False) and community.visibility != Visibility.PUBLIC
    )


@require_GET
def community_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """Every chat series of one community that still meets."""
    viewer = _viewer(request)
    community = community_for(viewer, slug, Need.READ).community
    series = list(ChatSeries.objects.filter(community=community, cancelled_at__isnull=True).order_by("pk"))
    for one in series:
        one.community = community
    return _calendar(
        request,
        series,
        name=f"Live chats of {community.name}",
        filename=f"{community.slug}-chats.ics",
        personal=_is_personal(request, viewer, community),
    )


@require_GET
def series_calendar(request: HttpRequest, slug: str, series: str) -> HttpResponse:
    """One series; a cancelled one is still served, marked cancelled, so calendars drop it."""
    viewer = _viewer(request)
    access = series_for(viewer, slug, series, Need.READ)
    return _calendar(
        request,
        [access.series],
        name=f"#{access.series.tag}: {access.series.title}",
        filename=f"{access.series.slug}.ics",
        personal=_is_personal(request, viewer, access.series.community),
    )


@require_GET
def member_calendar(request: HttpRequest, secret: str) -> HttpResponse:
    """A member's private feed: the chats of every community they belong to, public, closed or
    private, as their memberships stand at this fetch."""
    member = actions.member_for_calendar_key(secret)
    if member is None:
        raise Http404
    return _calendar(
        request,
        member_series(member),
        name=f"My live chats on {settings.SITE_NAME}",
        filename="my-chats.ics",
        personal=True,
    )


def member_series(member: User) -> QuerySet[ChatSeries]:
    """The series of the communities the member belongs to and may read now."""
    return (
        ChatSeries.objects.visible_to(member)
        .filter(community__memberships__user=member, cancelled_at__isnull=True)
        .select_related("community")
        .order_by("community__name", "pk")
    )


# --- The member's calendar address ------------------------------------------------------------


def private_feed_url(request: HttpRequest, secret: str) -> str:
    return request.build_absolute_uri(reverse("member_calendar", args=[secret]))


def feed_url_for(request: HttpRequest, access: ChatAccess, key: str | None) -> str | None:
    """The address of a series' feed for this viewer: the plain one for a public community; for a
    closed or private one, the member's keyed address, or None while they have no key."""
    url = request.build_absolute_uri(
        reverse("series_calendar", args=[access.series.community.slug, access.series.slug])
    )
    if access.series.community.visibility == Visibility.PUBLIC:
        return url
    return f"{url}?key={key}" if key else None


def webcal(url: str) -> str:
    """The same address with the scheme calendar programs open as "subscribe"."""
    return "webcal://" + url.split("://", 1)[-1]


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request: HttpRequest) -> HttpResponse:
    user = member_of(request)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "new":
            replacing = actions.calendar_key_of(user) is not None
            actions.do_new_calendar_key(user)
            messages.success(
                request,
                "Your new calendar address is below. The old one has stopped working: add the new one "
                "to your calendar program."
                if replacing
                else "Your private calendar address is ready. Add it to your calendar program.",
            )
        elif action == "revoke":
            if actions.do_revoke_calendar_key(user):
                messages.success(request, "Done: your private calendar address no longer works anywhere.")
        else:
            messages.error(request, "Choose to create, replace or turn off your calendar address.")
        return redirect("calendar_settings")
    key = actions.calendar_key_of(user)
    url = private_feed_url(request, key.secret) if key else None
    communities = (
        Community.objects.readable_by(user)
        .filter(memberships__user=user, chat_series__isnull=False, chat_series__cancelled_at__isnull=True)
        .distinct()
        .order_by("name")
    )
    feeds = []
    for community in communities:
        address = request.build_absolute_uri(reverse("community_calendar", args=[community.slug]))
        if community.visibility != Visibility.PUBLIC:
            address = f"{address}?key={key.secret}" if key else ""
        feeds.append({"community": community, "url": address})
    response = render(
        request,
        "chats/calendar_settings.html",
        {"key": key, "url": url, "webcal_url": webcal(url) if url else None, "feeds": feeds},
    )
    response["Cache-Control"] = "no-store"  # the page shows a secret
    return response


# --- Reminders --------------------------------------------------------------------------------


def calendar_panel(request: HttpRequest, access: ChatAccess) -> dict[str, Any]:
    """What a series page needs for `chats/calendar_panel.html`: the viewer's feed address and
    their reminder, if any."""
    member = request.user if isinstance(request.user, User) and request.user.is_authenticated else None
    key = actions.calendar_key_of(member) if member else None
    url = feed_url_for(request, access, key.secret if key else None)
    reminder = ChatReminder.objects.filter(user=member, series=access.series).first() if member else None
    # A lead set through the API that the list does not offer is offered too, so saving the form
    # for another reason does not change it.
    chosen = reminder.minutes_before if reminder else DEFAULT_LEAD
    return {
        "series": access.series,
        "feed_url": url,
        "webcal_url": webcal(url) if url else None,
        "reminder": reminder,
        "reminder_lead": describe_lead(reminder.minutes_before) if reminder else None,
        "reminder_choices": [
            (minutes, describe_lead(minutes), minutes == chosen) for minutes in sorted({*REMINDER_CHOICES, chosen})
        ],
    }


def _minutes(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise ValidationError("Choose how many minutes before the chat to be reminded.", code="bad_minutes") from None


def _checked(request: HttpRequest, name: str) -> bool:
    return request.POST.get(name, "").strip().lower() not in _FALSE


def describe_lead(minutes: int) -> str:
    """ "30 minutes", "2 hours", "1 day"."""
    if minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return f"{days} day{'s' if days != 1 else ''}"
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@login_required
@require_POST
def reminder(request: HttpRequest, slug: str, series: str) -> HttpResponse:
    """Set or (with a submit named "remove") remove the member's reminder of a series."""
    user = member_of(request)
    access = series_for(user, slug, series, Need.READ)
    tag = access.series.tag
    if "remove" in request.POST:
        actions.do_remove_reminder(user, access.series)
        messages.success(request, f"Reminder removed: you will not be reminded of #{tag}.")
    else:
        try:
            saved = actions.do_set_reminder(
                user,
                access,
                minutes_before=_minutes(request.POST.get("minutes_before", "")),
                by_email=_checked(request, "by_email"),
                in_app=_checked(request, "in_app"),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            how = " and ".join(
                way for way, on in (("by email", saved.by_email), ("here on the site", saved.in_app)) if on
            )
            messages.success(
                request, f"You will be reminded {how}, {describe_lead(saved.minutes_before)} before each #{tag} chat."
            )
    return redirect("chat_series", access.series.community.slug, access.series.slug)
